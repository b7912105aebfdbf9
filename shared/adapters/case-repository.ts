// The CaseRepository port on the two tables, composed of its parts: reads of a case, the write path (conditional
// transactions across the main and the personal table), the inbox queries, an institution's referrals and the
// sweeper's queries. A function without access to the personal table gets the case facts repository instead: it has
// no personal table name to give, and no method that would read or write the family's data.
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { CaseRepository } from '#application/ports.ts';
import { caseInbox } from './case-inbox.ts';
import { caseAuditReads, caseFactReads, caseReads } from './case-reads.ts';
import { caseReferrals } from './case-referrals.ts';
import { caseSweeps } from './case-sweeps.ts';
import type { CaseTable, PersonalCaseTable } from './case-table.ts';
import { type CaseWriteOptions, caseFactWrites, caseWrites } from './case-writes.ts';

export interface CaseFactsRepositoryOptions {
  client: DynamoDBDocumentClient;
  /** The main table. */
  tableName: string;
  /** Epoch seconds now; expired items (not yet TTL-deleted) count as gone and expired idempotency records yield. */
  nowEpochSeconds?: () => number;
}

export interface CaseRepositoryOptions extends CaseFactsRepositoryOptions, CaseWriteOptions {
  /** The personal table (keys.ts P1–P3): the family's personal items and the proposals. */
  personalTableName: string;
}

/** What can be done with cases in the main table alone: no personal data is read or written through it. */
export type CaseFactsRepository = Pick<
  CaseRepository,
  | 'get'
  | 'recordAudit'
  | 'listAudit'
  | 'clearOutbox'
  | 'listInbox'
  | 'hasOpenCases'
  | 'listReceivedCreatedBefore'
  | 'listDeadlinePassed'
  | 'listOutboxBefore'
  | 'listRetentionDue'
  | 'moveIdleSweep'
>;

function mainTable(options: CaseFactsRepositoryOptions): CaseTable {
  return {
    client: options.client,
    tableName: options.tableName,
    nowEpochSeconds: options.nowEpochSeconds ?? (() => Math.floor(Date.now() / 1000)),
  };
}

/** The case facts on the main table (the notifier's and the coordinator's view of cases). */
export function createCaseFactsRepository(options: CaseFactsRepositoryOptions): CaseFactsRepository {
  const table = mainTable(options);
  return {
    ...caseFactReads(table),
    ...caseAuditReads(table),
    ...caseFactWrites(table),
    ...caseInbox(table),
    ...caseSweeps(table),
  };
}

export function createCaseRepository(options: CaseRepositoryOptions): CaseRepository {
  const table: PersonalCaseTable = { ...mainTable(options), personalTableName: options.personalTableName };
  return {
    ...createCaseFactsRepository(options),
    ...caseReads(table),
    ...caseWrites(table, options),
    ...caseReferrals(table),
  };
}
