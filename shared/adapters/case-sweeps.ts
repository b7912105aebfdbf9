// The sweeper's queries on the sparse sweep index (GSI2): cases stuck in `received`, response deadlines passed,
// notifications still in the outbox and cases due for retention (keys.ts patterns 7–9, 17; never a Scan); and the move
// of an idle-swept case that changed since to its last change.
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { CaseRepository } from '#application/ports.ts';
import { translateAwsError } from './aws-errors.ts';
import { toOutboxEntry } from './case-items.ts';
import type { CaseTable } from './case-table.ts';
import {
  caseKey,
  idleSweepKeys,
  SWEEP_CLOSED_PARTITION,
  SWEEP_DEADLINE_PARTITION,
  SWEEP_IDLE_PARTITION,
  SWEEP_INDEX_NAME,
  SWEEP_OUTBOX_PARTITION,
  SWEEP_RECEIVED_PARTITION,
} from './keys.ts';
import { queryAll } from './query-pages.ts';

export function caseSweeps(
  table: CaseTable,
): Pick<
  CaseRepository,
  'listReceivedCreatedBefore' | 'listDeadlinePassed' | 'listOutboxBefore' | 'listRetentionDue' | 'moveIdleSweep'
> {
  const { client, tableName } = table;

  /** The items of one sweep partition whose sort key (time first) is before `before`, oldest first. */
  const itemsBefore = (partition: string, before: string, limit: number, operation: string, attributes: string[]) =>
    queryAll(
      client,
      {
        TableName: tableName,
        IndexName: SWEEP_INDEX_NAME,
        KeyConditionExpression: 'gsi2pk = :pk AND gsi2sk < :before',
        ExpressionAttributeValues: { ':pk': partition, ':before': before },
        ProjectionExpression: attributes.map((_, i) => `#a${i}`).join(', '),
        ExpressionAttributeNames: Object.fromEntries(attributes.map((attribute, i) => [`#a${i}`, attribute])),
      },
      { operation, limit },
    );

  const caseIdsBefore = async (partition: string, before: string, limit: number, operation: string) =>
    (await itemsBefore(partition, before, limit, operation, ['id'])).map((item) => String(item.id));

  return {
    listReceivedCreatedBefore: (createdBefore, limit) =>
      caseIdsBefore(SWEEP_RECEIVED_PARTITION, createdBefore, limit, 'Query sweep index'),

    listDeadlinePassed: (before, limit) => caseIdsBefore(SWEEP_DEADLINE_PARTITION, before, limit, 'Query deadlines'),

    listRetentionDue: async ({ closedBefore, idleBefore, limit }) => {
      const [closed, idle] = await Promise.all([
        caseIdsBefore(SWEEP_CLOSED_PARTITION, closedBefore, limit, 'Query retention closed'),
        caseIdsBefore(SWEEP_IDLE_PARTITION, idleBefore, limit, 'Query retention idle'),
      ]);
      return [...closed, ...idle];
    },

    async moveIdleSweep({ id, version, updatedAt }) {
      const keys = idleSweepKeys(updatedAt, id);
      try {
        await client.send(
          new UpdateCommand({
            TableName: tableName,
            Key: caseKey(id),
            UpdateExpression: 'SET gsi2sk = :sortKey',
            // Only the version that was read, and only while it is still idle-swept (a later change wins).
            ConditionExpression: '#version = :version AND gsi2pk = :partition',
            ExpressionAttributeNames: { '#version': 'version' },
            ExpressionAttributeValues: { ':sortKey': keys.gsi2sk, ':version': version, ':partition': keys.gsi2pk },
          }),
        );
      } catch (error) {
        if (error instanceof ConditionalCheckFailedException) return;
        throw translateAwsError(error, 'UpdateItem idle sweep');
      }
    },

    listOutboxBefore: async (before, limit) =>
      (await itemsBefore(SWEEP_OUTBOX_PARTITION, before, limit, 'Query outbox', ['seq', 'outbox'])).map(toOutboxEntry),
  };
}
