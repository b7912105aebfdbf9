// The coverage aggregates and bulk catalogue writes against the real DynamoDB Local engine: counts after a scripted set
// of case changes, and 2,000 catalogue entities written in BatchWriteItem chunks.
import { BatchWriteCommand, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createCaseRepository } from '#adapters/case-repository.ts';
import { createCatalogueRepository } from '#adapters/catalogue-repository.ts';
import { createCoverageRepository } from '#adapters/coverage-repository.ts';
import { caseKey, coveragePartition } from '#adapters/keys.ts';
import type { CaseTransition } from '#application/ports.ts';
import { type CaseEvent, type CaseRecord, isTombstone } from '#domain/case.ts';
import type { Offer } from '#domain/catalogue.ts';
import { LIFE_PHASES, NEED_CODES } from '#domain/codes.ts';
import { buildCoverageReport, COVERAGE_COUNTS, wholePeriodsRange } from '#domain/coverage.ts';
import { receivedCase } from '../../unit/functions/case-fixtures.ts';
import { personalData, testCatalogue } from '../../unit/functions/fakes.ts';
import { type LocalTable, startLocalTable } from './local-table.ts';

let table: LocalTable;

beforeAll(async () => {
  table = await startLocalTable('lotse-coverage-test');
}, 90_000);

afterAll(() => table?.stop());

const cases = () =>
  createCaseRepository({
    client: table.client,
    tableName: table.tableName,
    personalTableName: table.personalTableName,
  });
const DAY = '1998-03-01';
const created = `${DAY}T08:00:00.000Z`;
const hoursLater = (hours: number) => new Date(Date.parse(created) + hours * 3_600_000).toISOString();
const cell = { districtId: 'nord', phase: 'infant', need: 'parenting', institutionType: 'birth-clinic' } as const;

async function newCase(id: string, overrides: Partial<CaseRecord> = {}): Promise<CaseRecord> {
  const caseRecord = receivedCase({
    id,
    createdAt: created,
    updatedAt: created,
    phases: ['infant'],
    needs: ['parenting'],
    ...overrides,
  });
  await cases().create({
    caseRecord,
    personal: personalData({ idempotencyKey: `key-${id}` }),
    firstEvent: { seq: 1, type: 'received', at: created, actor: 'referrer:klinik-mitte' },
    idempotency: { institutionId: 'klinik-mitte', key: `key-${id}`, bodyHash: 'h', expiresAt: 4_000_000_000 },
  });
  return caseRecord;
}

/** Applies a change and returns the case as it is afterwards (read back, so `firstActionAt` comes along). */
async function change(
  from: CaseRecord,
  status: CaseRecord['status'],
  type: CaseEvent['type'],
  atHours: number,
  changes: CaseTransition['changes'] = {},
): Promise<CaseRecord> {
  const at = hoursLater(atHours);
  await cases().applyTransition({
    from,
    status,
    updatedAt: at,
    changes,
    event: { seq: from.version + 1, type, at, actor: 'test' },
  });
  const after = await cases().get(from.id);
  if (!after || isTombstone(after)) throw new Error('case vanished');
  return after;
}

const route = (from: CaseRecord, unmatched: boolean) =>
  change(from, 'routed', 'routed', 0.01, { officeId: 'fb-cov', proposals: [], unmatched, routedAt: hoursLater(0.01) });

describe('coverage aggregates on DynamoDB Local', () => {
  it('counts a scripted set of referrals in their cell, in the same transactions as the case changes', async () => {
    // 1: routed, opened after 2 h, accepted, closed connected.
    let one = await route(await newCase('COV1'), false);
    one = await change(one, 'routed', 'opened', 2, { openedAt: hoursLater(2) });
    one = await change(one, 'accepted', 'accepted', 3);
    await change(one, 'closed', 'closed', 50, { outcome: 'connected', closedAt: hoursLater(50) });
    // 2: routed without any eligible offer, accepted after 30 minutes (its first action), closed otherwise.
    let two = await route(await newCase('COV2'), true);
    two = await change(two, 'accepted', 'accepted', 0.5);
    await change(two, 'closed', 'closed', 60, { outcome: 'family-declined', closedAt: hoursLater(60) });
    // 3: routed and declined after 100 hours.
    const three = await route(await newCase('COV3'), false);
    await change(three, 'escalated', 'declined', 100, { officeId: null, escalationReason: 'declined' });
    // 4: no office for its district; 5: routed, then withdrawn; 6: still received.
    await change(await newCase('COV4'), 'escalated', 'escalated', 0.01, { escalationReason: 'no-office' });
    const five = await route(await newCase('COV5'), false);
    await change(five, 'withdrawn', 'withdrawn', 5, { withdrawnAt: hoursLater(5) });
    await newCase('COV6');

    const rows = await createCoverageRepository({ client: table.client, tableName: table.tableName }).rowsBetween(
      '1998-02-28',
      '1998-03-02',
    );
    const histogram: Record<string, number> = {};
    for (const row of rows) {
      for (const [bucket, count] of Object.entries(row.firstActionHours ?? {})) {
        histogram[bucket] = (histogram[bucket] ?? 0) + (count ?? 0);
      }
    }
    expect(histogram).toEqual({ '1': 1, '2': 1, '120': 1 });
    const totals = Object.fromEntries(
      COVERAGE_COUNTS.map((count) => [count, rows.reduce((sum, row) => sum + (row[count] ?? 0), 0)]),
    );
    expect(totals).toEqual({ received: 6, routed: 4, unmatched: 1, accepted: 2, connected: 1 });
    // Published over February and March: the 6 received only. 4 routed would leave 2 not routed; 1 unmatched,
    // 2 accepted, 1 connected and 3 first actions are under 5.
    expect(buildCoverageReport(rows, wholePeriodsRange('month', '1998-02-28', '1998-03-02')).cells).toEqual([
      {
        ...cell,
        received: 6,
        routed: null,
        unmatched: null,
        accepted: null,
        connected: null,
        medianHoursToFirstAction: null,
      },
    ]);
  }, 60_000);

  it('records the first office action on the case item, once', async () => {
    let routed = await route(await newCase('COV7'), false);
    routed = await change(routed, 'routed', 'opened', 1, { openedAt: hoursLater(1) });
    await change(routed, 'accepted', 'accepted', 9);

    const item = await table.client.send(new GetCommand({ TableName: table.tableName, Key: caseKey('COV7') }));

    expect(item.Item?.firstActionAt).toBe(hoursLater(1));
  });

  it('counts the widest referral (6 phases × 14 needs) in one transaction, on one counter item', async () => {
    const widest = await newCase('COV9', { phases: [...LIFE_PHASES], needs: [...NEED_CODES], districtId: 'weit' });

    await route(widest, true);

    const rows = await createCoverageRepository({ client: table.client, tableName: table.tableName }).rowsBetween(
      DAY,
      DAY,
    );
    const cells = rows.filter((row) => row.districtId === 'weit');
    expect(cells).toHaveLength(84);
    expect(cells.every((row) => row.received === 1 && row.unmatched === 1)).toBe(true);
    const counters = await table.client.send(
      new QueryCommand({
        TableName: table.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :district)',
        ExpressionAttributeValues: { ':pk': coveragePartition(DAY), ':district': 'weit#' },
      }),
    );
    expect(counters.Items).toHaveLength(1);
  });
});

describe('catalogue editing on DynamoDB Local', () => {
  it('writes 2,000 offers in BatchWriteItem chunks of 25 and reads them back', async () => {
    const catalogue = createCatalogueRepository({ client: table.client, tableName: table.tableName });
    const base = testCatalogue().offers[0] as Offer;
    const offers = Array.from({ length: 2000 }, (_, i) => ({
      kind: 'offer' as const,
      entity: { ...base, id: `bulk-${String(i).padStart(4, '0')}` },
    }));
    const send = vi.spyOn(table.client, 'send');

    await catalogue.putMany(offers);

    const batches = send.mock.calls
      .map(([command]) => command)
      .filter((command) => command instanceof BatchWriteCommand);
    send.mockRestore();
    expect(batches).toHaveLength(80);
    for (const batch of batches) {
      expect(Object.values(batch.input.RequestItems ?? {})[0]?.length).toBeLessThanOrEqual(25);
    }
    const stored = await catalogue.loadStored();
    expect(stored.offers.filter((offer) => offer.id.startsWith('bulk-'))).toHaveLength(2000);
  }, 60_000);
});
