// Adapters against the real DynamoDB Local engine (started here), for what a mock cannot show: expressions,
// transactions and their behaviour under concurrency, and the items as stored. What every case repository does, the
// in-memory fake included, is the contract suite's (dynamodb-local-contract.test.ts).
import { type DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCaseRepository } from '#adapters/case-repository.ts';
import { createCatalogueRepository } from '#adapters/catalogue-repository.ts';
import {
  caseEventKey,
  caseKey,
  casePartition,
  casePersonalKey,
  caseProposalsKey,
  childProtectionCounterKey,
  idempotencyKey,
} from '#adapters/keys.ts';
import { createStatsRepository } from '#adapters/stats-repository.ts';
import { getCase } from '#application/office/get-case.ts';
import { transitionCase } from '#application/office/transition-case.ts';
import type { CaseTransition, NewCase } from '#application/ports.ts';
import { withdrawReferral } from '#application/referrer/withdraw-referral.ts';
import type { CaseRecord } from '#domain/case.ts';
import type { Proposal } from '#domain/matching.ts';
import { DEFAULT_RESPONSE_DEADLINE_DAYS } from '#domain/working-days.ts';
import { toCaseView } from '../../../functions/office/case-view.ts';
import { proposalOf, receivedCase } from '../../unit/functions/case-fixtures.ts';
import {
  catalogueSource,
  fixedClock,
  InMemoryNotifications,
  personalData,
  testCatalogue,
} from '../../unit/functions/fakes.ts';
import { type LocalTable, startLocalTable } from './local-table.ts';

const TABLE = 'lotse-adapter-test';
/** The personal table startLocalTable creates beside TABLE. */
const PERSONAL_TABLE = `${TABLE}-personal`;
let table: LocalTable | undefined;
let client: DynamoDBDocumentClient;

beforeAll(async () => {
  table = await startLocalTable(TABLE);
  client = table.client;
}, 90_000);

afterAll(() => {
  table?.stop();
});

let sequence = 0;
function uniqueCase(overrides: Parameters<typeof receivedCase>[0] = {}): NewCase {
  sequence += 1;
  const caseRecord = receivedCase({ id: `T${Date.now()}-${sequence}`, ...overrides });
  return {
    caseRecord,
    personal: personalData({ idempotencyKey: `key-${caseRecord.id}` }),
    firstEvent: { seq: 1, type: 'received', at: caseRecord.createdAt, actor: 'referrer:klinik-mitte' },
    idempotency: {
      institutionId: 'klinik-mitte',
      key: `key-${caseRecord.id}`,
      bodyHash: 'h',
      expiresAt: 4_000_000_000,
    },
  };
}

const repository = () => createCaseRepository({ client, tableName: TABLE, personalTableName: PERSONAL_TABLE });

/** The referrer withdraws the referral through the real use case, on this repository. */
const withdraw = (referralId: string) =>
  withdrawReferral(
    { cases: repository(), clock: fixedClock(), notifications: new InMemoryNotifications() },
    {
      principal: { role: 'referrer', institutionId: 'klinik-mitte' },
      referralId,
      body: { ok: true, value: { reason: 'consent-withdrawn' } },
    },
  );

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

  it('keeps the personal data off the case item, in its own item', async () => {
    const created = uniqueCase();
    await repository().create(created);

    const caseItem = await client.send(new GetCommand({ TableName: TABLE, Key: caseKey(created.caseRecord.id) }));
    const personalItem = await client.send(
      new GetCommand({ TableName: PERSONAL_TABLE, Key: casePersonalKey(created.caseRecord.id) }),
    );

    expect(JSON.stringify(caseItem.Item)).not.toContain('Maria Muster');
    expect(caseItem.Item).toMatchObject({ consentScopes: ['office', 'offer', 'feedback'], officeId: null });
    expect(caseItem.Item).toMatchObject({ gsi3pk: 'CASES', gsi2pk: 'SWEEP#received' });
    expect(JSON.stringify(personalItem.Item)).toContain('Maria Muster');
  });

  it('routes a case with one conditional transaction and takes it out of the sweep index', async () => {
    const created = uniqueCase({ createdAt: '2000-01-01T00:00:00.000Z' });
    await repository().create(created);

    await repository().applyTransition({
      from: created.caseRecord,
      status: 'routed',
      updatedAt: '2026-11-26T10:00:00.000Z',
      changes: { officeId: 'fb-nord', proposals: [], unmatched: true, deadlineAt: '2000-01-05T00:00:00.000Z' },
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
    expect(await repository().listDeadlinePassed('2000-01-06T00:00:00.000Z', 1000)).toContain(created.caseRecord.id);
  });
});

describe("an institution's referrals on DynamoDB Local", () => {
  const referredBy = (institutionId: string, createdAt: string, referrerReference: string): NewCase => {
    const created = uniqueCase({ institutionId, createdAt, updatedAt: createdAt });
    return {
      ...created,
      personal: { ...created.personal, referral: { ...created.personal.referral, referrerReference } },
    };
  };

  it('keeps the reference in the personal item alone: neither the case item nor the referrals index holds it', async () => {
    const institutionId = `own-reference-${Date.now()}`;
    const created = referredBy(institutionId, '2026-11-26T09:00:00.000Z', 'KM-2026/0815');
    await repository().create(created);

    const caseItem = await client.send(new GetCommand({ TableName: TABLE, Key: caseKey(created.caseRecord.id) }));
    const indexed = await client.send(
      new QueryCommand({
        TableName: TABLE,
        IndexName: 'GSI4',
        KeyConditionExpression: 'gsi4pk = :pk',
        ExpressionAttributeValues: { ':pk': `INSTITUTION#${institutionId}` },
      }),
    );

    expect(caseItem.Item).toMatchObject({
      gsi4pk: `INSTITUTION#${institutionId}`,
      gsi4sk: `2026-11-26T09:00:00.000Z#${created.caseRecord.id}`,
    });
    expect(JSON.stringify(caseItem.Item)).not.toContain('KM-2026/0815');
    expect(indexed.Items).toEqual([
      {
        ...caseKey(created.caseRecord.id),
        gsi4pk: `INSTITUTION#${institutionId}`,
        gsi4sk: `2026-11-26T09:00:00.000Z#${created.caseRecord.id}`,
        id: created.caseRecord.id,
      },
    ]);
  });

  it('answers a short page with a cursor once a filtered listing has read its budget of cases, and the cursor reaches the rest', async () => {
    const institutionId = `budget-${Date.now()}`;
    const minute = (n: number) => new Date(Date.UTC(2026, 10, 26, 9, n)).toISOString();
    const created = Array.from({ length: 205 }, (_, n) =>
      referredBy(institutionId, minute(n), n === 0 ? 'wanted' : 'other'),
    );
    for (let start = 0; start < created.length; start += 25) {
      await Promise.all(created.slice(start, start + 25).map((newCase) => repository().create(newCase)));
    }
    const query = {
      institutionId,
      limit: 10,
      statuses: ['received'] as const,
      keep: (referral: { referrerReference?: string }) => referral.referrerReference === 'wanted',
    };

    const first = await repository().listReferrals(query);
    const second = await repository().listReferrals({ ...query, cursor: first.nextCursor ?? '' });

    expect(first.items).toEqual([]);
    expect(first.nextCursor).toEqual(expect.any(String));
    expect(second.items.map((item) => item.caseRecord.id)).toEqual([created[0]?.caseRecord.id]);
    expect(second.nextCursor).toBeNull();
  }, 60_000);
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

/** Stores a new case and routes it to `officeId` (version 2), as the router would. */
async function storedRoutedCase(
  officeId: string,
  overrides: Parameters<typeof receivedCase>[0] = {},
  proposals: Proposal[] = [],
): Promise<{ created: NewCase; routed: CaseRecord }> {
  const created = uniqueCase(overrides);
  await repository().create(created);
  const at = '2026-11-26T10:00:00.000Z';
  const unmatched = proposals.length === 0;
  const changes = { officeId, proposals, unmatched, routedAt: at, deadlineAt: '2026-12-01T10:00:00.000Z' };
  await repository().applyTransition({
    from: created.caseRecord,
    status: 'routed',
    updatedAt: at,
    changes,
    event: { seq: 2, type: 'routed', at, actor: 'system:router' },
  });
  return { created, routed: { ...created.caseRecord, ...changes, status: 'routed', version: 2, updatedAt: at } };
}

function accept(from: CaseRecord): CaseTransition {
  const at = '2026-11-26T11:00:00.000Z';
  return {
    from,
    status: 'accepted',
    updatedAt: at,
    changes: {},
    event: { seq: from.version + 1, type: 'accepted', at, actor: `office:${from.officeId}` },
  };
}

/** The items of a case's partition in one table, or in both (the main table's first). */
async function partitionItems(
  caseId: string,
  tables: readonly string[] = [TABLE, PERSONAL_TABLE],
): Promise<Record<string, unknown>[]> {
  const results = await Promise.all(
    tables.map((TableName) =>
      client.send(
        new QueryCommand({
          TableName,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': casePartition(caseId) },
        }),
      ),
    ),
  );
  return results.flatMap((result) => result.Items ?? []);
}

/** Every item of both tables (a test-only Scan). */
async function everyItem(): Promise<Record<string, unknown>[]> {
  const scans = await Promise.all(
    [TABLE, PERSONAL_TABLE].map((TableName) => client.send(new ScanCommand({ TableName }))),
  );
  return scans.flatMap((scan) => scan.Items ?? []);
}

describe('the office workflow on DynamoDB Local', () => {
  it('records the opened event exactly once for 10 concurrent first reads, and audits every read', async () => {
    const { routed } = await storedRoutedCase('fb-open');
    const ports = { cases: repository(), clock: fixedClock(), notifications: new InMemoryNotifications() };

    const reads = await Promise.all(
      Array.from({ length: 10 }, () =>
        getCase(ports, { principal: { role: 'office', officeId: 'fb-open' }, caseId: routed.id }),
      ),
    );

    expect(reads.every((read) => 'openedAt' in read.caseRecord && read.caseRecord.openedAt !== undefined)).toBe(true);
    const found = await repository().getWithHistory(routed.id);
    expect(found?.history.filter((event) => event.type === 'opened')).toHaveLength(1);
    expect(found?.caseRecord.version).toBe(3);
    const audits = (await partitionItems(routed.id)).filter((item) => String(item.sk).startsWith('AUDIT#'));
    expect(audits).toHaveLength(10);
    expect(await repository().listDeadlinePassed('2999-01-01T00:00:00.000Z', 1000)).not.toContain(routed.id);
  }, 30_000);

  it('erases the personal item with the withdrawal and keeps the idempotency record (ids and hashes), leaving no personal data', async () => {
    const marker = `Zyx${Date.now()}`;
    const { created } = await storedRoutedCase('fb-erase', {});
    await client.send(
      new PutCommand({
        TableName: PERSONAL_TABLE,
        Item: {
          ...casePersonalKey(created.caseRecord.id),
          entity: 'personal',
          ...personalData({ idempotencyKey: created.idempotency.key }),
          notes: [{ seq: 3, note: marker }],
        },
      }),
    );

    await withdraw(created.caseRecord.id);

    const personal = await client.send(
      new GetCommand({ TableName: PERSONAL_TABLE, Key: casePersonalKey(created.caseRecord.id) }),
    );
    const record = await client.send(
      new GetCommand({ TableName: TABLE, Key: idempotencyKey('klinik-mitte', created.idempotency.key) }),
    );
    expect(personal.Item).toBeUndefined();
    expect(record.Item?.referralId).toBe(created.caseRecord.id);
    const everything = JSON.stringify(await everyItem());
    expect(everything).not.toContain(marker);
    expect(JSON.stringify(await partitionItems(created.caseRecord.id))).not.toContain('Maria Muster');
    const found = await repository().getWithHistory(created.caseRecord.id);
    expect(found?.caseRecord.status).toBe('withdrawn');
    expect(found?.personal).toBeNull();
  }, 30_000);

  it('keeps a published event in the outbox until it is cleared', async () => {
    const { routed } = await storedRoutedCase('fb-outbox');
    const notification = {
      eventId: `${routed.id}:3`,
      type: 'case.accepted' as const,
      caseId: routed.id,
      officeId: 'fb-outbox',
      occurredAt: '2026-11-26T11:00:00.000Z',
    };
    await repository().applyTransition({ ...accept(routed), notification });

    const pending = await repository().listOutboxBefore('2026-11-26T11:00:01.000Z', 1000);
    await repository().clearOutbox(routed.id, 3);
    const after = await repository().listOutboxBefore('2026-11-26T11:00:01.000Z', 1000);

    expect(pending).toContainEqual({ caseId: routed.id, seq: 3, message: notification });
    expect(after.map((entry) => entry.caseId)).not.toContain(routed.id);
    const event = await client.send(new GetCommand({ TableName: TABLE, Key: caseEventKey(routed.id, 3) }));
    expect(event.Item).toMatchObject({ type: 'accepted' });
    expect(event.Item).not.toHaveProperty('outbox');
  });

  it('creates no item when clearing the outbox of an event that does not exist', async () => {
    await repository().clearOutbox('NO-SUCH-CASE', 7);

    const event = await client.send(new GetCommand({ TableName: TABLE, Key: caseEventKey('NO-SUCH-CASE', 7) }));
    expect(event.Item).toBeUndefined();
  });
});

describe('the proposals item on DynamoDB Local', () => {
  it('keeps the proposals off the case item, in their own item, and still shows them in the case view', async () => {
    const marker = `Lang${Date.now()}`;
    const proposals = [proposalOf('offer-elsewhere', marker)];
    const { routed } = await storedRoutedCase('fb-proposals', {}, proposals);
    await repository().applyTransition(accept(routed));

    const caseItem = await client.send(new GetCommand({ TableName: TABLE, Key: caseKey(routed.id) }));
    const proposalsItem = await client.send(
      new GetCommand({ TableName: PERSONAL_TABLE, Key: caseProposalsKey(routed.id) }),
    );
    const found = await repository().getWithHistory(routed.id);

    expect(caseItem.Item).not.toHaveProperty('proposals');
    expect(JSON.stringify(caseItem.Item)).not.toContain(marker);
    expect(proposalsItem.Item?.proposals).toEqual(proposals);
    expect(found?.caseRecord).toMatchObject({ status: 'accepted', version: 3, proposals });
    expect(found && toCaseView(found).proposals).toEqual(proposals);
  });

  it('lets an office close a case with an offer found only among its proposals', async () => {
    const proposals = [proposalOf(`offer-proposed-${Date.now()}`, 'Türkisch')];
    const offerId = proposals[0]?.offerId ?? '';
    const { routed } = await storedRoutedCase('fb-nord', {}, proposals);
    await repository().applyTransition(accept(routed));
    const ports = {
      cases: repository(),
      catalogue: catalogueSource(),
      clock: fixedClock(),
      notifications: new InMemoryNotifications(),
      deadlineDays: DEFAULT_RESPONSE_DEADLINE_DAYS,
      retentionDays: 180,
    };

    const after = await transitionCase(ports, {
      principal: { role: 'office', officeId: 'fb-nord' },
      caseId: routed.id,
      command: { name: 'close', body: { ok: true, value: { outcome: 'waitlisted', offerId } } },
      expectedVersions: [3],
    });

    expect(after.caseRecord).toMatchObject({ status: 'closed', closedOfferId: offerId, proposals });
  });

  it('gives the proposals item the expiry of the personal item when the case closes', async () => {
    const { routed } = await storedRoutedCase('fb-retain', {}, [proposalOf('offer-retain', 'Arabisch')]);
    await repository().applyTransition(accept(routed));

    await repository().applyTransition({
      from: { ...routed, status: 'accepted', version: 3 },
      status: 'closed',
      updatedAt: '2026-11-27T10:00:00.000Z',
      changes: { outcome: 'connected', closedAt: '2026-11-27T10:00:00.000Z' },
      event: { seq: 4, type: 'closed', at: '2026-11-27T10:00:00.000Z', actor: 'office:fb-retain' },
      personal: { kind: 'expire', expiresAt: 1_900_000_000 },
    });

    const proposalsItem = await client.send(
      new GetCommand({ TableName: PERSONAL_TABLE, Key: caseProposalsKey(routed.id) }),
    );
    expect(proposalsItem.Item?.expiresAt).toBe(1_900_000_000);
  });

  it('deletes the proposals item with the withdrawal', async () => {
    const marker = `Lang${Date.now()}`;
    const { created } = await storedRoutedCase('fb-erase', {}, [proposalOf('offer-erase', marker)]);

    await withdraw(created.caseRecord.id);

    const proposalsItem = await client.send(
      new GetCommand({ TableName: PERSONAL_TABLE, Key: caseProposalsKey(created.caseRecord.id) }),
    );
    expect(proposalsItem.Item).toBeUndefined();
    expect(JSON.stringify(await partitionItems(created.caseRecord.id))).not.toContain(marker);
    expect((await repository().getWithHistory(created.caseRecord.id))?.caseRecord).not.toHaveProperty('proposals');
  }, 30_000);
});
