// zod schemas of the HTTP API's parameters and responses; with the domain's request schemas they feed the OpenAPI.
import * as z from 'zod';
import { ACCOUNT_PAGE_LIMIT } from '#application/identity/accounts.ts';
import { INBOX_DEFAULT_LIMIT } from '#application/office/list-cases.ts';
import { REFERRALS_DEFAULT_LIMIT } from '#application/referrer/list-referrals.ts';
import { AUDIT_ACTIONS, CASE_EVENT_TYPES, ROLES } from '#domain/case.ts';
import { catalogueSchema, districtSchema, institutionSchema, offerSchema, officeSchema } from '#domain/catalogue.ts';
import {
  CASE_STATUSES,
  CONSENT_GIVERS,
  CONSENT_METHODS,
  CONSENT_SCOPES,
  ESCALATION_REASONS,
  INSTITUTION_TYPES,
  LIFE_PHASES,
  NEED_CODES,
  OFFER_STATUSES,
  OUTCOMES,
  REFERRER_STATUSES,
  URGENCIES,
  WITHDRAW_REASONS,
} from '#domain/codes.ts';
import { coverageRangeParametersSchema } from '#domain/coverage.ts';
import { entityId, expecting, oneOf } from '#domain/field-rules.ts';
import { HSDS_TAXONOMIES, hsdsServiceSchema } from '#domain/hsds.ts';
import { ACCOUNT_STATUSES, CLIENT_STATUSES } from '#domain/identity.ts';
import { lazily } from '#domain/lazily.ts';
import { REASON_CODES } from '#domain/matching.ts';
import { idempotencyKeySchema, referralSchema } from '#domain/referral.ts';
import { REPORTING_GRIDS } from '#domain/reporting-periods.ts';
import { parseIfMatch } from './preconditions.ts';
import { PROBLEM_TYPES } from './problem.ts';

/** Opaque ids: anything else cannot exist and answers 404. */
/** A schema built on its first use and kept (response schemas: only the OpenAPI document and the tests read them). */
export { lazily };

const opaqueId = lazily(() => z.string().min(1).max(128).describe('Opaque identifier.'));
const timestamp = lazily(() => z.string().describe('RFC 3339 UTC timestamp.'));

/**
 * The referral body as clients send it, for the route table and its document. Intake validates with
 * `referralSchema(now)` instead: its date rules are relative to the moment of submission.
 */
export const referralRequestSchema = lazily(() => referralSchema(new Date(0)));

/** Submitting a referral: the key that makes a retry safe (its absence is reported by intake, at its turn). */
export const idempotencyHeadersSchema = lazily(() =>
  z.object({
    'Idempotency-Key': idempotencyKeySchema()
      .optional()
      .describe(
        'Per institution: the same key with the same body answers the same 202 and creates no second case; with another body 422 `idempotency-key-reused`.',
      ),
  }),
);

/** A change of a case: the versions If-Match names (absent: undefined; the use case answers 428 at its turn). */
export const ifMatchHeadersSchema = lazily(() =>
  z.object({
    'If-Match': z
      .string()
      .optional()
      .transform(parseIfMatch)
      .describe(
        'The case version this change is based on, as the ETag sent it: `"<version>"` compared strongly (RFC 9110): a weak `W/"<version>"` or `*` matches no version (412). Missing: 428. Another version: 412.',
      ),
  }),
);

export const referralParamsSchema = lazily(() => z.object({ referralId: opaqueId() }));
export const caseParamsSchema = lazily(() => z.object({ caseId: opaqueId() }));

export const referralAcceptedSchema = lazily(() =>
  z.object({
    referralId: opaqueId(),
    status: z.literal('received'),
    links: z.object({ self: z.string().describe('Path of the referral status resource.') }),
  }),
);

export const milestoneSchema = lazily(() => z.object({ status: z.enum(REFERRER_STATUSES), at: timestamp() }));

export const referralStatusSchema = lazily(() =>
  z.object({
    referralId: opaqueId(),
    status: z.enum(REFERRER_STATUSES),
    outcome: z.enum(OUTCOMES).optional().describe('Only with `feedback` consent and once the case is closed.'),
    referrerReference: z
      .string()
      .optional()
      .describe(
        "The institution's own reference given with the referral; shown to that institution only, and gone once the family's personal data is erased or expired.",
      ),
    createdAt: timestamp(),
    updatedAt: timestamp().describe('Without `feedback` consent: the time of the last visible milestone.'),
    milestones: z.array(milestoneSchema()),
  }),
);

/** One referral of a list: the single referral's view without its milestones (never case content). */
export const referralListItemSchema = lazily(() => referralStatusSchema().omit({ milestones: true }));

export const referralListSchema = lazily(() =>
  z.object({
    items: z.array(referralListItemSchema()).describe('Newest first.'),
    nextCursor: z.string().nullable().describe('Pass as `cursor` for the next page; null on the last page.'),
  }),
);

export const proposalSchema = lazily(() =>
  z.object({
    rank: z.int().min(1).describe('1 is the best proposal.'),
    offerId: z.string(),
    name: z.string(),
    organization: z.string(),
    needsCovered: z.array(z.enum(NEED_CODES)),
    speaksFamilyLanguage: z.boolean(),
    outreach: z.boolean(),
    capacityAvailable: z.int().nullable().describe('Places left; null when the offer does not track capacity.'),
    reasons: z.array(z.object({ code: z.enum(REASON_CODES), detail: z.string() })),
  }),
);

export const caseEventSchema = lazily(() =>
  z.object({
    seq: z.int().min(1).describe('The case version after this event.'),
    type: z.enum(CASE_EVENT_TYPES),
    at: timestamp(),
    actor: z
      .string()
      .optional()
      .describe(
        '`referrer:<institutionId>`, `system:router`, `system:sweeper`, `office:<officeId>` or `coordinator`; absent on the events before an erasure (they keep only type and time).',
      ),
    details: z.record(z.string(), z.unknown()).optional(),
  }),
);

// Contact and referrer as validated at intake. Children and consent are restated without the date rules: those are
// relative to the moment of submission, and a stored case must still match its schema years later.
const calendarDate = lazily(() => z.string().describe('YYYY-MM-DD'));
const storedChildSchema = lazily(() =>
  z.object({ birthDate: calendarDate().optional(), expectedBirthDate: calendarDate().optional() }),
);
const storedConsentSchema = lazily(() =>
  z.object({
    scopes: z.array(z.enum(CONSENT_SCOPES)),
    givenBy: z.enum(CONSENT_GIVERS),
    givenAt: timestamp(),
    method: z.enum(CONSENT_METHODS),
  }),
);

export const caseNoteSchema = lazily(() =>
  z.object({
    seq: z.int().min(1).describe('The history event the note belongs to (e.g. the decline).'),
    note: z.string(),
    by: z.string().optional().describe('Who wrote it (`office:<officeId>`); an office sees only its own notes.'),
  }),
);

export const caseViewSchema = lazily(() =>
  z.object({
    caseId: opaqueId(),
    status: z.enum(CASE_STATUSES),
    version: z.int().min(1).describe('Also sent as the ETag; state changes require it in If-Match.'),
    createdAt: timestamp(),
    updatedAt: timestamp(),
    officeId: z.string().nullable(),
    districtId: z.string().optional().describe('Absent once the family data is erased (the tombstone).'),
    institutionId: z.string(),
    institutionType: z.enum(INSTITUTION_TYPES),
    urgency: z.enum(URGENCIES).optional().describe('Absent once the family data is erased.'),
    phases: z.array(z.enum(LIFE_PHASES)).optional().describe('Absent once the family data is erased.'),
    needs: z.array(z.enum(NEED_CODES)).optional().describe('Absent once the family data is erased.'),
    consentScopes: z.array(z.enum(CONSENT_SCOPES)),
    personalData: z
      .enum(['present', 'erased'])
      .describe(
        "`erased` after withdrawal, a coordinator's erasure, or retention: the personal fields (languages, interpreterNeeded, contact, children, postalCode, accessibility, note, consent, referrer, notes) are then absent; once `erasedAt` is set the case is a tombstone, which also has no district, urgency, phases, needs, proposals or outcome.",
      ),
    languages: z.array(z.string()).optional(),
    interpreterNeeded: z.boolean().optional(),
    contact: referralRequestSchema().shape.contact.optional(),
    children: z.array(storedChildSchema()).optional(),
    postalCode: z.string().optional(),
    accessibility: z
      .object({
        homeVisit: z.boolean(),
        barrierFree: z.boolean(),
        childcareDuringAppointment: z.boolean(),
      })
      .optional(),
    note: z.string().nullable().optional(),
    consent: storedConsentSchema().optional(),
    referrer: referralRequestSchema().shape.referrer.optional(),
    notes: z.array(caseNoteSchema()).optional().describe('Free-text notes of offices (e.g. with a decline).'),
    proposals: z.array(proposalSchema()).describe('Ranked offers (at most 5), each with its reasons.'),
    unmatched: z.boolean().describe('Routed without any eligible offer.'),
    escalationReason: z.enum(ESCALATION_REASONS).nullable(),
    routedAt: timestamp().nullable().describe('When the current office got the case.'),
    deadlineAt: timestamp()
      .nullable()
      .describe('Until when the current office must open the case (working days by urgency), else it escalates.'),
    openedAt: timestamp().nullable().describe('First read by the current office.'),
    closedAt: timestamp().nullable(),
    outcome: z.enum(OUTCOMES).nullable(),
    closedOfferId: z.string().nullable(),
    withdrawnAt: timestamp().nullable(),
    withdrawReason: z.enum(WITHDRAW_REASONS).nullable(),
    erasedAt: timestamp().nullable().describe('When the family data was erased; the case is then a tombstone.'),
    history: z.array(caseEventSchema()),
  }),
);
export type CaseView = z.infer<ReturnType<typeof caseViewSchema>>;

/** One line of an inbox: no personal data, just enough to triage. */
export const inboxItemSchema = lazily(() =>
  z.object({
    caseId: opaqueId(),
    status: z.enum(CASE_STATUSES),
    urgency: z.enum(URGENCIES),
    createdAt: timestamp(),
    updatedAt: timestamp(),
    officeId: z.string().nullable(),
    districtId: z.string(),
    phases: z.array(z.enum(LIFE_PHASES)),
    needs: z.array(z.enum(NEED_CODES)),
    opened: z.boolean().describe('The current office has read the case.'),
    deadlineAt: timestamp().optional().describe('Present while the case waits to be opened by its office.'),
    escalationReason: z
      .enum(ESCALATION_REASONS)
      .optional()
      .describe('Why an escalated case waits for a coordinator (so the list needs no read of each case).'),
  }),
);
export type InboxItem = z.infer<ReturnType<typeof inboxItemSchema>>;

export const inboxPageSchema = lazily(() =>
  z.object({
    items: z.array(inboxItemSchema()),
    nextCursor: z.string().nullable().describe('Pass as `cursor` for the next page; null on the last page.'),
  }),
);

export { INBOX_DEFAULT_LIMIT, REFERRALS_DEFAULT_LIMIT };
export const INBOX_MAX_LIMIT = 100;
export const REFERRALS_MAX_LIMIT = 100;

/** The `limit` query parameter of a paged listing: a whole number from 1 to `max`. */
function pageLimit(max: number, defaultLimit: number) {
  const error = `must be a whole number from 1 to ${max}`;
  return z
    .string(expecting('a whole number'))
    .regex(/^[0-9]{1,3}$/, { error })
    .transform(Number)
    .pipe(z.int().min(1, { error }).max(max, { error }))
    .optional()
    .describe(`Items per page, 1–${max} (default ${defaultLimit}).`);
}

/** The `cursor` query parameter of a paged listing. */
const pageCursor = lazily(() =>
  z
    .string(expecting('a cursor'))
    .min(1, { error: 'must not be empty' })
    .optional()
    .describe('The `nextCursor` of the previous page of the same listing; opaque.'),
);

/** The referral list's query string (all optional). */
export const referralListQuerySchema = lazily(() =>
  z.strictObject({
    status: oneOf(REFERRER_STATUSES)
      .optional()
      .describe('Only referrals showing this status, as the referral itself shows it (not the internal case status).'),
    limit: pageLimit(REFERRALS_MAX_LIMIT, REFERRALS_DEFAULT_LIMIT),
    cursor: pageCursor(),
  }),
);

/** The inbox query string (all optional). */
export const inboxQuerySchema = lazily(() =>
  z.strictObject({
    status: oneOf(CASE_STATUSES).optional().describe('Only cases in this status.'),
    limit: pageLimit(INBOX_MAX_LIMIT, INBOX_DEFAULT_LIMIT),
    cursor: pageCursor(),
    officeId: entityId()
      .optional()
      .describe('Coordinator only: the inbox of this office instead of all cases. Offices always see their own.'),
  }),
);
export type InboxQueryParams = z.infer<ReturnType<typeof inboxQuerySchema>>;

export const withdrawAcceptedSchema = lazily(() =>
  z.object({ referralId: opaqueId(), status: z.literal('withdrawn') }),
);
export const eraseAcceptedSchema = lazily(() =>
  z.object({
    caseId: opaqueId(),
    status: z.enum(CASE_STATUSES).describe('`withdrawn` for a case that was open, `closed` for a closed one.'),
    erasedAt: timestamp(),
  }),
);

export const auditEntrySchema = lazily(() =>
  z.object({
    at: timestamp(),
    actor: z.object({
      role: z.enum(ROLES),
      organizationId: z.string().optional().describe('The institution (referrer) or office.'),
      accountId: z.string().optional().describe('The person, when they signed in as themselves (absent for systems).'),
    }),
    action: z
      .enum(AUDIT_ACTIONS)
      .describe('`read` (GET of the case), a transition whose answer carried the case, or `export`.'),
  }),
);
export const auditListSchema = lazily(() => z.object({ items: z.array(auditEntrySchema()) }));

export const caseExportSchema = lazily(() =>
  z.object({
    exportedAt: timestamp(),
    case: caseViewSchema().describe('The case as a coordinator reads it, with every note.'),
    referral: z
      .record(z.string(), z.unknown())
      .nullable()
      .describe('The referral exactly as submitted and stored (null once erased).'),
    audit: z.array(auditEntrySchema()).describe('Who received the family data and when, this export included.'),
  }),
);

export const problemSchema = lazily(() =>
  z.object({
    type: z.enum(PROBLEM_TYPES),
    title: z.string(),
    status: z.int(),
    detail: z.string(),
    errors: z
      .array(z.object({ path: z.string().describe('Dot-separated, e.g. children.0.birthDate.'), message: z.string() }))
      .optional(),
  }),
);

// Catalogue editing (coordinator; offices may read offers).

export const offerParamsSchema = lazily(() => z.object({ offerId: opaqueId() }));
export const officeParamsSchema = lazily(() => z.object({ officeId: opaqueId() }));
export const institutionParamsSchema = lazily(() => z.object({ institutionId: opaqueId() }));

export const offerListQuerySchema = lazily(() =>
  z.strictObject({
    status: oneOf(OFFER_STATUSES).optional().describe('Only offers in this status.'),
  }),
);
/** Lists without parameters: any query parameter is unknown (400). */
export const emptyQuerySchema = lazily(() => z.strictObject({}));

export const offerListSchema = lazily(() => z.object({ items: z.array(offerSchema()).describe('Sorted by id.') }));
export const officeListSchema = lazily(() => z.object({ items: z.array(officeSchema()).describe('Sorted by id.') }));
export const institutionListSchema = lazily(() =>
  z.object({ items: z.array(institutionSchema()).describe('Sorted by id.') }),
);
export const districtListSchema = lazily(() =>
  z.object({
    items: z.array(districtSchema()).describe('Sorted by id; every postal code belongs to exactly one district.'),
  }),
);

export const importQuerySchema = lazily(() =>
  z.strictObject({
    partial: z
      .enum(['true', 'false'], { error: 'must be true or false' })
      .optional()
      .transform((value) => value === 'true')
      .describe('`true`: apply the valid entries and report the rejected ones. Default: all or nothing.'),
  }),
);

export const exportQuerySchema = lazily(() =>
  z.strictObject({
    format: z
      .enum(['document', 'hsds'], { error: 'must be document or hsds' })
      .default('document')
      .describe(
        '`hsds`: the offers as HSDS 3.0 services with 3.1 `capacities` (`{ "services": [...] }`). Default: the catalogue document.',
      ),
  }),
);

const fieldErrorSchema = lazily(() =>
  z.object({
    path: z.string().describe('Dot-separated path in the submitted body, e.g. `offers.3.districts.0`.'),
    message: z.string(),
  }),
);

export const importReportSchema = lazily(() =>
  z.object({
    created: z
      .array(z.string())
      .describe('Ids of new entries (documents: kind-qualified, e.g. `offer:elterncafe-nord`).'),
    updated: z.array(z.string()).describe('Ids of entries that existed and changed.'),
    unchanged: z.array(z.string()).describe('Ids of entries equal to the stored ones (not written).'),
    rejected: z.array(
      z.object({
        position: z
          .int()
          .min(0)
          .describe(
            'Zero-based index of the entry in its list (documents: within `districts`, `offices`, `institutions` or `offers`, the `path` of its reasons names which; `municipality` is 0; HSDS: within the service list).',
          ),
        id: z.string().optional().describe('The entry id, when it has one.'),
        reasons: z.array(fieldErrorSchema()),
      }),
    ),
  }),
);

export const catalogueDocumentSchema = catalogueSchema;

/** The domain's HSDS service with descriptions for the document (it validates the same). */
export const documentedHsdsServiceSchema = lazily(() =>
  hsdsServiceSchema()
    .safeExtend({
      attributes: hsdsServiceSchema().shape.attributes.describe(
        `Each \`{ "taxonomy_term": { "taxonomy", "code" } }\`: terms of the taxonomies ${Object.values(HSDS_TAXONOMIES).join(', ')} are read (needs, modes, life phases, and Lotse's own offer id, which names the offer when present), attributes of other taxonomies are ignored.`,
      ),
      capacities: hsdsServiceSchema().shape.capacities.describe(
        'HSDS 3.1 capacity (unit, available, maximum, updated); at most one entry. Exported by Lotse.',
      ),
      service_capacity: hsdsServiceSchema().shape.service_capacity.describe(
        'The older name of `capacities`, read at import when `capacities` is absent; never exported.',
      ),
    })
    .describe(
      'An Open Referral HSDS 3.0 service (compiled form) with HSDS 3.1 `capacities`; every `id` Lotse exports is a UUID (v5, stable per municipality and offer). HSDS fields not listed here are accepted and ignored.',
    ),
);
const hsdsServiceListSchema = lazily(() => z.object({ services: z.array(documentedHsdsServiceSchema()) }));

/** An import body: a catalogue document, or HSDS 3.0 services as a list or `{ services }` (the import tells them apart). */
export const catalogueImportSchema = lazily(() =>
  z.union([catalogueSchema(), z.array(documentedHsdsServiceSchema()), hsdsServiceListSchema()]),
);
export const catalogueExportSchema = lazily(() => z.union([catalogueSchema(), hsdsServiceListSchema()]));

/** A rejected import (422): the problem with the whole report in `import`. */
export const importRejectedSchema = lazily(() => problemSchema().extend({ import: importReportSchema() }));

/** The coverage report's range as sent; its defaults and limits are relative to today, so the use case applies them. */
export const coverageQuerySchema = coverageRangeParametersSchema;

const countOrSuppressed = lazily(() =>
  z
    .int()
    .min(0)
    .nullable()
    .describe(
      'null when not published: in some period of the range the count, or its difference to a count it is nested in, was 1 to 4.',
    ),
);
const reportingPeriodSchema = lazily(() =>
  z.object({
    id: z.string().describe('`YYYY-MM` (a month) or `YYYY-Qn` (a quarter).'),
    from: calendarDate().describe('First day (YYYY-MM-DD).'),
    to: calendarDate().describe('Last day, inclusive (YYYY-MM-DD).'),
  }),
);
export const coverageReportSchema = lazily(() =>
  z.object({
    from: calendarDate().describe('YYYY-MM-DD: the first day of the first period covered (the asked `from`, widened).'),
    to: calendarDate().describe(
      'YYYY-MM-DD: the last day of the last period covered, inclusive (the asked `to`, widened).',
    ),
    grid: z
      .enum(REPORTING_GRIDS)
      .describe("The municipality's fixed grid of reporting periods: calendar months or calendar quarters."),
    periods: z
      .array(reportingPeriodSchema())
      .describe('The whole periods the answer covers, in order; every count is a sum over exactly these.'),
    cells: z.array(
      z.object({
        districtId: z.string(),
        phase: z.enum(LIFE_PHASES),
        need: z.enum(NEED_CODES),
        institutionType: z.enum(INSTITUTION_TYPES),
        received: countOrSuppressed(),
        routed: countOrSuppressed(),
        unmatched: countOrSuppressed(),
        accepted: countOrSuppressed(),
        connected: countOrSuppressed(),
        medianHoursToFirstAction: z
          .union([z.number(), z.literal('inf')])
          .nullable()
          .describe(
            'Upper bound in hours of the first-action histogram bucket (1, 2, 4, 8, 12, 24, 48, 72, 120, 168, 336, `inf`) holding the median; null when no office acted yet, when the cell is suppressed, or when some period had 1 to 4 first actions.',
          ),
      }),
    ),
    childProtectionRefusals: z
      .array(
        z.object({
          period: z.string().describe('The period id, as in `periods`.'),
          count: countOrSuppressed().describe('Refusals in the period; null when 1 to 4.'),
        }),
      )
      .describe('One entry per period covered.'),
  }),
);

// Accounts and machine clients (coordinator).

const { max: ACCOUNT_MAX_LIMIT, default: ACCOUNT_DEFAULT_LIMIT } = ACCOUNT_PAGE_LIMIT;

export const accountParamsSchema = lazily(() => z.object({ accountId: opaqueId() }));
export const clientParamsSchema = lazily(() => z.object({ clientId: opaqueId() }));

export const accountQuerySchema = lazily(() =>
  z.strictObject({
    role: oneOf(ROLES).optional().describe('Only accounts of this role.'),
    organizationId: entityId().optional().describe('Only accounts of this institution or office.'),
    limit: pageLimit(ACCOUNT_MAX_LIMIT, ACCOUNT_DEFAULT_LIMIT),
    cursor: pageCursor(),
  }),
);

const organizationIdField = lazily(() =>
  z.string().nullable().describe('The institution (role referrer) or office (role office); null for a coordinator.'),
);

export const accountSchema = lazily(() =>
  z.object({
    accountId: z.string(),
    email: z.string(),
    name: z.string(),
    role: z.enum(ROLES),
    organizationId: organizationIdField(),
    status: z
      .enum(ACCOUNT_STATUSES)
      .describe('`invited` until the first sign-in, `active` after it, `disabled` when locked out.'),
    createdAt: timestamp(),
  }),
);

export const accountPageSchema = lazily(() =>
  z.object({
    items: z.array(accountSchema()).describe('Ordered by account id.'),
    nextCursor: z.string().nullable().describe('Pass as `cursor` for the next page; null on the last page.'),
  }),
);

export const clientSchema = lazily(() =>
  z.object({
    clientId: z.string().describe('The OAuth client id for the client-credentials grant.'),
    name: z.string(),
    role: z.enum(ROLES),
    organizationId: organizationIdField(),
    status: z.enum(CLIENT_STATUSES).describe('`disabled` once its institution or office left the catalogue.'),
    createdAt: timestamp(),
  }),
);

export const registeredClientSchema = lazily(() =>
  clientSchema().extend({
    clientSecret: z.string().describe('The client secret: shown in this answer only, never again.'),
  }),
);

export const clientListSchema = lazily(() =>
  z.object({ items: z.array(clientSchema()).describe('Ordered by client id.') }),
);
