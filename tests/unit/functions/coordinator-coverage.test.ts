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

const month = { reportingPeriod: 'month' } as const;
const cell = { districtId: 'nord', phase: 'infant', need: 'parenting', institutionType: 'birth-clinic' } as const;

describe('the coverage report', () => {
  it('reads the whole months the last 30 days touch by default, and their refusal months', async () => {
    const coverage = new FakeAggregates();

    const report = await coverageReport({ coverage, clock: fixedClock(), ...month }, {});

    expect(coverage.asked).toEqual(['days 2026-10-01..2026-11-30', 'months 2026-10..2026-11']);
    expect(report.periods.map((period) => period.id)).toEqual(['2026-10', '2026-11']);
  });

  it("reads whole quarters when that is the municipality's grid", async () => {
    const coverage = new FakeAggregates();

    const report = await coverageReport(
      { coverage, clock: fixedClock(), reportingPeriod: 'quarter' },
      { from: '2026-08-15', to: '2026-10-02' },
    );

    expect(coverage.asked).toEqual(['days 2026-07-01..2026-12-31', 'months 2026-07..2026-12']);
    expect(report).toMatchObject({ from: '2026-07-01', to: '2026-12-31', grid: 'quarter' });
    expect(report.childProtectionRefusals).toEqual([
      { period: '2026-Q3', count: 0 },
      { period: '2026-Q4', count: null },
    ]);
  });

  it('sums the days of a cell and suppresses a cell under five referrals', async () => {
    const coverage = new FakeAggregates([
      { ...cell, day: '2026-11-25', received: 3, routed: 3, firstActionHours: { '4': 3 } },
      { ...cell, day: '2026-11-26', received: 2, routed: 2, unmatched: 5, firstActionHours: { '24': 2 } },
      { ...cell, need: 'language', day: '2026-11-26', received: 4 },
    ]);

    const report = await coverageReport(
      { coverage, clock: fixedClock(), ...month },
      { from: '2026-11-25', to: '2026-11-26' },
    );

    expect(report.cells).toEqual([
      { ...cell, received: 5, routed: 5, unmatched: 5, accepted: 0, connected: 0, medianHoursToFirstAction: 4 },
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
    expect(report.childProtectionRefusals).toEqual([{ period: '2026-11', count: null }]);
  });

  it('refuses a range of more than 12 whole months (400)', async () => {
    const attempt = coverageReport(
      { coverage: new FakeAggregates(), clock: fixedClock(), ...month },
      { from: '2025-01-01', to: '2026-11-26' },
    );

    await expect(attempt).rejects.toBeInstanceOf(ValidationFailed);
  });
});
