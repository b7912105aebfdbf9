import { describe, expect, it } from 'vitest';
import type { CaseRecord } from '#domain/case.ts';
import {
  type CoverageChange,
  cellsOfProfile,
  coverageOfChange,
  coverageOfNewCase,
  coverageProfileOf,
} from '#domain/coverage-counts.ts';
import { receivedCase, routedCase } from '../functions/case-fixtures.ts';

function change(
  from: CaseRecord,
  type: CoverageChange['event']['type'],
  at: string,
  changes: CoverageChange['changes'] = {},
): CoverageChange {
  return { from, event: { type, at }, changes };
}

describe('what a case change counts', () => {
  it('counts a new case as received in every cell of its phases × needs, on its UTC creation day', () => {
    const increment = coverageOfNewCase(receivedCase({ createdAt: '2026-11-26T23:30:00.000Z' }));

    expect(increment.day).toBe('2026-11-26');
    expect(increment.counts).toEqual(['received']);
    expect(increment.firstActionBucket).toBeUndefined();
    expect(increment.profile).toEqual({
      districtId: 'nord',
      institutionType: 'birth-clinic',
      phases: ['pregnancy', 'infant'],
      needs: ['financial-support', 'parenting'],
    });
    expect(cellsOfProfile(increment.profile)).toHaveLength(4);
  });

  it('counts routing with proposals as routed, on the day of creation', () => {
    const result = coverageOfChange(
      change(receivedCase(), 'routed', '2026-11-27T09:00:00.000Z', { unmatched: false }),
      undefined,
    );

    expect(result.increment?.counts).toEqual(['routed']);
    expect(result.increment?.day).toBe('2026-11-26');
  });

  it('counts routing without any eligible offer as routed and unmatched', () => {
    const result = coverageOfChange(
      change(receivedCase(), 'routed', '2026-11-26T09:00:01.000Z', { unmatched: true }),
      undefined,
    );

    expect(result.increment?.counts).toEqual(['routed', 'unmatched']);
  });

  it('counts nothing for an escalation without an office', () => {
    const result = coverageOfChange(change(receivedCase(), 'escalated', '2026-11-26T09:00:01.000Z'), undefined);

    expect(result).toEqual({});
  });

  it('counts the first opening in the histogram bucket of its hours and tells its time', () => {
    const result = coverageOfChange(change(routedCase(), 'opened', '2026-11-27T09:00:00.000Z'), undefined);

    expect(result.firstActionAt).toBe('2026-11-27T09:00:00.000Z');
    expect(result.increment?.counts).toEqual([]);
    expect(result.increment?.firstActionBucket).toBe('24');
  });

  it('counts an accept without an opening as accepted and as the first action', () => {
    const result = coverageOfChange(change(routedCase(), 'accepted', '2026-11-26T09:30:00.000Z'), undefined);

    expect(result.increment?.counts).toEqual(['accepted']);
    expect(result.increment?.firstActionBucket).toBe('1');
  });

  it('does not count a later action again once the first one is recorded', () => {
    const result = coverageOfChange(
      change(routedCase(), 'declined', '2026-11-30T09:00:00.000Z'),
      '2026-11-26T10:00:00.000Z',
    );

    expect(result).toEqual({});
  });

  it('counts a close with outcome connected, and not another outcome', () => {
    const accepted = routedCase({ status: 'accepted' });
    const at = '2026-12-01T09:00:00.000Z';

    const connected = coverageOfChange(change(accepted, 'closed', at, { outcome: 'connected' }), 'earlier');
    const declined = coverageOfChange(change(accepted, 'closed', at, { outcome: 'family-declined' }), 'earlier');

    expect(connected.increment?.counts).toEqual(['connected']);
    expect(declined).toEqual({});
  });

  it('never decrements on withdrawal', () => {
    const result = coverageOfChange(change(routedCase(), 'withdrawn', '2026-12-01T09:00:00.000Z'), undefined);

    expect(result).toEqual({});
  });
});

describe('coverage profiles', () => {
  it('names each phase and need once, in the codes’ order, so equal profiles count on the same counters', () => {
    const profile = coverageProfileOf({
      districtId: 'nord',
      institutionType: 'school',
      phases: ['primary', 'infant', 'primary'],
      needs: ['language', 'parenting', 'language'],
    });
    const reordered = coverageProfileOf({
      districtId: 'nord',
      institutionType: 'school',
      phases: ['infant', 'primary'],
      needs: ['parenting', 'language'],
    });

    expect(profile).toEqual(reordered);
    expect(profile).toEqual({
      districtId: 'nord',
      institutionType: 'school',
      phases: ['infant', 'primary'],
      needs: ['parenting', 'language'],
    });
    expect(cellsOfProfile(profile)).toEqual([
      { districtId: 'nord', phase: 'infant', need: 'parenting', institutionType: 'school' },
      { districtId: 'nord', phase: 'infant', need: 'language', institutionType: 'school' },
      { districtId: 'nord', phase: 'primary', need: 'parenting', institutionType: 'school' },
      { districtId: 'nord', phase: 'primary', need: 'language', institutionType: 'school' },
    ]);
  });

  it('spans no cell for a case without phases (no child in the prevention chain)', () => {
    const profile = coverageProfileOf({
      districtId: 'nord',
      phases: [],
      needs: ['parenting'],
      institutionType: 'school',
    });

    expect(cellsOfProfile(profile)).toEqual([]);
  });
});
