// Closed code lists of the Lotse domain (DOMAIN.md, API.md) and the union types derived from them.

/** Need categories in DOMAIN.md order: what the family agreed to share, never diagnoses. */
export const NEED_CODES = [
  'financial-support',
  'childcare',
  'parenting',
  'family-education',
  'health-support',
  'pregnancy-counselling',
  'language',
  'school',
  'career-transition',
  'relationship',
  'everyday-relief',
  'participation',
  'migration',
  'early-intervention',
] as const;
export type NeedCode = (typeof NEED_CODES)[number];

/** Life phases in chronological order; always derived from the children, never chosen freely. */
export const LIFE_PHASES = ['pregnancy', 'infant', 'kita', 'primary', 'secondary', 'transition'] as const;
export type LifePhase = (typeof LIFE_PHASES)[number];

/** `soon` means within two weeks, `urgent` within three days. */
export const URGENCIES = ['routine', 'soon', 'urgent'] as const;
export type Urgency = (typeof URGENCIES)[number];

export const INSTITUTION_TYPES = [
  'birth-clinic',
  'paediatric-practice',
  'gynaecology-practice',
  'school',
  'kita',
  'youth-work',
  'family-education',
  'other',
] as const;
export type InstitutionType = (typeof INSTITUTION_TYPES)[number];

export const OFFER_MODES = ['on-site', 'outreach', 'online', 'phone'] as const;
export type OfferMode = (typeof OFFER_MODES)[number];

export const OFFER_STATUSES = ['active', 'inactive'] as const;
export type OfferStatus = (typeof OFFER_STATUSES)[number];

/** Consent is granular per recipient: matched offers, the family office, feedback to the referrer. */
export const CONSENT_SCOPES = ['office', 'offer', 'feedback'] as const;
export type ConsentScope = (typeof CONSENT_SCOPES)[number];

export const CONSENT_GIVERS = ['parent', 'guardian', 'young-person'] as const;
export type ConsentGiver = (typeof CONSENT_GIVERS)[number];

export const CONSENT_METHODS = ['written', 'verbal-documented'] as const;
export type ConsentMethod = (typeof CONSENT_METHODS)[number];

export const CONTACT_ROLES = ['mother', 'father', 'guardian', 'young-person', 'other'] as const;
export type ContactRole = (typeof CONTACT_ROLES)[number];

export const CONTACT_CHANNELS = ['phone', 'email', 'sms', 'letter', 'in-person'] as const;
export type ContactChannel = (typeof CONTACT_CHANNELS)[number];

/** Internal case statuses (API.md "Cases"). */
export const CASE_STATUSES = [
  'received',
  'routed',
  'accepted',
  'in-progress',
  'closed',
  'escalated',
  'withdrawn',
] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

/** Statuses the referrer sees (API.md "GET /v1/referrals/{referralId}"); never the internal ones. */
export const REFERRER_STATUSES = ['received', 'forwarded', 'in-progress', 'closed', 'withdrawn'] as const;
export type ReferrerStatus = (typeof REFERRER_STATUSES)[number];

export const OUTCOMES = [
  'connected',
  'waitlisted',
  'family-declined',
  'unreachable',
  'referred-elsewhere',
  'no-capacity',
] as const;
export type Outcome = (typeof OUTCOMES)[number];

export const DECLINE_REASONS = ['not-responsible', 'no-capacity', 'duplicate', 'other'] as const;
export type DeclineReason = (typeof DECLINE_REASONS)[number];

export const WITHDRAW_REASONS = ['consent-withdrawn', 'entered-in-error', 'other'] as const;
export type WithdrawReason = (typeof WITHDRAW_REASONS)[number];

/** Why a coordinator erases a case's personal data (API.md "Data-subject requests"). */
export const ERASE_REASONS = ['data-subject-request', 'consent-withdrawn', 'other'] as const;
export type EraseReason = (typeof ERASE_REASONS)[number];

/** Why a case's personal data was erased: the referrer's withdrawal, a coordinator's erasure, or retention. */
export type ErasureCause = 'withdrawal' | 'erasure' | 'retention';

/** Why a case needs a coordinator: no office for the district, the office declined, or a deadline passed. */
export const ESCALATION_REASONS = ['no-office', 'declined', 'deadline'] as const;
export type EscalationReason = (typeof ESCALATION_REASONS)[number];

/** Office inbox order: urgent first (used for sort keys, lower sorts first). */
export const URGENCY_RANK: Readonly<Record<Urgency, number>> = { urgent: 0, soon: 1, routine: 2 };
