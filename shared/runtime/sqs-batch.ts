// Runs one function per SQS record and reports failed records as partial batch failures (ReportBatchItemFailures).
import type { SQSBatchItemFailure, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { forgetCase, logger } from './logger.ts';

export type SqsBatchOptions = {
  /**
   * Process the records at once instead of one after another. The logger's correlation id is one per instance, so
   * a record function running in parallel must name its case in each log line rather than correlate with it.
   */
  readonly inParallel?: boolean;
  /**
   * Records with the same key (for instance the case a message names) run one after another even in parallel, in
   * the order of the batch; a record without a key runs on its own.
   */
  readonly orderingKey?: (record: SQSRecord) => string | undefined;
};

/**
 * Processes the records of the batch and reports the failed ones. Sequentially (the default) each log line's
 * correlation id is the record being worked on (a batch of 10 stays far inside the function timeout); in parallel
 * the batch takes as long as its slowest record. A record whose function resolves is done (expected idempotent
 * outcomes such as "already routed" must resolve, not throw); a record whose function throws is reported in
 * `batchItemFailures`, so SQS redelivers only that one and, after maxReceiveCount, moves it to the DLQ. A failed
 * record is never swallowed: that would delete the message and lose the work. The handler runs behind
 * `withLambdaObservability`, which clears the last record's case id when the invocation ends.
 */
export async function processSqsBatch(
  event: SQSEvent,
  processRecord: (record: SQSRecord) => Promise<unknown>,
  options: SqsBatchOptions = {},
): Promise<SQSBatchResponse> {
  const records = event.Records ?? [];
  const failed = new Set<SQSRecord>();
  const run = async (record: SQSRecord) => {
    try {
      await processRecord(record);
    } catch (error) {
      failed.add(record);
      logger.error('record failed; left for redelivery', {
        messageId: record.messageId,
        receiveCount: record.attributes?.ApproximateReceiveCount,
        error: error instanceof Error ? error : 'non-error rejection',
      });
    }
  };
  if (options.inParallel === true) {
    forgetCase();
    await Promise.all(inOrderPerKey(records, options.orderingKey).map((chain) => runChain(chain, run)));
  } else {
    for (const record of records) {
      forgetCase();
      await run(record);
    }
  }
  const batchItemFailures: SQSBatchItemFailure[] = records
    .filter((record) => failed.has(record))
    .map((record) => ({ itemIdentifier: record.messageId }));
  return { batchItemFailures };
}

function inOrderPerKey(
  records: readonly SQSRecord[],
  orderingKey: ((record: SQSRecord) => string | undefined) | undefined,
): SQSRecord[][] {
  const chains: SQSRecord[][] = [];
  const byKey = new Map<string, SQSRecord[]>();
  for (const record of records) {
    let key: string | undefined;
    try {
      key = orderingKey?.(record);
    } catch {
      key = undefined;
    }
    const chain = key === undefined ? undefined : byKey.get(key);
    if (chain !== undefined) {
      chain.push(record);
      continue;
    }
    const fresh = [record];
    chains.push(fresh);
    if (key !== undefined) byKey.set(key, fresh);
  }
  return chains;
}

async function runChain(chain: readonly SQSRecord[], run: (record: SQSRecord) => Promise<void>): Promise<void> {
  for (const record of chain) await run(record);
}
