import type { SQSEvent, SQSRecord } from 'aws-lambda';
import { beforeAll, describe, expect, it } from 'vitest';
import { logger } from '#runtime/logger.ts';
import { processSqsBatch } from '#runtime/sqs-batch.ts';

beforeAll(() => {
  logger.setLogLevel('SILENT');
});

function batch(...bodies: string[]): SQSEvent {
  return {
    Records: bodies.map(
      (body, index) =>
        ({ messageId: `m-${index}`, body, attributes: { ApproximateReceiveCount: '1' } }) as unknown as SQSRecord,
    ),
  };
}

describe('processSqsBatch', () => {
  it('reports no failures when every record succeeds', async () => {
    expect(await processSqsBatch(batch('a', 'b'), async () => undefined)).toEqual({ batchItemFailures: [] });
  });

  it('reports exactly the records whose processing threw', async () => {
    const result = await processSqsBatch(batch('ok', 'fail', 'ok', 'fail'), async (record) => {
      if (record.body === 'fail') throw new Error('write failed');
    });

    expect(result).toEqual({ batchItemFailures: [{ itemIdentifier: 'm-1' }, { itemIdentifier: 'm-3' }] });
  });

  it('keeps processing the records after a failed one', async () => {
    const seen: string[] = [];

    await processSqsBatch(batch('a', 'b', 'c'), async (record) => {
      seen.push(record.body);
      if (record.body === 'a') throw new Error('first failed');
    });

    expect(seen).toEqual(['a', 'b', 'c']);
  });
});
