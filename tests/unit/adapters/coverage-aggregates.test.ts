import { describe, expect, it } from 'vitest';
import { bucketOfAttribute, coverageShardOf, coverageUpdates } from '#adapters/coverage-aggregates.ts';
import { COVERAGE_SHARDS, coverageCellOfSortKey, coverageKey } from '#adapters/keys.ts';

describe('coverage keys', () => {
  it('puts a cell on the day of creation, in a shard, and reads the cell back from its sort key', () => {
    const cell = { districtId: 'nord', phase: 'infant', need: 'parenting', institutionType: 'birth-clinic' };

    const key = coverageKey('2026-11-26', cell, 3);

    expect(key).toEqual({ pk: 'STATS#coverage#2026-11-26', sk: 'nord#infant#parenting#birth-clinic#3' });
    expect(coverageCellOfSortKey(key.sk)).toEqual(cell);
  });

  it('keeps every count of one case in one shard and spreads cases over all shards', () => {
    const shards = new Set(Array.from({ length: 200 }, (_, index) => coverageShardOf(`case-${index}`)));

    expect(coverageShardOf('01M8BGEKN4N7BBHNPX10GBH69N')).toBe(coverageShardOf('01M8BGEKN4N7BBHNPX10GBH69N'));
    expect([...shards].sort()).toEqual(Array.from({ length: COVERAGE_SHARDS }, (_, index) => index));
  });
});

describe('coverage updates', () => {
  it('adds one to each count and the histogram bucket in every cell, in the case’s shard', () => {
    const cells = [
      { districtId: 'nord', phase: 'infant', need: 'parenting', institutionType: 'birth-clinic' },
      { districtId: 'nord', phase: 'kita', need: 'parenting', institutionType: 'birth-clinic' },
    ] as const;

    const updates = coverageUpdates('lotse', 'CASE0001', {
      day: '2026-11-26',
      cells: [...cells],
      counts: ['accepted'],
      firstActionBucket: '24',
    });

    const shard = coverageShardOf('CASE0001');
    expect(updates.map((update) => update.Update?.Key)).toEqual(
      cells.map((cell) => coverageKey('2026-11-26', cell, shard)),
    );
    expect(updates[0]?.Update).toMatchObject({
      UpdateExpression: 'ADD #c0 :one, #c1 :one',
      ExpressionAttributeNames: { '#c0': 'accepted', '#c1': 'firstActionHours_24' },
      ExpressionAttributeValues: { ':one': 1 },
    });
    expect(updates[0]?.Update).not.toHaveProperty('ConditionExpression');
    expect(bucketOfAttribute('firstActionHours_24')).toBe('24');
  });
});
