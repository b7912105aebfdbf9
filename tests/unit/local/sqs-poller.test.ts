// Which records an SQS event source mapping deletes after an invocation, the records it builds and how it scales.
import type { SQSRecord } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import {
  batchesToStart,
  MAPPING_SCALING,
  mappingMaximum,
  recordsToDelete,
  toSqsRecord,
} from '#infra/local/sqs-poller.ts';

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

describe('scaling the mapping with the queue depth', () => {
  const state = (depth: number, inFlight: number, maximum = 10) => ({ depth, inFlight, maximum, batchSize: 10 });

  it('starts nothing while no message is visible', () => {
    expect(batchesToStart(state(0, 2))).toBe(0);
  });

  it('goes to five batches at once when a backlog appears, as Lambda does', () => {
    expect(batchesToStart(state(500, 2))).toBe(3);
  });

  it('starts no more batches than the visible messages fill', () => {
    expect(batchesToStart(state(15, 2))).toBe(2);
    expect(batchesToStart(state(3, 2))).toBe(1);
  });

  it('adds one batch per tick above five while the backlog lasts', () => {
    expect(batchesToStart(state(500, 5))).toBe(1);
    expect(batchesToStart(state(500, 9))).toBe(1);
  });

  it('never goes past the maximum', () => {
    expect(batchesToStart(state(500, 10))).toBe(0);
    expect(batchesToStart(state(500, 2, 4))).toBe(2);
    expect(batchesToStart(state(500, 12, 10))).toBe(0);
  });

  it('reaches a maximum of 10 from the two idle loops within one and a half seconds of ticks', () => {
    let inFlight = MAPPING_SCALING.idleBatches;
    let ticks = 0;
    while (inFlight < 10 && ticks < 100) {
      inFlight += batchesToStart(state(1_000, inFlight));
      ticks += 1;
    }

    expect(inFlight).toBe(10);
    expect(ticks * MAPPING_SCALING.tickMs).toBeLessThanOrEqual(1_500);
  });

  it('takes the lowest of maximum concurrency, reserved concurrency and the local environments', () => {
    expect(mappingMaximum({ maximumConcurrency: 10 }, { reservedConcurrency: 10, maxInstances: 4 })).toBe(4);
    expect(mappingMaximum({ maximumConcurrency: 10 }, { reservedConcurrency: 3, maxInstances: 16 })).toBe(3);
    expect(mappingMaximum({ maximumConcurrency: 5 }, { reservedConcurrency: 10, maxInstances: 16 })).toBe(5);
    expect(mappingMaximum({}, {})).toBe(1000);
  });
});
