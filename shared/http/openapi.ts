// The OpenAPI 3.1 document of the HTTP API, generated from the zod schemas that validate requests and shape answers.
import { z } from 'zod';
import { exampleReferral } from '#domain/example-referral.ts';
import { idempotencyKeySchema, referralSchema } from '#domain/referral.ts';
import {
  caseParamsSchema,
  caseViewSchema,
  problemSchema,
  referralAcceptedSchema,
  referralParamsSchema,
  referralStatusSchema,
} from './api-schemas.ts';
import { MAX_BODY_BYTES } from './json-body.ts';
import { RETRY_AFTER_SECONDS } from './problem.ts';

type JsonObject = Record<string, unknown>;

const COMPONENT_PREFIX = '#/components/schemas/';
const ref = (name: string) => ({ $ref: `${COMPONENT_PREFIX}${name}` });

// Component schemas: requests are described as clients send them (input), responses as we send them (output).
function componentSchemas(entries: Record<string, z.ZodType>, io: 'input' | 'output'): Record<string, JsonObject> {
  const registry = z.registry<{ id: string }>();
  for (const [id, schema] of Object.entries(entries)) registry.add(schema, { id });
  const { schemas } = z.toJSONSchema(registry, {
    io,
    target: 'draft-2020-12',
    unrepresentable: 'any',
    uri: (id) => `${COMPONENT_PREFIX}${id}`,
  });
  const result: Record<string, JsonObject> = {};
  for (const [id, schema] of Object.entries(schemas)) {
    const { $schema: _schema, $id: _id, ...rest } = schema as JsonObject;
    result[id] = rest;
  }
  return result;
}

function inlineSchema(schema: z.ZodType): JsonObject {
  const { $schema: _schema, ...rest } = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonObject;
  return rest;
}

function pathParameters(schema: z.ZodObject): JsonObject[] {
  return Object.entries(schema.shape).map(([name, field]) => ({
    name,
    in: 'path',
    required: true,
    schema: inlineSchema(field as z.ZodType),
  }));
}

const PROBLEM_DESCRIPTIONS: Record<number, string> = {
  400: '`validation`: one entry in `errors` per violated field (`path` dot-separated); unknown fields are rejected.',
  401: '`unauthorized`: missing or invalid token.',
  403: '`forbidden`: valid token, wrong role (or an institution not registered in the catalogue).',
  404: '`not-found`: no such resource, or it belongs to someone else (indistinguishable on purpose).',
  409: '`conflict`: a request with the same Idempotency-Key is still in flight; retry shortly.',
  413: `\`payload-too-large\`: the body exceeds ${MAX_BODY_BYTES} bytes (32 KiB).`,
  415: '`unsupported-media-type`: the body is not `application/json` (UTF-8).',
  500: '`internal`: an unexpected error; the body carries no details.',
  503: `\`unavailable\`: a temporary backend failure; retry after \`Retry-After\` seconds (${RETRY_AFTER_SECONDS}) with the same request.`,
};

function problemResponse(status: number, description: string): JsonObject {
  const response: JsonObject = {
    description,
    content: { 'application/problem+json': { schema: ref('Problem') } },
  };
  if (status === 503) {
    response.headers = {
      'Retry-After': { description: 'Seconds to wait before retrying.', schema: { type: 'integer' } },
    };
  }
  return response;
}

function problems(...statuses: number[]): Record<string, JsonObject> {
  return Object.fromEntries(
    [...statuses, 500, 503].map((status) => [
      String(status),
      problemResponse(status, PROBLEM_DESCRIPTIONS[status] ?? ''),
    ]),
  );
}

const API_DESCRIPTION = `Lotse routes referrals of families from referring institutions to the municipal family office of their
district, with ranked offer proposals. Errors are RFC 9457 problem details (\`application/problem+json\`) whose
\`type\` is one of the slugs of the Problem schema.

Decisions where the contract is silent:
- \`POST /v1/referrals\` checks in this order: registered institution (403); \`childProtectionConcern: true\` (422
  \`child-protection\`, before any other field rule, so a declared concern always leads to the Jugendamt and nothing
  of the body is stored); body and Idempotency-Key field rules together (400, the header reported at path
  \`Idempotency-Key\`); consent (422 \`consent-required\`); postal code (422 \`outside-service-area\`); idempotency.
- A missing body answers 400 \`validation\` (path \`\`); malformed JSON 400 \`validation\` (path \`\`).
- Idempotency-Key records are kept 24 hours; the body hash is taken over canonical JSON (key order and whitespace
  do not matter).
- An id in a path that cannot be an id (longer than 128 characters) answers 404 like any unknown id.
- A case not yet routed is visible to coordinators only; offices get 404 until it is assigned to them.`;

/** Builds the document; pure and cheap enough to call per request of `GET /openapi.json`. */
export function buildOpenApiDocument(): JsonObject {
  const referralRequest = referralSchema(new Date());
  const schemas = {
    ...componentSchemas({ ReferralRequest: referralRequest }, 'input'),
    ...componentSchemas(
      {
        ReferralAccepted: referralAcceptedSchema,
        ReferralStatus: referralStatusSchema,
        Case: caseViewSchema,
        Problem: problemSchema,
      },
      'output',
    ),
  };
  const security = (scopes: string[]) => [{ bearerAuth: scopes }];

  return {
    openapi: '3.1.0',
    info: { title: 'Lotse HTTP API', version: '1', description: API_DESCRIPTION },
    servers: [{ url: '/' }],
    tags: [
      { name: 'referrals', description: 'Role referrer.' },
      { name: 'cases', description: 'Roles office, coordinator.' },
    ],
    paths: {
      '/v1/referrals': {
        post: {
          operationId: 'submitReferral',
          tags: ['referrals'],
          summary: 'Submit a referral (routed asynchronously).',
          security: security(['lotse/referrer']),
          parameters: [
            {
              name: 'Idempotency-Key',
              in: 'header',
              required: true,
              description:
                'Per institution: the same key with the same body answers the same 202 and creates no second case; with another body 422 `idempotency-key-reused`.',
              schema: inlineSchema(idempotencyKeySchema),
            },
          ],
          requestBody: {
            required: true,
            content: { 'application/json': { schema: ref('ReferralRequest'), example: exampleReferral(new Date()) } },
          },
          responses: {
            '202': {
              description: 'Received; the case is routed asynchronously. A replay answers the same body.',
              headers: { Location: { description: 'Path of the referral.', schema: { type: 'string' } } },
              content: { 'application/json': { schema: ref('ReferralAccepted') } },
            },
            ...problems(400, 401, 403, 409, 413, 415),
            '422': problemResponse(
              422,
              "`child-protection` (detail names the municipality's child-protection contact; nothing is stored), `consent-required` (consent lacks scope `office`), `outside-service-area` (postal code in no district), or `idempotency-key-reused`.",
            ),
          },
        },
      },
      '/v1/referrals/{referralId}': {
        get: {
          operationId: 'getReferral',
          tags: ['referrals'],
          summary: "Milestones of a referral of the caller's institution (never case content).",
          security: security(['lotse/referrer']),
          parameters: pathParameters(referralParamsSchema),
          responses: {
            '200': {
              description: 'Without `feedback` consent at most `forwarded` (or `withdrawn`) and no outcome.',
              content: { 'application/json': { schema: ref('ReferralStatus') } },
            },
            ...problems(401, 403, 404),
          },
        },
      },
      '/v1/cases/{caseId}': {
        get: {
          operationId: 'getCase',
          tags: ['cases'],
          summary: 'The whole case for the assigned office or a coordinator.',
          security: security(['lotse/office', 'lotse/coordinator']),
          parameters: pathParameters(caseParamsSchema),
          responses: {
            '200': {
              description: 'The case with proposals and history.',
              headers: {
                ETag: { description: 'The case version, quoted: `"<version>"`.', schema: { type: 'string' } },
              },
              content: { 'application/json': { schema: ref('Case') } },
            },
            ...problems(401, 403, 404),
          },
        },
      },
    },
    components: {
      schemas,
      securitySchemes: {
        bearerAuth: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
          description:
            "Access token of the municipality's user pool. Scopes: `lotse/referrer` (with claim `institution_id`), `lotse/office` (with claim `office_id`), `lotse/coordinator`. Each operation lists the scopes it admits (any one suffices).",
        },
      },
    },
  };
}
