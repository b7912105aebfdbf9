// The grid of reporting periods: which period holds a day, the periods a range touches, ids and German names.

import { describe, expect, it } from 'vitest';
import { parseCalendarDate } from '#domain/calendar-date.ts';
import {
  MAX_REPORTING_PERIODS,
  periodIdOf,
  periodNameDe,
  periodOf,
  periodsCovering,
} from '#domain/reporting-periods.ts';
import { reportingGrid } from '#runtime/config.ts';

const day = (text: string) => {
  const date = parseCalendarDate(text);
  if (date === undefined) throw new Error(text);
  return date;
};

describe('reporting periods', () => {
  it.each([
    ['month', '2026-02-14', { id: '2026-02', from: '2026-02-01', to: '2026-02-28' }],
    ['month', '2024-02-29', { id: '2024-02', from: '2024-02-01', to: '2024-02-29' }],
    ['month', '2026-12-31', { id: '2026-12', from: '2026-12-01', to: '2026-12-31' }],
    ['quarter', '2026-01-01', { id: '2026-Q1', from: '2026-01-01', to: '2026-03-31' }],
    ['quarter', '2026-06-30', { id: '2026-Q2', from: '2026-04-01', to: '2026-06-30' }],
    ['quarter', '2026-11-26', { id: '2026-Q4', from: '2026-10-01', to: '2026-12-31' }],
  ] as const)('on the %s grid, %s lies in %j', (grid, date, period) => {
    expect(periodOf(grid, day(date))).toEqual(period);
    expect(periodIdOf(grid, date)).toBe(period.id);
    expect(periodIdOf(grid, date.slice(0, 7))).toBe(period.id);
  });

  it('lists every period a range touches, across a year end', () => {
    expect(periodsCovering('month', day('2026-11-30'), day('2027-01-01')).map((period) => period.id)).toEqual([
      '2026-11',
      '2026-12',
      '2027-01',
    ]);
    expect(periodsCovering('quarter', day('2026-12-31'), day('2027-01-01')).map((period) => period.id)).toEqual([
      '2026-Q4',
      '2027-Q1',
    ]);
  });

  it('limits a report to one year of whole periods', () => {
    expect(MAX_REPORTING_PERIODS).toEqual({ month: 12, quarter: 4 });
  });

  it('names periods in German', () => {
    expect(periodNameDe('2026-11')).toBe('November 2026');
    expect(periodNameDe('2027-03')).toBe('März 2027');
    expect(periodNameDe('2026-Q4')).toBe('4. Quartal 2026');
  });

  it('accepts only month and quarter as a grid', () => {
    expect(reportingGrid('quarter')).toEqual({ ok: true, value: 'quarter' });
    expect(reportingGrid('week')).toEqual({
      ok: false,
      message: 'must be "month" (calendar months) or "quarter" (calendar quarters)',
    });
  });
});
