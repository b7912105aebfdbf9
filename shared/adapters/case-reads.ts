// Reads of one case: the case item alone (one GetItem, main table), or the case with its personal data, proposals and
// history (a Query over its partition in each table, in parallel: keys.ts patterns 1, 2 and P3).
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { CaseRepository } from '#application/ports.ts';
import { translateAwsError } from './aws-errors.ts';
import { caseWithHistoryOf, toAuditEntry, toCaseRecord } from './case-items.ts';
import type { CaseTable, PersonalCaseTable } from './case-table.ts';
import { caseAuditSortKeyPrefix, caseDataSortKeyFloor, caseKey, casePartition } from './keys.ts';
import { queryAll } from './query-pages.ts';

/** The case item alone: what a function without access to the personal table may read of a case. */
export function caseFactReads(table: CaseTable): Pick<CaseRepository, 'get'> {
  const { client, tableName } = table;
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
  };
}

export function caseReads(table: PersonalCaseTable): Pick<CaseRepository, 'get' | 'getWithHistory'> {
  const { client, tableName, personalTableName, nowEpochSeconds } = table;
  return {
    ...caseFactReads(table),

    async getWithHistory(caseId) {
      const [caseItems, personalItems] = await Promise.all([
        queryAll(
          client,
          {
            TableName: tableName,
            // From the case item on: the audit entries sort before it and are never read with the case.
            KeyConditionExpression: 'pk = :pk AND sk >= :from',
            ExpressionAttributeValues: { ':pk': casePartition(caseId), ':from': caseDataSortKeyFloor() },
            ConsistentRead: true,
          },
          { operation: 'Query case' },
        ),
        queryAll(
          client,
          {
            TableName: personalTableName,
            KeyConditionExpression: 'pk = :pk',
            ExpressionAttributeValues: { ':pk': casePartition(caseId) },
            ConsistentRead: true,
          },
          { operation: 'Query personal' },
        ),
      ]);
      return caseWithHistoryOf(caseItems, personalItems, nowEpochSeconds());
    },
  };
}

/** The audit trail of a case (pattern 1a), oldest first: ids and times only, so it needs no personal-data access. */
export function caseAuditReads(table: CaseTable): Pick<CaseRepository, 'listAudit'> {
  const { client, tableName } = table;
  return {
    async listAudit(caseId) {
      const items = await queryAll(
        client,
        {
          TableName: tableName,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
          ExpressionAttributeValues: { ':pk': casePartition(caseId), ':prefix': caseAuditSortKeyPrefix() },
          ConsistentRead: true,
        },
        { operation: 'Query audit' },
      );
      return items.map(toAuditEntry);
    },
  };
}
