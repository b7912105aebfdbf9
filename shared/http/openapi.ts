// The OpenAPI 3.1 document of the HTTP API, generated from the zod schemas that validate requests and shape answers.
import { z } from 'zod';
import { assignBodySchema, closeBodySchema, declineBodySchema, withdrawBodySchema } from '#domain/case-commands.ts';
import { institutionSchema, offerSchema, officeSchema } from '#domain/catalogue.ts';
import { NOTIFICATION_TYPES } from '#domain/domain-events.ts';
import { exampleReferral } from '#domain/example-referral.ts';
import { HSDS_TAXONOMIES } from '#domain/hsds.ts';
import { idempotencyKeySchema, referralSchema } from '#domain/referral.ts';
import {
  WEBHOOK_EVENT_ID_HEADER,
  WEBHOOK_SIGNATURE_HEADER,
  WEBHOOK_SIGNATURE_TOLERANCE_SECONDS,
} from '#domain/webhook-signature.ts';
import {
  caseParamsSchema,
  caseViewSchema,
  catalogueDocumentSchema,
  coverageReportSchema,
  emptyQuerySchema,
  exportQuerySchema,
  INBOX_DEFAULT_LIMIT,
  importQuerySchema,
  importReportSchema,
  inboxPageSchema,
  inboxQuerySchema,
  institutionBodySchema,
  institutionListSchema,
  institutionParamsSchema,
  offerBodySchema,
  offerListQuerySchema,
  offerListSchema,
  offerParamsSchema,
  officeBodySchema,
  officeListSchema,
  officeParamsSchema,
  problemSchema,
  referralAcceptedSchema,
  referralParamsSchema,
  referralStatusSchema,
  withdrawAcceptedSchema,
} from './api-schemas.ts';
import { IMPORT_MAX_BODY_BYTES, MAX_BODY_BYTES } from './json-body.ts';
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

/** HSDS 3.0 service, as far as this API reads and writes it (further HSDS fields are accepted and ignored). */
const HSDS_SERVICE_SCHEMA: JsonObject = {
  type: 'object',
  description: 'An Open Referral HSDS 3.0 service (compiled form). Required by HSDS 3.0: id, name, status.',
  required: ['id', 'name', 'status'],
  properties: {
    id: { type: 'string' },
    name: { type: 'string' },
    status: { type: 'string', enum: ['active', 'inactive', 'defunct', 'temporarily closed'] },
    organization: { type: 'object', properties: { id: { type: 'string' }, name: { type: 'string' } } },
    languages: { type: 'array', items: { type: 'object', properties: { code: { type: 'string' } } } },
    minimum_age: { type: 'number' },
    maximum_age: { type: 'number' },
    service_areas: { type: 'array', items: { type: 'object', properties: { uri: { type: 'string' } } } },
    attributes: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          taxonomy_term: {
            type: 'object',
            properties: { taxonomy: { type: 'string' }, code: { type: 'string' } },
          },
        },
      },
    },
    service_capacity: {
      type: 'array',
      description: 'HSDS 3.1.',
      items: { type: 'object', properties: { available: { type: 'integer' }, maximum: { type: 'integer' } } },
    },
  },
};
const HSDS_SERVICE_LIST_SCHEMA: JsonObject = {
  type: 'object',
  required: ['services'],
  properties: { services: { type: 'array', items: HSDS_SERVICE_SCHEMA } },
};

const PROPAGATION_NOTE =
  'Functions that route referrals cache the catalogue for at most 60 seconds: a change reaches routing (proposals, offices, registered institutions) within 60 seconds.';

/** One catalogue collection: what its entity is called and who may read it. */
const CATALOGUE_COLLECTIONS: ReadonlyArray<{
  collection: string;
  kind: 'offer' | 'office' | 'institution';
  component: string;
  params: z.ZodObject;
  listQuery: z.ZodObject;
  readScopes: string[];
  putRules: string;
  deleteSummary: string;
  deleteResponses: Record<string, JsonObject>;
}> = [
  {
    collection: 'offers',
    kind: 'offer',
    component: 'Offer',
    params: offerParamsSchema,
    listQuery: offerListQuerySchema,
    readScopes: ['lotse/coordinator', 'lotse/office'],
    putRules:
      'Every district must exist in the catalogue (400 at `districts.<i>`); needs, life phases, modes and languages must be known codes (400).',
    deleteSummary: 'Deactivate an offer (status → `inactive`); it stays readable and referable from closed cases.',
    deleteResponses: {
      '200': { description: 'The offer, now inactive.', content: { 'application/json': { schema: ref('Offer') } } },
    },
  },
  {
    collection: 'offices',
    kind: 'office',
    component: 'Office',
    params: officeParamsSchema,
    listQuery: emptyQuerySchema,
    readScopes: ['lotse/coordinator'],
    putRules:
      'Every district must exist (400 at `districts.<i>`); a district already served by another office answers 409 `conflict` (one office per district keeps routing unambiguous).',
    deleteSummary:
      'Remove an office. Refused with 409 `conflict` while it holds open cases (routed, accepted, in progress or escalated).',
    deleteResponses: { '204': { description: 'Removed.' } },
  },
  {
    collection: 'institutions',
    kind: 'institution',
    component: 'Institution',
    params: institutionParamsSchema,
    listQuery: emptyQuerySchema,
    readScopes: ['lotse/coordinator'],
    putRules: '`type` must be an institution type (400).',
    deleteSummary: 'Remove a referring institution: its tokens can no longer submit referrals (403).',
    deleteResponses: { '204': { description: 'Removed.' } },
  },
];

function cataloguePaths(): Record<string, JsonObject> {
  const paths: Record<string, JsonObject> = {};
  for (const entry of CATALOGUE_COLLECTIONS) {
    const { collection, kind, component } = entry;
    const coordinatorOnly = [{ bearerAuth: ['lotse/coordinator'] }];
    const parameters = pathParameters(entry.params);
    const idName = Object.keys(entry.params.shape)[0] ?? 'id';
    paths[`/v1/${collection}`] = {
      get: {
        operationId: `list${component}s`,
        tags: ['catalogue'],
        summary: `All ${collection}, sorted by id.`,
        security: [{ bearerAuth: entry.readScopes }],
        parameters: queryParameters(entry.listQuery),
        responses: {
          '200': {
            description: `\`{ items }\` sorted by id.`,
            content: { 'application/json': { schema: ref(`${component}List`) } },
          },
          ...problems([400, 401, 403], { 400: '`validation`: an unknown query parameter or value.' }),
        },
      },
    };
    paths[`/v1/${collection}/{${idName}}`] = {
      get: {
        operationId: `get${component}`,
        tags: ['catalogue'],
        summary: `One ${kind}.`,
        security: [{ bearerAuth: entry.readScopes }],
        parameters,
        responses: {
          '200': { description: `The ${kind}.`, content: { 'application/json': { schema: ref(component) } } },
          ...problems([401, 403, 404]),
        },
      },
      put: {
        operationId: `put${component}`,
        tags: ['catalogue'],
        summary: `Create or replace an ${kind} (the entry of the catalogue document).`,
        description: `The body is the ${kind} as in the catalogue document; its \`id\` may be left out and must otherwise equal the path id (400 at \`id\`). ${entry.putRules} ${PROPAGATION_NOTE}`,
        security: coordinatorOnly,
        parameters,
        requestBody: { required: true, content: { 'application/json': { schema: ref(`${component}Request`) } } },
        responses: {
          '200': { description: 'Replaced.', content: { 'application/json': { schema: ref(component) } } },
          '201': { description: 'Created.', content: { 'application/json': { schema: ref(component) } } },
          ...problems(kind === 'office' ? [400, 401, 403, 404, 409, 413, 415] : [400, 401, 403, 404, 413, 415], {
            404: '`not-found`: the path id is longer than 128 characters.',
            409: '`conflict`: a district is already served by another office.',
          }),
        },
      },
      delete: {
        operationId: `delete${component}`,
        tags: ['catalogue'],
        summary: entry.deleteSummary,
        description: PROPAGATION_NOTE,
        security: coordinatorOnly,
        parameters,
        responses: {
          ...entry.deleteResponses,
          ...problems(kind === 'office' ? [401, 403, 404, 409] : [401, 403, 404], {
            409: '`conflict`: the office still holds open cases; close or reassign them first.',
          }),
        },
      },
    };
  }
  return paths;
}

const IMPORT_DESCRIPTION = `The body is either a catalogue document (an object with \`municipality\`, as \`GET /v1/catalogue\` answers) or an
Open Referral HSDS 3.0 service list (a JSON array of services, or \`{ "services": [...] }\` as
\`GET /v1/catalogue?format=hsds\` answers); anything else is 400. Up to ${IMPORT_MAX_BODY_BYTES} bytes (5 MiB; 2,000 offers
and more) in one request.

Entries are created or replaced by id; entries not in the body stay as they are (use DELETE to remove them). Every
entry is checked before anything is written: its schema (HSDS: the mapping below), a repeated id (the later entry is
rejected), the municipality id (must be this installation's), postal codes belonging to one district only, districts
served by one office only, and districts that exist — all against the catalogue as it will be after the import.
Without \`partial=true\` a single rejected entry rejects the import: 422 \`validation\` with the report in the
member \`import\` and nothing written. With \`partial=true\` the valid entries are written and the rejected ones
reported. Entries equal to the stored ones are reported \`unchanged\` and not written; the others are written in
BatchWriteItem chunks of 25 (not atomic as a whole: repeating an import that failed midway converges).
Report ids of documents are kind-qualified (\`municipality:musterstadt\`, \`district:nord\`, \`office:fb-nord\`,
\`institution:klinik-mitte\`, \`offer:elterncafe-nord\`); HSDS ids are the service ids (= offer ids).

HSDS mapping: service \`id\`, \`name\`; \`status\` \`active\` → active, \`inactive\`/\`defunct\`/\`temporarily closed\` → inactive;
\`organization.name\`; \`languages[].code\` (ISO 639-1); \`service_areas[].uri\` → district id (\`urn:lotse:district:<id>\`
or the last path segment of an http(s) URL; none = the whole municipality; an unknown district rejects the service);
\`attributes[].taxonomy_term\` with taxonomy \`${HSDS_TAXONOMIES.needs}\` (need codes; unknown codes reject the service),
\`${HSDS_TAXONOMIES.modes}\` (modes, default \`on-site\`) and \`${HSDS_TAXONOMIES.lifePhases}\` (life phases); without
life-phase attributes, \`minimum_age\`/\`maximum_age\` (years, read as [min, max)) give the phases whose age band overlaps;
HSDS 3.1 \`service_capacity[0]\` \`{ available, maximum }\` → capacity. ${PROPAGATION_NOTE}`;

const COVERAGE_DESCRIPTION = `Anonymised counts by district × life phase × need × referring-institution type, from aggregates kept as
cases change (never computed from cases on request; they carry no personal data, survive the erasure of withdrawn
cases and are never decremented). A referral counts in every cell of its life phases × needs: cells overlap, so
totals over cells are not numbers of referrals. Days are the UTC days the referrals were received; \`from\`/\`to\`
(inclusive) default to the last 30 days, at most 366 days. Per cell: \`received\`; \`routed\` (routed to the district's office
with at least one proposal); \`unmatched\` (routed without any eligible offer — the gap); a referral escalated because no
office serves its district counts as received only; \`accepted\` (by the office); \`connected\` (closed with outcome
\`connected\`); \`medianHoursToFirstAction\`: the upper bound of the histogram bucket (1, 2, 4, 8, 12, 24, 48, 72, 120, 168,
336 hours, \`inf\`) holding the median time from receipt to the first office action (opening, accepting or declining,
whichever came first). A cell with fewer than 5 received referrals has every count and the median \`null\`. Plus the
monthly count of child-protection refusals for the months the range touches. \`Accept: text/csv\` answers the cells as
CSV (header row; a suppressed or unknown value is an empty field).`;

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

## Catalogue
Coordinators edit offers, family offices and referring institutions one by one (\`PUT\`/\`DELETE\`), or import a
whole catalogue document or HSDS 3.0 service list (\`POST /v1/catalogue/import\`), and export it again
(\`GET /v1/catalogue\`, an import of the export reports every entry \`unchanged\`). Offices may read offers.
${PROPAGATION_NOTE}

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
        OfferRequest: offerBodySchema,
        OfficeRequest: officeBodySchema,
        InstitutionRequest: institutionBodySchema,
        CatalogueImport: catalogueDocumentSchema,
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
        Offer: offerSchema,
        Office: officeSchema,
        Institution: institutionSchema,
        OfferList: offerListSchema,
        OfficeList: officeListSchema,
        InstitutionList: institutionListSchema,
        ImportReport: importReportSchema,
        CatalogueDocument: catalogueDocumentSchema,
        CoverageReport: coverageReportSchema,
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
      { name: 'catalogue', description: 'Role coordinator; offices may read offers.' },
      { name: 'reports', description: 'Role coordinator.' },
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
      ...cataloguePaths(),
      '/v1/catalogue/import': {
        post: {
          operationId: 'importCatalogue',
          tags: ['catalogue'],
          summary: 'Import a catalogue document or an HSDS 3.0 service list (all or nothing unless partial).',
          description: IMPORT_DESCRIPTION,
          security: security(['lotse/coordinator']),
          parameters: queryParameters(importQuerySchema),
          requestBody: {
            required: true,
            content: {
              'application/json': {
                schema: {
                  oneOf: [
                    ref('CatalogueImport'),
                    { type: 'array', items: HSDS_SERVICE_SCHEMA, description: 'HSDS 3.0 services.' },
                    HSDS_SERVICE_LIST_SCHEMA,
                  ],
                },
              },
            },
          },
          responses: {
            '200': {
              description: 'Applied (with `partial=true`: the valid entries); the report lists every entry.',
              content: { 'application/json': { schema: ref('ImportReport') } },
            },
            ...problems([400, 401, 403, 413, 415], {
              400: '`validation`: the body is neither a catalogue document nor an HSDS service list, or the frame of the document is broken (a collection is not a list, an unknown top-level field), or `partial` is not true/false.',
              413: `\`payload-too-large\`: the body exceeds ${IMPORT_MAX_BODY_BYTES} bytes (5 MiB).`,
            }),
            '422': {
              description:
                '`validation`: entries were rejected and nothing was written (without `partial=true`). The member `import` holds the report (ImportReport) with every rejection.',
              content: {
                'application/problem+json': {
                  schema: { allOf: [ref('Problem'), { type: 'object', properties: { import: ref('ImportReport') } }] },
                },
              },
            },
          },
        },
      },
      '/v1/catalogue': {
        get: {
          operationId: 'exportCatalogue',
          tags: ['catalogue'],
          summary: 'Export the catalogue: the document, or its offers as HSDS 3.0 services (`format=hsds`).',
          description:
            "Every entity sorted by id; HSDS: every offer (inactive ones with status `inactive`), each service with HSDS 3.0's required fields. Importing the answer again reports every entry `unchanged`. 404 when the catalogue was never seeded.",
          security: security(['lotse/coordinator']),
          parameters: queryParameters(exportQuerySchema),
          responses: {
            '200': {
              description: 'The catalogue document, or `{ "services": [...] }`.',
              content: {
                'application/json': { schema: { oneOf: [ref('CatalogueDocument'), HSDS_SERVICE_LIST_SCHEMA] } },
              },
            },
            ...problems([400, 401, 403, 404]),
          },
        },
      },
      '/v1/reports/coverage': {
        get: {
          operationId: 'coverageReport',
          tags: ['reports'],
          summary: 'The coverage (gap) report: anonymised counts per district × life phase × need × institution type.',
          description: COVERAGE_DESCRIPTION,
          security: security(['lotse/coordinator']),
          parameters: [
            {
              name: 'from',
              in: 'query',
              required: false,
              description: 'First day (YYYY-MM-DD, UTC). Default: 29 days before `to`.',
              schema: { type: 'string', format: 'date' },
            },
            {
              name: 'to',
              in: 'query',
              required: false,
              description: 'Last day, inclusive (YYYY-MM-DD, UTC). Default: today. At most 366 days from `from`.',
              schema: { type: 'string', format: 'date' },
            },
          ],
          responses: {
            '200': {
              description: 'The report (JSON), or the cells as CSV with `Accept: text/csv`.',
              content: {
                'application/json': { schema: ref('CoverageReport') },
                'text/csv': {
                  schema: { type: 'string' },
                  example:
                    'districtId,phase,need,institutionType,received,routed,unmatched,accepted,connected,medianHoursToFirstAction\r\nnord,infant,parenting,birth-clinic,12,9,3,8,5,24\r\nnord,infant,language,birth-clinic,,,,,,\r\n',
                },
              },
            },
            ...problems([400, 401, 403], {
              400: '`validation`: `from`/`to` not a date, `to` before `from`, more than 366 days, or an unknown parameter.',
            }),
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
