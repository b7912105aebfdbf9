// The OpenAPI 3.1 document of the HTTP API, generated from the zod schemas that validate requests and shape answers.
import { z } from 'zod';
import { NOTIFICATION_TYPES } from '#domain/domain-events.ts';
import { exampleReferral } from '#domain/example-referral.ts';
import { idempotencyKeySchema, referralSchema } from '#domain/referral.ts';
import {
  WEBHOOK_EVENT_ID_HEADER,
  WEBHOOK_SIGNATURE_HEADER,
  WEBHOOK_SIGNATURE_TOLERANCE_SECONDS,
} from '#domain/webhook-signature.ts';
import {
  assignBodySchema,
  caseParamsSchema,
  caseViewSchema,
  closeBodySchema,
  declineBodySchema,
  INBOX_DEFAULT_LIMIT,
  inboxPageSchema,
  inboxQuerySchema,
  problemSchema,
  referralAcceptedSchema,
  referralParamsSchema,
  referralStatusSchema,
  withdrawAcceptedSchema,
  withdrawBodySchema,
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

/** Problem responses for `statuses` (plus 500 and 503); `overrides` replaces the generic text of a status. */
function problems(statuses: number[], overrides: Record<number, string> = {}): Record<string, JsonObject> {
  return Object.fromEntries(
    [...statuses, 500, 503].map((status) => [
      String(status),
      problemResponse(status, overrides[status] ?? PROBLEM_DESCRIPTIONS[status] ?? ''),
    ]),
  );
}

/** Query parameters from a strict zod object (every one optional). */
function queryParameters(schema: z.ZodObject): JsonObject[] {
  return Object.entries(schema.shape).map(([name, field]) => {
    const { description, ...fieldSchema } = inlineSchema(field as z.ZodType);
    return { name, in: 'query', required: false, ...(description ? { description } : {}), schema: fieldSchema };
  });
}

const IF_MATCH_PARAMETER: JsonObject = {
  name: 'If-Match',
  in: 'header',
  required: true,
  description:
    'The case version this change is based on, as the ETag sent it: `"<version>"` (a weak `W/"<version>"` or a list of tags is accepted; `*` matches no version). Missing: 428. Another version: 412.',
  schema: { type: 'string', examples: ['"3"'] },
};

const ETAG_HEADER: JsonObject = {
  ETag: { description: 'The case version, quoted: `"<version>"`.', schema: { type: 'string' } },
};

const TRANSITION_PROBLEMS: Record<number, string> = {
  400: '`validation`: the body breaks a field rule (checked after 404, before 428).',
  404: '`not-found`: no such case, or not assigned to the calling office (checked first).',
  409: '`conflict`: the state machine does not allow this action in the current status (checked last).',
  412: '`precondition-failed`: `If-Match` names another version than the current one, or a concurrent change won the race. Read the case again.',
  428: '`precondition-failed`: the `If-Match` header is missing.',
};

/** What each case command does, for its operation. */
const CASE_COMMANDS: ReadonlyArray<{
  command: string;
  summary: string;
  description: string;
  body?: string;
  scope: string;
}> = [
  {
    command: 'accept',
    summary: 'Accept a routed case (routed → accepted).',
    description: 'Publishes `case.accepted`. No body.',
    scope: 'lotse/office',
  },
  {
    command: 'decline',
    summary: 'Decline a routed case (routed → escalated, reason `declined`).',
    description:
      'The case leaves the office (officeId null, out of its inbox) and waits for a coordinator. `note` is free text for the coordinator; it is stored with the personal data (erased with it), never in the history.',
    body: 'DeclineRequest',
    scope: 'lotse/office',
  },
  {
    command: 'start',
    summary: 'Start working an accepted case (accepted → in-progress).',
    description: 'No body.',
    scope: 'lotse/office',
  },
  {
    command: 'close',
    summary: 'Close an accepted or in-progress case with its outcome (→ closed).',
    description:
      '`offerId` must be one of the case proposals or any active offer of the catalogue (else 400 at path `offerId`). Outcome `connected` with an offer that tracks capacity uses one place of it (never below zero; with none left the case closes all the same). The personal data is deleted the configured retention period (default 180 days) after closure. Publishes `case.closed`.',
    body: 'CloseRequest',
    scope: 'lotse/office',
  },
  {
    command: 'assign',
    summary: 'Assign an escalated case to an office (escalated → routed).',
    description:
      'Coordinator only. The office must exist in the catalogue (else 400 at path `officeId`). The case gets a new response deadline and must be opened afresh by the new office. Publishes `case.routed` to the new office.',
    body: 'AssignRequest',
    scope: 'lotse/coordinator',
  },
];

function caseCommandPath(entry: (typeof CASE_COMMANDS)[number]): JsonObject {
  return {
    post: {
      operationId: `${entry.command}Case`,
      tags: ['cases'],
      summary: entry.summary,
      description: entry.description,
      security: [{ bearerAuth: [entry.scope] }],
      parameters: [...pathParameters(caseParamsSchema), IF_MATCH_PARAMETER],
      ...(entry.body
        ? { requestBody: { required: true, content: { 'application/json': { schema: ref(entry.body) } } } }
        : {}),
      responses: {
        '200': {
          description: 'The case after the change, with its new version as ETag.',
          headers: ETAG_HEADER,
          content: { 'application/json': { schema: ref('Case') } },
        },
        ...problems([400, 401, 403, 404, 409, 412, 413, 415, 428], TRANSITION_PROBLEMS),
      },
    },
  };
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
- A case not yet routed is visible to coordinators only; offices get 404 until it is assigned to them, and again
  once it leaves them (declined, or escalated because its response deadline passed).

## Cases: conditional requests
Every case answer carries \`ETag: "<version>"\`. Each state change (\`accept\`, \`decline\`, \`start\`, \`close\`,
\`assign\`) requires \`If-Match: "<version>"\` and is checked in this order, each check answering before the next
runs and nothing changing on any of them: 404 (no such case, or not the caller's) → 400 (body) → 428
\`precondition-failed\` (no If-Match) → 412 \`precondition-failed\` (another version) → 409 \`conflict\` (the
state machine forbids the action). A change is one conditional write on the version that also appends its history
event, so of concurrent changes based on the same version exactly one succeeds; the others get 412. Allowed:
routed → accepted (accept) | escalated (decline); accepted → in-progress (start); accepted or in-progress → closed
(close); escalated → routed (assign). \`opened\` is an event, not a status: the first read of a routed case by its
office records it once (a new version), which also stops the case's response deadline.

## Inbox
\`GET /v1/cases\` lists urgent cases first, then oldest first. \`limit\` 1–100 (default ${INBOX_DEFAULT_LIMIT});
\`status\` filters while paging until the page is full (one request reads a bounded number of index pages, so a
page of a sparse status may hold fewer items while \`nextCursor\` is not null). \`nextCursor\` is opaque; pass it
back unchanged as \`cursor\` with the same \`officeId\`: a cursor of another listing answers 400 at path
\`cursor\`. Unknown query parameters answer 400. Inbox items carry no personal data.

## Response deadlines and retention
A routed case not opened by its office within the municipality's working days by urgency (defaults: urgent 1,
soon 3, routine 5; weekends and NRW public holidays excluded, Europe/Berlin time) becomes \`escalated\` with reason
\`deadline\` and leaves the office. Personal data of a closed case is deleted after the retention period (default
180 days); the anonymised case (status, outcome, history without personal data) remains, with
\`personalData: "erased"\`.

## Withdrawal
\`POST /v1/referrals/{referralId}/withdraw\` cancels the case (→ \`withdrawn\`) from any status but \`closed\`
(409) and erases the family's personal data in the same transaction: the referral, office notes, and the
submission's idempotency record (the same Idempotency-Key then creates a new referral). Withdrawing again answers
202 again. The office that held the case is notified (\`referral.withdrawn\`) and keeps seeing the anonymised case.

## Webhooks (notifications to family offices)
An office with a \`webhookUrl\` in the catalogue receives these events: ${NOTIFICATION_TYPES.map((type) => `\`${type}\``).join(', ')}.
\`case.routed\` goes to the office that got the case (routing or assignment); \`case.escalated\` (no office for the
district, or a missed response deadline) to the office that held the case until then (none when it never reached
one); the others to the office that holds the case. A decline notifies nobody: the declining office knows.
Delivery: \`POST <webhookUrl>\` with \`content-type: application/json\`, a 5-second timeout, and the body exactly
\`{"id":"<caseId>:<seq>","type":"case.routed","caseId":"<caseId>","occurredAt":"<RFC 3339>"}\` — ids only; fetch
the case with your own credentials. Headers: \`${WEBHOOK_EVENT_ID_HEADER}: <id>\` and
\`${WEBHOOK_SIGNATURE_HEADER}: t=<unix seconds>,v1=<lowercase hex HMAC-SHA256(secret, "<t>.<raw body>")>\`, with the
office's secret. To verify: compute the HMAC over the timestamp, a dot and the raw body bytes as received, compare
in constant time, and reject a \`t\` more than ${WEBHOOK_SIGNATURE_TOLERANCE_SECONDS} seconds from your clock (replay
protection). Any 2xx acknowledges; anything else (or a timeout) is retried with growing backoff (up to 15 minutes
apart) and, after the configured attempts, parked for the operators. Delivery is at-least-once and unordered:
deduplicate by \`id\`.`;

/** Builds the document; pure and cheap enough to call per request of `GET /openapi.json`. */
export function buildOpenApiDocument(): JsonObject {
  const referralRequest = referralSchema(new Date());
  const schemas = {
    ...componentSchemas(
      {
        ReferralRequest: referralRequest,
        WithdrawRequest: withdrawBodySchema,
        DeclineRequest: declineBodySchema,
        CloseRequest: closeBodySchema,
        AssignRequest: assignBodySchema,
      },
      'input',
    ),
    ...componentSchemas(
      {
        ReferralAccepted: referralAcceptedSchema,
        ReferralWithdrawn: withdrawAcceptedSchema,
        ReferralStatus: referralStatusSchema,
        Inbox: inboxPageSchema,
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
            ...problems([400, 401, 403, 409, 413, 415], {
              409: '`conflict`: a request with the same Idempotency-Key is still in flight; retry shortly.',
            }),
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
            ...problems([401, 403, 404]),
          },
        },
      },
      '/v1/referrals/{referralId}/withdraw': {
        post: {
          operationId: 'withdrawReferral',
          tags: ['referrals'],
          summary: 'Withdraw a referral: cancels the case and erases the family’s personal data.',
          description:
            'The case becomes `withdrawn` and its personal data (referral, notes, the idempotency record) is erased in the same transaction; anonymised counts remain. Idempotent: withdrawing again answers 202 again. Checked in this order: 404 (not a referral of the caller’s institution), 400 (body), 409 (the case is closed).',
          security: security(['lotse/referrer']),
          parameters: pathParameters(referralParamsSchema),
          requestBody: { required: true, content: { 'application/json': { schema: ref('WithdrawRequest') } } },
          responses: {
            '202': {
              description: 'Withdrawn (now or by an earlier request).',
              content: { 'application/json': { schema: ref('ReferralWithdrawn') } },
            },
            ...problems([400, 401, 403, 404, 409, 413, 415], {
              409: '`conflict`: the case is closed; a closed case cannot be withdrawn (its data expires with retention).',
            }),
          },
        },
      },
      '/v1/cases': {
        get: {
          operationId: 'listCases',
          tags: ['cases'],
          summary: "The inbox: the office's own cases (coordinator: all, or one office's), urgent first, then oldest.",
          description:
            'Served by an index query. Items carry no personal data. An office asking for another office (`officeId`) gets 404.',
          security: security(['lotse/office', 'lotse/coordinator']),
          parameters: queryParameters(inboxQuerySchema),
          responses: {
            '200': {
              description: 'One page of the inbox.',
              content: { 'application/json': { schema: ref('Inbox') } },
            },
            ...problems([400, 401, 403, 404], {
              400: '`validation`: `limit` outside 1–100, an unknown `status`, a `cursor` of another listing, or an unknown parameter; `path` names it.',
            }),
          },
        },
      },
      '/v1/cases/{caseId}': {
        get: {
          operationId: 'getCase',
          tags: ['cases'],
          summary: 'The whole case for the assigned office or a coordinator.',
          description:
            'The first read by the assigned office of a routed case records the `opened` event (once, also under concurrent reads; the version grows by one). Every read is recorded in an internal audit trail (who, when). After withdrawal or retention the personal fields are absent and `personalData` is `erased`.',
          security: security(['lotse/office', 'lotse/coordinator']),
          parameters: pathParameters(caseParamsSchema),
          responses: {
            '200': {
              description: 'The case with proposals and history.',
              headers: ETAG_HEADER,
              content: { 'application/json': { schema: ref('Case') } },
            },
            ...problems([401, 403, 404]),
          },
        },
      },
      ...Object.fromEntries(
        CASE_COMMANDS.map((entry) => [`/v1/cases/{caseId}/${entry.command}`, caseCommandPath(entry)]),
      ),
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
