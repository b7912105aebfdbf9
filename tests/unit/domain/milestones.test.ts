// The referrer's view: milestones from history, and what the `feedback` consent gates.
import { describe, expect, it } from 'vitest';
import type { CaseEvent, CaseEventType, CaseRecord } from '#domain/case.ts';
import type { CaseStatus } from '#domain/codes.ts';
import { referrerView } from '#domain/milestones.ts';

const AT = {
  received: '2026-11-25T12:00:00.000Z',
  routed: '2026-11-25T12:00:05.000Z',
  opened: '2026-11-25T14:00:00.000Z',
  accepted: '2026-11-26T09:00:00.000Z',
  started: '2026-11-27T09:00:00.000Z',
  closed: '2026-12-10T09:00:00.000Z',
  escalated: '2026-11-26T10:00:00.000Z',
  declined: '2026-11-26T10:00:00.000Z',
  assigned: '2026-11-27T10:00:00.000Z',
  withdrawn: '2026-11-28T10:00:00.000Z',
} as const;

function aCase(status: CaseStatus, options: { feedback: boolean; outcome?: CaseRecord['outcome'] }): CaseRecord {
  const record: CaseRecord = {
    id: 'ref-1',
    institutionId: 'klinik-mitte',
    institutionType: 'birth-clinic',
    status,
    version: 1,
    createdAt: AT.received,
    updatedAt: '2026-12-24T00:00:00.000Z',
    urgency: 'soon',
    districtId: 'nord',
    phases: ['pregnancy', 'infant'],
    needs: ['parenting'],
    consentScopes: options.feedback ? ['office', 'offer', 'feedback'] : ['office', 'offer'],
    officeId: null,
  };
  if (options.outcome) record.outcome = options.outcome;
  return record;
}

function historyOf(...types: (keyof typeof AT)[]): CaseEvent[] {
  return types.map((type, index) => ({
    seq: index + 1,
    type: type as CaseEventType,
    at: AT[type],
    actor: 'system:router',
  }));
}

describe('referrerView with feedback consent', () => {
  it('shows a new case as received', () => {
    const view = referrerView(aCase('received', { feedback: true }), historyOf('received'));

    expect(view).toEqual({
      referralId: 'ref-1',
      status: 'received',
      createdAt: AT.received,
      updatedAt: AT.received,
      milestones: [{ status: 'received', at: AT.received }],
    });
  });

  it('shows a routed case as forwarded, with the routing time', () => {
    const view = referrerView(aCase('routed', { feedback: true }), historyOf('received', 'routed', 'opened'));

    expect(view.milestones).toEqual([
      { status: 'received', at: AT.received },
      { status: 'forwarded', at: AT.routed },
    ]);
  });

  it('shows an accepted case as in progress from the acceptance', () => {
    const view = referrerView(
      aCase('accepted', { feedback: true }),
      historyOf('received', 'routed', 'opened', 'accepted'),
    );

    expect(view).toMatchObject({ status: 'in-progress', updatedAt: AT.accepted });
  });

  it('marks in progress once, at the first of accepted and started', () => {
    const view = referrerView(
      aCase('in-progress', { feedback: true }),
      historyOf('received', 'routed', 'accepted', 'started'),
    );

    expect(view.milestones.filter((milestone) => milestone.status === 'in-progress')).toEqual([
      { status: 'in-progress', at: AT.accepted },
    ]);
  });

  it('shows a closed case with every milestone and the outcome', () => {
    const view = referrerView(
      aCase('closed', { feedback: true, outcome: 'connected' }),
      historyOf('received', 'routed', 'opened', 'accepted', 'started', 'closed'),
    );

    expect(view).toEqual({
      referralId: 'ref-1',
      status: 'closed',
      outcome: 'connected',
      createdAt: AT.received,
      updatedAt: AT.closed,
      milestones: [
        { status: 'received', at: AT.received },
        { status: 'forwarded', at: AT.routed },
        { status: 'in-progress', at: AT.accepted },
        { status: 'closed', at: AT.closed },
      ],
    });
  });

  it('orders events by seq, not by their position in the list', () => {
    const view = referrerView(aCase('routed', { feedback: true }), historyOf('received', 'routed').reverse());

    expect(view.milestones.map((milestone) => milestone.status)).toEqual(['received', 'forwarded']);
  });
});

describe('referrerView without feedback consent', () => {
  it('still shows forwarded', () => {
    const view = referrerView(aCase('routed', { feedback: false }), historyOf('received', 'routed'));

    expect(view.status).toBe('forwarded');
  });

  it('shows an in-progress case only as forwarded', () => {
    const view = referrerView(
      aCase('in-progress', { feedback: false }),
      historyOf('received', 'routed', 'accepted', 'started'),
    );

    expect(view.milestones.map((milestone) => milestone.status)).toEqual(['received', 'forwarded']);
  });

  it('shows a closed case as forwarded, with no outcome and no later timestamp', () => {
    const view = referrerView(
      aCase('closed', { feedback: false, outcome: 'connected' }),
      historyOf('received', 'routed', 'accepted', 'closed'),
    );

    expect(view).toEqual({
      referralId: 'ref-1',
      status: 'forwarded',
      createdAt: AT.received,
      updatedAt: AT.routed,
      milestones: [
        { status: 'received', at: AT.received },
        { status: 'forwarded', at: AT.routed },
      ],
    });
  });

  it('shows a withdrawal', () => {
    const view = referrerView(
      aCase('withdrawn', { feedback: false }),
      historyOf('received', 'routed', 'accepted', 'withdrawn'),
    );

    expect(view.milestones).toEqual([
      { status: 'received', at: AT.received },
      { status: 'forwarded', at: AT.routed },
      { status: 'withdrawn', at: AT.withdrawn },
    ]);
  });
});

describe('referrerView for escalations and erased data', () => {
  it('keeps a case that never reached an office (no office for the district) at received', () => {
    const view = referrerView(aCase('escalated', { feedback: true }), historyOf('received', 'escalated'));

    expect(view.status).toBe('received');
  });

  it('keeps a case that an office declined at forwarded', () => {
    const view = referrerView(aCase('escalated', { feedback: true }), historyOf('received', 'routed', 'declined'));

    expect(view.status).toBe('forwarded');
  });

  it('shows a case that a coordinator assigned after escalation as forwarded, at the assignment', () => {
    const view = referrerView(aCase('routed', { feedback: true }), historyOf('received', 'escalated', 'assigned'));

    expect(view.milestones).toEqual([
      { status: 'received', at: AT.received },
      { status: 'forwarded', at: AT.assigned },
    ]);
  });

  it('shows a withdrawn case from the case record alone (its personal data is erased)', () => {
    const view = referrerView(aCase('withdrawn', { feedback: true }), historyOf('received', 'withdrawn'));

    expect(view).toMatchObject({ status: 'withdrawn', updatedAt: AT.withdrawn });
  });

  it('falls back to the case timestamp when the history lacks a reached milestone', () => {
    const view = referrerView(aCase('routed', { feedback: true }), historyOf('received'));

    expect(view.milestones).toEqual([
      { status: 'received', at: AT.received },
      { status: 'forwarded', at: '2026-12-24T00:00:00.000Z' },
    ]);
  });
});
