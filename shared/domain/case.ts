// The case as stored, its history events, and the authenticated caller (principal) the use cases act for.
import type { CaseStatus, EscalationReason, InstitutionType, LifePhase, Outcome, Urgency } from './codes.ts';
import type { Proposal } from './matching.ts';
import type { Referral } from './referral.ts';

/** A referral creates exactly one case; the case id is the referral id. */
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
  /** The whole validated body: the only place personal data lives (erased on withdrawal and after retention). */
  referral: Referral;
  officeId?: string;
  proposals?: Proposal[];
  /** Routed without any eligible offer: a gap in the prevention chain (coverage report). */
  unmatched?: boolean;
  escalationReason?: EscalationReason;
  outcome?: Outcome;
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

/** One history entry. `details` holds ids and codes only, never personal data. */
export type CaseEvent = {
  /** Equals the case version after the event. */
  seq: number;
  type: CaseEventType;
  /** RFC 3339 UTC. */
  at: string;
  /** `referrer:<institutionId>` | `system:router` | `office:<officeId>` | `coordinator` (see actorOf). */
  actor: string;
  details?: Record<string, unknown>;
};

export type Principal =
  | { role: 'referrer'; institutionId: string }
  | { role: 'office'; officeId: string }
  | { role: 'coordinator' };

/** The system actor that routes cases. */
export const ROUTER_ACTOR = 'system:router';

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
