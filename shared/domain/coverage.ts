// The coverage (gap) report: its cells, first-action buckets, merging day aggregates, suppression and CSV.
import * as z from 'zod';
import { type CalendarDate, compareDates, parseCalendarDate, utcDateOf } from './calendar-date.ts';
import {
  INSTITUTION_TYPES,
  type InstitutionType,
  LIFE_PHASES,
  type LifePhase,
  NEED_CODES,
  type NeedCode,
} from './codes.ts';
import { isSafeCount, publishable } from './coverage-suppression.ts';
import { expecting } from './field-rules.ts';
import { COVERAGE_COUNT_LABELS, INSTITUTION_TYPE_LABELS, LIFE_PHASE_LABELS, NEED_LABELS } from './labels-de.ts';
import { lazily } from './lazily.ts';
import {
  DEFAULT_REPORTING_GRID,
  MAX_REPORTING_PERIODS,
  periodIdOf,
  periodOf,
  periodsCovering,
  type ReportingGrid,
  type ReportingPeriod,
} from './reporting-periods.ts';

export { SUPPRESSION_THRESHOLD } from './coverage-suppression.ts';

/** One cell of the report. A referral counts in every cell of its phases × needs: cells overlap, totals are no sums. */
export type CoverageCell = { districtId: string; phase: LifePhase; need: NeedCode; institutionType: InstitutionType };

export type CoverageCaseFacts = {
  readonly districtId: string;
  readonly phases: readonly LifePhase[];
  readonly needs: readonly NeedCode[];
  readonly institutionType: InstitutionType;
};

/** Upper bounds (inclusive) in hours of the first-office-action histogram; the last bucket is open-ended. */
export const FIRST_ACTION_BUCKETS = [1, 2, 4, 8, 12, 24, 48, 72, 120, 168, 336, Number.POSITIVE_INFINITY] as const;
/** The last finite bucket bound: a median beyond it is only known to be longer. */
const MEDIAN_LAST_BOUND_HOURS = 336;
export type FirstActionBucketBound = (typeof FIRST_ACTION_BUCKETS)[number];

/** Bucket names as stored (`firstActionHours_<label>`) and as counted in a histogram: `1` … `336`, `inf`. */
export const FIRST_ACTION_BUCKET_LABELS = FIRST_ACTION_BUCKETS.map(bucketLabel);

/** `24` → `'24'`; Infinity → `'inf'`. */
export function bucketLabel(bound: number): string {
  return bound === Number.POSITIVE_INFINITY ? 'inf' : String(bound);
}

/**
 * The label of the bucket holding `hours`: the first upper bound it does not exceed (exactly 24 h → `24`,
 * 24 h and a second → `48`). A negative span (clock skew between writers) counts as the first bucket; NaN as `inf`.
 */
export function firstActionBucket(hours: number): string {
  const bound = FIRST_ACTION_BUCKETS.find((upper) => hours <= upper) ?? Number.POSITIVE_INFINITY;
  return bucketLabel(bound);
}

/** Counts per bucket label; missing labels count 0, unknown labels are ignored. */
export type FirstActionHistogram = Readonly<Record<string, number | undefined>>;

/**
 * The upper bound of the bucket holding the median first action, or null when nothing was counted. The median is the
 * ⌈n/2⌉-th smallest value (for even n the lower of the two middle values), so the answer is the first bucket whose
 * cumulative count reaches half the total. Infinity when that is the open-ended bucket (more than 336 hours).
 */
export function medianFromHistogram(histogram: FirstActionHistogram): number | null {
  const counts = FIRST_ACTION_BUCKETS.map((bound) => Math.max(0, histogram[bucketLabel(bound)] ?? 0));
  const total = counts.reduce((sum, count) => sum + count, 0);
  if (total === 0) return null;
  const middle = Math.ceil(total / 2);
  let cumulative = 0;
  for (const [index, bound] of FIRST_ACTION_BUCKETS.entries()) {
    cumulative += counts[index] ?? 0;
    if (cumulative >= middle) return bound;
  }
  return null;
}

export const COVERAGE_COUNTS = ['received', 'routed', 'unmatched', 'accepted', 'connected'] as const;
export type CoverageCount = (typeof COVERAGE_COUNTS)[number];

/** One day's aggregate of one cell, as stored; a counter never added to is absent (0). */
export type CoverageDayRow = CoverageCell & {
  /** `YYYY-MM-DD` (UTC) of the cases' creation. */
  day: string;
  firstActionHours?: FirstActionHistogram;
} & Partial<Record<CoverageCount, number>>;

/** A median beyond the last finite bucket bound (336 h) is `'inf'`: JSON has no Infinity. */
export type MedianHours = number | 'inf';

export type CoverageReportCell = CoverageCell &
  Record<CoverageCount, number | null> & { medianHoursToFirstAction: MedianHours | null };

/** The child-protection refusals of one period of the grid; null when they were 1 to 4. */
export type ChildProtectionRefusals = { period: string; count: number | null };

export type CoverageReport = {
  /** The first day of the first period covered (the asked `from`, widened). */
  from: string;
  /** The last day of the last period covered (the asked `to`, widened), inclusive. */
  to: string;
  grid: ReportingGrid;
  /** The whole periods the answer covers, in order. */
  periods: ReportingPeriod[];
  cells: CoverageReportCell[];
  childProtectionRefusals: ChildProtectionRefusals[];
};

/** A range of whole periods: `from` is the first day of the first, `to` the last day of the last. */
export type CoverageRange = { from: string; to: string; grid: ReportingGrid; periods: ReportingPeriod[] };

/**
 * Counts the day aggregates of the range (rows of other days are ignored) per cell and per period, and publishes a
 * cell's count over the range only where it is publishable in every period of the range (coverage-suppression.ts:
 * the argument why no combination of answers reveals 1 to 4 cases). Cells are sorted by district id, then life phase,
 * need and institution type in code-list order. Refusals (stored per month) are summed per period, one entry for
 * every period of the range, 1 to 4 as null.
 */
export function buildCoverageReport(
  rows: readonly CoverageDayRow[],
  range: CoverageRange,
  monthlyRefusals: readonly { month: string; count: number }[] = [],
): CoverageReport {
  type PeriodSum = { counts: Record<CoverageCount, number>; histogram: Record<string, number> };
  type CellSum = { cell: CoverageCell; periods: Map<string, PeriodSum> };
  const sums = new Map<string, CellSum>();
  for (const row of rows) {
    if (row.day < range.from || row.day > range.to) continue;
    const cell: CoverageCell = {
      districtId: row.districtId,
      phase: row.phase,
      need: row.need,
      institutionType: row.institutionType,
    };
    const key = `${cell.districtId}#${cell.phase}#${cell.need}#${cell.institutionType}`;
    let cellSum = sums.get(key);
    if (cellSum === undefined) {
      cellSum = { cell, periods: new Map() };
      sums.set(key, cellSum);
    }
    const periodId = periodIdOf(range.grid, row.day);
    let sum = cellSum.periods.get(periodId);
    if (sum === undefined) {
      sum = { counts: { received: 0, routed: 0, unmatched: 0, accepted: 0, connected: 0 }, histogram: {} };
      cellSum.periods.set(periodId, sum);
    }
    for (const count of COVERAGE_COUNTS) sum.counts[count] += row[count] ?? 0;
    for (const label of FIRST_ACTION_BUCKET_LABELS) {
      sum.histogram[label] = (sum.histogram[label] ?? 0) + (row.firstActionHours?.[label] ?? 0);
    }
  }
  const cells = [...sums.values()]
    .sort((a, b) => compareCells(a.cell, b.cell))
    .map(({ cell, periods }) => reportCell(cell, [...periods.values()]));
  const refusals = new Map<string, number>();
  for (const { month, count } of monthlyRefusals) {
    const periodId = periodIdOf(range.grid, month);
    refusals.set(periodId, (refusals.get(periodId) ?? 0) + count);
  }
  return {
    from: range.from,
    to: range.to,
    grid: range.grid,
    periods: range.periods.map(({ id, from, to }) => ({ id, from, to })),
    cells,
    childProtectionRefusals: range.periods.map(({ id }) => {
      const count = refusals.get(id) ?? 0;
      return { period: id, count: isSafeCount(count) ? count : null };
    }),
  };
}

/** One cell over the range, from its periods' sums (periods without any row count 0 and hide nothing). */
function reportCell(
  cell: CoverageCell,
  periods: readonly { counts: Record<CoverageCount, number>; histogram: Record<string, number> }[],
): CoverageReportCell {
  const decisions = periods.map(({ counts, histogram }) =>
    publishable({ ...counts, firstActions: histogramTotal(histogram) }),
  );
  const published = (count: CoverageCount) => decisions.every((decision) => decision.counts.has(count));
  const total = (count: CoverageCount) => periods.reduce((sum, period) => sum + period.counts[count], 0);
  const values = Object.fromEntries(
    COVERAGE_COUNTS.map((count) => [count, published(count) ? total(count) : null]),
  ) as Record<CoverageCount, number | null>;
  let median: number | null = null;
  if (values.received !== null && decisions.every((decision) => decision.median)) {
    const histogram: Record<string, number> = {};
    for (const period of periods) {
      for (const [label, count] of Object.entries(period.histogram)) histogram[label] = (histogram[label] ?? 0) + count;
    }
    median = medianFromHistogram(histogram);
  }
  return {
    ...cell,
    ...values,
    medianHoursToFirstAction: median === Number.POSITIVE_INFINITY ? 'inf' : median,
  };
}

function histogramTotal(histogram: FirstActionHistogram): number {
  return FIRST_ACTION_BUCKET_LABELS.reduce((sum, label) => sum + Math.max(0, histogram[label] ?? 0), 0);
}

function compareCells(a: CoverageCell, b: CoverageCell): number {
  if (a.districtId !== b.districtId) return a.districtId < b.districtId ? -1 : 1;
  return (
    LIFE_PHASES.indexOf(a.phase) - LIFE_PHASES.indexOf(b.phase) ||
    NEED_CODES.indexOf(a.need) - NEED_CODES.indexOf(b.need) ||
    INSTITUTION_TYPES.indexOf(a.institutionType) - INSTITUTION_TYPES.indexOf(b.institutionType)
  );
}

/**
 * The report's cells as CSV for people (the coordinator opens it in a spreadsheet): German column names and the German
 * label of every code from labels-de.ts, the district by its id; a count not published is written "nicht ausgewiesen"
 * (it may be 1 to 4, or hide another count; see coverage-suppression.ts), a median not known or not published is empty,
 * one beyond the last bucket "> 336". RFC 4180 (CRLF line ends, a header row, fields
 * with a comma, quote or line break quoted, inner quotes doubled), UTF-8 with a byte-order mark so that spreadsheet
 * programs read the umlauts. Programs take the JSON answer, which keeps the codes.
 */
/** A count the report does not publish, in the CSV. */
export const SUPPRESSED_CSV_TEXT = 'nicht ausgewiesen';

export function coverageCsv(report: Pick<CoverageReport, 'cells'>): string {
  const header = [
    'Bezirk',
    'Lebensphase',
    'Bedarf',
    'Art der Einrichtung',
    ...COVERAGE_COUNTS.map((count) => COVERAGE_COUNT_LABELS[count].label),
    'Median Stunden bis zur ersten Reaktion',
  ];
  const lines = [header.map(csvField).join(',')];
  for (const cell of report.cells) {
    const row = [
      cell.districtId,
      LIFE_PHASE_LABELS[cell.phase].label,
      NEED_LABELS[cell.need].label,
      INSTITUTION_TYPE_LABELS[cell.institutionType].label,
      ...COVERAGE_COUNTS.map((count) => cell[count] ?? SUPPRESSED_CSV_TEXT),
      cell.medianHoursToFirstAction === 'inf' ? `> ${MEDIAN_LAST_BOUND_HOURS}` : cell.medianHoursToFirstAction,
    ];
    lines.push(row.map(csvField).join(','));
  }
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

function csvField(value: string | number | null): string {
  if (value === null) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/**
 * Without `from`/`to`: the last 30 days, today included, widened to whole periods (with months: the current month, and
 * the previous one unless today is its 30th or 31st day).
 */
export const COVERAGE_DEFAULT_DAYS = 30;

// Built on first use (lazily): only the coverage report's requests and the OpenAPI document read them.
const dateParameter = lazily(() =>
  z
    .string(expecting('a date in the form YYYY-MM-DD'))
    .refine((value) => parseCalendarDate(value) !== undefined, { error: 'must be a date in the form YYYY-MM-DD' })
    .meta({ format: 'date' }),
);

/** The report's range as asked for: either day may be left out for its default (see coverageQuerySchema). */
export const coverageRangeParametersSchema = lazily(() =>
  z.strictObject(
    {
      from: dateParameter()
        .optional()
        .describe(
          'First day (YYYY-MM-DD, UTC), widened to the first day of its reporting period. Default: 29 days before `to`.',
        ),
      to: dateParameter()
        .optional()
        .describe(
          'Last day, inclusive (YYYY-MM-DD, UTC), widened to the last day of its reporting period. Default: today. ' +
            'Not in a period after the current one; at most one year of whole periods (12 months or 4 quarters).',
        ),
    },
    expecting('query parameters'),
  ),
);

/**
 * The report's query string, widened to whole periods of `grid`. `to` is inclusive and defaults to today (UTC date of
 * `today`); `from` defaults to 29 days before `to`. `to` not before `from` (as asked); the widened range at most
 * MAX_REPORTING_PERIODS periods; `to` not in a period after the current one (nothing can have been received there;
 * the current period is included and still growing).
 */
export function coverageQuerySchema(today: Date, grid: ReportingGrid = DEFAULT_REPORTING_GRID) {
  return coverageRangeParametersSchema().transform((query, ctx): CoverageRange => {
    const todayDate = utcDateOf(today);
    const to = query.to === undefined ? todayDate : parseCalendarDate(query.to);
    if (to === undefined) return z.NEVER;
    const from = query.from === undefined ? addDays(to, 1 - COVERAGE_DEFAULT_DAYS) : parseCalendarDate(query.from);
    if (from === undefined) return z.NEVER;
    if (compareDates(to, from) < 0) {
      ctx.addIssue(
        query.to === undefined
          ? { code: 'custom', path: ['from'], message: 'must not be after today (the default of to)' }
          : { code: 'custom', path: ['to'], message: 'must not be before from' },
      );
      return z.NEVER;
    }
    const current = periodOf(grid, todayDate);
    const last = periodOf(grid, to);
    if (last.from > current.from) {
      ctx.addIssue({
        code: 'custom',
        path: ['to'],
        message: `must not be after the current reporting period (${current.id}, until ${current.to})`,
      });
      return z.NEVER;
    }
    const periods = periodsCovering(grid, from, to);
    const max = MAX_REPORTING_PERIODS[grid];
    if (periods.length > max) {
      ctx.addIssue({
        code: 'custom',
        path: ['to'],
        message: `must be at most ${max} whole ${grid === 'month' ? 'months' : 'quarters'} from from (both included)`,
      });
      return z.NEVER;
    }
    return rangeOfPeriods(grid, periods);
  });
}

/** The range of whole periods of `grid` from the one holding `from` to the one holding `to` (`YYYY-MM-DD`). */
export function wholePeriodsRange(grid: ReportingGrid, from: string, to: string): CoverageRange {
  const first = parseCalendarDate(from);
  const last = parseCalendarDate(to);
  if (first === undefined || last === undefined) throw new RangeError(`not a range of days: ${from}..${to}`);
  return rangeOfPeriods(grid, periodsCovering(grid, first, last));
}

function rangeOfPeriods(grid: ReportingGrid, periods: ReportingPeriod[]): CoverageRange {
  const first = periods[0];
  const last = periods.at(-1);
  if (first === undefined || last === undefined) throw new RangeError('a range covers at least one period');
  return { from: first.from, to: last.to, grid, periods };
}
function addDays(date: CalendarDate, days: number): CalendarDate {
  return utcDateOf(new Date(Date.UTC(date.year, date.month - 1, date.day + days)));
}
