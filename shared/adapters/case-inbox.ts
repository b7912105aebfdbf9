// The inbox queries: pages of an office's inbox (GSI1) or of all cases (GSI3), urgent first then oldest first, and
// whether an office still holds open cases (keys.ts patterns 6, 10 and 13; never a Scan).
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { type CaseRepository, type InboxPage, type InboxQuery, OPEN_CASE_STATUSES } from '#application/ports.ts';
import { translateAwsError } from './aws-errors.ts';
import { toInboxCase } from './case-items.ts';
import type { CaseTable } from './case-table.ts';
import { decodeInboxCursor, encodeInboxCursor } from './inbox-cursor.ts';
import {
  ALL_CASES_INDEX_NAME,
  ALL_CASES_PARTITION,
  caseIdOfInboxSortKey,
  caseKey,
  OFFICE_INBOX_INDEX_NAME,
  officeInboxPartition,
} from './keys.ts';
import type { Item } from './query-pages.ts';

/** Inbox query pages read while a status filter fills a page; bounds one request's work. */
const MAX_INBOX_PAGES = 10;
const FILTERED_PAGE_SIZE = 100;

export function caseInbox(table: CaseTable): Pick<CaseRepository, 'listInbox' | 'hasOpenCases'> {
  const { client, tableName } = table;

  async function listInbox(query: InboxQuery): Promise<InboxPage> {
    const [indexName, pkName, skName, partition] =
      query.source.kind === 'office'
        ? [OFFICE_INBOX_INDEX_NAME, 'gsi1pk', 'gsi1sk', officeInboxPartition(query.source.officeId)]
        : [ALL_CASES_INDEX_NAME, 'gsi3pk', 'gsi3sk', ALL_CASES_PARTITION];
    const startKeyAfter = (sortKey: string): Item => ({
      [pkName]: partition,
      [skName]: sortKey,
      ...caseKey(caseIdOfInboxSortKey(sortKey)),
    });
    let startKey: Item | undefined = query.cursor
      ? startKeyAfter(decodeInboxCursor(query.cursor, indexName, partition))
      : undefined;
    const items: Item[] = [];
    let more = false;
    try {
      for (let page = 0; page < MAX_INBOX_PAGES && items.length < query.limit; page++) {
        const result = await client.send(
          new QueryCommand({
            TableName: tableName,
            IndexName: indexName,
            KeyConditionExpression: `${pkName} = :pk`,
            ExpressionAttributeValues: { ':pk': partition, ...(query.status ? { ':status': query.status } : {}) },
            ...(query.status
              ? { FilterExpression: '#status = :status', ExpressionAttributeNames: { '#status': 'status' } }
              : {}),
            // Without a filter one item more than needed tells whether another page exists.
            Limit: query.status ? FILTERED_PAGE_SIZE : query.limit - items.length + 1,
            ...(startKey ? { ExclusiveStartKey: startKey } : {}),
          }),
        );
        for (const item of result.Items ?? []) {
          if (items.length < query.limit) items.push(item);
          else more = true;
        }
        startKey = result.LastEvaluatedKey;
        if (!startKey || more) break;
      }
    } catch (error) {
      throw translateAwsError(error, 'Query inbox');
    }
    const last = items[items.length - 1];
    let nextCursor: string | null = null;
    if (more && last) nextCursor = encodeInboxCursor(indexName, partition, String(last[skName]));
    // The page budget ran out (a sparse filter): continue after the last item read, returned or not.
    else if (startKey) nextCursor = encodeInboxCursor(indexName, partition, String(startKey[skName]));
    return { items: items.map(toInboxCase), nextCursor };
  }

  async function hasOpenCases(officeId: string): Promise<boolean> {
    const values: Record<string, unknown> = { ':pk': officeInboxPartition(officeId) };
    OPEN_CASE_STATUSES.forEach((status, i) => {
      values[`:s${i}`] = status;
    });
    const filter = `#status IN (${OPEN_CASE_STATUSES.map((_, i) => `:s${i}`).join(', ')})`;
    let startKey: Item | undefined;
    try {
      // Page by page until the first open case: closed and withdrawn cases stay in the inbox index too.
      do {
        const page = await client.send(
          new QueryCommand({
            TableName: tableName,
            IndexName: OFFICE_INBOX_INDEX_NAME,
            KeyConditionExpression: 'gsi1pk = :pk',
            FilterExpression: filter,
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: values,
            ProjectionExpression: 'id',
            ...(startKey ? { ExclusiveStartKey: startKey } : {}),
          }),
        );
        if ((page.Items ?? []).length > 0) return true;
        startKey = page.LastEvaluatedKey;
      } while (startKey);
    } catch (error) {
      throw translateAwsError(error, 'Query open cases');
    }
    return false;
  }

  return { listInbox, hasOpenCases };
}
