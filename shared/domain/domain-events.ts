// Domain events published to offices: which history events become notifications, the queue message, the webhook body.
import * as z from 'zod';
import type { CaseEvent, CaseEventType } from './case.ts';
import { expecting, oneOf } from './field-rules.ts';
import { lazily } from './lazily.ts';

/** The notification types an office can receive (API.md "Cases"; issue 3 "Domain events and webhooks"). */
export const NOTIFICATION_TYPES = [
  'case.routed',
  'case.escalated',
  'case.accepted',
  'case.closed',
  'referral.withdrawn',
] as const;
export type NotificationType = (typeof NOTIFICATION_TYPES)[number];

/**
 * Every history event type with the notification it publishes, or undefined when it stays internal. A full record,
 * so that a new event type does not compile until someone decides whether offices hear of it. `assigned` is a
 * `case.routed` for the newly assigned office; `opened`, `declined` and `started` are the office's own actions.
 */
const NOTIFICATION_TYPE_OF_EVENT: Readonly<Record<CaseEventType, NotificationType | undefined>> = {
  received: undefined,
  routed: 'case.routed',
  escalated: 'case.escalated',
  opened: undefined,
  accepted: 'case.accepted',
  declined: undefined,
  started: undefined,
  closed: 'case.closed',
  assigned: 'case.routed',
  withdrawn: 'referral.withdrawn',
  erased: undefined,
};

/** The notification a history event publishes; undefined for event types that are not published. */
export function notificationTypeOf(eventType: CaseEventType): NotificationType | undefined {
  // hasOwn: a type assertion upstream must not turn `toString` or `constructor` into a notification.
  return Object.hasOwn(NOTIFICATION_TYPE_OF_EVENT, eventType) ? NOTIFICATION_TYPE_OF_EVENT[eventType] : undefined;
}

/**
 * The id of the notification of history event `seq` of a case: stable across re-publications (outbox sweeper,
 * queue redelivery), so receivers deduplicate by it.
 */
export function eventIdOf(caseId: string, seq: number): string {
  if (caseId.length === 0) throw new RangeError('eventIdOf needs a case id');
  if (!Number.isSafeInteger(seq) || seq < 1) throw new RangeError('seq must be a positive integer');
  return `${caseId}:${seq}`;
}

// The schemas are built on first use (lazily): with the first message a function reads or sends, not at start-up.
const caseIdSchema = lazily(() =>
  z
    .string(expecting('a case id'))
    .min(1, { error: 'must not be empty' })
    .max(128, { error: 'must be at most 128 characters long' }),
);

/**
 * The body of a notification queue message (no message attributes). Ids, a code and a time only: the queue is outside
 * the erasure boundary, so it must never carry personal data. `officeId` is the office to notify (null: none).
 */
export const notificationMessageSchema = lazily(() =>
  z
    .strictObject(
      {
        eventId: z
          .string(expecting('an event id'))
          .regex(/^.+:[1-9][0-9]*$/, { error: 'must be "<caseId>:<seq>"' })
          .max(150, { error: 'must be at most 150 characters long' }),
        type: oneOf(NOTIFICATION_TYPES),
        caseId: caseIdSchema(),
        officeId: z.string(expecting('an office id or null')).min(1, { error: 'must not be empty' }).nullable(),
        occurredAt: z.iso.datetime(expecting('an RFC 3339 UTC timestamp')),
      },
      expecting('a notification message object'),
    )
    .superRefine((message, ctx) => {
      if (!message.eventId.startsWith(`${message.caseId}:`)) {
        ctx.addIssue({ code: 'custom', path: ['eventId'], message: 'must belong to caseId' });
      }
    }),
);

export type NotificationMessage = z.output<ReturnType<typeof notificationMessageSchema>>;

/**
 * The notification message for a history event just appended to a case, or undefined when its type is not published.
 * `officeId`: the office to notify, i.e. the case's office after the event (null when it has none).
 */
export function notificationMessageOf(input: {
  caseId: string;
  officeId: string | null;
  event: Pick<CaseEvent, 'seq' | 'type' | 'at'>;
}): NotificationMessage | undefined {
  const type = notificationTypeOf(input.event.type);
  if (type === undefined) return undefined;
  return {
    eventId: eventIdOf(input.caseId, input.event.seq),
    type,
    caseId: input.caseId,
    officeId: input.officeId,
    occurredAt: input.event.at,
  };
}

/**
 * The webhook body of one notification type: id-only by design, the receiver fetches details with its own
 * credentials. Keys in the documented order (parsing keeps it), nothing else: in particular not `officeId`, which the
 * receiver knows, and never any detail of the case. The notifier sends what this schema outputs; the OpenAPI document
 * describes each type's body with it.
 */
function webhookPayloadSchemaOf<T extends NotificationType>(type: T) {
  return z
    .strictObject({
      id: z.string().meta({ description: 'The event id `<caseId>:<seq>`, equal to the `webhook-id` header.' }),
      type: z.literal(type),
      caseId: caseIdSchema(),
      occurredAt: z.iso.datetime().meta({ description: 'When the event happened in the case (RFC 3339, UTC).' }),
    })
    .meta({ description: `The body of a \`${type}\` webhook.` });
}

export const webhookPayloadSchemas = lazily(
  () =>
    ({
      'case.routed': webhookPayloadSchemaOf('case.routed'),
      'case.escalated': webhookPayloadSchemaOf('case.escalated'),
      'case.accepted': webhookPayloadSchemaOf('case.accepted'),
      'case.closed': webhookPayloadSchemaOf('case.closed'),
      'referral.withdrawn': webhookPayloadSchemaOf('referral.withdrawn'),
    }) as const satisfies Record<NotificationType, z.ZodType>,
);

export const webhookPayloadSchema = lazily(() => {
  const schemas = webhookPayloadSchemas();
  return z.discriminatedUnion('type', [
    schemas['case.routed'],
    schemas['case.escalated'],
    schemas['case.accepted'],
    schemas['case.closed'],
    schemas['referral.withdrawn'],
  ]);
});

/** The webhook body an office receives. */
export type WebhookPayload = z.output<ReturnType<typeof webhookPayloadSchema>>;

/** The exact webhook body object of a notification, as the schema of its type outputs it. */
export function webhookPayloadOf(message: NotificationMessage): WebhookPayload {
  return webhookPayloadSchema().parse({
    id: message.eventId,
    type: message.type,
    caseId: message.caseId,
    occurredAt: message.occurredAt,
  });
}
