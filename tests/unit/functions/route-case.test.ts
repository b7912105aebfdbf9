import { beforeEach, describe, expect, it } from 'vitest';
import { type RouteCasePorts, routeCase } from '#application/router/route-case.ts';
import type { NotificationMessage } from '#domain/domain-events.ts';
import { TemporaryFailure } from '#domain/errors.ts';
import { DEFAULT_RESPONSE_DEADLINE_DAYS } from '#domain/working-days.ts';
import { receivedCase } from './case-fixtures.ts';
import { catalogueSource, fixedClock, InMemoryCases, InMemoryNotifications, live, personalData } from './fakes.ts';

let cases: InMemoryCases;
let notifications: InMemoryNotifications;
let publishFailures: NotificationMessage[];
let ports: RouteCasePorts;

function store(overrides: Parameters<typeof receivedCase>[0] = {}) {
  const record = receivedCase(overrides);
  cases.store(record);
  return record;
}

beforeEach(() => {
  cases = new InMemoryCases();
  notifications = new InMemoryNotifications();
  publishFailures = [];
  ports = {
    cases,
    catalogue: catalogueSource(),
    clock: fixedClock(),
    deadlineDays: DEFAULT_RESPONSE_DEADLINE_DAYS,
    notifications,
    onPublishFailed: (message) => publishFailures.push(message),
  };
});

describe('routeCase', () => {
  it('routes a case to its district office with ranked proposals and one routed event', async () => {
    const { id } = store();

    const outcome = await routeCase(ports, id);

    expect(outcome).toEqual({ kind: 'routed', officeId: 'fb-nord', proposals: 1, unmatched: false });
    const routed = live(cases.cases.get(id));
    expect(routed).toMatchObject({ status: 'routed', version: 2, officeId: 'fb-nord', unmatched: false });
    expect(routed?.proposals?.[0]).toMatchObject({ rank: 1, offerId: 'elterncafe-nord' });
    expect(routed?.proposals?.[0]?.reasons.length).toBeGreaterThan(0);
    expect(cases.events.get(id)?.map((e) => [e.seq, e.type, e.actor])).toEqual([
      [1, 'received', 'referrer:klinik-mitte'],
      [2, 'routed', 'system:router'],
    ]);
  });

  it('sets the routing time and the response deadline in working days by urgency', async () => {
    // Thursday 2026-11-26 10:00 UTC; `soon` = 3 working days → Tuesday 2026-12-01, same local time.
    const { id } = store({ urgency: 'soon' });

    await routeCase(ports, id);

    expect(cases.cases.get(id)).toMatchObject({
      routedAt: '2026-11-26T10:00:00.000Z',
      deadlineAt: '2026-12-01T10:00:00.000Z',
    });
  });

  it('ranks with the languages from the personal data, which it never copies to the case', async () => {
    const { id } = store();
    cases.personal.set(id, personalData());

    await routeCase(ports, id);

    expect(live(cases.cases.get(id)).proposals?.[0]?.speaksFamilyLanguage).toBe(true);
    expect(cases.cases.get(id)).not.toHaveProperty('languages');
  });

  it('publishes case.routed to the office and then clears the outbox', async () => {
    const { id } = store();

    await routeCase(ports, id);

    expect(notifications.sent).toEqual([
      {
        eventId: `${id}:2`,
        type: 'case.routed',
        caseId: id,
        officeId: 'fb-nord',
        occurredAt: '2026-11-26T10:00:00.000Z',
      },
    ]);
    expect(cases.outbox.size).toBe(0);
  });

  it('still routes when the notification cannot be sent, leaving it in the outbox for the sweeper', async () => {
    const { id } = store();
    notifications.failWith = new TemporaryFailure();

    const outcome = await routeCase(ports, id);

    expect(outcome.kind).toBe('routed');
    expect(cases.outbox.has(`${id}:2`)).toBe(true);
    expect(publishFailures.map((message) => message.eventId)).toEqual([`${id}:2`]);
  });

  it('routes a case without eligible offers with empty proposals and marks it unmatched', async () => {
    const { id } = store({ districtId: 'sued' });

    const outcome = await routeCase(ports, id);

    expect(outcome).toEqual({ kind: 'routed', officeId: 'fb-sued', proposals: 0, unmatched: true });
    expect(cases.cases.get(id)).toMatchObject({ status: 'routed', proposals: [], unmatched: true });
  });

  it('escalates a case whose district has no office and publishes case.escalated to no office', async () => {
    const { id } = store({ districtId: 'ost' });

    const outcome = await routeCase(ports, id);

    expect(outcome).toEqual({ kind: 'escalated', reason: 'no-office' });
    expect(cases.cases.get(id)).toMatchObject({ status: 'escalated', escalationReason: 'no-office', version: 2 });
    expect(cases.cases.get(id)?.officeId).toBeNull();
    expect(cases.events.get(id)?.at(-1)).toMatchObject({ seq: 2, type: 'escalated', details: { reason: 'no-office' } });
    expect(notifications.sent.map((message) => [message.type, message.officeId])).toEqual([['case.escalated', null]]);
  });

  it('ignores a redelivered message for an already routed case', async () => {
    const { id } = store();
    await routeCase(ports, id);

    const outcome = await routeCase(ports, id);

    expect(outcome).toEqual({ kind: 'already-handled', status: 'routed' });
    expect(cases.events.get(id)).toHaveLength(2);
    expect(cases.cases.get(id)?.version).toBe(2);
  });

  it('does nothing for a withdrawn case', async () => {
    const { id } = store({ status: 'withdrawn', version: 2 });

    const outcome = await routeCase(ports, id);

    expect(outcome).toEqual({ kind: 'already-handled', status: 'withdrawn' });
    expect(notifications.sent).toEqual([]);
  });

  it('treats losing the race to a concurrent router as a duplicate', async () => {
    const { id } = store();
    cases.beforeTransition = () => {
      const current = cases.cases.get(id);
      if (current) cases.cases.set(id, { ...current, status: 'routed', version: 2, officeId: 'fb-nord' });
    };

    const outcome = await routeCase(ports, id);

    expect(outcome).toEqual({ kind: 'already-handled', status: 'routed' });
    expect(cases.events.get(id)).toHaveLength(1);
  });

  it('answers not-found for a message about a case that does not exist', async () => {
    expect(await routeCase(ports, 'MISSING')).toEqual({ kind: 'not-found' });
  });

  it('lets a temporary storage failure through so the message is retried', async () => {
    const { id } = store();
    cases.applyTransition = async () => {
      throw new TemporaryFailure();
    };

    await expect(routeCase(ports, id)).rejects.toBeInstanceOf(TemporaryFailure);
  });
});
