import { describe, expect, it } from 'vitest';
import { coverageOfCreate, coverageOfTransition, coverageShardOf } from '#adapters/coverage-aggregates.ts';
import { COVERAGE_SHARDS, coverageCellOfSortKey, coverageKey } from '#adapters/keys.ts';
import type { CaseTransition } from '#application/ports.ts';
import type { CaseRecord } from '#domain/case.ts';
import { receivedCase, routedCase } from '../functions/case-fixtures.ts';

function transition(
  from: CaseRecord,
  overrides: Partial<CaseTransition> & Pick<CaseTransition, 'event'>,
): CaseTransition {
  return { from, status: from.status, updatedAt: overrides.event.at, changes: {}, ...overrides };
}

const at = (iso: string, type: CaseTransition['event']['type'], seq = 3) => ({ seq, type, at: iso, actor: 'x' });

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

describe('what a case change counts', () => {
  it('counts a new case as received in every cell of its phases × needs, on its UTC creation day', () => {
    const increment = coverageOfCreate(receivedCase({ createdAt: '2026-11-26T23:30:00.000Z' }));

    expect(increment.day).toBe('2026-11-26');
    expect(increment.attributes).toEqual(['received']);
    expect(increment.cells).toHaveLength(4);
  });

  it('counts routing with proposals as routed', () => {
    const result = coverageOfTransition(
      transition(receivedCase(), { changes: { unmatched: false }, event: at('2026-11-27T09:00:00.000Z', 'routed', 2) }),
    );

    expect(result.increment?.attributes).toEqual(['routed']);
    expect(result.increment?.day).toBe('2026-11-26');
  });

  it('counts routing without any eligible offer as routed and unmatched', () => {
    const result = coverageOfTransition(
      transition(receivedCase(), { changes: { unmatched: true }, event: at('2026-11-26T09:00:01.000Z', 'routed', 2) }),
    );

    expect(result.increment?.attributes).toEqual(['routed', 'unmatched']);
  });

  it('counts nothing for an escalation without an office', () => {
    const result = coverageOfTransition(
      transition(receivedCase(), { event: at('2026-11-26T09:00:01.000Z', 'escalated', 2) }),
    );

    expect(result).toEqual({});
  });

  it('counts the first opening in the histogram bucket of its hours and sets firstActionAt', () => {
    const result = coverageOfTransition(transition(routedCase(), { event: at('2026-11-27T09:00:00.000Z', 'opened') }));

    expect(result.firstActionAt).toBe('2026-11-27T09:00:00.000Z');
    expect(result.increment?.attributes).toEqual(['firstActionHours_24']);
  });

  it('counts an accept without an opening as accepted and as the first action', () => {
    const result = coverageOfTransition(
      transition(routedCase(), { event: at('2026-11-26T09:30:00.000Z', 'accepted') }),
    );

    expect(result.increment?.attributes).toEqual(['accepted', 'firstActionHours_1']);
  });

  it('does not count a later action again once the first one is recorded', () => {
    const opened = { ...routedCase(), firstActionAt: '2026-11-26T10:00:00.000Z' } as CaseRecord;

    const result = coverageOfTransition(transition(opened, { event: at('2026-11-30T09:00:00.000Z', 'declined') }));

    expect(result).toEqual({});
  });

  it('counts a close with outcome connected, and not another outcome', () => {
    const accepted = routedCase({ status: 'accepted' });
    const connected = coverageOfTransition(
      transition(accepted, { changes: { outcome: 'connected' }, event: at('2026-12-01T09:00:00.000Z', 'closed') }),
    );
    const declined = coverageOfTransition(
      transition(accepted, {
        changes: { outcome: 'family-declined' },
        event: at('2026-12-01T09:00:00.000Z', 'closed'),
      }),
    );

    expect(connected.increment?.attributes).toEqual(['connected']);
    expect(declined).toEqual({});
  });

  it('never decrements on withdrawal', () => {
    const result = coverageOfTransition(
      transition(routedCase(), { event: at('2026-12-01T09:00:00.000Z', 'withdrawn') }),
    );

    expect(result).toEqual({});
  });
});
