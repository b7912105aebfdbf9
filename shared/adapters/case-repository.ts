// Cases, their personal data, proposals, history, audit entries and idempotency records in the single table; every
// change of a case is one conditional transaction.
import { randomBytes } from 'node:crypto';
import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  type TransactWriteCommandInput,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type {
  CaseRepository,
  CaseTransition,
  CaseWithHistory,
  CreateCaseOutcome,
  IdempotencyRecord,
  InboxPage,
  InboxQuery,
  OutboxEntry,
} from '#application/ports.ts';
import type { CaseEvent, CasePersonalData, CaseRecord } from '#domain/case.ts';
import type { NotificationMessage } from '#domain/domain-events.ts';
import { VersionConflict } from '#domain/errors.ts';
import type { Proposal } from '#domain/matching.ts';
import { cancellationCodes, translateAwsError } from './aws-errors.ts';
import { type CoverageIncrement, coverageOfCreate, coverageOfTransition } from './coverage-aggregates.ts';
import { decodeInboxCursor, encodeInboxCursor } from './inbox-cursor.ts';
import {
  ALL_CASES_INDEX_NAME,
  ALL_CASES_PARTITION,
  allCasesKeys,
  caseAuditKey,
  caseDataSortKeyFloor,
  caseEventKey,
  caseIdOfInboxSortKey,
  caseIndexKeys,
  caseKey,
  casePartition,
  casePersonalKey,
  caseProposalsKey,
  coverageKey,
  idempotencyKey,
  isCaseEventSortKey,
  isCasePersonalSortKey,
  isCaseProposalsSortKey,
  isCaseSortKey,
  OFFICE_INBOX_INDEX_NAME,
  offerKey,
  officeInboxPartition,
  outboxSweepKeys,
  SWEEP_DEADLINE_PARTITION,
  SWEEP_INDEX_NAME,
  SWEEP_OUTBOX_PARTITION,
  SWEEP_RECEIVED_PARTITION,
} from './keys.ts';
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
type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

// Attributes that belong to the table layout, not to the entity.
const LAYOUT_ATTRIBUTES = [
  'pk',
  'sk',
  'gsi1pk',
  'gsi1sk',
  'gsi2pk',
  'gsi2sk',
  'gsi3pk',
  'gsi3sk',
  'entity',
  'outbox',
  'expiresAt',
];

/** Inbox query pages read while a status filter fills a page; bounds one request's work. */
const MAX_INBOX_PAGES = 10;
const FILTERED_PAGE_SIZE = 100;
/** Retries of a transaction that met another one in progress on the same case or aggregate (milliseconds apart). */
const MAX_CONFLICT_RETRIES = 6;
const CONFLICT_BACKOFF_MS = 15;
/** Statuses in which a case is still an office's work (an office holding such cases cannot be removed). */
const OPEN_STATUSES = ['routed', 'accepted', 'in-progress', 'escalated'] as const;

function stripLayout(item: Item): Item {
  const copy: Item = { ...item };
  for (const attribute of LAYOUT_ATTRIBUTES) delete copy[attribute];
  return copy;
}

// Items are only ever written by this module from typed records, so reading them back as those types is sound.
function toCaseRecord(item: Item): CaseRecord {
  const record = stripLayout(item) as CaseRecord;
  return { ...record, officeId: record.officeId ?? null };
}

/** The case item without the proposals: they live in their own item (keys.ts pattern 2a). */
function caseItemOf(caseRecord: CaseRecord): Item {
  const { proposals: _proposals, ...rest } = caseRecord;
  return rest;
}

function proposalsItem(caseId: string, proposals: Proposal[]): Item {
  return { ...caseProposalsKey(caseId), entity: 'proposals', proposals };
}

function sameProposals(a: Proposal[] | undefined, b: Proposal[] | undefined): boolean {
  return a !== undefined && b !== undefined && JSON.stringify(a) === JSON.stringify(b);
}

function toCaseEvent(item: Item): CaseEvent {
  return stripLayout(item) as CaseEvent;
}

function toPersonalData(item: Item): CasePersonalData {
  const personal = stripLayout(item) as CasePersonalData;
  return { ...personal, notes: personal.notes ?? [] };
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
const conflictBackoff = (conflicts: number) =>
  sleep(CONFLICT_BACKOFF_MS * conflicts + Math.random() * CONFLICT_BACKOFF_MS);

/** One item of a transition's transaction; `optional` items are dropped (and the rest retried) when only they fail. */
type Part = { item: TransactItem; optional: boolean };

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

  function caseUpdate(transition: CaseTransition, firstActionAt: string | undefined): TransactItem {
    const { from } = transition;
    const removed = new Set(transition.remove ?? []);
    const next: CaseRecord = {
      ...from,
      ...transition.changes,
      status: transition.status,
      version: from.version + 1,
      updatedAt: transition.updatedAt,
    };
    for (const field of removed) delete next[field];
    const names: Record<string, string> = { '#status': 'status', '#version': 'version', '#updatedAt': 'updatedAt' };
    const values: Record<string, unknown> = {
      ':status': transition.status,
      ':nextVersion': next.version,
      ':updatedAt': transition.updatedAt,
      ':expectedVersion': from.version,
      ':expectedStatus': from.status,
    };
    const sets = ['#status = :status', '#version = :nextVersion', '#updatedAt = :updatedAt'];
    const removes: string[] = [];
    for (const [field, value] of Object.entries(transition.changes)) {
      if (value === undefined || removed.has(field as keyof typeof transition.changes)) continue;
      // The proposals have their own item (written by transitionParts); a REMOVE below still clears older case items.
      if (field === 'proposals') continue;
      names[`#${field}`] = field;
      values[`:${field}`] = value;
      sets.push(`#${field} = :${field}`);
    }
    for (const field of removed) {
      names[`#${field}`] = field;
      removes.push(`#${field}`);
    }
    if (firstActionAt !== undefined) {
      names['#firstActionAt'] = 'firstActionAt';
      values[':firstActionAt'] = firstActionAt;
      sets.push('#firstActionAt = :firstActionAt');
    }
    const indexes = caseIndexKeys(next);
    for (const [attribute, value] of Object.entries(indexes.set)) {
      values[`:${attribute}`] = value;
      sets.push(`${attribute} = :${attribute}`);
    }
    removes.push(...indexes.remove);
    return {
      Update: {
        TableName: tableName,
        Key: caseKey(from.id),
        UpdateExpression: `SET ${sets.join(', ')}${removes.length > 0 ? ` REMOVE ${removes.join(', ')}` : ''}`,
        ConditionExpression: '#version = :expectedVersion AND #status = :expectedStatus',
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
      },
    };
  }

  function eventItem(caseId: string, event: CaseEvent, notification: NotificationMessage | undefined): Item {
    return {
      ...caseEventKey(caseId, event.seq),
      entity: 'event',
      ...event,
      // The outbox: the notification waits on its event item until it is sent (then clearOutbox removes both).
      ...(notification ? { ...outboxSweepKeys(event.at, caseId, event.seq), outbox: notification } : {}),
    };
  }

  /** One atomic ADD per cell (the item is created by the first ADD); never conditional, never optional. */
  function coverageUpdates(increment: CoverageIncrement | undefined): TransactItem[] {
    if (!increment) return [];
    const names = Object.fromEntries(increment.attributes.map((attribute, i) => [`#c${i}`, attribute]));
    const adds = increment.attributes.map((_, i) => `#c${i} :one`).join(', ');
    return increment.cells.map((cell) => ({
      Update: {
        TableName: tableName,
        Key: coverageKey(increment.day, cell, increment.shard),
        UpdateExpression: `ADD ${adds}`,
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: { ':one': 1 },
      },
    }));
  }

  function transitionParts(transition: CaseTransition): Part[] {
    const caseId = transition.from.id;
    const coverage = coverageOfTransition(transition);
    const parts: Part[] = [
      { item: caseUpdate(transition, coverage.firstActionAt), optional: false },
      {
        item: {
          Put: {
            TableName: tableName,
            Item: eventItem(caseId, transition.event, transition.notification),
            ConditionExpression: 'attribute_not_exists(sk)',
          },
        },
        optional: false,
      },
    ];
    const personal = transition.personal;
    const proposals = transition.changes.proposals;
    const removesProposals = personal?.kind === 'erase' || transition.remove?.includes('proposals') === true;
    if (removesProposals) {
      // Erasure: the proposals' reasons restate the family's languages and wishes.
      parts.push({ item: { Delete: { TableName: tableName, Key: caseProposalsKey(caseId) } }, optional: false });
    } else if (proposals !== undefined && !sameProposals(proposals, transition.from.proposals)) {
      // Written once when they change (route, assign anew), never again by the transitions that follow.
      parts.push({ item: { Put: { TableName: tableName, Item: proposalsItem(caseId, proposals) } }, optional: false });
    } else if (personal?.kind === 'expire' && transition.from.proposals !== undefined) {
      // Retention: the proposals go with the personal data (an older case may carry them on its case item instead).
      parts.push({
        item: {
          Update: {
            TableName: tableName,
            Key: caseProposalsKey(caseId),
            UpdateExpression: 'SET expiresAt = :expiresAt',
            ConditionExpression: 'attribute_exists(pk)',
            ExpressionAttributeValues: { ':expiresAt': personal.expiresAt },
          },
        },
        optional: true,
      });
    }
    // Changes of a personal item that is already gone (erased, expired) have nothing left to change: optional.
    if (personal?.kind === 'add-note') {
      parts.push({
        item: {
          Update: {
            TableName: tableName,
            Key: casePersonalKey(caseId),
            UpdateExpression: 'SET notes = list_append(if_not_exists(notes, :empty), :note)',
            ConditionExpression: 'attribute_exists(pk)',
            ExpressionAttributeValues: { ':empty': [], ':note': [personal.note] },
          },
        },
        optional: true,
      });
    } else if (personal?.kind === 'expire') {
      parts.push({
        item: {
          Update: {
            TableName: tableName,
            Key: casePersonalKey(caseId),
            UpdateExpression: 'SET expiresAt = :expiresAt',
            ConditionExpression: 'attribute_exists(pk)',
            ExpressionAttributeValues: { ':expiresAt': personal.expiresAt },
          },
        },
        optional: true,
      });
    } else if (personal?.kind === 'erase') {
      parts.push({ item: { Delete: { TableName: tableName, Key: casePersonalKey(caseId) } }, optional: false });
      if (personal.idempotency) {
        // Only this referral's record: after 24 h the key may belong to a newer referral, which must keep it.
        parts.push({
          item: {
            Delete: {
              TableName: tableName,
              Key: idempotencyKey(personal.idempotency.institutionId, personal.idempotency.key),
              ConditionExpression: 'attribute_not_exists(pk) OR referralId = :referralId',
              ExpressionAttributeValues: { ':referralId': caseId },
            },
          },
          optional: true,
        });
      }
    }
    if (transition.useCapacityOf !== undefined) {
      // Untracked capacity (no attribute) or none left fails the condition: then the close goes through without it.
      parts.push({
        item: {
          Update: {
            TableName: tableName,
            Key: offerKey(transition.useCapacityOf),
            UpdateExpression: 'SET #data.#capacity.#available = #data.#capacity.#available - :one',
            ConditionExpression: '#data.#capacity.#available > :zero',
            ExpressionAttributeNames: { '#data': 'data', '#capacity': 'capacity', '#available': 'available' },
            ExpressionAttributeValues: { ':one': 1, ':zero': 0 },
          },
        },
        optional: true,
      });
    }
    // The coverage counts change with the case or not at all (DynamoDB allows 100 items: at most 6 × 14 cells here).
    for (const item of coverageUpdates(coverage.increment)) parts.push({ item, optional: false });
    return parts;
  }

  /**
   * Writes a transition. A lost race on the case answers VersionConflict. A transaction conflict (another transaction
   * on the same items was in progress) says nothing about the version yet: it is retried briefly, and then either
   * succeeds or meets the winner's version. Optional parts whose condition alone failed are dropped and the rest
   * retried.
   */
  async function writeTransition(transition: CaseTransition): Promise<void> {
    let parts = transitionParts(transition);
    for (let conflicts = 0; ; ) {
      try {
        await client.send(new TransactWriteCommand({ TransactItems: parts.map((part) => part.item) }));
        return;
      } catch (error) {
        if (!(error instanceof TransactionCanceledException)) throw translateAwsError(error, 'TransactWriteItems');
        const codes = cancellationCodes(error);
        const failed = (index: number) => codes[index] === 'ConditionalCheckFailed';
        if (failed(0) || failed(1)) throw new VersionConflict({ expected: transition.from.version }, { cause: error });
        const dropped = parts.filter((part, index) => part.optional && failed(index));
        if (dropped.length > 0) {
          parts = parts.filter((part) => !dropped.includes(part));
          continue;
        }
        if (codes.includes('TransactionConflict') && conflicts < MAX_CONFLICT_RETRIES) {
          conflicts++;
          await conflictBackoff(conflicts);
          continue;
        }
        throw translateAwsError(error, 'TransactWriteItems transition');
      }
    }
  }

  async function listSweepIds(partition: string, before: string, limit: number, operation: string) {
    const items = await queryAll(
      client,
      {
        TableName: tableName,
        IndexName: SWEEP_INDEX_NAME,
        KeyConditionExpression: 'gsi2pk = :pk AND gsi2sk < :before',
        ExpressionAttributeValues: { ':pk': partition, ':before': before },
        ProjectionExpression: 'id',
      },
      { operation, limit },
    );
    return items.map((item) => String(item.id));
  }

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
    return { items: items.map(toCaseRecord), nextCursor };
  }

  return {
    async create({ caseRecord, personal, firstEvent, idempotency }) {
      const caseItem: Item = {
        ...caseKey(caseRecord.id),
        entity: 'case',
        ...caseItemOf(caseRecord),
        ...caseIndexKeys(caseRecord).set,
        ...allCasesKeys(caseRecord.urgency, caseRecord.createdAt, caseRecord.id),
      };
      const personalItem: Item = { ...casePersonalKey(caseRecord.id), entity: 'personal', ...personal };
      const idempotencyItem: Item = {
        ...idempotencyKey(idempotency.institutionId, idempotency.key),
        entity: 'idempotency',
        bodyHash: idempotency.bodyHash,
        referralId: caseRecord.id,
        createdAt: caseRecord.createdAt,
        expiresAt: idempotency.expiresAt,
      };
      const transactItems: TransactItem[] = [
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
        { Put: { TableName: tableName, Item: personalItem, ConditionExpression: 'attribute_not_exists(pk)' } },
        {
          Put: {
            TableName: tableName,
            Item: eventItem(caseRecord.id, firstEvent, undefined),
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
        ...(caseRecord.proposals !== undefined
          ? [{ Put: { TableName: tableName, Item: proposalsItem(caseRecord.id, caseRecord.proposals) } }]
          : []),
        ...coverageUpdates(coverageOfCreate(caseRecord)),
      ];
      for (let conflicts = 0; ; ) {
        try {
          await client.send(new TransactWriteCommand({ TransactItems: transactItems }));
          return { kind: 'created' };
        } catch (error) {
          if (error instanceof TransactionCanceledException) {
            const [idempotencyCode, ...others] = cancellationCodes(error);
            if (idempotencyCode === 'ConditionalCheckFailed' || idempotencyCode === 'TransactionConflict') {
              try {
                return await awaitConcurrentRecord(idempotency.institutionId, idempotency.key);
              } catch (readError) {
                throw translateAwsError(readError, 'GetItem idempotency');
              }
            }
            // Another case of the same cell and day was being counted at that moment: try again shortly.
            if (others.includes('TransactionConflict') && conflicts < MAX_CONFLICT_RETRIES) {
              conflicts++;
              await conflictBackoff(conflicts);
              continue;
            }
          }
          throw translateAwsError(error, 'TransactWriteItems create case');
        }
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
          KeyConditionExpression: 'pk = :pk AND sk >= :from',
          ExpressionAttributeValues: { ':pk': casePartition(caseId), ':from': caseDataSortKeyFloor() },
          ConsistentRead: true,
        },
        { operation: 'Query case' },
      );
      let caseRecord: CaseRecord | undefined;
      let personal: CasePersonalData | null = null;
      let proposals: Proposal[] | undefined;
      const history: CaseEvent[] = [];
      // An expired item may linger until TTL deletes it (up to days): expired means gone.
      const live = (item: Item) => !(Number(item.expiresAt) <= nowEpochSeconds());
      for (const item of items) {
        const sk = String(item.sk);
        if (isCaseSortKey(sk)) caseRecord = toCaseRecord(item);
        else if (isCaseEventSortKey(sk)) history.push(toCaseEvent(item));
        else if (isCasePersonalSortKey(sk) && live(item)) personal = toPersonalData(item);
        else if (isCaseProposalsSortKey(sk) && live(item)) proposals = item.proposals as Proposal[];
      }
      if (!caseRecord) return null;
      // The use cases see one record: the proposals item is merged in (an older case item may still carry them).
      if (proposals !== undefined) caseRecord = { ...caseRecord, proposals };
      const result: CaseWithHistory = { caseRecord, personal, history };
      return result;
    },

    applyTransition: writeTransition,

    async recordAudit(caseId, entry) {
      try {
        await client.send(
          new PutCommand({
            TableName: tableName,
            Item: { ...caseAuditKey(caseId, entry.at, randomBytes(6).toString('hex')), entity: 'audit', ...entry },
          }),
        );
      } catch (error) {
        throw translateAwsError(error, 'PutItem audit');
      }
    },

    async clearOutbox(caseId, seq) {
      try {
        await client.send(
          new UpdateCommand({
            TableName: tableName,
            Key: caseEventKey(caseId, seq),
            UpdateExpression: 'REMOVE gsi2pk, gsi2sk, outbox',
            // Never create a stub item for an event that does not exist.
            ConditionExpression: 'attribute_exists(pk)',
          }),
        );
      } catch (error) {
        if (error instanceof ConditionalCheckFailedException) return;
        throw translateAwsError(error, 'UpdateItem outbox');
      }
    },

    listReceivedCreatedBefore: (createdBefore, limit) =>
      listSweepIds(SWEEP_RECEIVED_PARTITION, createdBefore, limit, 'Query sweep index'),

    listDeadlinePassed: (before, limit) => listSweepIds(SWEEP_DEADLINE_PARTITION, before, limit, 'Query deadlines'),

    async listOutboxBefore(before, limit) {
      const items = await queryAll(
        client,
        {
          TableName: tableName,
          IndexName: SWEEP_INDEX_NAME,
          KeyConditionExpression: 'gsi2pk = :pk AND gsi2sk < :before',
          ExpressionAttributeValues: { ':pk': SWEEP_OUTBOX_PARTITION, ':before': before },
          ProjectionExpression: '#seq, #outbox',
          ExpressionAttributeNames: { '#seq': 'seq', '#outbox': 'outbox' },
        },
        { operation: 'Query outbox', limit },
      );
      return items.flatMap((item): OutboxEntry[] => {
        const message = item.outbox as NotificationMessage | undefined;
        return message ? [{ caseId: message.caseId, seq: Number(item.seq), message }] : [];
      });
    },

    listInbox,

    async hasOpenCases(officeId) {
      const values: Record<string, unknown> = { ':pk': officeInboxPartition(officeId) };
      OPEN_STATUSES.forEach((status, i) => {
        values[`:s${i}`] = status;
      });
      const filter = `#status IN (${OPEN_STATUSES.map((_, i) => `:s${i}`).join(', ')})`;
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
    },
  };
}
