// The case state machine: every allowed transition, and every other (status, action) pair refused.
import { describe, expect, it } from 'vitest';
import { CASE_STATUSES, type CaseStatus } from '#domain/codes.ts';
import { TransitionNotAllowed } from '#domain/errors.ts';
import { allowedActions, CASE_ACTIONS, type CaseAction, isTerminal, transition } from '#domain/state-machine.ts';

/** Written out independently of the implementation's table, from API.md "Cases". */
const ALLOWED: ReadonlyArray<readonly [CaseStatus, CaseAction, CaseStatus]> = [
  ['received', 'route', 'routed'],
  ['received', 'escalate', 'escalated'],
  ['received', 'withdraw', 'withdrawn'],
  ['routed', 'accept', 'accepted'],
  ['routed', 'decline', 'escalated'],
  ['routed', 'escalate', 'escalated'],
  ['routed', 'withdraw', 'withdrawn'],
  ['escalated', 'assign', 'routed'],
  ['escalated', 'withdraw', 'withdrawn'],
  ['accepted', 'start', 'in-progress'],
  ['accepted', 'close', 'closed'],
  ['accepted', 'withdraw', 'withdrawn'],
  ['in-progress', 'close', 'closed'],
  ['in-progress', 'withdraw', 'withdrawn'],
];

const FORBIDDEN = CASE_STATUSES.flatMap((status) =>
  CASE_ACTIONS.filter((action) => !ALLOWED.some(([from, allowed]) => from === status && allowed === action)).map(
    (action) => [status, action] as const,
  ),
);

describe('allowed transitions', () => {
  it.each(ALLOWED)('%s --%s--> %s', (from, action, to) => {
    expect(transition(from, action)).toBe(to);
  });
});

describe('forbidden transitions', () => {
  it('covers every other pair of status and action (42 of 56)', () => {
    expect(FORBIDDEN).toHaveLength(CASE_STATUSES.length * CASE_ACTIONS.length - ALLOWED.length);
  });

  it.each(FORBIDDEN)('refuses %s --%s--> with TransitionNotAllowed', (from, action) => {
    expect(() => transition(from, action)).toThrow(TransitionNotAllowed);
  });

  it('names the status and the action in the error', () => {
    const error = (() => {
      try {
        transition('closed', 'withdraw');
      } catch (caught) {
        return caught;
      }
      return undefined;
    })();

    expect(error).toMatchObject({ from: 'closed', action: 'withdraw' });
  });
});

describe('terminal statuses', () => {
  it.each(['closed', 'withdrawn'] as const)('%s allows no action', (status) => {
    expect(allowedActions(status)).toEqual([]);
    expect(isTerminal(status)).toBe(true);
  });

  it.each(['received', 'routed', 'escalated', 'accepted', 'in-progress'] as const)(
    '%s can still be withdrawn',
    (status) => {
      expect(allowedActions(status)).toContain('withdraw');
    },
  );
});
