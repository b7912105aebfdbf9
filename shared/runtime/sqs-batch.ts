// Runs one function per SQS record and reports failed records as partial batch failures (ReportBatchItemFailures).
import type { SQSBatchItemFailure, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { forgetCase, logger } from './logger.ts';

/**
 * Processes the records of the batch one after another, so each log line's correlation id is the record being
 * worked on (a batch of 10 stays far inside the function timeout). A record whose function resolves is done
 * (expected idempotent outcomes such as "already routed" must resolve, not throw); a record whose function throws
 * is reported in `batchItemFailures`, so SQS redelivers only that one and, after maxReceiveCount, moves it to the
 * DLQ. A failed record is never swallowed: that would delete the message and lose the work. The handler runs
 * behind `withLambdaObservability`, which clears the last record's case id when the invocation ends.
 */
export async function processSqsBatch(
  event: SQSEvent,
  processRecord: (record: SQSRecord) => Promise<unknown>,
): Promise<SQSBatchResponse> {
  const batchItemFailures: SQSBatchItemFailure[] = [];
  for (const record of event.Records ?? []) {
    forgetCase();
    try {
      await processRecord(record);
    } catch (error) {
      batchItemFailures.push({ itemIdentifier: record.messageId });
      logger.error('record failed; left for redelivery', {
        messageId: record.messageId,
        receiveCount: record.attributes?.ApproximateReceiveCount,
        error: error instanceof Error ? error : 'non-error rejection',
      });
    }
  }
  return { batchItemFailures };
}
