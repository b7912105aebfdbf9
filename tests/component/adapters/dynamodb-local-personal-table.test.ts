// The family's personal items in their own table, on the real engine: where each item of a case lands, that creation
// and transitions stay one transaction across both tables, that the case read joins both, and that a repository
// without the personal table cannot read personal data at all.
import { GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCaseFactsRepository, createCaseRepository } from '#adapters/case-repository.ts';
import {
  caseEventKey,
  caseKey,
  casePartition,
  casePersonalKey,
  caseProposalsKey,
  idempotencyKey,
} from '#adapters/keys.ts';
import type { NewCase } from '#application/ports.ts';
import { withdrawReferral } from '#application/referrer/withdraw-referral.ts';
import { VersionConflict } from '#domain/errors.ts';
import { proposalOf, receivedCase } from '../../unit/functions/case-fixtures.ts';
import { fixedClock, InMemoryNotifications, personalData } from '../../unit/functions/fakes.ts';
import { type LocalTable, startLocalTable } from './local-table.ts';

let table: LocalTable | undefined;
const started = (): LocalTable => {
  if (!table) throw new Error('DynamoDB Local did not start');
  return table;
};

beforeAll(async () => {
  table = await startLocalTable('lotse-personal-test');
}, 90_000);

afterAll(async () => {
  await table?.stop();
});

const repository = () =>
  createCaseRepository({
    client: started().client,
    tableName: started().tableName,
    personalTableName: started().personalTableName,
  });

let sequence = 0;
/** A new case whose personal data carries `marker` (in the referrer's reference and a note). */
function newCase(marker: string, institutionId = 'klinik-mitte'): NewCase {
  sequence += 1;
  const caseRecord = receivedCase({ id: `P${Date.now()}-${sequence}`, institutionId });
  const base = personalData({ idempotencyKey: `key-${caseRecord.id}`, notes: [{ seq: 1, note: marker }] });
  return {
    caseRecord,
    personal: { ...base, referral: { ...base.referral, referrerReference: marker } },
    firstEvent: { seq: 1, type: 'received', at: caseRecord.createdAt, actor: `referrer:${institutionId}` },
    idempotency: { institutionId, key: `key-${caseRecord.id}`, bodyHash: 'h', expiresAt: 4_000_000_000 },
  };
}

/** The items of a case's partition in one table. */
async function partition(tableName: string, caseId: string): Promise<Record<string, unknown>[]> {
  const result = await started().client.send(
    new QueryCommand({
      TableName: tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': casePartition(caseId) },
      ConsistentRead: true,
    }),
  );
  return result.Items ?? [];
}

async function itemIn(tableName: string, key: { pk: string; sk: string }) {
  return (await started().client.send(new GetCommand({ TableName: tableName, Key: key, ConsistentRead: true }))).Item;
}

/** Routes the case with `proposals`, as the router's transition does. */
async function route(created: NewCase, proposals = [proposalOf('offer-a', 'Tigrinya')]) {
  const at = '2026-11-26T10:00:00.000Z';
  const changes = {
    officeId: 'fb-nord',
    proposals,
    unmatched: false,
    routedAt: at,
    deadlineAt: '2026-12-01T10:00:00Z',
  };
  await repository().applyTransition({
    from: created.caseRecord,
    status: 'routed',
    updatedAt: at,
    changes,
    event: { seq: 2, type: 'routed', at, actor: 'system:router' },
  });
  return { ...created.caseRecord, ...changes, status: 'routed' as const, version: 2, updatedAt: at };
}

describe('the personal table on DynamoDB Local', () => {
  it('keeps the personal item and the proposals in the personal table and nothing personal in the main table', async () => {
    const marker = `Personal${Date.now()}`;
    const created = newCase(marker);
    await repository().create(created);
    await route(created, [proposalOf('offer-a', `Lang${marker}`)]);

    const main = await partition(started().tableName, created.caseRecord.id);
    const personal = await partition(started().personalTableName, created.caseRecord.id);

    expect(main.map((item) => item.sk).sort()).toEqual(['CASE', 'EVENT#000001', 'EVENT#000002']);
    expect(JSON.stringify(main)).not.toContain(marker);
    expect(personal.map((item) => item.sk).sort()).toEqual(['PERSONAL', 'PROPOSALS']);
    expect(JSON.stringify(personal)).toContain(marker);
    expect(await itemIn(started().tableName, idempotencyKey('klinik-mitte', created.idempotency.key))).toMatchObject({
      referralId: created.caseRecord.id,
    });
  });

  it('writes nothing in the main table when the personal item of a creation cannot be written (one transaction)', async () => {
    const created = newCase(`Blocked${Date.now()}`);
    await started().client.send(
      new PutCommand({
        TableName: started().personalTableName,
        Item: { ...casePersonalKey(created.caseRecord.id), entity: 'personal', notes: [] },
      }),
    );

    await expect(repository().create(created)).rejects.toThrow();

    expect(await partition(started().tableName, created.caseRecord.id)).toEqual([]);
    expect(await itemIn(started().tableName, idempotencyKey('klinik-mitte', created.idempotency.key))).toBeUndefined();
  });

  it('changes the personal item only with the case: a lost race on the version leaves the note unwritten', async () => {
    const created = newCase(`Race${Date.now()}`);
    await repository().create(created);
    const routed = await route(created);
    const decline = (note: string) =>
      repository().applyTransition({
        from: routed,
        status: 'escalated',
        updatedAt: '2026-11-26T11:00:00.000Z',
        changes: { officeId: null, escalationReason: 'declined' },
        remove: ['routedAt', 'deadlineAt'],
        event: { seq: 3, type: 'declined', at: '2026-11-26T11:00:00.000Z', actor: 'office:fb-nord' },
        personal: { kind: 'add-note', note: { seq: 3, note } },
      });

    await decline('first');
    await expect(decline('second')).rejects.toBeInstanceOf(VersionConflict);

    const personal = await itemIn(started().personalTableName, casePersonalKey(created.caseRecord.id));
    expect(((personal?.notes ?? []) as { note: string }[]).map((entry) => entry.note)).toEqual([
      created.personal.notes[0]?.note,
      'first',
    ]);
    expect(await itemIn(started().tableName, caseEventKey(created.caseRecord.id, 3))).toMatchObject({
      type: 'declined',
    });
  });

  it('reads the case with its history from the main table and its personal data and proposals from the personal table', async () => {
    const marker = `Read${Date.now()}`;
    const created = newCase(marker);
    await repository().create(created);
    const proposals = [proposalOf('offer-b', marker)];
    await route(created, proposals);

    const found = await repository().getWithHistory(created.caseRecord.id);

    expect(found?.caseRecord).toMatchObject({ id: created.caseRecord.id, status: 'routed', version: 2, proposals });
    expect(found?.personal?.referral.referrerReference).toBe(marker);
    expect(found?.history.map((event) => event.type)).toEqual(['received', 'routed']);
  });

  it('counts an expired personal item and proposals as gone before TTL deletes them', async () => {
    const created = newCase(`Expired${Date.now()}`);
    await repository().create(created);
    await route(created);
    for (const key of [casePersonalKey(created.caseRecord.id), caseProposalsKey(created.caseRecord.id)]) {
      const current = await itemIn(started().personalTableName, key);
      await started().client.send(
        new PutCommand({ TableName: started().personalTableName, Item: { ...current, expiresAt: 1_000 } }),
      );
    }

    const found = await repository().getWithHistory(created.caseRecord.id);

    expect(found?.personal).toBeNull();
    expect(found?.caseRecord).not.toHaveProperty('proposals');
  });

  it("lists an institution's referrals with the reference read from the personal table, and without it once erased", async () => {
    const institutionId = `personal-list-${Date.now()}`;
    const marker = `Ref${Date.now()}`;
    const created = newCase(marker, institutionId);
    await repository().create(created);
    const list = async () => (await repository().listReferrals({ institutionId, limit: 10 })).items;

    expect((await list()).map((referral) => referral.referrerReference)).toEqual([marker]);

    await withdrawReferral(
      { cases: repository(), clock: fixedClock(), notifications: new InMemoryNotifications() },
      {
        principal: { role: 'referrer', institutionId },
        referralId: created.caseRecord.id,
        body: { ok: true, value: { reason: 'consent-withdrawn' } },
      },
    );

    const [listed] = await list();
    expect(listed?.caseRecord.status).toBe('withdrawn');
    expect(listed).not.toHaveProperty('referrerReference');
    expect(await partition(started().personalTableName, created.caseRecord.id)).toEqual([]);
    expect(JSON.stringify(await partition(started().tableName, created.caseRecord.id))).not.toContain(marker);
  }, 30_000);

  it('gives a function without the personal table the case item and nothing personal', async () => {
    const created = newCase(`Facts${Date.now()}`);
    await repository().create(created);
    const facts = createCaseFactsRepository({ client: started().client, tableName: started().tableName });

    expect(await facts.get(created.caseRecord.id)).toMatchObject({ id: created.caseRecord.id, status: 'received' });
    expect('getWithHistory' in facts).toBe(false);
    expect('create' in facts || 'applyTransition' in facts || 'listReferrals' in facts).toBe(false);
    // @ts-expect-error — the facts repository has no read of the case with its personal data.
    expect(facts.getWithHistory).toBeUndefined();
    expect(await itemIn(started().tableName, caseKey(created.caseRecord.id))).not.toHaveProperty('referral');
  });
});
