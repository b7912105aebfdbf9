// The table access the case modules share: the client, the table's name and the clock that says what has expired.
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

export interface CaseTable {
  client: DynamoDBDocumentClient;
  tableName: string;
  /** Epoch seconds now: an item past its `expiresAt` is gone, even while it waits for TTL deletion (up to days). */
  nowEpochSeconds: () => number;
}

/** Whether an item with this `expiresAt` (absent: never expires) is gone at `now` (epoch seconds). */
export function hasExpired(expiresAt: unknown, now: number): boolean {
  return typeof expiresAt === 'number' && expiresAt <= now;
}
