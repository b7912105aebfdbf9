// DynamoDB's Time to Live, reproduced (DynamoDB Local records the setting but never deletes): a periodic sweep that
// deletes items whose TTL attribute (epoch seconds) lies before "now", as the cloud does eventually.
import {
  ConditionalCheckFailedException,
  DeleteItemCommand,
  type DynamoDBClient,
  ScanCommand,
} from '@aws-sdk/client-dynamodb';
import type { KeySchemaElement } from './app-model.ts';

/** How often the cloud-like background sweep runs at most. */
export const TTL_SWEEP_INTERVAL_MS = 30_000;
/**
 * The background sweep scans in pages of this many items. DynamoDB Local makes a write wait while it reads a Scan
 * page: with 1 MB pages over a table of 5,000 cases (about 40,000 items) a PutItem waited up to 1.3 s during a sweep,
 * with pages of 250 items at most about 250 ms, for about the same sweep time (smaller pages made sweeps far longer).
 */
export const TTL_SWEEP_PAGE_SIZE = 250;
/**
 * A background sweep starts no sooner than this many times the last one took after it ended: a full Scan costs in
 * proportion to the tables (about 7 s of DynamoDB Local for 40,000 items), so a growing table does not leave DynamoDB
 * Local sweeping a quarter of the time, as an every-30-seconds sweep did; the cloud deletes expired items within days.
 */
export const TTL_SWEEP_COST_FACTOR = 20;

/** The wait before the next background sweep, after one that took `lastSweepMs`. */
export function nextSweepDelay(intervalMs: number, lastSweepMs: number): number {
  return Math.max(intervalMs, TTL_SWEEP_COST_FACTOR * lastSweepMs);
}

/** DynamoDB ignores TTL values more than five years in the past (they are taken for mistakes, not expiries). */
const FIVE_YEARS_SECONDS = 5 * 365 * 24 * 60 * 60;

export type TtlTable = {
  readonly name: string;
  readonly keySchema: readonly KeySchemaElement[];
  readonly ttlAttribute: string;
};

/**
 * One pass over a table: Scan (key attributes only) for expired items, page by page, and delete each one under the
 * condition that it is still expired — an item whose TTL was extended in the meantime stays, as in the cloud.
 * Only Number attributes count (a string or missing TTL never expires). Returns how many items were deleted.
 */
export async function sweepExpiredItems(
  client: DynamoDBClient,
  table: TtlTable,
  now: Date,
  options: { readonly pageSize?: number } = {},
): Promise<number> {
  const nowSeconds = Math.floor(now.getTime() / 1000);
  const names: Record<string, string> = { '#ttl': table.ttlAttribute };
  const keyNames = table.keySchema.map((element, index) => {
    names[`#k${index}`] = element.AttributeName;
    return `#k${index}`;
  });
  const values = {
    ':now': { N: String(nowSeconds) },
    ':oldest': { N: String(nowSeconds - FIVE_YEARS_SECONDS) },
  };
  const expired = '#ttl >= :oldest AND #ttl < :now';
  let deleted = 0;
  let startKey: Record<string, never> | undefined;
  do {
    const page = await client.send(
      new ScanCommand({
        TableName: table.name,
        FilterExpression: expired,
        ProjectionExpression: keyNames.join(', '),
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
        ...(options.pageSize === undefined ? {} : { Limit: options.pageSize }),
        ...(startKey === undefined ? {} : { ExclusiveStartKey: startKey }),
      }),
    );
    for (const key of page.Items ?? []) {
      try {
        await client.send(
          new DeleteItemCommand({
            TableName: table.name,
            Key: key,
            ConditionExpression: expired,
            ExpressionAttributeNames: { '#ttl': table.ttlAttribute },
            ExpressionAttributeValues: values,
          }),
        );
        deleted += 1;
      } catch (error) {
        // Extended, removed or deleted by someone else since the scan: not (or no longer) expired.
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
      }
    }
    startKey = page.LastEvaluatedKey as Record<string, never> | undefined;
  } while (startKey !== undefined);
  return deleted;
}

export type TtlSweeper = {
  /** Runs one sweep of every table now (with `now` as the clock); sweeps never overlap. */
  sweep(now?: Date): Promise<number>;
  stop(): Promise<void>;
};

/**
 * Sweeps every table with a TTL attribute until stopped: in pages of TTL_SWEEP_PAGE_SIZE, the next sweep `intervalMs`
 * (default 30 s) after the last one ended, or longer after a long one (nextSweepDelay).
 */
export function startTtlSweeper(options: {
  readonly client: DynamoDBClient;
  readonly tables: readonly TtlTable[];
  readonly log: (line: string) => void;
  readonly intervalMs?: number;
  readonly clock?: () => Date;
}): TtlSweeper {
  const clock = options.clock ?? (() => new Date());
  let running: Promise<unknown> = Promise.resolve();
  let stopped = false;

  const intervalMs = options.intervalMs ?? TTL_SWEEP_INTERVAL_MS;

  const sweepAll = (now: Date, pageSize?: number): Promise<number> => {
    const next = running.then(async () => {
      let deleted = 0;
      for (const table of options.tables) {
        deleted += await sweepExpiredItems(options.client, table, now, pageSize === undefined ? {} : { pageSize });
      }
      return deleted;
    });
    running = next.catch(() => {});
    return next;
  };

  let timer: NodeJS.Timeout | undefined;
  const schedule = (delayMs: number) => {
    if (stopped) return;
    timer = setTimeout(() => {
      if (stopped) return;
      const startedAt = performance.now();
      sweepAll(clock(), TTL_SWEEP_PAGE_SIZE)
        .then(
          (deleted) => {
            if (deleted > 0) options.log(`[local] TTL: deleted ${deleted} expired item(s)`);
          },
          (error: unknown) => {
            if (!stopped) options.log(`[local] TTL sweep failed: ${String(error)}`);
          },
        )
        .finally(() => schedule(nextSweepDelay(intervalMs, performance.now() - startedAt)));
    }, delayMs);
    timer.unref();
  };
  schedule(intervalMs);

  return {
    // On request (a test jumping the clock) in whole pages: nobody waits for it but its caller.
    sweep: (now: Date = clock()) => sweepAll(now),
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
