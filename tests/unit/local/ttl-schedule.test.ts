// The local TTL sweeper's background schedule: short Scan pages (a request's write waits for one short page only) and
// a pause that grows with the cost of the last sweep (a large table is not swept a quarter of the time).
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { describe, expect, it, vi } from 'vitest';
import {
  nextSweepDelay,
  startTtlSweeper,
  TTL_SWEEP_COST_FACTOR,
  TTL_SWEEP_PAGE_SIZE,
  type TtlTable,
} from '#infra/local/ttl-sweeper.ts';

const table: TtlTable = {
  name: 'ttl-schedule',
  keySchema: [
    { AttributeName: 'pk', KeyType: 'HASH' },
    { AttributeName: 'sk', KeyType: 'RANGE' },
  ],
  ttlAttribute: 'expiresAt',
};

/** A client that answers every Scan with one empty page and records the requests' inputs. */
function recordingClient() {
  const scans: { Limit?: number }[] = [];
  const client = {
    send: async (command: { input: { Limit?: number } }) => {
      scans.push(command.input);
      return { Items: [] };
    },
  } as unknown as DynamoDBClient;
  return { client, scans };
}

describe('the TTL sweeper in the background', () => {
  it('waits the interval after a quick sweep, and the cost factor times a long sweep after a long one', () => {
    expect(nextSweepDelay(30_000, 100)).toBe(30_000);
    expect(nextSweepDelay(30_000, 7_000)).toBe(7_000 * TTL_SWEEP_COST_FACTOR);
  });

  it('scans in short pages on its own', async () => {
    const { client, scans } = recordingClient();
    const sweeper = startTtlSweeper({ client, tables: [table], log: () => {}, intervalMs: 10 });
    try {
      await vi.waitFor(() => expect(scans.length).toBeGreaterThanOrEqual(2));
    } finally {
      await sweeper.stop();
    }

    expect(new Set(scans.map((input) => input.Limit))).toEqual(new Set([TTL_SWEEP_PAGE_SIZE]));
  });

  it('scans in whole pages when asked to sweep now (nobody waits for it but its caller)', async () => {
    const { client, scans } = recordingClient();
    const sweeper = startTtlSweeper({ client, tables: [table], log: () => {}, intervalMs: 3_600_000 });
    try {
      await sweeper.sweep(new Date());
    } finally {
      await sweeper.stop();
    }

    expect(scans.map((input) => input.Limit)).toEqual([undefined]);
  });
});
