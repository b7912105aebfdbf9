// The erasure journal (keys.ts pattern 18): which cases had their family data erased, and when (ids and times only).
// Written in each erasure's transaction (case-transactions.ts); read by operations to re-apply erasures after a
// point-in-time restore (infra/ops/reapply-erasures.ts).
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { caseIdOfInboxSortKey, ERASURE_JOURNAL_PARTITION } from './keys.ts';
import { queryAll } from './query-pages.ts';

export interface JournalledErasure {
  caseId: string;
  erasedAt: string;
}

/** Every journalled erasure at or after `since` (RFC 3339; all when absent), oldest first. */
export async function listErasures(
  client: DynamoDBDocumentClient,
  tableName: string,
  since?: string,
): Promise<JournalledErasure[]> {
  const items = await queryAll(
    client,
    {
      TableName: tableName,
      KeyConditionExpression: since === undefined ? 'pk = :pk' : 'pk = :pk AND sk >= :since',
      ExpressionAttributeValues: {
        ':pk': ERASURE_JOURNAL_PARTITION,
        ...(since !== undefined ? { ':since': since } : {}),
      },
      ConsistentRead: true,
    },
    { operation: 'Query erasure journal' },
  );
  return items.map((item) => ({ caseId: caseIdOfInboxSortKey(String(item.sk)), erasedAt: String(item.erasedAt) }));
}
