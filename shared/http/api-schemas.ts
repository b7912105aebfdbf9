// zod schemas of the HTTP API's parameters and responses; with the domain's request schemas they feed the OpenAPI.
import { z } from 'zod';
import { CASE_EVENT_TYPES } from '#domain/case.ts';
import {
  CASE_STATUSES,
  CONSENT_GIVERS,
  CONSENT_METHODS,
  CONSENT_SCOPES,
  ESCALATION_REASONS,
  INSTITUTION_TYPES,
  LIFE_PHASES,
  NEED_CODES,
  OUTCOMES,
  REFERRER_STATUSES,
  URGENCIES,
} from '#domain/codes.ts';
import { REASON_CODES } from '#domain/matching.ts';
import { referralSchema } from '#domain/referral.ts';
import { PROBLEM_TYPES } from './problem.ts';

/** Opaque ids: anything else cannot exist and answers 404. */
const opaqueId = z.string().min(1).max(128).describe('Opaque identifier.');
const timestamp = z.string().describe('RFC 3339 UTC timestamp.');

export const referralParamsSchema = z.object({ referralId: opaqueId });
export const caseParamsSchema = z.object({ caseId: opaqueId });

export const referralAcceptedSchema = z.object({
  referralId: opaqueId,
  status: z.literal('received'),
  links: z.object({ self: z.string().describe('Path of the referral status resource.') }),
});

export const milestoneSchema = z.object({ status: z.enum(REFERRER_STATUSES), at: timestamp });

export const referralStatusSchema = z.object({
  referralId: opaqueId,
  status: z.enum(REFERRER_STATUSES),
  outcome: z.enum(OUTCOMES).optional().describe('Only with `feedback` consent and once the case is closed.'),
  createdAt: timestamp,
  updatedAt: timestamp,
  milestones: z.array(milestoneSchema),
});

export const proposalSchema = z.object({
  rank: z.int().min(1).describe('1 is the best proposal.'),
  offerId: z.string(),
  name: z.string(),
  organization: z.string(),
  needsCovered: z.array(z.enum(NEED_CODES)),
  speaksFamilyLanguage: z.boolean(),
  outreach: z.boolean(),
  capacityAvailable: z.int().nullable().describe('Places left; null when the offer does not track capacity.'),
  reasons: z.array(z.object({ code: z.enum(REASON_CODES), detail: z.string() })),
});

export const caseEventSchema = z.object({
  seq: z.int().min(1).describe('The case version after this event.'),
  type: z.enum(CASE_EVENT_TYPES),
  at: timestamp,
  actor: z.string().describe('`referrer:<institutionId>`, `system:router`, `office:<officeId>` or `coordinator`.'),
  details: z.record(z.string(), z.unknown()).optional(),
});

// Contact and referrer as validated at intake. Children and consent are restated without the date rules: those are
// relative to the moment of submission, and a stored case must still match its schema years later.
const referralShape = referralSchema(new Date(0)).shape;
const calendarDate = z.string().describe('YYYY-MM-DD');
const storedChildSchema = z.object({ birthDate: calendarDate.optional(), expectedBirthDate: calendarDate.optional() });
const storedConsentSchema = z.object({
  scopes: z.array(z.enum(CONSENT_SCOPES)),
  givenBy: z.enum(CONSENT_GIVERS),
  givenAt: timestamp,
  method: z.enum(CONSENT_METHODS),
});

export const caseViewSchema = z.object({
  caseId: opaqueId,
  status: z.enum(CASE_STATUSES),
  version: z.int().min(1).describe('Also sent as the ETag; later state changes require it in If-Match.'),
  createdAt: timestamp,
  updatedAt: timestamp,
  officeId: z.string().nullable(),
  districtId: z.string(),
  institutionId: z.string(),
  institutionType: z.enum(INSTITUTION_TYPES),
  urgency: z.enum(URGENCIES),
  phases: z.array(z.enum(LIFE_PHASES)),
  needs: z.array(z.enum(NEED_CODES)),
  languages: z.array(z.string()),
  interpreterNeeded: z.boolean(),
  contact: referralShape.contact,
  children: z.array(storedChildSchema),
  postalCode: z.string(),
  accessibility: z.object({
    homeVisit: z.boolean(),
    barrierFree: z.boolean(),
    childcareDuringAppointment: z.boolean(),
  }),
  note: z.string().nullable(),
  consent: storedConsentSchema,
  referrer: referralShape.referrer,
  proposals: z.array(proposalSchema).describe('Ranked offers (at most 5), each with its reasons.'),
  unmatched: z.boolean().describe('Routed without any eligible offer.'),
  escalationReason: z.enum(ESCALATION_REASONS).nullable(),
  history: z.array(caseEventSchema),
});
export type CaseView = z.infer<typeof caseViewSchema>;

export const problemSchema = z.object({
  type: z.enum(PROBLEM_TYPES),
  title: z.string(),
  status: z.int(),
  detail: z.string(),
  errors: z
    .array(z.object({ path: z.string().describe('Dot-separated, e.g. children.0.birthDate.'), message: z.string() }))
    .optional(),
});
