import { describe, expect, it } from 'vitest';
import { coverageReport } from '#application/coordinator/coverage-report.ts';
import type { CoverageAggregates } from '#application/ports.ts';
import type { CoverageDayRow } from '#domain/coverage.ts';
import { ValidationFailed } from '#domain/errors.ts';
import { fixedClock } from './fakes.ts';

class FakeAggregates implements CoverageAggregates {
  readonly asked: string[] = [];
  readonly rows: CoverageDayRow[];
  constructor(rows: CoverageDayRow[] = []) {
    this.rows = rows;
  }
  async rowsBetween(fromDay: string, toDay: string) {
    this.asked.push(`days ${fromDay}..${toDay}`);
    return this.rows;
  }
  async childProtectionRefusals(fromMonth: string, toMonth: string) {
    this.asked.push(`months ${fromMonth}..${toMonth}`);
    return [{ month: '2026-11', count: 2 }];
  }
}

const cell = { districtId: 'nord', phase: 'infant', need: 'parenting', institutionType: 'birth-clinic' } as const;

describe('the coverage report', () => {
  it('reads the last 30 days by default, and the refusal months they touch', async () => {
    const coverage = new FakeAggregates();

    await coverageReport({ coverage, clock: fixedClock() }, {});

    expect(coverage.asked).toEqual(['days 2026-10-28..2026-11-26', 'months 2026-10..2026-11']);
  });

  it('sums the days of a cell and suppresses a cell under five referrals', async () => {
    const coverage = new FakeAggregates([
      { ...cell, day: '2026-11-25', received: 3, routed: 3, firstActionHours: { '4': 2 } },
      { ...cell, day: '2026-11-26', received: 2, unmatched: 2, firstActionHours: { '24': 1 } },
      { ...cell, need: 'language', day: '2026-11-26', received: 4 },
    ]);

    const report = await coverageReport({ coverage, clock: fixedClock() }, { from: '2026-11-25', to: '2026-11-26' });

    expect(report.cells).toEqual([
      { ...cell, received: 5, routed: 3, unmatched: 2, accepted: 0, connected: 0, medianHoursToFirstAction: 4 },
      {
        ...cell,
        need: 'language',
        received: null,
        routed: null,
        unmatched: null,
        accepted: null,
        connected: null,
        medianHoursToFirstAction: null,
      },
    ]);
    expect(report.childProtectionRefusals).toEqual([{ month: '2026-11', count: 2 }]);
  });

  it('refuses a range of more than 366 days (400)', async () => {
    const attempt = coverageReport(
      { coverage: new FakeAggregates(), clock: fixedClock() },
      { from: '2025-01-01', to: '2026-11-26' },
    );

    await expect(attempt).rejects.toBeInstanceOf(ValidationFailed);
  });
});
