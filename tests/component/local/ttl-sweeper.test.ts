// The local TTL emulation against a real DynamoDB Local (started here with the runtime's own helpers) and the
// stateful stack's table: what expires, what stays, paging, and the periodic sweep.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { TableModel } from '#infra/local/app-model.ts';
import { createTables, type DynamoDbLocal, startDynamoDbLocal } from '#infra/local/dynamodb-local.ts';
import { startTtlSweeper, sweepExpiredItems, type TtlTable } from '#infra/local/ttl-sweeper.ts';
import { eventually } from '../../integration/support/eventually.ts';
import { statefulTableModel } from '../adapters/local-table.ts';

const NOW = new Date('2030-06-01T12:00:00Z');
const NOW_SECONDS = NOW.getTime() / 1000;
const makeClient = (endpoint: string) =>
  new DynamoDBClient({ endpoint, region: 'eu-central-1', credentials: { accessKeyId: 'local', secretAccessKey: 'x' } });

let dynamo: DynamoDbLocal;
let raw: DynamoDBClient;
let documents: DynamoDBDocumentClient;
let tableCounter = 0;
let table: TtlTable;
let tableModel: TableModel;

beforeAll(async () => {
  tableModel = statefulTableModel('ttl-test');
  dynamo = await startDynamoDbLocal(makeClient);
  raw = makeClient(dynamo.endpoint);
  documents = DynamoDBDocumentClient.from(raw);
}, 90_000);

afterAll(async () => {
  raw?.destroy();
  await dynamo?.stop();
});

beforeEach(async () => {
  tableCounter += 1;
  const model = { ...tableModel, name: `ttl-test-${tableCounter}` };
  if (model.ttlAttribute === undefined) throw new Error('the stateful table has no TTL attribute');
  await createTables(raw, [model]);
  table = { name: model.name, keySchema: model.keySchema, ttlAttribute: model.ttlAttribute };
});

async function put(sk: string, expiresAt?: unknown): Promise<void> {
  await documents.send(
    new PutCommand({
      TableName: table.name,
      Item: { pk: 'CASE#1', sk, ...(expiresAt === undefined ? {} : { [table.ttlAttribute]: expiresAt }) },
    }),
  );
}

async function remaining(): Promise<string[]> {
  const { Items = [] } = await documents.send(new ScanCommand({ TableName: table.name }));
  return Items.map((item) => String(item.sk)).sort();
}

describe('a TTL sweep', () => {
  it('deletes items whose TTL lies before now and keeps later, missing and non-numeric ones', async () => {
    await put('EXPIRED', NOW_SECONDS - 1);
    await put('LATER', NOW_SECONDS + 3600);
    await put('NO-TTL');
    await put('STRING-TTL', String(NOW_SECONDS - 1));

    const deleted = await sweepExpiredItems(raw, table, NOW);

    expect(deleted).toBe(1);
    expect(await remaining()).toEqual(['LATER', 'NO-TTL', 'STRING-TTL']);
  });

  it('keeps an item whose TTL is exactly now', async () => {
    await put('BOUNDARY', NOW_SECONDS);

    expect(await sweepExpiredItems(raw, table, NOW)).toBe(0);
  });

  it('ignores TTL values more than five years in the past, as DynamoDB does', async () => {
    await put('ANCIENT', NOW_SECONDS - 6 * 365 * 86_400);

    expect(await sweepExpiredItems(raw, table, NOW)).toBe(0);
  });

  it('follows the scan through every page', async () => {
    for (let index = 0; index < 7; index += 1) await put(`EXPIRED#${index}`, NOW_SECONDS - 10);
    await put('LATER', NOW_SECONDS + 10);

    const deleted = await sweepExpiredItems(raw, table, NOW, { pageSize: 2 });

    expect([deleted, await remaining()]).toEqual([7, ['LATER']]);
  });

  it('takes "now" from the caller, so that a test can jump the clock', async () => {
    await put('IN-A-YEAR', NOW_SECONDS + 365 * 86_400);

    const before = await sweepExpiredItems(raw, table, NOW);
    const after = await sweepExpiredItems(raw, table, new Date(NOW.getTime() + 366 * 86_400_000));

    expect([before, after]).toEqual([0, 1]);
  });
});

describe('the TTL sweeper', () => {
  it('sweeps on its own at the interval', async () => {
    await put('EXPIRED', Math.floor(Date.now() / 1000) - 1);
    const lines: string[] = [];
    const sweeper = startTtlSweeper({ client: raw, tables: [table], log: (line) => lines.push(line), intervalMs: 50 });

    try {
      const left = await eventually(
        async () => {
          const items = await remaining();
          return items.length === 0 ? items : undefined;
        },
        { timeoutMs: 5_000, what: 'the sweep at the interval' },
      );
      expect(left).toEqual([]);
    } finally {
      await sweeper.stop();
    }
    expect(lines.some((line) => /deleted [1-9]\d* expired item/.test(line))).toBe(true);
  });

  it('sweeps every table at once on request with the given now', async () => {
    await put('EXPIRED', NOW_SECONDS - 1);
    const sweeper = startTtlSweeper({ client: raw, tables: [table], log: () => {}, intervalMs: 3_600_000 });

    try {
      expect(await sweeper.sweep(NOW)).toBe(1);
    } finally {
      await sweeper.stop();
    }
  });
});
