// DynamoDB's Time to Live, reproduced (DynamoDB Local records the setting but never deletes): a periodic sweep that
// deletes items whose TTL attribute (epoch seconds) lies before "now", as the cloud does eventually.
import {
  ConditionalCheckFailedException,
  DeleteItemCommand,
  type DynamoDBClient,
  ScanCommand,
} from '@aws-sdk/client-dynamodb';
import type { KeySchemaElement } from './app-model.ts';

/** How often the cloud-like background sweep runs. */
export const TTL_SWEEP_INTERVAL_MS = 30_000;

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

/** Sweeps every table with a TTL attribute every `intervalMs` (default 30 s) until stopped. */
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

  const sweep = (now: Date = clock()): Promise<number> => {
    const next = running.then(async () => {
      let deleted = 0;
      for (const table of options.tables) deleted += await sweepExpiredItems(options.client, table, now);
      return deleted;
    });
    running = next.catch(() => {});
    return next;
  };

  const timer = setInterval(() => {
    if (stopped) return;
    sweep().then(
      (deleted) => {
        if (deleted > 0) options.log(`[local] TTL: deleted ${deleted} expired item(s)`);
      },
      (error: unknown) => {
        if (!stopped) options.log(`[local] TTL sweep failed: ${String(error)}`);
      },
    );
  }, options.intervalMs ?? TTL_SWEEP_INTERVAL_MS);
  timer.unref();

  return {
    sweep,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
