import { beforeEach, describe, expect, it } from 'vitest';
import { TemporaryFailure } from '#domain/errors.ts';
import { sweep } from '../../../functions/sweeper/sweep.ts';
import { receivedCase } from './case-fixtures.ts';
import { fixedClock, InMemoryCases, InMemoryQueue } from './fakes.ts';

let cases: InMemoryCases;
let queue: InMemoryQueue;

beforeEach(() => {
  cases = new InMemoryCases();
  queue = new InMemoryQueue();
  // NOW is 10:00:00; cases created 5 minutes, 1 minute ago, and a routed one.
  for (const record of [
    receivedCase({ id: 'OLD', createdAt: '2026-11-26T09:55:00.000Z' }),
    receivedCase({ id: 'FRESH', createdAt: '2026-11-26T09:59:00.000Z' }),
    receivedCase({ id: 'ROUTED', status: 'routed', createdAt: '2026-11-26T09:50:00.000Z' }),
  ]) {
    cases.cases.set(record.id, record);
  }
});

describe('sweep', () => {
  it('re-sends routing for received cases older than the threshold only', async () => {
    const result = await sweep({ cases, routingQueue: queue, clock: fixedClock() }, { olderThanSeconds: 120 });

    expect(result).toEqual({ found: 1, enqueued: 1, failed: 0 });
    expect(queue.sent).toEqual(['OLD']);
  });

  it('takes every received case with a threshold of zero', async () => {
    await sweep({ cases, routingQueue: queue, clock: fixedClock() }, { olderThanSeconds: 0 });

    expect(queue.sent.sort()).toEqual(['FRESH', 'OLD']);
  });

  it('bounds the number of cases per run', async () => {
    const result = await sweep({ cases, routingQueue: queue, clock: fixedClock() }, { olderThanSeconds: 0, limit: 1 });

    expect(result.found).toBe(1);
  });

  it('counts failed sends without giving up on the others', async () => {
    queue.failWith = new TemporaryFailure();

    const result = await sweep({ cases, routingQueue: queue, clock: fixedClock() }, { olderThanSeconds: 0 });

    expect(result).toEqual({ found: 2, enqueued: 0, failed: 2 });
  });
});
