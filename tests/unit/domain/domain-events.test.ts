// Domain events: which history events are published, the notification queue message and the id-only webhook body.
import { describe, expect, it } from 'vitest';
import { CASE_EVENT_TYPES, type CaseEventType } from '#domain/case.ts';
import {
  eventIdOf,
  NOTIFICATION_TYPES,
  type NotificationMessage,
  notificationMessageOf,
  notificationMessageSchema,
  notificationTypeOf,
  webhookPayloadOf,
} from '#domain/domain-events.ts';
import { toFieldErrors } from '#domain/zod-issues.ts';

const aMessage = (overrides: Partial<NotificationMessage> = {}): NotificationMessage => ({
  eventId: '01J0000000ABCDEFGHJKMNPQRS:2',
  type: 'case.routed',
  caseId: '01J0000000ABCDEFGHJKMNPQRS',
  officeId: 'fb-nord',
  occurredAt: '2026-03-02T08:00:00.000Z',
  ...overrides,
});

const problemsOf = (body: unknown) => {
  const result = notificationMessageSchema().safeParse(body);
  return result.success ? [] : toFieldErrors(result.error);
};

describe('notificationTypeOf', () => {
  it.each([
    ['routed', 'case.routed'],
    ['assigned', 'case.routed'],
    ['escalated', 'case.escalated'],
    ['accepted', 'case.accepted'],
    ['closed', 'case.closed'],
    ['withdrawn', 'referral.withdrawn'],
  ] as const)('publishes a %s event as %s', (eventType, notificationType) => {
    expect(notificationTypeOf(eventType)).toBe(notificationType);
  });

  it('publishes no other history event', () => {
    const published = CASE_EVENT_TYPES.filter((type) => notificationTypeOf(type) !== undefined);

    expect(CASE_EVENT_TYPES.filter((type) => !published.includes(type))).toEqual([
      'received',
      'opened',
      'declined',
      'started',
      'erased',
    ]);
  });

  it('publishes nothing for a name that is only an object property', () => {
    expect(notificationTypeOf('toString' as CaseEventType)).toBeUndefined();
  });

  it('covers every notification type with some history event', () => {
    const reachable = new Set(CASE_EVENT_TYPES.map((type) => notificationTypeOf(type)));

    expect(NOTIFICATION_TYPES.filter((type) => !reachable.has(type))).toEqual([]);
  });
});

describe('eventIdOf', () => {
  it('joins the case id and the history sequence number', () => {
    expect(eventIdOf('01J0000000ABCDEFGHJKMNPQRS', 7)).toBe('01J0000000ABCDEFGHJKMNPQRS:7');
  });

  it.each([0, -1, 1.5])('rejects the sequence number %s', (seq) => {
    expect(() => eventIdOf('case-1', seq)).toThrow(RangeError);
  });

  it('rejects an empty case id', () => {
    expect(() => eventIdOf('', 1)).toThrow(RangeError);
  });
});

describe('notificationMessageSchema', () => {
  it('accepts a message', () => {
    expect(notificationMessageSchema().parse(aMessage())).toEqual(aMessage());
  });

  it('accepts a message without an office', () => {
    expect(problemsOf(aMessage({ type: 'case.escalated', officeId: null }))).toEqual([]);
  });

  it('rejects an extra field, so personal data cannot ride along', () => {
    expect(problemsOf({ ...aMessage(), contact: { name: 'Erika Mustermann' } })).toEqual([
      { path: 'contact', message: 'is not a known field' },
    ]);
  });

  it('rejects an unknown notification type', () => {
    expect(problemsOf(aMessage({ type: 'case.opened' as NotificationMessage['type'] })).map((p) => p.path)).toEqual([
      'type',
    ]);
  });

  it('rejects an event id of another case', () => {
    expect(problemsOf(aMessage({ eventId: 'another-case:2' }))).toEqual([
      { path: 'eventId', message: 'must belong to caseId' },
    ]);
  });

  it('rejects an event id without a sequence number', () => {
    expect(problemsOf(aMessage({ eventId: '01J0000000ABCDEFGHJKMNPQRS' })).map((p) => p.path)).toEqual(['eventId']);
  });

  it('rejects a time that is not an RFC 3339 UTC timestamp', () => {
    expect(problemsOf(aMessage({ occurredAt: '2.3.2026 09:00' })).map((p) => p.path)).toEqual(['occurredAt']);
  });

  it('requires officeId to be present, null when there is no office', () => {
    const { officeId: _omitted, ...withoutOffice } = aMessage();

    expect(problemsOf(withoutOffice)).toEqual([{ path: 'officeId', message: 'is required' }]);
  });
});

describe('notificationMessageOf', () => {
  it('builds the message of a published history event', () => {
    const message = notificationMessageOf({
      caseId: 'case-1',
      officeId: 'fb-sued',
      event: { seq: 4, type: 'assigned', at: '2026-03-02T08:00:00.000Z' },
    });

    expect(message).toEqual({
      eventId: 'case-1:4',
      type: 'case.routed',
      caseId: 'case-1',
      officeId: 'fb-sued',
      occurredAt: '2026-03-02T08:00:00.000Z',
    });
  });

  it('builds nothing for an internal history event', () => {
    expect(
      notificationMessageOf({
        caseId: 'case-1',
        officeId: 'fb-sued',
        event: { seq: 3, type: 'opened', at: '2026-03-02T08:00:00.000Z' },
      }),
    ).toBeUndefined();
  });
});

describe('webhookPayloadOf', () => {
  it('serialises to exactly id, type, caseId and occurredAt, in that order', () => {
    expect(JSON.stringify(webhookPayloadOf(aMessage()))).toBe(
      '{"id":"01J0000000ABCDEFGHJKMNPQRS:2","type":"case.routed","caseId":"01J0000000ABCDEFGHJKMNPQRS","occurredAt":"2026-03-02T08:00:00.000Z"}',
    );
  });
});
