// The outbox: a change whose event is published is written with its notification, sent right after the
// transaction, then taken out of the outbox (the sweeper re-publishes what a crash left behind).
import { type NotificationMessage, notificationMessageOf } from '#domain/domain-events.ts';
import type { CaseRepository, CaseTransition, NotificationQueue, OutboxEntry } from './ports.ts';

export interface OutboxPorts {
  cases: Pick<CaseRepository, 'clearOutbox'>;
  notifications: NotificationQueue;
  /** Told when sending or clearing failed; the change itself stands and the sweeper re-publishes later. */
  onPublishFailed?: (message: NotificationMessage, error: unknown) => void;
}

/**
 * The notification of a transition's event, or undefined when its type is not published. It goes to the office the
 * case has after the event; an escalation goes to the office that held the case until then (it leaves its inbox).
 */
export function outboxEntryOf(transition: CaseTransition): OutboxEntry | undefined {
  const { from, event } = transition;
  const after = transition.changes.officeId !== undefined ? transition.changes.officeId : from.officeId;
  const officeId = event.type === 'escalated' ? (from.officeId ?? after) : after;
  const message = notificationMessageOf({ caseId: from.id, officeId, event });
  return message ? { caseId: from.id, seq: event.seq, message } : undefined;
}

/**
 * Publishes the entry's message and clears its outbox entry. Never throws: the transaction that appended the event is
 * already committed, so a failure here must not turn a successful change into an error. Delivery is at-least-once (a
 * crash between send and clear re-sends); receivers deduplicate by event id.
 */
export async function publishFromOutbox(ports: OutboxPorts, entry: OutboxEntry | undefined): Promise<boolean> {
  if (!entry) return true;
  try {
    await ports.notifications.publish(entry.message);
    await ports.cases.clearOutbox(entry.caseId, entry.seq);
    return true;
  } catch (error) {
    ports.onPublishFailed?.(entry.message, error);
    return false;
  }
}

/** Applies a transition (throwing what applyTransition throws) with its outbox entry, then publishes it. */
export async function commitTransition(
  ports: OutboxPorts & { cases: Pick<CaseRepository, 'applyTransition' | 'clearOutbox'> },
  transition: CaseTransition,
): Promise<void> {
  const entry = outboxEntryOf(transition);
  await ports.cases.applyTransition(entry ? { ...transition, notification: entry.message } : transition);
  await publishFromOutbox(ports, entry);
}
