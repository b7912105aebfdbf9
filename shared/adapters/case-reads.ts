// Reads of one case: the case item alone (one GetItem), or the case with its personal data, proposals and history
// (one Query over its partition, keys.ts patterns 1 and 2).
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { CaseRepository } from '#application/ports.ts';
import { translateAwsError } from './aws-errors.ts';
import { caseWithHistoryOf, toCaseRecord } from './case-items.ts';
import type { CaseTable } from './case-table.ts';
import { caseDataSortKeyFloor, caseKey, casePartition } from './keys.ts';
import { queryAll } from './query-pages.ts';

export function caseReads(table: CaseTable): Pick<CaseRepository, 'get' | 'getWithHistory'> {
  const { client, tableName, nowEpochSeconds } = table;
  return {
    async get(caseId) {
      try {
        const result = await client.send(
          new GetCommand({ TableName: tableName, Key: caseKey(caseId), ConsistentRead: true }),
        );
        return result.Item ? toCaseRecord(result.Item) : null;
      } catch (error) {
        throw translateAwsError(error, 'GetItem case');
      }
    },

    async getWithHistory(caseId) {
      const items = await queryAll(
        client,
        {
          TableName: tableName,
          // From the case item on: the audit entries sort before it and are never read with the case.
          KeyConditionExpression: 'pk = :pk AND sk >= :from',
          ExpressionAttributeValues: { ':pk': casePartition(caseId), ':from': caseDataSortKeyFloor() },
          ConsistentRead: true,
        },
        { operation: 'Query case' },
      );
      return caseWithHistoryOf(items, nowEpochSeconds());
    },
  };
}
