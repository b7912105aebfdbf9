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

/**
 * What is left of a case once the family's personal data is erased (withdrawal, a coordinator's erasure, retention):
 * ids, status and timestamps (API.md "tombstone"). The family's needs, life phases, district, urgency, the outcome and
 * the proposals go with the personal data; the consent scopes stay, so the referrer sees no more after erasure than
 * before (the `feedback` gate), and the office that held the case stays, so it can still read that it is gone.
 */
export type CaseTombstone = Pick<
  CaseRecord,
  | 'id'
  | 'institutionId'
  | 'institutionType'
  | 'status'
  | 'version'
  | 'createdAt'
  | 'updatedAt'
  | 'consentScopes'
  | 'officeId'
  | 'closedAt'
  | 'withdrawnAt'
> & {
  /** When the family's data was erased (RFC 3339 UTC). */
  erasedAt: string;
};

/** A case as stored: a live case, or the tombstone of one whose family data was erased. */
export type StoredCase = CaseRecord | CaseTombstone;

/** The fields of a case that go with the family's personal data (everything a tombstone does not keep). */
export const ERASED_CASE_FIELDS = [
  'urgency',
  'districtId',
  'phases',
  'needs',
  'proposals',
  'unmatched',
  'escalationReason',
  'routedAt',
  'deadlineAt',
  'openedAt',
  'outcome',
  'closedOfferId',
  'withdrawReason',
] as const satisfies readonly Exclude<keyof CaseRecord, keyof CaseTombstone>[];

export function isTombstone(stored: StoredCase): stored is CaseTombstone {
  return 'erasedAt' in stored;
}

/** The tombstone a case leaves when its family data is erased at `erasedAt`. */
export function tombstoneOf(record: StoredCase, erasedAt: string): CaseTombstone {
  return {
    id: record.id,
    institutionId: record.institutionId,
    institutionType: record.institutionType,
    status: record.status,
    version: record.version,
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
    consentScopes: record.consentScopes,
    officeId: record.officeId,
    ...(record.closedAt !== undefined ? { closedAt: record.closedAt } : {}),
    ...(record.withdrawnAt !== undefined ? { withdrawnAt: record.withdrawnAt } : {}),
    erasedAt,
  };
}

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

/**
 * A free-text note of an office (e.g. with a decline): personal data, so it lives with the referral. `by` is the actor
 * who wrote it: an office sees only its own notes, a coordinator all (notes stored before `by` existed: coordinator
 * only).
 */
export type CaseNote = { seq: number; note: string; by?: string };

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
  'erased',
] as const;
export type CaseEventType = (typeof CASE_EVENT_TYPES)[number];

/** One history entry. `details` holds ids and codes only, never free text or personal data. */
export type CaseEvent = {
  /** Equals the case version after the event. */
  seq: number;
  type: CaseEventType;
  /** RFC 3339 UTC. */
  at: string;
  /**
   * `referrer:<institutionId>` | `system:router` | `system:sweeper` | `office:<officeId>` | `coordinator`; absent on
   * the events before an erasure (they keep only type and time).
   */
  actor?: string;
  details?: Record<string, unknown>;
};

/** What an answer that carried the family's personal data was for: a read, a transition's answer, an export. */
export const AUDIT_ACTIONS = ['read', 'accept', 'decline', 'start', 'close', 'assign', 'export'] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** Who received the family's personal data: the role, its institution or office, the person's account. */
export type AuditActor = { role: Role; organizationId?: string; accountId?: string };

/** Who received a case's personal data, and when (kept after erasure; ids only, no personal data itself). */
export type AuditEntry = { actor: AuditActor; at: string; action: AuditAction };

export const ROLES = ['referrer', 'office', 'coordinator'] as const;
export type Role = (typeof ROLES)[number];

/** The caller; `accountId` when a person signed in as themselves (absent for machine clients). */
export type Principal =
  | { role: 'referrer'; institutionId: string; accountId?: string }
  | { role: 'office'; officeId: string; accountId?: string }
  | { role: 'coordinator'; accountId?: string };

/** The principal of one role, or of one of several roles. */
export type PrincipalOf<R extends Role> = Extract<Principal, { role: R }>;

/** The audit trail's actor of a principal. */
export function auditActorOf(principal: Principal): AuditActor {
  const organizationId =
    principal.role === 'referrer'
      ? principal.institutionId
      : principal.role === 'office'
        ? principal.officeId
        : undefined;
  return {
    role: principal.role,
    ...(organizationId !== undefined ? { organizationId } : {}),
    ...(principal.accountId !== undefined ? { accountId: principal.accountId } : {}),
  };
}

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
