// The documented command that re-applies erasures after a point-in-time restore, run as operations run it (its own
// process) against DynamoDB Local: a "restore" is a copy of both tables taken before an erasure.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { PutCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCaseRepository } from '#adapters/case-repository.ts';
import { eraseCase } from '#application/erasure/erase-case.ts';
import { createTables } from '#infra/local/dynamodb-local.ts';
import { receivedCase } from '../../unit/functions/case-fixtures.ts';
import { personalData } from '../../unit/functions/fakes.ts';
import { type LocalTable, startLocalTable, statefulTableModels } from '../adapters/local-table.ts';

const run = promisify(execFile);
const RESTORED = { main: 'restored', personal: 'restored-personal' };
let local: LocalTable;

beforeAll(async () => {
  local = await startLocalTable('live');
  const raw = new DynamoDBClient({
    endpoint: local.endpoint,
    region: 'eu-central-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  const models = statefulTableModels(RESTORED);
  await createTables(raw, [models.main, models.personal]);
  raw.destroy();
}, 60_000);

afterAll(async () => {
  await local?.stop();
});

const scan = async (table: string) => (await local.client.send(new ScanCommand({ TableName: table }))).Items ?? [];

async function copyInto(from: string, to: string): Promise<void> {
  for (const item of await scan(from)) await local.client.send(new PutCommand({ TableName: to, Item: item }));
}

describe('npm run reapply-erasures', () => {
  it('erases again in the restored tables what was erased after the restore point, and nothing else', async () => {
    const cases = createCaseRepository({
      client: local.client,
      tableName: local.tableName,
      personalTableName: local.personalTableName,
    });
    const notifications = { publish: async () => undefined };
    const create = async (id: string) => {
      const caseRecord = receivedCase({
        id,
        createdAt: '2026-11-20T09:00:00.000Z',
        updatedAt: '2026-11-20T09:00:00.000Z',
      });
      await cases.create({
        caseRecord,
        personal: personalData({ idempotencyKey: `key-${id}` }),
        firstEvent: { seq: 1, type: 'received', at: caseRecord.createdAt, actor: 'referrer:klinik-mitte' },
        idempotency: { institutionId: 'klinik-mitte', key: `key-${id}`, bodyHash: 'h', expiresAt: 4_000_000_000 },
      });
      return caseRecord;
    };
    const before = await create('ERASEDBEFORE');
    const after = await create('ERASEDAFTER');
    const kept = await create('KEPT');
    await eraseCase(
      { cases, notifications },
      { from: before, at: '2026-11-21T09:00:00.000Z', actor: 'coordinator', reason: 'other' },
    );
    // The restore point: both tables as they were now.
    await copyInto(local.tableName, RESTORED.main);
    await copyInto(local.personalTableName, RESTORED.personal);
    await eraseCase(
      { cases, notifications },
      { from: after, at: '2026-11-22T09:00:00.000Z', actor: 'coordinator', reason: 'other' },
    );

    const { stdout } = await run(
      process.execPath,
      [
        'infra/ops/reapply-erasures.ts',
        '--journal-table',
        local.tableName,
        '--table',
        RESTORED.main,
        '--personal-table',
        RESTORED.personal,
      ],
      {
        env: {
          ...process.env,
          AWS_ENDPOINT_URL_DYNAMODB: local.endpoint,
          AWS_ACCESS_KEY_ID: 'local',
          AWS_SECRET_ACCESS_KEY: 'local',
        },
      },
    );

    expect(stdout).toContain('Erasures journalled: 2; erased again now: 1; already erased in the restored tables: 1');
    const restored = createCaseRepository({
      client: local.client,
      tableName: RESTORED.main,
      personalTableName: RESTORED.personal,
    });
    expect((await restored.getWithHistory(after.id))?.caseRecord).toMatchObject({
      status: 'withdrawn',
      erasedAt: '2026-11-22T09:00:00.000Z',
    });
    expect((await restored.getWithHistory(after.id))?.personal).toBeNull();
    expect((await restored.getWithHistory(kept.id))?.personal).not.toBeNull();
    const personalLeft = (await scan(RESTORED.personal)).map((item) => String(item.pk));
    expect(personalLeft).toEqual([`CASE#${kept.id}`]);
  }, 60_000);

  it('refuses to run without the tables it needs, naming them', async () => {
    const failure = await run(process.execPath, ['infra/ops/reapply-erasures.ts', '--table', 'x']).catch(
      (error: { code: number; stderr: string }) => error,
    );

    expect(failure).toMatchObject({ code: 2, stderr: expect.stringContaining('--journal-table, --personal-table') });
  });
});
