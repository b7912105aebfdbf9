// The OpenAPI 3.1 document of the HTTP API, generated from the route table (routes.ts) and the zod schemas it names.
import { isDeepStrictEqual } from 'node:util';
import * as z from 'zod';
import { assignBodySchema, closeBodySchema, declineBodySchema, withdrawBodySchema } from '#domain/case-commands.ts';
import {
  catalogueSchema,
  institutionBodySchema,
  institutionSchema,
  offerBodySchema,
  offerSchema,
  officeBodySchema,
  officeSchema,
} from '#domain/catalogue.ts';
import { NOTIFICATION_TYPES, type NotificationType, webhookPayloadSchemas } from '#domain/domain-events.ts';
import { scopeOf } from '#domain/identity.ts';
import { WEBHOOK_ID_HEADER, WEBHOOK_SIGNATURE_HEADER, WEBHOOK_TIMESTAMP_HEADER } from '#domain/webhook-signature.ts';
import {
  caseViewSchema,
  catalogueExportSchema,
  catalogueImportSchema,
  coverageReportSchema,
  districtListSchema,
  documentedHsdsServiceSchema,
  importRejectedSchema,
  importReportSchema,
  inboxPageSchema,
  institutionListSchema,
  offerListSchema,
  officeListSchema,
  problemSchema,
  referralAcceptedSchema,
  referralListItemSchema,
  referralListSchema,
  referralRequestSchema,
  referralStatusSchema,
  withdrawAcceptedSchema,
} from './api-schemas.ts';
import {
  API_DESCRIPTION,
  BEARER_AUTH_DESCRIPTION,
  GATEWAY_DESCRIPTIONS,
  PROBLEM_DESCRIPTIONS,
  TAG_DESCRIPTIONS,
  WEBHOOK_EVENT_DESCRIPTIONS,
  WEBHOOK_HEADER_DESCRIPTIONS,
  WEBHOOK_RESPONSE_DESCRIPTIONS,
} from './openapi-description.ts';
import type { Lazy, ProblemSpec, ProblemStatus, RouteId, RouteSpec } from './routes.ts';
import { bodySchemaOf, routeList, schemaOf } from './routes.ts';

type JsonObject = Record<string, unknown>;
type Io = 'input' | 'output';
type Route = RouteSpec & { readonly id: RouteId };

const COMPONENTS = '#/components/schemas/';
const ref = (name: string) => ({ $ref: `${COMPONENTS}${name}` });
/** The name of an unnamed schema of a route: `WithdrawReferralRequest`, `GetReferral200`. */
const routeSchemaName = (route: Route, suffix: string) =>
  `${route.id.charAt(0).toUpperCase()}${route.id.slice(1)}${suffix}`;

/** The body API Gateway's JWT authorizer answers 401 and 403 with, before any function runs. */
const gatewayErrorSchema = z.object({
  message: z.string().meta({ examples: ['Unauthorized', 'Forbidden', 'Internal Server Error'] }),
});

/**
 * Component names: a named schema is a component wherever it appears, also nested in another. A name whose schema is
 * both sent and received must read the same in both forms (else building the document throws). A route's schema not
 * named here becomes a component named after the route.
 */
const SCHEMA_NAMES: ReadonlyArray<readonly [z.ZodType, string]> = [
  [referralRequestSchema(), 'ReferralRequest'],
  [referralAcceptedSchema(), 'ReferralAccepted'],
  [referralStatusSchema(), 'ReferralStatus'],
  [referralListSchema(), 'ReferralList'],
  [referralListItemSchema(), 'ReferralListItem'],
  [withdrawBodySchema(), 'WithdrawRequest'],
  [withdrawAcceptedSchema(), 'ReferralWithdrawn'],
  [inboxPageSchema(), 'Inbox'],
  [caseViewSchema(), 'Case'],
  [declineBodySchema(), 'DeclineRequest'],
  [closeBodySchema(), 'CloseRequest'],
  [assignBodySchema(), 'AssignRequest'],
  [offerSchema(), 'Offer'],
  [offerBodySchema(), 'OfferRequest'],
  [offerListSchema(), 'OfferList'],
  [officeSchema(), 'Office'],
  [officeBodySchema(), 'OfficeRequest'],
  [officeListSchema(), 'OfficeList'],
  [institutionSchema(), 'Institution'],
  [institutionBodySchema(), 'InstitutionRequest'],
  [institutionListSchema(), 'InstitutionList'],
  [districtListSchema(), 'DistrictList'],
  [catalogueSchema(), 'CatalogueDocument'],
  [catalogueImportSchema(), 'CatalogueImport'],
  [catalogueExportSchema(), 'CatalogueExport'],
  [documentedHsdsServiceSchema(), 'HsdsService'],
  [importReportSchema(), 'ImportReport'],
  [importRejectedSchema(), 'ImportRejected'],
  [coverageReportSchema(), 'CoverageReport'],
  [problemSchema(), 'Problem'],
  [gatewayErrorSchema, 'GatewayError'],
];

/** Collects the components the operations refer to, each in the form it is used in. */
class Components {
  private readonly names = new Map(SCHEMA_NAMES);
  private readonly roots: Array<readonly [string, Io]> = [];

  ref(schema: z.ZodType, io: Io, fallbackName: string): JsonObject {
    const name = this.names.get(schema) ?? fallbackName;
    this.names.set(schema, name);
    this.roots.push([name, io]);
    return ref(name);
  }

  /** Requests are described as clients send them (input form), answers as we send them (output form). */
  schemas(): Record<string, JsonObject> {
    const forms = { input: this.convert('input'), output: this.convert('output') };
    const result: Record<string, JsonObject> = {};
    const visited = new Set<string>();
    const visit = (name: string, io: Io) => {
      if (visited.has(`${io} ${name}`)) return;
      visited.add(`${io} ${name}`);
      const schema = forms[io][name] ?? {};
      if (name in result && !isDeepStrictEqual(result[name], schema)) {
        throw new Error(`component ${name} reads differently as request and as answer: give each form a name`);
      }
      result[name] = schema;
      for (const nested of refsIn(schema)) visit(nested, io);
    };
    for (const [name, io] of this.roots) visit(name, io);
    return Object.fromEntries(Object.entries(result).sort(([a], [b]) => a.localeCompare(b)));
  }

  private convert(io: Io): Record<string, JsonObject> {
    const registry = z.registry<{ id: string }>();
    for (const [schema, id] of this.names) registry.add(schema, { id });
    const { schemas } = z.toJSONSchema(registry, { io, unrepresentable: 'any', uri: (id) => `${COMPONENTS}${id}` });
    return Object.fromEntries(
      Object.entries(schemas).map(([id, { $schema: _schema, $id: _id, ...schema }]) => [id, schema as JsonObject]),
    );
  }
}

function refsIn(value: unknown, into: string[] = []): string[] {
  if (Array.isArray(value)) for (const entry of value) refsIn(entry, into);
  else if (value && typeof value === 'object') {
    for (const [key, entry] of Object.entries(value)) {
      if (key === '$ref' && typeof entry === 'string') into.push(entry.slice(COMPONENTS.length));
      else refsIn(entry, into);
    }
  }
  return into;
}

/** One parameter: its schema as sent (input form), its description lifted to the parameter. */
function parameter(name: string, where: string, required: boolean, field: z.ZodType): JsonObject {
  const { $schema: _schema, description, ...schema } = z.toJSONSchema(field, { io: 'input', unrepresentable: 'any' });
  return { name, in: where, required, ...(description && { description }), schema };
}

function parameters({ params, query, headers }: Route): JsonObject[] {
  const fields = (object: Lazy<z.ZodObject> | undefined) =>
    Object.entries(schemaOf(object)?.shape ?? {}) as Array<[string, z.ZodType]>;
  return [
    ...fields(params).map(([name, field]) => parameter(name, 'path', true, field)),
    ...fields(query).map(([name, field]) => parameter(name, 'query', !field.safeParse(undefined).success, field)),
    ...fields(headers?.schema).map(([name, field]) =>
      parameter(name, 'header', headers?.required?.includes(name) === true, field),
    ),
  ];
}

function problemResponse(status: number, spec: ProblemSpec, schemaRef: (schema: z.ZodType) => JsonObject) {
  const { description, schema } =
    typeof spec === 'object'
      ? { description: spec.description, schema: spec.schema() }
      : { description: spec === true ? PROBLEM_DESCRIPTIONS[status as ProblemStatus] : spec, schema: problemSchema() };
  return {
    description,
    ...(status === 503 && {
      headers: { 'Retry-After': { description: 'Seconds to wait before retrying.', schema: { type: 'integer' } } },
    }),
    content: { 'application/problem+json': { schema: schemaRef(schema) } },
  };
}

/**
 * The gateway's own 401, 403 and 500 (`{"message"}`, not problems); a 403 the function answers too is added to it.
 */
function gatewayResponses(own403: JsonObject | undefined, components: Components) {
  const gateway = (status: keyof typeof GATEWAY_DESCRIPTIONS) => ({
    description: GATEWAY_DESCRIPTIONS[status],
    content: { 'application/json': { schema: components.ref(gatewayErrorSchema, 'output', 'GatewayError') } },
  });
  const forbidden = gateway(403);
  return {
    401: gateway(401),
    500: gateway(500),
    403: own403
      ? {
          description: `${forbidden.description} Or from the function (problem+json): ${own403.description}`,
          content: { ...forbidden.content, ...(own403.content as JsonObject) },
        }
      : forbidden,
  };
}

function responses(route: Route, components: Components): JsonObject {
  const name = (suffix: string) => routeSchemaName(route, suffix);
  const answers = Object.entries(route.responses).map(([status, spec]) => {
    const content = spec.schema && {
      'application/json': { schema: components.ref(spec.schema(), 'output', name(status)) },
      ...(spec.csvExample && { 'text/csv': { schema: { type: 'string' }, example: spec.csvExample } }),
    };
    const headers =
      spec.headers &&
      Object.fromEntries(
        Object.entries(spec.headers).map(([header, description]) => [
          header,
          { description, schema: { type: 'string' } },
        ]),
      );
    return [status, { description: spec.description, ...(headers && { headers }), ...(content && { content }) }];
  });
  const problems = Object.entries({ ...route.problems, 503: true } as Record<string, ProblemSpec>).map(
    ([status, spec]) => [
      status,
      problemResponse(Number(status), spec, (schema) => components.ref(schema, 'output', name(`Problem${status}`))),
    ],
  );
  const byStatus: Record<string, JsonObject> = Object.fromEntries([...answers, ...problems]);
  // Integer-like keys enumerate in ascending order, so the statuses read in order.
  return { ...byStatus, ...gatewayResponses(byStatus[403], components) };
}

function operation(route: Route, components: Components): JsonObject {
  const params = parameters(route);
  const body = route.body && {
    required: true,
    content: {
      'application/json': {
        schema: components.ref(bodySchemaOf(route.body), 'input', routeSchemaName(route, 'Request')),
        ...(route.body.example && { example: route.body.example() }),
      },
    },
  };
  return {
    operationId: route.id,
    tags: [route.tag],
    summary: route.summary,
    ...(route.description && { description: route.description }),
    security: [{ bearerAuth: route.roles.map(scopeOf) }],
    ...(params.length > 0 && { parameters: params }),
    ...(body && { requestBody: body }),
    responses: responses(route, components),
  };
}

/** The headers' values as sent: the id of `eventIdOf`, whole seconds, one or more `v1,` signatures of 32 bytes. */
const WEBHOOK_HEADER_SCHEMAS: Readonly<Record<keyof typeof WEBHOOK_HEADER_DESCRIPTIONS, JsonObject>> = {
  [WEBHOOK_ID_HEADER]: {
    type: 'string',
    pattern: '^[^.\\s]+:[1-9][0-9]*$',
    examples: ['01JD6ZQ8V3R8X2N4M5K7P9T0AB:2'],
  },
  [WEBHOOK_TIMESTAMP_HEADER]: { type: 'string', pattern: '^(0|[1-9][0-9]*)$', examples: ['1764149400'] },
  [WEBHOOK_SIGNATURE_HEADER]: {
    type: 'string',
    pattern: '^v1,[A-Za-z0-9+/]{43}=( v1,[A-Za-z0-9+/]{43}=)*$',
    examples: ['v1,K5oZfzN95Z9UVu1EsfQmfVNQhnkZ2pj9o9NDN/H/pI4='],
  },
};

/** `case.routed` → `CaseRouted`. */
const pascalOf = (type: NotificationType) =>
  type
    .split('.')
    .map((part) => `${part.charAt(0).toUpperCase()}${part.slice(1)}`)
    .join('');

/**
 * OpenAPI 3.1 `webhooks`: one POST per notification type that Lotse sends to an office's `webhookUrl`, its body as
 * the notifier's schema outputs it and the three Standard Webhooks headers.
 */
function webhooks(components: Components): Record<string, JsonObject> {
  const parameters = Object.entries(WEBHOOK_HEADER_DESCRIPTIONS).map(([name, description]) => ({
    name,
    in: 'header',
    required: true,
    description,
    schema: WEBHOOK_HEADER_SCHEMAS[name as keyof typeof WEBHOOK_HEADER_SCHEMAS],
  }));
  const responses = Object.fromEntries(
    Object.entries(WEBHOOK_RESPONSE_DESCRIPTIONS).map(([status, description]) => [status, { description }]),
  );
  return Object.fromEntries(
    NOTIFICATION_TYPES.map((type) => [
      type,
      {
        post: {
          operationId: `webhook${pascalOf(type)}`,
          summary: `\`${type}\` to the office's webhookUrl`,
          description: WEBHOOK_EVENT_DESCRIPTIONS[type],
          parameters,
          requestBody: {
            required: true,
            content: {
              'application/json': {
                schema: components.ref(webhookPayloadSchemas()[type], 'output', `Webhook${pascalOf(type)}`),
              },
            },
          },
          responses,
          // Lotse calls the receiver: no bearer token, the signature is the proof.
          security: [],
        },
      },
    ]),
  );
}

/** Builds the document; pure and cheap enough to call per request of `GET /openapi.json`. */
export function buildOpenApiDocument(): JsonObject {
  const components = new Components();
  const paths: Record<string, Record<string, JsonObject>> = {};
  for (const route of routeList()) {
    paths[route.path] = { ...paths[route.path], [route.method.toLowerCase()]: operation(route, components) };
  }
  return {
    openapi: '3.1.0',
    info: { title: 'Lotse HTTP API', version: '1', description: API_DESCRIPTION },
    servers: [{ url: '/' }],
    tags: Object.entries(TAG_DESCRIPTIONS).map(([name, description]) => ({ name, description })),
    paths,
    webhooks: webhooks(components),
    components: {
      schemas: components.schemas(),
      securitySchemes: {
        bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: BEARER_AUTH_DESCRIPTION },
      },
    },
  };
}
