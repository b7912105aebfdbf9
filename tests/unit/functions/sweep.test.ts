import { beforeEach, describe, expect, it } from 'vitest';
import { type SweepPorts, sweep } from '#application/sweeper/sweep.ts';
import { TemporaryFailure } from '#domain/errors.ts';
import { receivedCase, routedCase } from './case-fixtures.ts';
import { fixedClock, InMemoryCases, InMemoryNotifications, InMemoryQueue } from './fakes.ts';

let cases: InMemoryCases;
let queue: InMemoryQueue;
let notifications: InMemoryNotifications;
let ports: SweepPorts;

beforeEach(() => {
  cases = new InMemoryCases();
  queue = new InMemoryQueue();
  notifications = new InMemoryNotifications();
  ports = {
    cases,
    routingQueue: queue,
    notifications,
    clock: fixedClock(),
    retention: { closedDays: 180, openDays: 365 },
  };
  // NOW is 10:00:00; cases created 5 minutes, 1 minute ago, and a routed one.
  for (const record of [
    receivedCase({ id: 'OLD', createdAt: '2026-11-26T09:55:00.000Z' }),
    receivedCase({ id: 'FRESH', createdAt: '2026-11-26T09:59:00.000Z' }),
    routedCase({ id: 'ROUTED', createdAt: '2026-11-26T09:50:00.000Z' }),
  ]) {
    cases.store(record);
  }
});

describe('sweep: stuck received cases', () => {
  it('re-sends routing for received cases older than the threshold only', async () => {
    const result = await sweep(ports, { olderThanSeconds: 120 });

    expect(result).toMatchObject({ found: 1, enqueued: 1, failed: 0 });
    expect(queue.sent).toEqual(['OLD']);
  });

  it('takes every received case with a threshold of zero', async () => {
    await sweep(ports, { olderThanSeconds: 0 });

    expect(queue.sent.sort()).toEqual(['FRESH', 'OLD']);
  });

  it('bounds the number of cases per run', async () => {
    const result = await sweep(ports, { olderThanSeconds: 0, limit: 1 });

    expect(result.found).toBe(1);
  });

  it('counts failed sends without giving up on the others', async () => {
    queue.failWith = new TemporaryFailure();

    const result = await sweep(ports, { olderThanSeconds: 0 });

    expect(result).toMatchObject({ found: 2, enqueued: 0, failed: 2 });
  });
});

describe('sweep: response deadlines', () => {
  // ROUTED's deadline is 2026-12-01T09:00:05Z.
  const afterDeadline = new Date('2026-12-01T09:00:06.000Z');

  it('leaves a routed case whose deadline has not passed', async () => {
    const result = await sweep(ports, { olderThanSeconds: 120, now: new Date('2026-12-01T09:00:04.000Z') });

    expect(result.deadlines).toEqual({ found: 0, escalated: 0, skipped: 0, failed: 0 });
    expect(cases.cases.get('ROUTED')?.status).toBe('routed');
  });

  it('escalates an unopened case once its deadline has passed, taking it from the office', async () => {
    const result = await sweep(ports, { olderThanSeconds: 120, now: afterDeadline });

    expect(result.deadlines).toMatchObject({ found: 1, escalated: 1 });
    expect(cases.cases.get('ROUTED')).toMatchObject({
      status: 'escalated',
      escalationReason: 'deadline',
      officeId: null,
      version: 3,
    });
    expect(cases.events.get('ROUTED')?.at(-1)).toMatchObject({
      seq: 3,
      type: 'escalated',
      at: afterDeadline.toISOString(),
      actor: 'system:sweeper',
      details: { reason: 'deadline' },
    });
  });

  it('tells the office that missed the deadline with case.escalated', async () => {
    await sweep(ports, { olderThanSeconds: 120, now: afterDeadline });

    expect(notifications.sent).toEqual([
      {
        eventId: 'ROUTED:3',
        type: 'case.escalated',
        caseId: 'ROUTED',
        officeId: 'fb-nord',
        occurredAt: afterDeadline.toISOString(),
      },
    ]);
  });

  it('leaves an opened case alone even after its deadline', async () => {
    cases.store(routedCase({ id: 'OPENED', openedAt: '2026-11-26T09:30:00.000Z', version: 3 }));

    await sweep(ports, { olderThanSeconds: 120, now: afterDeadline });

    expect(cases.cases.get('OPENED')?.status).toBe('routed');
  });

  it('skips a case the office opens between listing and escalation', async () => {
    cases.beforeTransition = () => {
      const current = cases.cases.get('ROUTED');
      if (current) cases.cases.set('ROUTED', { ...current, version: 3, openedAt: afterDeadline.toISOString() });
    };

    const result = await sweep(ports, { olderThanSeconds: 120, now: afterDeadline });

    expect(result.deadlines).toMatchObject({ found: 1, escalated: 0, skipped: 1 });
    expect(cases.cases.get('ROUTED')?.status).toBe('routed');
  });

  it('uses the clock when no time is given', async () => {
    const result = await sweep(
      { ...ports, clock: fixedClock(new Date('2026-12-02T00:00:00.000Z')) },
      { olderThanSeconds: 120 },
    );

    expect(result.deadlines.escalated).toBe(1);
  });
});

describe('sweep: outbox', () => {
  const entry = (caseId: string, at: string) => ({
    caseId,
    seq: 2,
    at,
    message: {
      eventId: `${caseId}:2`,
      type: 'case.routed' as const,
      caseId,
      officeId: 'fb-nord',
      occurredAt: at,
    },
  });

  it('re-publishes entries older than a minute and clears them', async () => {
    cases.outbox.set('A:2', entry('A', '2026-11-26T09:58:00.000Z'));

    const result = await sweep(ports, { olderThanSeconds: 120 });

    expect(result.outbox).toEqual({ found: 1, published: 1, failed: 0 });
    expect(notifications.sent.map((message) => message.eventId)).toEqual(['A:2']);
    expect(cases.outbox.size).toBe(0);
  });

  it('leaves entries younger than a minute to the function that wrote them', async () => {
    cases.outbox.set('B:2', entry('B', '2026-11-26T09:59:30.000Z'));

    const result = await sweep(ports, { olderThanSeconds: 120 });

    expect(result.outbox.found).toBe(0);
    expect(notifications.sent).toEqual([]);
  });

  it('keeps an entry whose re-publication fails, for the next run', async () => {
    cases.outbox.set('A:2', entry('A', '2026-11-26T09:58:00.000Z'));
    notifications.failWith = new TemporaryFailure();

    const result = await sweep(ports, { olderThanSeconds: 120 });

    expect(result.outbox).toEqual({ found: 1, published: 0, failed: 1 });
    expect(cases.outbox.has('A:2')).toBe(true);
  });
});
