// Which records an SQS event source mapping deletes after an invocation, and the records it builds.
import type { SQSRecord } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { recordsToDelete, toSqsRecord } from '#infra/local/sqs-poller.ts';

const records = ['m1', 'm2', 'm3'].map(
  (messageId) => ({ messageId, receiptHandle: `rh-${messageId}`, body: '{}' }) as unknown as SQSRecord,
);
const ids = (deleted: SQSRecord[]) => deleted.map((record) => record.messageId);
const ok = (result: unknown) => ({ ok: true as const, result });

describe('deleting after an invocation', () => {
  it('deletes every record after a successful invocation without partial batch responses', () => {
    expect(ids(recordsToDelete(records, ok({ batchItemFailures: [{ itemIdentifier: 'm2' }] }), false))).toEqual([
      'm1',
      'm2',
      'm3',
    ]);
  });

  it('deletes none after a failed invocation', () => {
    const failed = { ok: false as const, kind: 'error' as const, errorType: 'Error', errorMessage: 'x' };

    expect(recordsToDelete(records, failed, true)).toEqual([]);
  });

  it('deletes all but the reported item failures', () => {
    expect(ids(recordsToDelete(records, ok({ batchItemFailures: [{ itemIdentifier: 'm2' }] }), true))).toEqual([
      'm1',
      'm3',
    ]);
  });

  it('deletes all when the response reports no failures', () => {
    expect([
      ids(recordsToDelete(records, ok({ batchItemFailures: [] }), true)),
      ids(recordsToDelete(records, ok(null), true)),
    ]).toEqual([
      ['m1', 'm2', 'm3'],
      ['m1', 'm2', 'm3'],
    ]);
  });

  it('treats an unknown or empty item identifier as a failure of the whole batch', () => {
    expect([
      recordsToDelete(records, ok({ batchItemFailures: [{ itemIdentifier: 'other' }] }), true),
      recordsToDelete(records, ok({ batchItemFailures: [{ itemIdentifier: '' }] }), true),
    ]).toEqual([[], []]);
  });
});

describe('the SQS record', () => {
  it('carries the message, its receive count and the queue ARN', () => {
    const record = toSqsRecord(
      {
        MessageId: 'm1',
        ReceiptHandle: 'rh',
        Body: '{"caseId":"c1"}',
        MD5OfBody: 'md5',
        Attributes: { ApproximateReceiveCount: '3' },
      },
      'arn:aws:sqs:eu-central-1:000000000000:q',
      'eu-central-1',
    );

    expect(record).toMatchObject({
      messageId: 'm1',
      receiptHandle: 'rh',
      body: '{"caseId":"c1"}',
      attributes: { ApproximateReceiveCount: '3' },
      eventSource: 'aws:sqs',
      eventSourceARN: 'arn:aws:sqs:eu-central-1:000000000000:q',
      awsRegion: 'eu-central-1',
    });
  });
});
