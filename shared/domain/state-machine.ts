// The case state machine (API.md "Cases"): which action moves a case from which status to which.
import { type CaseRecord, isTombstone, type StoredCase } from './case.ts';
import type { CaseStatus } from './codes.ts';
import { TransitionNotAllowed } from './errors.ts';

export const CASE_ACTIONS = ['route', 'escalate', 'accept', 'decline', 'start', 'close', 'assign', 'withdraw'] as const;
export type CaseAction = (typeof CASE_ACTIONS)[number];

/**
 * The whole table. `closed` and `withdrawn` are terminal; every other status can be withdrawn. `opened` is an event
 * (the office's first read), not a status and not an action: it leaves a routed case routed. Withdrawing a withdrawn case is idempotent at the API
 * (202 again), but that is the use case's business: the machine itself treats it as no transition.
 */
export const TRANSITIONS: Readonly<Record<CaseStatus, Readonly<Partial<Record<CaseAction, CaseStatus>>>>> = {
  received: { route: 'routed', escalate: 'escalated', withdraw: 'withdrawn' },
  routed: { accept: 'accepted', decline: 'escalated', escalate: 'escalated', withdraw: 'withdrawn' },
  escalated: { assign: 'routed', withdraw: 'withdrawn' },
  accepted: { start: 'in-progress', close: 'closed', withdraw: 'withdrawn' },
  'in-progress': { close: 'closed', withdraw: 'withdrawn' },
  closed: {},
  withdrawn: {},
};

/** The status after `action`; throws TransitionNotAllowed when the table has no such edge. */
export function transition(status: CaseStatus, action: CaseAction): CaseStatus {
  const next = TRANSITIONS[status][action];
  if (next === undefined) throw new TransitionNotAllowed(status, action);
  return next;
}

export function canTransition(status: CaseStatus, action: CaseAction): boolean {
  return TRANSITIONS[status][action] !== undefined;
}

/** The actions allowed in `status`, in CASE_ACTIONS order. */
export function allowedActions(status: CaseStatus): CaseAction[] {
  return CASE_ACTIONS.filter((action) => canTransition(status, action));
}

export function isTerminal(status: CaseStatus): boolean {
  return allowedActions(status).length === 0;
}

/** The live case an action applies to; a tombstone allows none (409), as its family data is gone. */
export function liveCaseFor(stored: StoredCase, action: CaseAction): CaseRecord {
  if (isTombstone(stored)) throw new TransitionNotAllowed(stored.status, action);
  return stored;
}
