// The case as stored (without personal data), its personal data, its history events, and the authenticated caller.
import type {
  CaseStatus,
  ConsentScope,
  EscalationReason,
  InstitutionType,
  LifePhase,
  NeedCode,
  Outcome,
  Urgency,
  WithdrawReason,
} from './codes.ts';
import type { Proposal } from './matching.ts';
import type { Referral } from './referral.ts';

/**
 * A referral creates exactly one case; the case id is the referral id. The case record holds ONLY non-personal
 * data, so it survives erasure (withdrawal) and retention and still feeds the milestones and the anonymised counts.
 */
export type CaseRecord = {
  id: string;
  institutionId: string;
  institutionType: InstitutionType;
  status: CaseStatus;
  /** 1 at creation; +1 with every change (optimistic concurrency, ETag). */
  version: number;
  /** RFC 3339 UTC. */
  createdAt: string;
  updatedAt: string;
  urgency: Urgency;
  districtId: string;
  phases: LifePhase[];
  needs: NeedCode[];
  /** The referral's consent scopes: the referrer view's `feedback` gate must work after erasure. */
  consentScopes: ConsentScope[];
  /** The office that holds the case; null while none does (received, escalated). */
  officeId: string | null;
  proposals?: Proposal[];
  /** Routed without any eligible offer: a gap in the prevention chain (coverage report). */
  unmatched?: boolean;
  escalationReason?: EscalationReason;
  /** When the current office got the case (route or assign) and until when it must open it. */
  routedAt?: string;
  deadlineAt?: string;
  /** First read by the current office (the `opened` event); cleared when the case is assigned anew. */
  openedAt?: string;
  closedAt?: string;
  outcome?: Outcome;
  closedOfferId?: string;
  withdrawnAt?: string;
  withdrawReason?: WithdrawReason;
};

/** Fields a transition may set; the others are fixed at creation (or, for status/version/updatedAt, always set). */
export type CaseChangeableField =
  | 'officeId'
  | 'proposals'
  | 'unmatched'
  | 'escalationReason'
  | 'routedAt'
  | 'deadlineAt'
  | 'openedAt'
  | 'closedAt'
  | 'outcome'
  | 'closedOfferId'
  | 'withdrawnAt'
  | 'withdrawReason';

/** A free-text note of an office (e.g. with a decline): personal data, so it lives with the referral. */
export type CaseNote = { seq: number; note: string };

/** The family's personal data of a case, stored apart from the case so erasure is one delete. */
export type CasePersonalData = {
  /** The whole validated referral body. */
  referral: Referral;
  /** The Idempotency-Key of the submission (its record is erased together with this data). */
  idempotencyKey: string;
  notes: CaseNote[];
};

export const CASE_EVENT_TYPES = [
  'received',
  'routed',
  'escalated',
  'opened',
  'accepted',
  'declined',
  'started',
  'closed',
  'assigned',
  'withdrawn',
] as const;
export type CaseEventType = (typeof CASE_EVENT_TYPES)[number];

/** One history entry. `details` holds ids and codes only, never free text or personal data. */
export type CaseEvent = {
  /** Equals the case version after the event. */
  seq: number;
  type: CaseEventType;
  /** RFC 3339 UTC. */
  at: string;
  /** `referrer:<institutionId>` | `system:router` | `system:sweeper` | `office:<officeId>` | `coordinator`. */
  actor: string;
  details?: Record<string, unknown>;
};

/** Who read a case's personal data, and when (kept after erasure; no personal data itself). */
export type AuditEntry = { actor: string; at: string; action: 'read' };

export const ROLES = ['referrer', 'office', 'coordinator'] as const;
export type Role = (typeof ROLES)[number];

export type Principal =
  | { role: 'referrer'; institutionId: string }
  | { role: 'office'; officeId: string }
  | { role: 'coordinator' };

/** The principal of one role, or of one of several roles. */
export type PrincipalOf<R extends Role> = Extract<Principal, { role: R }>;

/** The system actor that routes cases. */
export const ROUTER_ACTOR = 'system:router';
/** The system actor that escalates cases whose response deadline passed. */
export const SWEEPER_ACTOR = 'system:sweeper';

/** The `actor` string recorded in history for a principal. */
export function actorOf(principal: Principal): string {
  switch (principal.role) {
    case 'referrer':
      return `referrer:${principal.institutionId}`;
    case 'office':
      return `office:${principal.officeId}`;
    case 'coordinator':
      return 'coordinator';
  }
}
