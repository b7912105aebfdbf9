import { beforeEach, describe, expect, it } from 'vitest';
import { caseAudit, eraseCaseOnRequest, exportCase } from '#application/office/data-subject.ts';
import { getCase } from '#application/office/get-case.ts';
import { type SweepPorts, sweep } from '#application/sweeper/sweep.ts';
import { isTombstone } from '#domain/case.ts';
import { eraseBodySchema } from '#domain/case-commands.ts';
import { NotFound, TransitionNotAllowed } from '#domain/errors.ts';
import { checkLater } from '#http/request-validation.ts';
import { receivedCase, routedCase } from './case-fixtures.ts';
import { fixedClock, InMemoryCases, InMemoryNotifications, NOW, personalData } from './fakes.ts';

let cases: InMemoryCases;
let notifications: InMemoryNotifications;
const coordinator = { role: 'coordinator', accountId: 'acc-koordination' } as const;
const office = { role: 'office', officeId: 'fb-nord', accountId: 'acc-fb' } as const;
const ports = () => ({ cases, notifications, clock: fixedClock() });
const erase = (reason: unknown = 'data-subject-request', caseId = 'CASE0001') =>
  eraseCaseOnRequest(ports(), {
    principal: coordinator,
    caseId,
    body: checkLater(eraseBodySchema(), () => ({ reason })),
  });

beforeEach(() => {
  cases = new InMemoryCases();
  notifications = new InMemoryNotifications();
  cases.store(routedCase({ openedAt: '2026-11-26T09:30:00.000Z' }), {
    personal: personalData({
      notes: [
        { seq: 3, note: 'Notiz von Nord', by: 'office:fb-nord' },
        { seq: 5, note: 'Notiz von Süd', by: 'office:fb-sued' },
        { seq: 7, note: 'Notiz ohne Verfasser' },
      ],
    }),
  });
});

describe('the coordinator’s erasure (Art. 17)', () => {
  it('cancels an open case, tells its office, and leaves only the tombstone', async () => {
    const answer = await erase();

    expect(answer).toEqual({ status: 'withdrawn', erasedAt: NOW.toISOString() });
    expect(cases.personal.has('CASE0001')).toBe(false);
    expect(cases.cases.get('CASE0001')).toMatchObject({ status: 'withdrawn', erasedAt: NOW.toISOString() });
    expect(cases.cases.get('CASE0001')).not.toHaveProperty('needs');
    expect(cases.events.get('CASE0001')?.at(-1)).toMatchObject({
      type: 'withdrawn',
      actor: 'coordinator',
      details: { reason: 'data-subject-request' },
    });
    expect(notifications.sent.map((message) => [message.type, message.officeId])).toEqual([
      ['referral.withdrawn', 'fb-nord'],
    ]);
  });

  it('keeps a closed case closed and records the erasure without telling anyone', async () => {
    cases.store(routedCase({ status: 'closed', closedAt: '2026-11-26T09:40:00.000Z', outcome: 'connected' }));

    const answer = await erase('consent-withdrawn');

    expect(answer.status).toBe('closed');
    expect(cases.cases.get('CASE0001')).not.toHaveProperty('outcome');
    expect(cases.events.get('CASE0001')?.at(-1)).toMatchObject({ type: 'erased' });
    expect(notifications.sent).toEqual([]);
  });

  it('answers the same again when repeated, without a second erasure', async () => {
    const first = await erase();
    const second = await erase('other');

    expect(second).toEqual(first);
    expect(cases.erasures).toHaveLength(1);
  });

  it('answers 404 for an unknown case and 400 for an unknown reason, changing nothing', async () => {
    await expect(erase('data-subject-request', 'NOPE')).rejects.toBeInstanceOf(NotFound);
    await expect(erase('because')).rejects.toMatchObject({ errors: [{ path: 'reason' }] });
    expect(cases.personal.has('CASE0001')).toBe(true);
  });

  it('leaves nothing an office could change afterwards (409)', async () => {
    await erase();
    const { transitionCase } = await import('#application/office/transition-case.ts');

    await expect(
      transitionCase(
        {
          ...ports(),
          catalogue: { current: async () => Promise.reject(new Error('unused')) },
          deadlineDays: { urgent: 1, soon: 3, routine: 5 },
          retentionDays: 180,
        },
        { principal: office, caseId: 'CASE0001', command: { name: 'accept' }, expectedVersions: [3] },
      ),
    ).rejects.toBeInstanceOf(TransitionNotAllowed);
  });
});

describe('the export (Art. 15) and the audit trail', () => {
  it('exports the case with every note and records the export in the audit trail it returns', async () => {
    const { found, audit } = await exportCase(ports(), { principal: coordinator, caseId: 'CASE0001' });

    expect(found.personal?.notes.map((note) => note.note)).toEqual([
      'Notiz von Nord',
      'Notiz von Süd',
      'Notiz ohne Verfasser',
    ]);
    expect(audit).toEqual([
      { actor: { role: 'coordinator', accountId: 'acc-koordination' }, at: NOW.toISOString(), action: 'export' },
    ]);
  });

  it('lists who received the family data, with account ids, and nothing after erasure', async () => {
    await getCase(ports(), { principal: office, caseId: 'CASE0001' });
    await erase();
    await getCase(ports(), { principal: coordinator, caseId: 'CASE0001' });

    expect(await caseAudit(ports(), { caseId: 'CASE0001' })).toEqual([
      {
        actor: { role: 'office', organizationId: 'fb-nord', accountId: 'acc-fb' },
        at: NOW.toISOString(),
        action: 'read',
      },
    ]);
    await expect(caseAudit(ports(), { caseId: 'NOPE' })).rejects.toBeInstanceOf(NotFound);
  });
});

describe('decline notes', () => {
  it('shows an office only the notes it wrote, and a coordinator all of them', async () => {
    const asOffice = await getCase(ports(), { principal: office, caseId: 'CASE0001' });
    const asCoordinator = await getCase(ports(), { principal: coordinator, caseId: 'CASE0001' });

    expect(asOffice.personal?.notes.map((note) => note.note)).toEqual(['Notiz von Nord']);
    expect(asCoordinator.personal?.notes).toHaveLength(3);
  });
});

describe('retention', () => {
  const sweepPorts = (): SweepPorts => ({
    cases,
    notifications,
    clock: fixedClock(),
    routingQueue: { enqueue: async () => undefined },
    retention: { closedDays: 180, openDays: 365 },
  });
  const later = (days: number) => new Date(NOW.getTime() + days * 86_400_000);

  it('erases an open case a year after its last change, and not a day before', async () => {
    const early = await sweep(sweepPorts(), { olderThanSeconds: 60, now: later(364) });
    expect(early.retention).toEqual({ found: 0, erased: 0, skipped: 0, failed: 0 });

    const due = await sweep(sweepPorts(), { olderThanSeconds: 60, now: later(366) });

    expect(due.retention).toEqual({ found: 1, erased: 1, skipped: 0, failed: 0 });
    expect(cases.cases.get('CASE0001')).toMatchObject({ status: 'withdrawn', erasedAt: later(366).toISOString() });
    expect(cases.personal.has('CASE0001')).toBe(false);
    expect(cases.events.get('CASE0001')?.at(-1)).toMatchObject({
      actor: 'system:sweeper',
      details: { reason: 'retention' },
    });
  });

  it('moves a listed open case that changed since to its last change, and erases it a year after that', async () => {
    const opened = await cases.get('CASE0001');
    if (opened === null || isTombstone(opened)) throw new Error('no case');
    const changedAt = later(100).toISOString();
    await cases.applyTransition({
      from: opened,
      status: 'accepted',
      updatedAt: changedAt,
      changes: {},
      event: { seq: opened.version + 1, type: 'accepted', at: changedAt, actor: 'office:fb-nord' },
    });

    // Listed by when it became idle-swept (opened, NOW), but changed since: not due, moved to its last change.
    const listed = await sweep(sweepPorts(), { olderThanSeconds: 60, now: later(366) });
    const moved = await sweep(sweepPorts(), { olderThanSeconds: 60, now: later(366) });
    const due = await sweep(sweepPorts(), { olderThanSeconds: 60, now: later(466) });

    expect(listed.retention).toEqual({ found: 1, erased: 0, skipped: 1, failed: 0 });
    expect(moved.retention.found).toBe(0);
    expect(due.retention).toEqual({ found: 1, erased: 1, skipped: 0, failed: 0 });
    expect(cases.cases.get('CASE0001')).toMatchObject({ status: 'withdrawn', erasedAt: later(466).toISOString() });
  });

  it('erases a case routing never reached a year after it was received', async () => {
    cases.store(receivedCase({ id: 'STUCK' }));

    const due = await sweep(sweepPorts(), { olderThanSeconds: 60, now: later(366) });

    expect(cases.cases.get('STUCK')).toMatchObject({ status: 'withdrawn', erasedAt: later(366).toISOString() });
    expect(due.retention.erased).toBe(2);
  });

  it('erases a closed case the retention period after closure to its closed tombstone', async () => {
    cases.store(
      routedCase({ status: 'closed', closedAt: NOW.toISOString(), outcome: 'connected', openedAt: NOW.toISOString() }),
    );

    expect((await sweep(sweepPorts(), { olderThanSeconds: 60, now: later(179) })).retention.erased).toBe(0);
    expect((await sweep(sweepPorts(), { olderThanSeconds: 60, now: later(181) })).retention.erased).toBe(1);
    expect(cases.cases.get('CASE0001')).toMatchObject({ status: 'closed', closedAt: NOW.toISOString() });
    expect(cases.cases.get('CASE0001')).not.toHaveProperty('outcome');
  });
});
