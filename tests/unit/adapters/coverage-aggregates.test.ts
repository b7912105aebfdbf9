import { describe, expect, it } from 'vitest';
import { bucketOfAttribute, coverageShardOf, coverageUpdate } from '#adapters/coverage-aggregates.ts';
import { COVERAGE_SHARDS, coverageKey, coverageProfileOfSortKey } from '#adapters/keys.ts';
import type { CoverageProfile } from '#domain/coverage-counts.ts';

const profile: CoverageProfile = {
  districtId: 'nord',
  institutionType: 'birth-clinic',
  phases: ['infant', 'kita'],
  needs: ['parenting', 'language'],
};

describe('coverage keys', () => {
  it('puts a profile on the day of creation, in a shard, and reads the profile back from its sort key', () => {
    const key = coverageKey('2026-11-26', profile, 3);

    expect(key).toEqual({ pk: 'STATS#coverage#2026-11-26', sk: 'nord#infant+kita#parenting+language#birth-clinic#3' });
    expect(coverageProfileOfSortKey(key.sk)).toEqual(profile);
  });

  it('reads an item written per cell as the profile of its one phase and one need', () => {
    expect(coverageProfileOfSortKey('nord#infant#parenting#birth-clinic#3')).toEqual({
      districtId: 'nord',
      institutionType: 'birth-clinic',
      phases: ['infant'],
      needs: ['parenting'],
    });
    expect(coverageProfileOfSortKey('nord#infant#parenting#birth-clinic')).toBeUndefined();
  });

  it('keeps every count of one case in one shard and spreads cases over all shards', () => {
    const shards = new Set(Array.from({ length: 200 }, (_, index) => coverageShardOf(`case-${index}`)));

    expect(coverageShardOf('01M8BGEKN4N7BBHNPX10GBH69N')).toBe(coverageShardOf('01M8BGEKN4N7BBHNPX10GBH69N'));
    expect([...shards].sort()).toEqual(Array.from({ length: COVERAGE_SHARDS }, (_, index) => index));
  });
});

describe('coverage update', () => {
  it('adds one to each count and the histogram bucket on the case’s profile, in the case’s shard, in one write', () => {
    const update = coverageUpdate('lotse', 'CASE0001', {
      day: '2026-11-26',
      profile,
      counts: ['accepted'],
      firstActionBucket: '24',
    });

    expect(update.Update?.Key).toEqual(coverageKey('2026-11-26', profile, coverageShardOf('CASE0001')));
    expect(update.Update).toMatchObject({
      UpdateExpression: 'ADD #c0 :one, #c1 :one',
      ExpressionAttributeNames: { '#c0': 'accepted', '#c1': 'firstActionHours_24' },
      ExpressionAttributeValues: { ':one': 1 },
    });
    expect(update.Update).not.toHaveProperty('ConditionExpression');
    expect(bucketOfAttribute('firstActionHours_24')).toBe('24');
  });
});
