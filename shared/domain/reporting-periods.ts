// The municipality's fixed grid of reporting periods (calendar months by default, or quarters): the coverage report
// is counted and published per whole period only, so that no two answers can cut a period into pieces.
import { type CalendarDate, daysInMonth, formatCalendarDate } from './calendar-date.ts';

export const REPORTING_GRIDS = ['month', 'quarter'] as const;
export type ReportingGrid = (typeof REPORTING_GRIDS)[number];
export const DEFAULT_REPORTING_GRID: ReportingGrid = 'month';

/** The longest report: one year of whole periods (12 months or 4 quarters). */
export const MAX_REPORTING_PERIODS: Readonly<Record<ReportingGrid, number>> = { month: 12, quarter: 4 };

/** One period of the grid: `2026-11` (a month) or `2026-Q4` (a quarter), its first and last day (inclusive). */
export type ReportingPeriod = { readonly id: string; readonly from: string; readonly to: string };

const MONTHS_PER_PERIOD: Readonly<Record<ReportingGrid, number>> = { month: 1, quarter: 3 };

/** Periods are numbered from year 0 so that consecutive periods have consecutive indices. */
function periodIndex(grid: ReportingGrid, year: number, month: number): number {
  const size = MONTHS_PER_PERIOD[grid];
  return year * (12 / size) + Math.floor((month - 1) / size);
}

function periodAt(grid: ReportingGrid, index: number): ReportingPeriod {
  const size = MONTHS_PER_PERIOD[grid];
  const perYear = 12 / size;
  const year = Math.floor(index / perYear);
  const slot = index - year * perYear;
  const firstMonth = slot * size + 1;
  const lastMonth = firstMonth + size - 1;
  const pad = (n: number) => String(n).padStart(2, '0');
  return {
    id: grid === 'month' ? `${String(year).padStart(4, '0')}-${pad(firstMonth)}` : `${year}-Q${slot + 1}`,
    from: formatCalendarDate({ year, month: firstMonth, day: 1 }),
    to: formatCalendarDate({ year, month: lastMonth, day: daysInMonth(year, lastMonth) }),
  };
}

/** The period holding `date`. */
export function periodOf(grid: ReportingGrid, date: CalendarDate): ReportingPeriod {
  return periodAt(grid, periodIndex(grid, date.year, date.month));
}

/** The id of the period holding a `YYYY-MM-DD` or `YYYY-MM` day or month (as stored), e.g. `2026-Q4`. */
export function periodIdOf(grid: ReportingGrid, dayOrMonth: string): string {
  const year = Number(dayOrMonth.slice(0, 4));
  const month = Number(dayOrMonth.slice(5, 7));
  if (grid === 'month') return dayOrMonth.slice(0, 7);
  return `${year}-Q${Math.floor((month - 1) / 3) + 1}`;
}

/** Every period from the one holding `from` to the one holding `to`, both included, in order. */
export function periodsCovering(grid: ReportingGrid, from: CalendarDate, to: CalendarDate): ReportingPeriod[] {
  const first = periodIndex(grid, from.year, from.month);
  const last = periodIndex(grid, to.year, to.month);
  return Array.from({ length: Math.max(0, last - first + 1) }, (_, offset) => periodAt(grid, first + offset));
}

/** Plural German name of the grid's periods, for "ganze Monate" and messages. */
export const GRID_NAMES_DE: Readonly<Record<ReportingGrid, { one: string; many: string }>> = {
  month: { one: 'Monat', many: 'Monate' },
  quarter: { one: 'Quartal', many: 'Quartale' },
};

const MONTH_NAMES_DE = [
  'Januar',
  'Februar',
  'März',
  'April',
  'Mai',
  'Juni',
  'Juli',
  'August',
  'September',
  'Oktober',
  'November',
  'Dezember',
] as const;

/** `2026-11` → "November 2026", `2026-Q4` → "4. Quartal 2026"; anything else as it is. */
export function periodNameDe(id: string): string {
  const quarter = /^(\d{4})-Q([1-4])$/.exec(id);
  if (quarter) return `${quarter[2]}. Quartal ${quarter[1]}`;
  const month = /^(\d{4})-(\d{2})$/.exec(id);
  const name = month ? MONTH_NAMES_DE[Number(month[2]) - 1] : undefined;
  return month && name ? `${name} ${month[1]}` : id;
}
