// The write path of a case: its creation and its transitions as conditional transactions across the main and the
// personal table (retried while another transaction on the same items is in progress); audit entries and clearing a
// sent notification from the outbox (main table only).
import { randomBytes } from 'node:crypto';
import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { CaseRepository, CreateCaseOutcome, IdempotencyRecord } from '#application/ports.ts';
import { VersionConflict } from '#domain/errors.ts';
import { cancellationCodes, translateAwsError } from './aws-errors.ts';
import { auditItem, toIdempotencyRecord } from './case-items.ts';
import { type CaseTable, hasExpired, type PersonalCaseTable, tableNamesOf } from './case-table.ts';
import {
  CREATION_IDEMPOTENCY_INDEX,
  creationItems,
  ERASURE_STRIPPED_EVENTS_IN_TRANSACTION,
  strippedEvent,
  TRANSITION_VERSION_INDEXES,
  type TransactionPart,
  transitionParts,
} from './case-transactions.ts';
import { caseEventKey, caseEventKeys, idempotencyKey } from './keys.ts';

export interface CaseWriteOptions {
  /** Re-reads of a record whose writer is still in flight before answering "in flight". */
  inFlightRereads?: number;
  inFlightDelayMs?: number;
}

/** Retries of a transaction that met another one in progress on the same case or aggregate (milliseconds apart). */
const MAX_CONFLICT_RETRIES = 6;
const CONFLICT_BACKOFF_MS = 15;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const conflictBackoff = (conflicts: number) =>
  sleep(CONFLICT_BACKOFF_MS * conflicts + Math.random() * CONFLICT_BACKOFF_MS);

/** Creation and transitions: they write the personal table too. */
export function caseWrites(
  table: PersonalCaseTable,
  options: CaseWriteOptions = {},
): Pick<CaseRepository, 'create' | 'applyTransition'> {
  const { client, tableName, nowEpochSeconds } = table;
  const tables = tableNamesOf(table);
  const inFlightRereads = options.inFlightRereads ?? 5;
  const inFlightDelayMs = options.inFlightDelayMs ?? 40;

  async function readIdempotencyRecord(institutionId: string, key: string): Promise<IdempotencyRecord | null> {
    const result = await client.send(
      new GetCommand({ TableName: tableName, Key: idempotencyKey(institutionId, key), ConsistentRead: true }),
    );
    if (!result.Item) return null;
    const record = toIdempotencyRecord(result.Item);
    return hasExpired(record.expiresAt, nowEpochSeconds()) ? null : record;
  }

  // A concurrent writer holds the record: wait briefly for it to commit so the caller can replay its answer.
  async function awaitConcurrentRecord(institutionId: string, key: string): Promise<CreateCaseOutcome> {
    try {
      for (let attempt = 0; attempt <= inFlightRereads; attempt++) {
        const record = await readIdempotencyRecord(institutionId, key);
        if (record) return { kind: 'exists', record };
        if (attempt < inFlightRereads) await sleep(inFlightDelayMs * (attempt + 1));
      }
    } catch (error) {
      throw translateAwsError(error, 'GetItem idempotency');
    }
    return { kind: 'in-flight' };
  }

  /**
   * Writes a transition. A lost race on the case answers VersionConflict. A transaction conflict (another transaction
   * on the same items was in progress) says nothing about the version yet: it is retried briefly, and then either
   * succeeds or meets the winner's version. Optional parts whose condition alone failed are dropped and the rest
   * retried.
   */
  async function applyTransition(transition: Parameters<CaseRepository['applyTransition']>[0]): Promise<void> {
    let parts: TransactionPart[] = transitionParts(tables, transition);
    for (let conflicts = 0; ; ) {
      try {
        await client.send(new TransactWriteCommand({ TransactItems: parts.map((part) => part.item) }));
        await stripLaterEvents(transition);
        return;
      } catch (error) {
        if (!(error instanceof TransactionCanceledException)) throw translateAwsError(error, 'TransactWriteItems');
        const codes = cancellationCodes(error);
        const failed = (index: number) => codes[index] === 'ConditionalCheckFailed';
        if (TRANSITION_VERSION_INDEXES.some(failed)) {
          throw new VersionConflict({ expected: transition.from.version }, { cause: error });
        }
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

  /** An erasure of a case with more events than its transaction takes strips the rest right after it (idempotent). */
  async function stripLaterEvents(transition: Parameters<CaseRepository['applyTransition']>[0]): Promise<void> {
    if (transition.personal?.kind !== 'erase') return;
    const later = caseEventKeys(transition.from.id, transition.from.version).slice(
      ERASURE_STRIPPED_EVENTS_IN_TRANSACTION,
    );
    for (const key of later) {
      const update = strippedEvent(tableName, key).item.Update;
      try {
        if (update) await client.send(new UpdateCommand(update));
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailedException)) throw translateAwsError(error, 'UpdateItem event');
      }
    }
  }

  return {
    async create(newCase) {
      const transactItems = creationItems(tables, newCase, nowEpochSeconds());
      for (let conflicts = 0; ; ) {
        try {
          await client.send(new TransactWriteCommand({ TransactItems: transactItems }));
          return { kind: 'created' };
        } catch (error) {
          if (error instanceof TransactionCanceledException) {
            const codes = cancellationCodes(error);
            const idempotencyCode = codes[CREATION_IDEMPOTENCY_INDEX];
            if (idempotencyCode === 'ConditionalCheckFailed' || idempotencyCode === 'TransactionConflict') {
              return awaitConcurrentRecord(newCase.idempotency.institutionId, newCase.idempotency.key);
            }
            // Another case of the same cell and day was being counted at that moment: try again shortly.
            if (codes.includes('TransactionConflict') && conflicts < MAX_CONFLICT_RETRIES) {
              conflicts++;
              await conflictBackoff(conflicts);
              continue;
            }
          }
          throw translateAwsError(error, 'TransactWriteItems create case');
        }
      }
    },

    applyTransition,
  };
}

/** Audit entries and the outbox: the main table alone. */
export function caseFactWrites(table: CaseTable): Pick<CaseRepository, 'recordAudit' | 'clearOutbox'> {
  const { client, tableName } = table;
  return {
    async recordAudit(caseId, entry) {
      try {
        await client.send(
          new PutCommand({ TableName: tableName, Item: auditItem(caseId, entry, randomBytes(6).toString('hex')) }),
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
  };
}
