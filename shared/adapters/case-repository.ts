// The CaseRepository port on the single table, composed of its parts: reads of a case, the write path (conditional
// transactions), the inbox queries, an institution's referrals and the sweeper's queries.
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { CaseRepository } from '#application/ports.ts';
import { caseInbox } from './case-inbox.ts';
import { caseReads } from './case-reads.ts';
import { caseReferrals } from './case-referrals.ts';
import { caseSweeps } from './case-sweeps.ts';
import type { CaseTable } from './case-table.ts';
import { type CaseWriteOptions, caseWrites } from './case-writes.ts';

export interface CaseRepositoryOptions extends CaseWriteOptions {
  client: DynamoDBDocumentClient;
  tableName: string;
  /** Epoch seconds now; expired items (not yet TTL-deleted) count as gone and expired idempotency records yield. */
  nowEpochSeconds?: () => number;
}

export function createCaseRepository(options: CaseRepositoryOptions): CaseRepository {
  const table: CaseTable = {
    client: options.client,
    tableName: options.tableName,
    nowEpochSeconds: options.nowEpochSeconds ?? (() => Math.floor(Date.now() / 1000)),
  };
  return {
    ...caseReads(table),
    ...caseWrites(table, options),
    ...caseInbox(table),
    ...caseReferrals(table),
    ...caseSweeps(table),
  };
}
