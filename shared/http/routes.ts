// THE route table of the HTTP API. Each entry names method, path, serving function, admitted roles, the zod schemas
// of path parameters, query, headers, body and responses, and the problems it can answer. The stateless stack creates
// the API Gateway routes from it, each function's handler dispatches by it, the OpenAPI document is generated from it,
// and the authorization tests are generated from it: a route is added here and nowhere else.
import type * as z from 'zod';
import type { Role } from '#domain/case.ts';
import {
  assignBodySchema,
  closeBodySchema,
  declineBodySchema,
  eraseBodySchema,
  withdrawBodySchema,
} from '#domain/case-commands.ts';
import {
  institutionBodySchema,
  institutionSchema,
  offerBodySchema,
  offerSchema,
  officeBodySchema,
  officeSchema,
} from '#domain/catalogue.ts';
import { exampleReferral } from '#domain/example-referral.ts';
import { accountBodySchema, clientBodySchema } from '#domain/identity.ts';
import {
  accountPageSchema,
  accountParamsSchema,
  accountQuerySchema,
  accountSchema,
  auditListSchema,
  caseExportSchema,
  caseParamsSchema,
  caseViewSchema,
  catalogueExportSchema,
  catalogueImportSchema,
  clientListSchema,
  clientParamsSchema,
  coverageQuerySchema,
  coverageReportSchema,
  districtListSchema,
  emptyQuerySchema,
  eraseAcceptedSchema,
  exportQuerySchema,
  idempotencyHeadersSchema,
  ifMatchHeadersSchema,
  importQuerySchema,
  importRejectedSchema,
  importReportSchema,
  inboxPageSchema,
  inboxQuerySchema,
  institutionListSchema,
  institutionParamsSchema,
  offerListQuerySchema,
  offerListSchema,
  offerParamsSchema,
  officeListSchema,
  officeParamsSchema,
  referralAcceptedSchema,
  referralListQuerySchema,
  referralListSchema,
  referralParamsSchema,
  referralRequestSchema,
  referralStatusSchema,
  registeredClientSchema,
  withdrawAcceptedSchema,
} from './api-schemas.ts';
import { IMPORT_MAX_BODY_BYTES } from './json-body.ts';

/** The functions that serve HTTP routes (the others are queue consumers or scheduled). */
export const HTTP_FUNCTIONS = ['intake', 'referrer', 'office', 'coordinator'] as const;
export type HttpFunctionName = (typeof HTTP_FUNCTIONS)[number];

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

/** Statuses a function answers with a problem body (401/403 of the gateway, 500 and 503 apply to every route). */
export type ProblemStatus = 400 | 403 | 404 | 409 | 412 | 413 | 415 | 422 | 428;

export interface ResponseSpec {
  readonly description: string;
  /** Built on first use (the functions never build their response schemas; the OpenAPI document and tests do). */
  readonly schema?: () => z.ZodType;
  /** Response headers (name → description). */
  readonly headers?: Readonly<Record<string, string>>;
  /** The same answer as CSV with `Accept: text/csv`, with an example. */
  readonly csvExample?: string;
}

/** A problem the route answers: `true` for the generic text of its status, a text of its own, or a richer body. */
export type ProblemSpec = true | string | { readonly description: string; readonly schema: () => z.ZodType };

/**
 * A request schema of the table: a thunk (what the table holds) is built when the route's handler is built, on its
 * first request, or by the OpenAPI document; never at a function's start-up. Tests may hand a schema itself.
 */
export type Lazy<T extends z.ZodType> = T | (() => T);

/** The schema a `Lazy` names, built now if it is a thunk. */
export type Built<L> = L extends () => infer T ? T : L;

export function schemaOf<T extends z.ZodType>(schema: Lazy<T>): T;
export function schemaOf<T extends z.ZodType>(schema: Lazy<T> | undefined): T | undefined;
export function schemaOf<T extends z.ZodType>(schema: Lazy<T> | undefined): T | undefined {
  return typeof schema === 'function' ? schema() : schema;
}

export interface BodySpec {
  /** The body's schema (see Lazy): built on first use, by the route's first request or the OpenAPI document. */
  readonly schema: Lazy<z.ZodType>;
  /**
   * Who checks the body against the schema:
   * - `route` (default): the dispatcher, before the use case (400);
   * - `after-lookup`: the use case, once it has found the resource (404 before 400), from a `Checked` value;
   * - `use-case`: the use case from the parsed JSON, because its checks come in an order of their own (a referral's
   *   child-protection question before any field rule) or the body has several formats (a catalogue import).
   */
  readonly checkedBy?: 'route' | 'after-lookup' | 'use-case';
  /** Raises the 32 KiB cap for this route only. */
  readonly maxBytes?: number;
  readonly example?: () => unknown;
}

export interface RouteSpec {
  readonly method: HttpMethod;
  /** API Gateway path syntax: `/v1/cases/{caseId}`. */
  readonly path: string;
  readonly function: HttpFunctionName;
  /** Roles admitted (any one suffices); the gateway checks their scopes, the function binds the principal. */
  readonly roles: readonly Role[];
  readonly tag: 'referrals' | 'cases' | 'catalogue' | 'reports' | 'accounts';
  readonly summary: string;
  readonly description?: string;
  /** Path parameters: a value the schema refuses answers 404, like an id that does not exist. */
  readonly params?: Lazy<z.ZodObject>;
  /** Query parameters (strict: an unknown one answers 400). */
  readonly query?: Lazy<z.ZodObject>;
  /** Request headers by their canonical name; `required` lists those the contract requires. */
  readonly headers?: { readonly schema: Lazy<z.ZodObject>; readonly required?: readonly string[] };
  readonly body?: BodySpec;
  readonly responses: Readonly<Partial<Record<200 | 201 | 202 | 204, ResponseSpec>>>;
  readonly problems: Readonly<Partial<Record<ProblemStatus, ProblemSpec>>>;
}

export const PROPAGATION_NOTE =
  'Functions that route referrals cache the catalogue for at most 60 seconds: a change reaches routing (proposals, offices, registered institutions) within 60 seconds.';

const ETAG = { ETag: 'The case version, quoted: `"<version>"`.' } as const;

/** What every case command answers and can refuse, in its order of checks. */
const CASE_COMMAND = {
  tag: 'cases',
  function: 'office',
  params: caseParamsSchema,
  headers: { schema: ifMatchHeadersSchema, required: ['If-Match'] },
  responses: {
    200: {
      description: 'The case after the change, with its new version as ETag.',
      schema: caseViewSchema,
      headers: ETAG,
    },
  },
  problems: {
    404: '`not-found`: no such case, or not assigned to the calling office (checked first).',
    409: '`conflict`: the state machine does not allow this action in the current status (checked last).',
    412: '`precondition-failed`: `If-Match` names another version than the current one, or a concurrent change won the race. Read the case again.',
    428: '`precondition-failed`: the `If-Match` header is missing.',
  },
} as const;

const BODY_PROBLEMS = {
  400: '`validation`: the body breaks a field rule (checked after 404, before 428).',
  413: true,
  415: true,
} as const;

/** Accounts and clients: the coordinator's, served by the coordinator function. */
const ACCOUNTS = { tag: 'accounts', function: 'coordinator', roles: ['coordinator'] } as const;

const UNKNOWN_ORGANIZATION =
  '`unknown-organization`: `organizationId` names no institution (role referrer) or office (role office) of the catalogue, is missing for those roles, or is given for role coordinator.';

/** The four routes of a catalogue collection: `/v1/<collection>` and `/v1/<collection>/{<kind>Id}`. */
const CATALOGUE = { tag: 'catalogue', function: 'coordinator' } as const;

export const ROUTES = {
  submitReferral: {
    method: 'POST',
    path: '/v1/referrals',
    function: 'intake',
    roles: ['referrer'],
    tag: 'referrals',
    summary: 'Submit a referral (routed asynchronously).',
    headers: { schema: idempotencyHeadersSchema, required: ['Idempotency-Key'] },
    body: { schema: referralRequestSchema, checkedBy: 'use-case', example: () => exampleReferral(new Date()) },
    responses: {
      202: {
        description: 'Received; the case is routed asynchronously. A replay answers the same body.',
        schema: referralAcceptedSchema,
        headers: { Location: 'Path of the referral.' },
      },
    },
    problems: {
      400: true,
      403: '`forbidden`: the institution of the token is not registered in the catalogue.',
      409: '`conflict`: a request with the same Idempotency-Key is still in flight; retry shortly.',
      413: true,
      415: true,
      422: "`child-protection` (detail names the municipality's child-protection contact; nothing is stored), `consent-required` (consent lacks scope `office`), `outside-service-area` (postal code in no district), or `idempotency-key-reused`.",
    },
  },
  listReferrals: {
    method: 'GET',
    path: '/v1/referrals',
    function: 'referrer',
    roles: ['referrer'],
    tag: 'referrals',
    summary: "The caller's institution's referrals, newest first, one page at a time (never case content).",
    description:
      'Each item is the referral as `GET /v1/referrals/{referralId}` shows it, without the milestones: `status`, `outcome` and `updatedAt` under the same `feedback` consent rule, the institution’s `referrerReference` while the family’s personal data exists; a withdrawn referral is listed as its tombstone. `status` filters by that referrer-visible status. Served by an index query; one request reads a bounded number of referrals, so a page of a rare status may hold fewer items while `nextCursor` is not null.',
    query: referralListQuerySchema,
    responses: { 200: { description: 'One page of referrals.', schema: referralListSchema } },
    problems: {
      400: '`validation`: `limit` outside 1–100, an unknown `status`, a `cursor` of another listing, or an unknown parameter; `path` names it.',
    },
  },
  getReferral: {
    method: 'GET',
    path: '/v1/referrals/{referralId}',
    function: 'referrer',
    roles: ['referrer'],
    tag: 'referrals',
    summary: "Milestones of a referral of the caller's institution (never case content).",
    params: referralParamsSchema,
    responses: {
      200: {
        description: 'Without `feedback` consent at most `forwarded` (or `withdrawn`) and no outcome.',
        schema: referralStatusSchema,
      },
    },
    problems: { 404: true },
  },
  withdrawReferral: {
    method: 'POST',
    path: '/v1/referrals/{referralId}/withdraw',
    function: 'referrer',
    roles: ['referrer'],
    tag: 'referrals',
    summary: 'Withdraw a referral: cancels the case and erases the family’s personal data.',
    description:
      'The case becomes `withdrawn` and, in the same transaction, the family’s personal data (referral, notes, proposals) is erased and the case keeps only its tombstone (id, institution, status, timestamps: no needs, life phases, district, urgency or outcome); anonymised counts remain. A later retry of the original submission (same `Idempotency-Key`, same body) answers the original 202 and creates nothing. Idempotent: withdrawing again answers 202 again. Checked in this order: 404 (not a referral of the caller’s institution), 400 (body), 409 (the case is closed).',
    params: referralParamsSchema,
    body: { schema: withdrawBodySchema, checkedBy: 'after-lookup' },
    responses: { 202: { description: 'Withdrawn (now or by an earlier request).', schema: withdrawAcceptedSchema } },
    problems: {
      400: true,
      404: true,
      409: '`conflict`: the case is closed; a closed case cannot be withdrawn (its data expires with retention).',
      413: true,
      415: true,
    },
  },
  listCases: {
    method: 'GET',
    path: '/v1/cases',
    function: 'office',
    roles: ['office', 'coordinator'],
    tag: 'cases',
    summary: "The inbox: the office's own cases (coordinator: all, or one office's), urgent first, then oldest.",
    description:
      'Served by an index query. Items carry no personal data. An office asking for another office (`officeId`) gets 404.',
    query: inboxQuerySchema,
    responses: { 200: { description: 'One page of the inbox.', schema: inboxPageSchema } },
    problems: {
      400: '`validation`: `limit` outside 1–100, an unknown `status`, a `cursor` of another listing, or an unknown parameter; `path` names it.',
      404: true,
    },
  },
  getCase: {
    method: 'GET',
    path: '/v1/cases/{caseId}',
    function: 'office',
    roles: ['office', 'coordinator'],
    tag: 'cases',
    summary: 'The whole case for the assigned office or a coordinator.',
    description:
      'The first read by the assigned office of a routed case records the `opened` event (once, also under concurrent reads; the version grows by one). Every answer that carries the family’s personal data is recorded in the case’s audit trail (who, when; `GET /v1/cases/{caseId}/audit`). An office sees only the notes it wrote itself; a coordinator sees all. After withdrawal, erasure or retention the personal fields are absent, `personalData` is `erased`, and the case is a tombstone (`erasedAt`).',
    params: caseParamsSchema,
    responses: { 200: { description: 'The case with proposals and history.', schema: caseViewSchema, headers: ETAG } },
    problems: { 404: true },
  },
  acceptCase: {
    ...CASE_COMMAND,
    method: 'POST',
    path: '/v1/cases/{caseId}/accept',
    roles: ['office'],
    summary: 'Accept a routed case (routed → accepted).',
    description: 'Publishes `case.accepted`. No body.',
  },
  declineCase: {
    ...CASE_COMMAND,
    method: 'POST',
    path: '/v1/cases/{caseId}/decline',
    roles: ['office'],
    summary: 'Decline a routed case (routed → escalated, reason `declined`).',
    description:
      'The case leaves the office (officeId null, out of its inbox) and waits for a coordinator. `note` is free text for the coordinator; it is stored with the personal data (erased with it), never in the history.',
    body: { schema: declineBodySchema, checkedBy: 'after-lookup' },
    problems: { ...CASE_COMMAND.problems, ...BODY_PROBLEMS },
  },
  startCase: {
    ...CASE_COMMAND,
    method: 'POST',
    path: '/v1/cases/{caseId}/start',
    roles: ['office'],
    summary: 'Start working an accepted case (accepted → in-progress).',
    description: 'No body.',
  },
  closeCase: {
    ...CASE_COMMAND,
    method: 'POST',
    path: '/v1/cases/{caseId}/close',
    roles: ['office'],
    summary: 'Close an accepted or in-progress case with its outcome (→ closed).',
    description:
      '`offerId` must be one of the case proposals or any active offer of the catalogue (else 400 at path `offerId`). Outcome `connected` with an offer that tracks capacity uses one place of it (never below zero; with none left the case closes all the same). The personal data is deleted the configured retention period (default 180 days) after closure. Publishes `case.closed`.',
    body: { schema: closeBodySchema, checkedBy: 'after-lookup' },
    problems: { ...CASE_COMMAND.problems, ...BODY_PROBLEMS },
  },
  assignCase: {
    ...CASE_COMMAND,
    method: 'POST',
    path: '/v1/cases/{caseId}/assign',
    roles: ['coordinator'],
    summary: 'Assign an escalated case to an office (escalated → routed).',
    description:
      'Coordinator only. The office must exist in the catalogue (else 400 at path `officeId`). The case gets a new response deadline and must be opened afresh by the new office. Publishes `case.routed` to the new office.',
    body: { schema: assignBodySchema, checkedBy: 'after-lookup' },
    problems: { ...CASE_COMMAND.problems, ...BODY_PROBLEMS },
  },
  getCaseAudit: {
    method: 'GET',
    path: '/v1/cases/{caseId}/audit',
    function: 'office',
    roles: ['coordinator'],
    tag: 'cases',
    summary: 'Who received the family’s personal data of a case, and when.',
    description:
      'Every answer that carried the family’s personal data (the case, a transition’s answer, an export), oldest first. Kept after erasure: it holds ids and times only.',
    params: caseParamsSchema,
    responses: { 200: { description: 'The audit trail.', schema: auditListSchema } },
    problems: { 404: true },
  },
  exportCase: {
    method: 'GET',
    path: '/v1/cases/{caseId}/export',
    function: 'office',
    roles: ['coordinator'],
    tag: 'cases',
    summary: 'Everything Lotse holds about a case, as one document (GDPR Art. 15).',
    description:
      'For a family that asks the municipality what is stored about it: the case with its personal data and every note, the referral as submitted, the history and the audit trail. The export itself is recorded in the audit trail first.',
    params: caseParamsSchema,
    responses: { 200: { description: 'The export document.', schema: caseExportSchema } },
    problems: { 404: true },
  },
  eraseCase: {
    method: 'POST',
    path: '/v1/cases/{caseId}/erase',
    function: 'office',
    roles: ['coordinator'],
    tag: 'cases',
    summary: 'Erase the family’s personal data of a case (GDPR Art. 17); cancels an open case.',
    description:
      'Exactly as a withdrawal erases: in one transaction the personal data and proposals are deleted and the case keeps only its tombstone; an open case becomes `withdrawn` (its office is told by `referral.withdrawn`), a closed one stays `closed`. The erasure is journalled (ids and times only) so that operations can re-apply it after a point-in-time restore. Repeating it answers 202 again.',
    params: caseParamsSchema,
    body: { schema: eraseBodySchema, checkedBy: 'after-lookup' },
    responses: { 202: { description: 'Erased (now or by an earlier request).', schema: eraseAcceptedSchema } },
    problems: { 400: true, 404: true, 413: true, 415: true },
  },

  listOffers: {
    ...CATALOGUE,
    method: 'GET',
    path: '/v1/offers',
    roles: ['coordinator', 'office'],
    summary: 'All offers, sorted by id.',
    query: offerListQuerySchema,
    responses: { 200: { description: '`{ items }` sorted by id.', schema: offerListSchema } },
    problems: { 400: '`validation`: an unknown query parameter or value.' },
  },
  getOffer: {
    ...CATALOGUE,
    method: 'GET',
    path: '/v1/offers/{offerId}',
    roles: ['coordinator', 'office'],
    summary: 'One offer.',
    params: offerParamsSchema,
    responses: { 200: { description: 'The offer.', schema: offerSchema } },
    problems: { 404: true },
  },
  putOffer: {
    ...CATALOGUE,
    method: 'PUT',
    path: '/v1/offers/{offerId}',
    roles: ['coordinator'],
    summary: 'Create or replace an offer (the entry of the catalogue document).',
    description: `The body is the offer as in the catalogue document; its \`id\` may be left out and must otherwise equal the path id (400 at \`id\`). Every district must exist in the catalogue (400 at \`districts.<i>\`); needs, life phases, modes and languages must be known codes (400). ${PROPAGATION_NOTE}`,
    params: offerParamsSchema,
    body: { schema: offerBodySchema },
    responses: {
      200: { description: 'Replaced.', schema: offerSchema },
      201: { description: 'Created.', schema: offerSchema },
    },
    problems: { 400: true, 404: '`not-found`: the path id is longer than 128 characters.', 413: true, 415: true },
  },
  deleteOffer: {
    ...CATALOGUE,
    method: 'DELETE',
    path: '/v1/offers/{offerId}',
    roles: ['coordinator'],
    summary: 'Deactivate an offer (status → `inactive`); it stays readable and referable from closed cases.',
    description: PROPAGATION_NOTE,
    params: offerParamsSchema,
    responses: { 200: { description: 'The offer, now inactive.', schema: offerSchema } },
    problems: { 404: true },
  },
  listOffices: {
    ...CATALOGUE,
    method: 'GET',
    path: '/v1/offices',
    roles: ['coordinator'],
    summary: 'All offices, sorted by id.',
    query: emptyQuerySchema,
    responses: { 200: { description: '`{ items }` sorted by id.', schema: officeListSchema } },
    problems: { 400: '`validation`: an unknown query parameter or value.' },
  },
  getOffice: {
    ...CATALOGUE,
    method: 'GET',
    path: '/v1/offices/{officeId}',
    roles: ['coordinator'],
    summary: 'One office.',
    params: officeParamsSchema,
    responses: { 200: { description: 'The office.', schema: officeSchema } },
    problems: { 404: true },
  },
  putOffice: {
    ...CATALOGUE,
    method: 'PUT',
    path: '/v1/offices/{officeId}',
    roles: ['coordinator'],
    summary: 'Create or replace an office (the entry of the catalogue document).',
    description: `The body is the office as in the catalogue document; its \`id\` may be left out and must otherwise equal the path id (400 at \`id\`). Every district must exist (400 at \`districts.<i>\`); a district already served by another office answers 409 \`conflict\` (one office per district keeps routing unambiguous). ${PROPAGATION_NOTE}`,
    params: officeParamsSchema,
    body: { schema: officeBodySchema },
    responses: {
      200: { description: 'Replaced.', schema: officeSchema },
      201: { description: 'Created.', schema: officeSchema },
    },
    problems: {
      400: true,
      404: '`not-found`: the path id is longer than 128 characters.',
      409: '`conflict`: a district is already served by another office, or the id belonged to a removed office (choose a new id: the old cases still name it).',
      413: true,
      415: true,
    },
  },
  deleteOffice: {
    ...CATALOGUE,
    method: 'DELETE',
    path: '/v1/offices/{officeId}',
    roles: ['coordinator'],
    summary:
      'Remove an office. Refused with 409 `conflict` while it holds open cases (routed, accepted, in progress or escalated).',
    description: `Its accounts and clients are disabled and its tokens are refused (403) on every route within seconds; its id is never given to another office (a later PUT of it answers 409). ${PROPAGATION_NOTE}`,
    params: officeParamsSchema,
    responses: { 204: { description: 'Removed.' } },
    problems: {
      404: true,
      409: '`conflict`: the office still holds open cases; close or reassign them first.',
    },
  },
  listInstitutions: {
    ...CATALOGUE,
    method: 'GET',
    path: '/v1/institutions',
    roles: ['coordinator'],
    summary: 'All institutions, sorted by id.',
    query: emptyQuerySchema,
    responses: { 200: { description: '`{ items }` sorted by id.', schema: institutionListSchema } },
    problems: { 400: '`validation`: an unknown query parameter or value.' },
  },
  getInstitution: {
    ...CATALOGUE,
    method: 'GET',
    path: '/v1/institutions/{institutionId}',
    roles: ['coordinator'],
    summary: 'One institution.',
    params: institutionParamsSchema,
    responses: { 200: { description: 'The institution.', schema: institutionSchema } },
    problems: { 404: true },
  },
  putInstitution: {
    ...CATALOGUE,
    method: 'PUT',
    path: '/v1/institutions/{institutionId}',
    roles: ['coordinator'],
    summary: 'Create or replace an institution (the entry of the catalogue document).',
    description: `The body is the institution as in the catalogue document; its \`id\` may be left out and must otherwise equal the path id (400 at \`id\`). \`type\` must be an institution type (400). ${PROPAGATION_NOTE}`,
    params: institutionParamsSchema,
    body: { schema: institutionBodySchema },
    responses: {
      200: { description: 'Replaced.', schema: institutionSchema },
      201: { description: 'Created.', schema: institutionSchema },
    },
    problems: {
      400: true,
      404: '`not-found`: the path id is longer than 128 characters.',
      409: '`conflict`: the id belonged to a removed institution (choose a new id: the old referrals still name it).',
      413: true,
      415: true,
    },
  },
  deleteInstitution: {
    ...CATALOGUE,
    method: 'DELETE',
    path: '/v1/institutions/{institutionId}',
    roles: ['coordinator'],
    summary: 'Remove a referring institution: its tokens are refused (403) on every route within seconds.',
    description: `Its accounts and clients are disabled; its id is never given to another institution (a later PUT of it answers 409). ${PROPAGATION_NOTE}`,
    params: institutionParamsSchema,
    responses: { 204: { description: 'Removed.' } },
    problems: { 404: true },
  },
  // Served by the coordinator function, which serves the catalogue's other reads too: its table grant covers the
  // catalogue items, and it reads them as stored now (the referrer function has no catalogue port and would gain one
  // for this route alone). Every role may call it; the route admits the principal and reads no tenant's data.
  listDistricts: {
    ...CATALOGUE,
    method: 'GET',
    path: '/v1/districts',
    roles: ['referrer', 'office', 'coordinator'],
    summary: 'The districts with their postal codes, sorted by id: whether a postal code is served, before submitting.',
    description:
      'Districts are not personal data. A postal code of no district answers 422 `outside-service-area` on submission.',
    query: emptyQuerySchema,
    responses: { 200: { description: '`{ items }` sorted by id.', schema: districtListSchema } },
    problems: { 400: '`validation`: an unknown query parameter or value.' },
  },
  importCatalogue: {
    ...CATALOGUE,
    method: 'POST',
    path: '/v1/catalogue/import',
    roles: ['coordinator'],
    summary: 'Import a catalogue document or an HSDS 3.0/3.1 service list (all or nothing unless partial).',
    description: 'See "Catalogue import" in the API description.',
    query: importQuerySchema,
    body: { schema: catalogueImportSchema, checkedBy: 'use-case', maxBytes: IMPORT_MAX_BODY_BYTES },
    responses: {
      200: {
        description: 'Applied (with `partial=true`: the valid entries); the report lists every entry.',
        schema: importReportSchema,
      },
    },
    problems: {
      400: '`validation`: the body is neither a catalogue document nor an HSDS service list, or the frame of the document is broken (a collection is not a list, an unknown top-level field), or `partial` is not true/false.',
      409: '`conflict`: an entry names the id of a removed office or institution; nothing was written (with `partial=true` that entry is rejected instead and the rest applied).',
      413: `\`payload-too-large\`: the body exceeds ${IMPORT_MAX_BODY_BYTES} bytes (5 MiB).`,
      415: true,
      422: {
        description:
          '`validation`: entries were rejected and nothing was written (without `partial=true`). The member `import` holds the report (ImportReport) with every rejection.',
        schema: importRejectedSchema,
      },
    },
  },
  exportCatalogue: {
    ...CATALOGUE,
    method: 'GET',
    path: '/v1/catalogue',
    roles: ['coordinator'],
    summary: 'Export the catalogue: the document, or its offers as HSDS services (`format=hsds`).',
    description:
      "Every entity sorted by id; HSDS: every offer (inactive ones with status `inactive`), each service with HSDS 3.0's required fields, UUIDs (v5, stable per municipality and offer), Lotse's offer id as an attribute of taxonomy `lotse-id`, and capacity as HSDS 3.1 `capacities`. Importing the answer again reports every entry `unchanged`. 404 when the catalogue was never seeded.",
    query: exportQuerySchema,
    responses: {
      200: { description: 'The catalogue document, or `{ "services": [...] }`.', schema: catalogueExportSchema },
    },
    problems: { 400: true, 404: true },
  },
  coverageReport: {
    method: 'GET',
    path: '/v1/reports/coverage',
    function: 'coordinator',
    roles: ['coordinator'],
    tag: 'reports',
    summary: 'The coverage (gap) report: anonymised counts per district × life phase × need × institution type.',
    description: 'See "Coverage report" in the API description.',
    query: coverageQuerySchema,
    responses: {
      200: {
        description:
          'The report over whole reporting periods (JSON, with codes, naming the periods), or the cells as CSV for people with `Accept: text/csv`: German column names and labels, counts not published as "nicht ausgewiesen", UTF-8 with a byte-order mark.',
        schema: coverageReportSchema,
        csvExample:
          '\uFEFFBezirk,Lebensphase,Bedarf,Art der Einrichtung,Eingegangen,Weitergeleitet,Ohne passendes Angebot,Angenommen,Vermittelt,Median Stunden bis zur ersten Reaktion\r\nnord,Frühe Kindheit,Erziehung und Entwicklung,Geburtsklinik,12,12,7,nicht ausgewiesen,nicht ausgewiesen,24\r\nnord,Frühe Kindheit,Sprache,Geburtsklinik,nicht ausgewiesen,nicht ausgewiesen,nicht ausgewiesen,nicht ausgewiesen,nicht ausgewiesen,\r\n',
      },
    },
    problems: {
      400: '`validation`: `from`/`to` not a date, `to` before `from`, `to` in a period after the current one, more than one year of whole periods (12 months or 4 quarters), or an unknown parameter.',
    },
  },
  listAccounts: {
    ...ACCOUNTS,
    method: 'GET',
    path: '/v1/accounts',
    summary: "People's accounts, filtered by role and organization, in pages.",
    query: accountQuerySchema,
    responses: { 200: { description: 'One page of accounts.', schema: accountPageSchema } },
    problems: { 400: '`validation`: an unknown query parameter or value.' },
  },
  inviteAccount: {
    ...ACCOUNTS,
    method: 'POST',
    path: '/v1/accounts',
    summary: 'Invite a person: creates the account and sends the invitation e-mail.',
    description:
      'In the cloud the user pool e-mails a temporary password; the first sign-in sets a new password and TOTP MFA. The account is `invited` until then. The e-mail address is compared case-insensitively.',
    body: { schema: accountBodySchema },
    responses: { 201: { description: 'The account, status `invited`.', schema: accountSchema } },
    problems: {
      400: true,
      409: '`conflict`: the e-mail address already has an account.',
      413: true,
      415: true,
      422: UNKNOWN_ORGANIZATION,
    },
  },
  disableAccount: {
    ...ACCOUNTS,
    method: 'POST',
    path: '/v1/accounts/{accountId}/disable',
    summary: 'Lock a person out: no sign-in, refresh tokens end at once, access tokens within 15 minutes.',
    params: accountParamsSchema,
    responses: { 200: { description: 'The account, status `disabled`.', schema: accountSchema } },
    problems: { 404: true },
  },
  enableAccount: {
    ...ACCOUNTS,
    method: 'POST',
    path: '/v1/accounts/{accountId}/enable',
    summary: 'Let a disabled person sign in again.',
    params: accountParamsSchema,
    responses: {
      200: { description: 'The account, `active` (or still `invited` if never signed in).', schema: accountSchema },
    },
    problems: { 404: true },
  },
  deleteAccount: {
    ...ACCOUNTS,
    method: 'DELETE',
    path: '/v1/accounts/{accountId}',
    summary: 'Delete an account: the person can no longer sign in, and the e-mail address is free again.',
    params: accountParamsSchema,
    responses: { 204: { description: 'Deleted.' } },
    problems: { 404: true },
  },
  listClients: {
    ...ACCOUNTS,
    method: 'GET',
    path: '/v1/clients',
    summary: "Registered systems' clients.",
    query: emptyQuerySchema,
    responses: { 200: { description: '`{ items }` ordered by client id.', schema: clientListSchema } },
    problems: { 400: '`validation`: an unknown query parameter or value.' },
  },
  registerClient: {
    ...ACCOUNTS,
    method: 'POST',
    path: '/v1/clients',
    summary: "Register a system (e.g. a clinic's software) as an OAuth client of one institution or office.",
    description: `The system obtains access tokens with the client-credentials grant (HTTP Basic with \`clientId\` and \`clientSecret\`) and scope \`lotse/<role>\`; each token carries the registration's binding claim. The secret is shown in this answer only.`,
    body: { schema: clientBodySchema },
    responses: { 201: { description: 'The client with its secret.', schema: registeredClientSchema } },
    problems: { 400: true, 413: true, 415: true, 422: UNKNOWN_ORGANIZATION },
  },
  deleteClient: {
    ...ACCOUNTS,
    method: 'DELETE',
    path: '/v1/clients/{clientId}',
    summary: 'Delete a client: it can obtain no more tokens.',
    params: clientParamsSchema,
    responses: { 204: { description: 'Deleted.' } },
    problems: { 404: true },
  },
} as const satisfies Readonly<Record<string, RouteSpec>>;

export type RouteId = keyof typeof ROUTES;
export type Routes = typeof ROUTES;

/** A body's schema, built now if it is a thunk. */
export function bodySchemaOf(body: BodySpec): z.ZodType;
export function bodySchemaOf(body: { readonly schema?: BodySpec['schema'] | undefined }): z.ZodType | undefined;
export function bodySchemaOf(body: { readonly schema?: BodySpec['schema'] | undefined }): z.ZodType | undefined {
  return schemaOf(body.schema);
}

/** The route key API Gateway hands to the function: `POST /v1/cases/{caseId}/accept`. */
export function routeKeyOf(route: Pick<RouteSpec, 'method' | 'path'>): string {
  return `${route.method} ${route.path}`;
}

/** A route's path with its parameters filled in: `pathOf(ROUTES.getReferral, { referralId })`. */
export function pathOf(route: Pick<RouteSpec, 'path'>, params: Readonly<Record<string, string>>): string {
  return route.path.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(params[name] ?? ''));
}

/** The ids of the routes one function serves. */
export type RouteIdOf<F extends HttpFunctionName> = {
  [K in RouteId]: Routes[K]['function'] extends F ? K : never;
}[RouteId];

/** Every route as a list, for the stack, the document and the tests. */
export function routeList(): ReadonlyArray<RouteSpec & { readonly id: RouteId }> {
  return (Object.keys(ROUTES) as RouteId[]).map((id) => ({ id, ...(ROUTES[id] as RouteSpec) }));
}
