// Cases, their history and their idempotency records in the single table; every change is one conditional transaction.
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb';
import type { CaseEvent, CaseRecord } from '#domain/case.ts';
import { VersionConflict } from '#domain/errors.ts';
import { cancellationCodes, translateAwsError } from './aws-errors.ts';
import {
  caseEventKey,
  caseKey,
  casePartition,
  idempotencyKey,
  isCaseEventSortKey,
  isCaseSortKey,
  officeInboxKeys,
  SWEEP_INDEX_NAME,
  SWEEP_RECEIVED_PARTITION,
  sweepKeys,
} from './keys.ts';
import type { CaseRepository, CaseTransition, CaseWithHistory, CreateCaseOutcome, IdempotencyRecord } from './ports.ts';
import { queryAll } from './query-pages.ts';

export interface CaseRepositoryOptions {
  client: DynamoDBDocumentClient;
  tableName: string;
  /** Epoch seconds now; lets expired (not yet TTL-deleted) idempotency records be overwritten. */
  nowEpochSeconds?: () => number;
  /** Re-reads of a record whose writer is still in flight before answering "in flight". */
  inFlightRereads?: number;
  inFlightDelayMs?: number;
}

type Item = Record<string, unknown>;

// Attributes that belong to the table layout, not to the case.
const LAYOUT_ATTRIBUTES = ['pk', 'sk', 'gsi1pk', 'gsi1sk', 'gsi2pk', 'gsi2sk', 'entity'];

function stripLayout(item: Item): Item {
  const copy: Item = { ...item };
  for (const attribute of LAYOUT_ATTRIBUTES) delete copy[attribute];
  return copy;
}

// Items are only ever written by this module from typed records, so reading them back as those types is sound.
function toCaseRecord(item: Item): CaseRecord {
  return stripLayout(item) as CaseRecord;
}

function toCaseEvent(item: Item): CaseEvent {
  return stripLayout(item) as CaseEvent;
}

function toIdempotencyRecord(item: Item): IdempotencyRecord {
  return {
    bodyHash: String(item.bodyHash),
    referralId: String(item.referralId),
    createdAt: String(item.createdAt),
    expiresAt: Number(item.expiresAt),
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function createCaseRepository(options: CaseRepositoryOptions): CaseRepository {
  const { client, tableName } = options;
  const nowEpochSeconds = options.nowEpochSeconds ?? (() => Math.floor(Date.now() / 1000));
  const inFlightRereads = options.inFlightRereads ?? 5;
  const inFlightDelayMs = options.inFlightDelayMs ?? 40;

  async function readIdempotencyRecord(institutionId: string, key: string): Promise<IdempotencyRecord | null> {
    const result = await client.send(
      new GetCommand({ TableName: tableName, Key: idempotencyKey(institutionId, key), ConsistentRead: true }),
    );
    if (!result.Item) return null;
    const record = toIdempotencyRecord(result.Item);
    return record.expiresAt > nowEpochSeconds() ? record : null;
  }

  // A concurrent writer holds the record: wait briefly for it to commit so the caller can replay its answer.
  async function awaitConcurrentRecord(institutionId: string, key: string): Promise<CreateCaseOutcome> {
    for (let attempt = 0; attempt <= inFlightRereads; attempt++) {
      const record = await readIdempotencyRecord(institutionId, key);
      if (record) return { kind: 'exists', record };
      if (attempt < inFlightRereads) await sleep(inFlightDelayMs * (attempt + 1));
    }
    return { kind: 'in-flight' };
  }

  return {
    async create({ caseRecord, firstEvent, idempotency }) {
      const caseItem: Item = {
        ...caseKey(caseRecord.id),
        entity: 'case',
        ...caseRecord,
        ...sweepKeys(caseRecord.createdAt, caseRecord.id),
      };
      const eventItem: Item = { ...caseEventKey(caseRecord.id, firstEvent.seq), entity: 'event', ...firstEvent };
      const idempotencyItem: Item = {
        ...idempotencyKey(idempotency.institutionId, idempotency.key),
        entity: 'idempotency',
        bodyHash: idempotency.bodyHash,
        referralId: caseRecord.id,
        createdAt: caseRecord.createdAt,
        expiresAt: idempotency.expiresAt,
      };
      try {
        await client.send(
          new TransactWriteCommand({
            TransactItems: [
              // The idempotency record first: its cancellation reason is the one the caller cares about.
              {
                Put: {
                  TableName: tableName,
                  Item: idempotencyItem,
                  ConditionExpression: 'attribute_not_exists(pk) OR expiresAt < :now',
                  ExpressionAttributeValues: { ':now': nowEpochSeconds() },
                },
              },
              { Put: { TableName: tableName, Item: caseItem, ConditionExpression: 'attribute_not_exists(pk)' } },
              { Put: { TableName: tableName, Item: eventItem, ConditionExpression: 'attribute_not_exists(pk)' } },
            ],
          }),
        );
        return { kind: 'created' };
      } catch (error) {
        if (error instanceof TransactionCanceledException) {
          const [idempotencyCode] = cancellationCodes(error);
          if (idempotencyCode === 'ConditionalCheckFailed' || idempotencyCode === 'TransactionConflict') {
            try {
              return await awaitConcurrentRecord(idempotency.institutionId, idempotency.key);
            } catch (readError) {
              throw translateAwsError(readError, 'GetItem idempotency');
            }
          }
        }
        throw translateAwsError(error, 'TransactWriteItems create case');
      }
    },

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
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': casePartition(caseId) },
          ConsistentRead: true,
        },
        { operation: 'Query case' },
      );
      let caseRecord: CaseRecord | undefined;
      const history: CaseEvent[] = [];
      for (const item of items) {
        const sk = String(item.sk);
        if (isCaseSortKey(sk)) caseRecord = toCaseRecord(item);
        else if (isCaseEventSortKey(sk)) history.push(toCaseEvent(item));
      }
      if (!caseRecord) return null;
      const result: CaseWithHistory = { caseRecord, history };
      return result;
    },

    async applyTransition(transition: CaseTransition) {
      const { from } = transition;
      const names: Record<string, string> = { '#status': 'status', '#version': 'version', '#updatedAt': 'updatedAt' };
      const values: Record<string, unknown> = {
        ':status': transition.status,
        ':nextVersion': from.version + 1,
        ':updatedAt': transition.updatedAt,
        ':expectedVersion': from.version,
        ':expectedStatus': from.status,
      };
      const sets = ['#status = :status', '#version = :nextVersion', '#updatedAt = :updatedAt'];
      for (const [field, value] of Object.entries(transition.changes)) {
        if (value === undefined) continue;
        names[`#${field}`] = field;
        values[`:${field}`] = value;
        sets.push(`#${field} = :${field}`);
      }
      const officeId = transition.changes.officeId ?? from.officeId;
      if (transition.status === 'routed' && officeId !== undefined) {
        const inbox = officeInboxKeys(officeId, from.urgency, from.createdAt, from.id);
        values[':gsi1pk'] = inbox.gsi1pk;
        values[':gsi1sk'] = inbox.gsi1sk;
        sets.push('gsi1pk = :gsi1pk', 'gsi1sk = :gsi1sk');
      }
      // Leaving `received` takes the case out of the sparse sweep index.
      const removes = transition.status === 'received' ? '' : ' REMOVE gsi2pk, gsi2sk';
      const eventItem: Item = {
        ...caseEventKey(from.id, transition.event.seq),
        entity: 'event',
        ...transition.event,
      };
      try {
        await client.send(
          new TransactWriteCommand({
            TransactItems: [
              {
                Update: {
                  TableName: tableName,
                  Key: caseKey(from.id),
                  UpdateExpression: `SET ${sets.join(', ')}${removes}`,
                  ConditionExpression: '#version = :expectedVersion AND #status = :expectedStatus',
                  ExpressionAttributeNames: names,
                  ExpressionAttributeValues: values,
                },
              },
              { Put: { TableName: tableName, Item: eventItem, ConditionExpression: 'attribute_not_exists(sk)' } },
            ],
          }),
        );
      } catch (error) {
        if (
          error instanceof TransactionCanceledException &&
          cancellationCodes(error).includes('ConditionalCheckFailed')
        ) {
          throw new VersionConflict({ expected: from.version }, { cause: error });
        }
        throw translateAwsError(error, 'TransactWriteItems transition');
      }
    },

    async listReceivedCreatedBefore(createdBefore, limit) {
      const items = await queryAll(
        client,
        {
          TableName: tableName,
          IndexName: SWEEP_INDEX_NAME,
          KeyConditionExpression: 'gsi2pk = :pk AND gsi2sk < :before',
          ExpressionAttributeValues: { ':pk': SWEEP_RECEIVED_PARTITION, ':before': createdBefore },
          ProjectionExpression: 'id',
        },
        { operation: 'Query sweep index', limit },
      );
      return items.map((item) => String(item.id));
    },
  };
}
