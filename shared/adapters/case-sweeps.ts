// The sweeper's queries on the sparse sweep index (GSI2): cases stuck in `received`, response deadlines passed, and
// notifications still in the outbox (keys.ts patterns 7–9; never a Scan).
import type { CaseRepository } from '#application/ports.ts';
import { toOutboxEntry } from './case-items.ts';
import type { CaseTable } from './case-table.ts';
import {
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
): Pick<CaseRepository, 'listReceivedCreatedBefore' | 'listDeadlinePassed' | 'listOutboxBefore' | 'listRetentionDue'> {
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

    listOutboxBefore: async (before, limit) =>
      (await itemsBefore(SWEEP_OUTBOX_PARTITION, before, limit, 'Query outbox', ['seq', 'outbox'])).map(toOutboxEntry),
  };
}
