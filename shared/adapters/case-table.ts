// The table access the case modules share: the client, the tables' names and the clock that says what has expired.
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/** The main table alone: the case item, its history, audit entries, idempotency records, indexes (keys.ts 1–16). */
export interface CaseTable {
  client: DynamoDBDocumentClient;
  tableName: string;
  /** Epoch seconds now: an item past its `expiresAt` is gone, even while it waits for TTL deletion (up to days). */
  nowEpochSeconds: () => number;
}

/** The main table and the personal table (the family's personal items and the proposals, keys.ts P1–P3). */
export interface PersonalCaseTable extends CaseTable {
  personalTableName: string;
}

/** Which table each item of a transaction goes to. */
export interface CaseTableNames {
  main: string;
  personal: string;
}

export function tableNamesOf(table: PersonalCaseTable): CaseTableNames {
  return { main: table.tableName, personal: table.personalTableName };
}

/** Whether an item with this `expiresAt` (absent: never expires) is gone at `now` (epoch seconds). */
export function hasExpired(expiresAt: unknown, now: number): boolean {
  return typeof expiresAt === 'number' && expiresAt <= now;
}
