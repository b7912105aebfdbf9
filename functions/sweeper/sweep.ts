// Use case: re-send the routing message of cases stuck in `received` (the store-then-enqueue gap never loses one).
import type { CaseRepository, Clock, RoutingQueue } from '#adapters/ports.ts';

export interface SweepPorts {
  cases: Pick<CaseRepository, 'listReceivedCreatedBefore'>;
  routingQueue: RoutingQueue;
  clock: Clock;
}

export interface SweepResult {
  found: number;
  enqueued: number;
  failed: number;
}

/** Enough to drain any realistic backlog within a few runs while keeping one run far inside its timeout. */
export const MAX_CASES_PER_RUN = 200;
const SEND_CONCURRENCY = 10;

/**
 * Cases created more than `olderThanSeconds` ago that are still `received`. Re-sending is safe: the router routes a
 * case once and ignores further messages. A failed send is counted and left for the next run.
 */
export async function sweep(
  ports: SweepPorts,
  input: { olderThanSeconds: number; limit?: number },
): Promise<SweepResult> {
  const threshold = new Date(ports.clock.now().getTime() - input.olderThanSeconds * 1000).toISOString();
  const ids = await ports.cases.listReceivedCreatedBefore(threshold, input.limit ?? MAX_CASES_PER_RUN);
  let enqueued = 0;
  let failed = 0;
  for (let start = 0; start < ids.length; start += SEND_CONCURRENCY) {
    const results = await Promise.allSettled(
      ids.slice(start, start + SEND_CONCURRENCY).map((id) => ports.routingQueue.enqueue(id)),
    );
    for (const result of results) {
      if (result.status === 'fulfilled') enqueued++;
      else failed++;
    }
  }
  return { found: ids.length, enqueued, failed };
}
