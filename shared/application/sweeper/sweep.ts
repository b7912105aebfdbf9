// Use case: the scheduled sweep — re-send routing of stuck cases, escalate missed response deadlines, re-publish the
// outbox — each duty bounded per run, so one run stays far inside its timeout and a backlog drains over a few runs.

import { eraseCase } from '#application/erasure/erase-case.ts';
import { commitTransition, type OutboxPorts, publishFromOutbox } from '#application/outbox.ts';
import type { CaseRepository, Clock, RoutingQueue } from '#application/ports.ts';
import { type CaseEvent, isTombstone, SWEEPER_ACTOR } from '#domain/case.ts';
import { VersionConflict } from '#domain/errors.ts';
import { type RetentionPolicy, retentionDue } from '#domain/retention.ts';
import { isTerminal, transition } from '#domain/state-machine.ts';

export interface SweepPorts extends OutboxPorts {
  cases: Pick<
    CaseRepository,
    | 'listReceivedCreatedBefore'
    | 'listDeadlinePassed'
    | 'listOutboxBefore'
    | 'listRetentionDue'
    | 'moveIdleSweep'
    | 'get'
    | 'applyTransition'
    | 'clearOutbox'
  >;
  routingQueue: RoutingQueue;
  clock: Clock;
  retention: RetentionPolicy;
}

export interface SweepResult {
  /** Stuck `received` cases found, and their routing messages sent / failed. */
  found: number;
  enqueued: number;
  failed: number;
  /** Routed, unopened cases past their deadline: escalated now, or skipped (changed meanwhile), or failed. */
  deadlines: { found: number; escalated: number; skipped: number; failed: number };
  /** Outbox entries older than OUTBOX_GRACE_SECONDS: re-published, or failed again. */
  outbox: { found: number; published: number; failed: number };
  /** Cases past their retention time: erased to their tombstone now, or skipped (changed meanwhile), or failed. */
  retention: { found: number; erased: number; skipped: number; failed: number };
}

/** Enough to drain any realistic backlog within a few runs while keeping one run far inside its timeout. */
export const MAX_CASES_PER_RUN = 200;
/** An outbox entry younger than this is probably being published by the function that wrote it right now. */
export const OUTBOX_GRACE_SECONDS = 60;
const CONCURRENCY = 10;
const SECONDS_PER_DAY = 86_400;

/** Runs `work` over `items`, CONCURRENCY at a time; counts fulfilled results by value and rejections. */
async function inBatches<T, R>(items: readonly T[], work: (item: T) => Promise<R>): Promise<PromiseSettledResult<R>[]> {
  const results: PromiseSettledResult<R>[] = [];
  for (let start = 0; start < items.length; start += CONCURRENCY) {
    results.push(...(await Promise.allSettled(items.slice(start, start + CONCURRENCY).map(work))));
  }
  return results;
}

type EscalationOutcome = 'escalated' | 'skipped';

/** Escalates one case whose deadline passed, unless it changed since it was listed (then it is not ours to touch). */
async function escalateMissedDeadline(ports: SweepPorts, caseId: string, now: Date): Promise<EscalationOutcome> {
  const stored = await ports.cases.get(caseId);
  if (!stored || isTombstone(stored)) return 'skipped';
  const caseRecord = stored;
  if (
    caseRecord.status !== 'routed' ||
    caseRecord.openedAt !== undefined ||
    caseRecord.deadlineAt === undefined ||
    caseRecord.deadlineAt >= now.toISOString()
  ) {
    return 'skipped';
  }
  const at = now.toISOString();
  const event: CaseEvent = {
    seq: caseRecord.version + 1,
    type: 'escalated',
    at,
    actor: SWEEPER_ACTOR,
    details: { reason: 'deadline', officeId: caseRecord.officeId, deadlineAt: caseRecord.deadlineAt },
  };
  try {
    // Conditional on the version: an office opening (or acting on) the case meanwhile wins, and nothing happens here.
    await commitTransition(ports, {
      from: caseRecord,
      status: transition(caseRecord.status, 'escalate'),
      updatedAt: at,
      changes: { officeId: null, escalationReason: 'deadline' },
      remove: ['routedAt', 'deadlineAt'],
      event,
    });
    return 'escalated';
  } catch (error) {
    if (error instanceof VersionConflict) return 'skipped';
    throw error;
  }
}

/**
 * Erases one case past its retention time. A case that changed since it was listed is not due: an open one is moved
 * to its last change in the idle sweep, so that it is listed again only when that change is old enough.
 */
async function eraseExpired(ports: SweepPorts, caseId: string, now: Date): Promise<EscalationOutcome | 'erased'> {
  const stored = await ports.cases.get(caseId);
  if (!stored || isTombstone(stored)) return 'skipped';
  if (!retentionDue(stored, ports.retention, now)) {
    if (!isTerminal(stored.status)) await ports.cases.moveIdleSweep(stored);
    return 'skipped';
  }
  try {
    await eraseCase(ports, { from: stored, at: now.toISOString(), actor: SWEEPER_ACTOR, reason: 'retention' });
    return 'erased';
  } catch (error) {
    if (error instanceof VersionConflict) return 'skipped';
    throw error;
  }
}

/**
 * "now" is the scheduled event's time when given (tests pass a future time to reach deadlines), else the clock.
 * 1. Cases created more than `olderThanSeconds` before now that are still `received`: routing is re-sent (the router
 *    routes a case once and ignores further messages).
 * 2. Routed cases not opened by their `deadlineAt`: escalated with reason `deadline` (`case.escalated` published).
 * 3. Outbox entries older than OUTBOX_GRACE_SECONDS: re-published and cleared (at-least-once; receivers dedupe).
 * 4. Retention: closed cases `retention.closedDays` after closure, and open cases `retention.openDays` after their last
 *    change, are erased to their tombstone (an open one is cancelled: `withdrawn`), exactly as a withdrawal erases.
 * A failure of one item is counted and left for the next run; it never stops the other items or duties.
 */
export async function sweep(
  ports: SweepPorts,
  input: { olderThanSeconds: number; now?: Date; limit?: number },
): Promise<SweepResult> {
  const now = input.now ?? ports.clock.now();
  const limit = input.limit ?? MAX_CASES_PER_RUN;
  const iso = (offsetSeconds: number) => new Date(now.getTime() - offsetSeconds * 1000).toISOString();

  const stuck = await ports.cases.listReceivedCreatedBefore(iso(input.olderThanSeconds), limit);
  const sent = await inBatches(stuck, (id) => ports.routingQueue.enqueue(id));
  const enqueued = sent.filter((result) => result.status === 'fulfilled').length;

  const due = await ports.cases.listDeadlinePassed(now.toISOString(), limit);
  const escalations = await inBatches(due, (id) => escalateMissedDeadline(ports, id, now));
  const escalated = escalations.filter((r) => r.status === 'fulfilled' && r.value === 'escalated').length;
  const skipped = escalations.filter((r) => r.status === 'fulfilled' && r.value === 'skipped').length;

  const pending = await ports.cases.listOutboxBefore(iso(OUTBOX_GRACE_SECONDS), limit);
  const republished = await inBatches(pending, (entry) => publishFromOutbox(ports, entry));
  const published = republished.filter((result) => result.status === 'fulfilled' && result.value).length;

  const idleBefore = iso(ports.retention.openDays * SECONDS_PER_DAY);
  const [expired, neverRouted] = await Promise.all([
    ports.cases.listRetentionDue({
      closedBefore: iso(ports.retention.closedDays * SECONDS_PER_DAY),
      idleBefore,
      limit,
    }),
    // A case routing never reached (stuck in `received` all that time) waits in the received sweep, not the idle one.
    ports.cases.listReceivedCreatedBefore(idleBefore, limit),
  ]);
  expired.push(...neverRouted);
  const erasures = await inBatches(expired, (id) => eraseExpired(ports, id, now));
  const erased = erasures.filter((r) => r.status === 'fulfilled' && r.value === 'erased').length;
  const erasureSkipped = erasures.filter((r) => r.status === 'fulfilled' && r.value === 'skipped').length;

  return {
    retention: {
      found: expired.length,
      erased,
      skipped: erasureSkipped,
      failed: expired.length - erased - erasureSkipped,
    },
    found: stuck.length,
    enqueued,
    failed: stuck.length - enqueued,
    deadlines: { found: due.length, escalated, skipped, failed: due.length - escalated - skipped },
    outbox: { found: pending.length, published, failed: pending.length - published },
  };
}
