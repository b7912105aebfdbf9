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

describe('processSqsBatch in parallel', () => {
  it('runs the records at once', async () => {
    let running = 0;
    let most = 0;

    await processSqsBatch(
      batch('a', 'b', 'c'),
      async () => {
        running += 1;
        most = Math.max(most, running);
        await new Promise((resolve) => setTimeout(resolve, 5));
        running -= 1;
      },
      { inParallel: true },
    );

    expect(most).toBe(3);
  });

  it('reports only the record that failed while the others completed', async () => {
    const done: string[] = [];

    const result = await processSqsBatch(
      batch('ok-1', 'fail', 'ok-2'),
      async (record) => {
        await new Promise((resolve) => setTimeout(resolve, record.body === 'fail' ? 1 : 5));
        if (record.body === 'fail') throw new Error('write failed');
        done.push(record.body);
      },
      { inParallel: true },
    );

    expect(result).toEqual({ batchItemFailures: [{ itemIdentifier: 'm-1' }] });
    expect(done.sort()).toEqual(['ok-1', 'ok-2']);
  });

  it('runs records with the same key one after the other, in the order of the batch', async () => {
    const events: string[] = [];

    await processSqsBatch(
      batch('x:1', 'y:1', 'x:2'),
      async (record) => {
        events.push(`start ${record.body}`);
        await new Promise((resolve) => setTimeout(resolve, 5));
        events.push(`end ${record.body}`);
      },
      { inParallel: true, orderingKey: (record) => record.body.split(':')[0] },
    );

    expect(events.indexOf('start x:2')).toBeGreaterThan(events.indexOf('end x:1'));
    expect(events.indexOf('start y:1')).toBeLessThan(events.indexOf('end x:1'));
  });

  it('runs a record whose key cannot be read on its own, and still reports its failure', async () => {
    const result = await processSqsBatch(
      batch('bad', 'good'),
      async (record) => {
        if (record.body === 'bad') throw new Error('not ours');
      },
      {
        inParallel: true,
        orderingKey: (record) => {
          if (record.body === 'bad') throw new Error('unreadable');
          return record.body;
        },
      },
    );

    expect(result).toEqual({ batchItemFailures: [{ itemIdentifier: 'm-0' }] });
  });
});
