import { describe, expect, it } from 'vitest';
import { commitTransition, outboxEntryOf, publishFromOutbox } from '#application/outbox.ts';
import type { CaseTransition } from '#application/ports.ts';
import { TemporaryFailure, VersionConflict } from '#domain/errors.ts';
import { routedCase } from '../functions/case-fixtures.ts';
import { InMemoryCases, InMemoryNotifications } from '../functions/fakes.ts';

const at = '2026-11-26T10:00:00.000Z';

function change(type: CaseTransition['event']['type'], changes: CaseTransition['changes'] = {}): CaseTransition {
  return { from: routedCase(), status: 'routed', updatedAt: at, changes, event: { seq: 3, type, at, actor: 'x' } };
}

describe('outboxEntryOf', () => {
  it('addresses an event to the office the case has afterwards', () => {
    expect(outboxEntryOf(change('assigned', { officeId: 'fb-sued' }))?.message).toEqual({
      eventId: 'CASE0001:3',
      type: 'case.routed',
      caseId: 'CASE0001',
      officeId: 'fb-sued',
      occurredAt: at,
    });
  });

  it('addresses an escalation to the office that held the case until then', () => {
    expect(outboxEntryOf(change('escalated', { officeId: null }))?.message.officeId).toBe('fb-nord');
  });

  it('has no entry for events that are not published', () => {
    expect(outboxEntryOf(change('opened'))).toBeUndefined();
    expect(outboxEntryOf(change('declined'))).toBeUndefined();
  });
});

describe('publishing from the outbox', () => {
  it('writes the notification with the event, sends it, then clears it', async () => {
    const cases = new InMemoryCases();
    cases.store(routedCase());
    const notifications = new InMemoryNotifications();

    await commitTransition({ cases, notifications }, { ...change('accepted'), status: 'accepted' });

    expect(cases.applied[0]?.notification?.eventId).toBe('CASE0001:3');
    expect(notifications.sent.map((message) => message.eventId)).toEqual(['CASE0001:3']);
    expect(cases.outbox.size).toBe(0);
  });

  it('sends nothing when the transition fails', async () => {
    const cases = new InMemoryCases();
    cases.store(routedCase({ version: 5 }));
    const notifications = new InMemoryNotifications();

    await expect(
      commitTransition({ cases, notifications }, { ...change('accepted'), status: 'accepted' }),
    ).rejects.toBeInstanceOf(VersionConflict);
    expect(notifications.sent).toEqual([]);
  });

  it('never throws on a failed send: it reports it and keeps the entry', async () => {
    const cases = new InMemoryCases();
    const notifications = new InMemoryNotifications();
    notifications.failWith = new TemporaryFailure();
    const reported: string[] = [];
    const entry = outboxEntryOf(change('accepted'));
    if (entry) cases.outbox.set(entry.message.eventId, { ...entry, at });

    const published = await publishFromOutbox(
      { cases, notifications, onPublishFailed: (message) => reported.push(message.eventId) },
      entry,
    );

    expect(published).toBe(false);
    expect(reported).toEqual(['CASE0001:3']);
    expect(cases.outbox.size).toBe(1);
  });
});
