// The coverage (gap) report: cells of a case, first-action buckets, merging day aggregates, suppression and CSV.
import { z } from 'zod';
import {
  type CalendarDate,
  compareDates,
  daysBetween,
  formatCalendarDate,
  parseCalendarDate,
  utcDateOf,
} from './calendar-date.ts';
import {
  INSTITUTION_TYPES,
  type InstitutionType,
  LIFE_PHASES,
  type LifePhase,
  NEED_CODES,
  type NeedCode,
} from './codes.ts';
import { expecting } from './field-rules.ts';
import { COVERAGE_COUNT_LABELS, INSTITUTION_TYPE_LABELS, LIFE_PHASE_LABELS, NEED_LABELS } from './labels-de.ts';

/** One cell of the report. A referral counts in every cell of its phases × needs: cells overlap, totals are no sums. */
export type CoverageCell = { districtId: string; phase: LifePhase; need: NeedCode; institutionType: InstitutionType };

export type CoverageCaseFacts = {
  readonly districtId: string;
  readonly phases: readonly LifePhase[];
  readonly needs: readonly NeedCode[];
  readonly institutionType: InstitutionType;
};

/** The cells a case counts in: its phases × its needs (each once), in the case's own order. */
export function coverageCells(caseFacts: CoverageCaseFacts): CoverageCell[] {
  const { districtId, institutionType } = caseFacts;
  const phases = [...new Set(caseFacts.phases)];
  const needs = [...new Set(caseFacts.needs)];
  return phases.flatMap((phase) => needs.map((need) => ({ districtId, phase, need, institutionType })));
}

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

/** Cells with fewer received referrals than this are suppressed (every count and the median null). */
export const SUPPRESSION_THRESHOLD = 5;

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

export type ChildProtectionRefusals = { month: string; count: number };

export type CoverageReport = {
  from: string;
  to: string;
  cells: CoverageReportCell[];
  childProtectionRefusals: ChildProtectionRefusals[];
};

export type CoverageRange = { from: string; to: string };

/**
 * Merges the day aggregates of [from, to] (inclusive; rows of other days are ignored) per cell and suppresses every
 * cell with fewer than SUPPRESSION_THRESHOLD received referrals. Cells are sorted by district id, then life phase,
 * need and institution type in code-list order. Refusal counts are monthly and carry no breakdown, so they are
 * reported as they are, sorted by month.
 */
export function buildCoverageReport(
  rows: readonly CoverageDayRow[],
  range: CoverageRange,
  childProtectionRefusals: readonly ChildProtectionRefusals[] = [],
): CoverageReport {
  type Sum = { cell: CoverageCell; counts: Record<CoverageCount, number>; histogram: Record<string, number> };
  const sums = new Map<string, Sum>();
  for (const row of rows) {
    if (row.day < range.from || row.day > range.to) continue;
    const cell: CoverageCell = {
      districtId: row.districtId,
      phase: row.phase,
      need: row.need,
      institutionType: row.institutionType,
    };
    const key = `${cell.districtId}#${cell.phase}#${cell.need}#${cell.institutionType}`;
    let sum = sums.get(key);
    if (sum === undefined) {
      sum = { cell, counts: { received: 0, routed: 0, unmatched: 0, accepted: 0, connected: 0 }, histogram: {} };
      sums.set(key, sum);
    }
    for (const count of COVERAGE_COUNTS) sum.counts[count] += row[count] ?? 0;
    for (const label of FIRST_ACTION_BUCKET_LABELS) {
      sum.histogram[label] = (sum.histogram[label] ?? 0) + (row.firstActionHours?.[label] ?? 0);
    }
  }
  const cells = [...sums.values()].sort((a, b) => compareCells(a.cell, b.cell)).map(reportCell);
  return {
    from: range.from,
    to: range.to,
    cells,
    childProtectionRefusals: [...childProtectionRefusals]
      .sort((a, b) => (a.month < b.month ? -1 : a.month > b.month ? 1 : 0))
      .map(({ month, count }) => ({ month, count })),
  };
}

function reportCell(sum: {
  cell: CoverageCell;
  counts: Record<CoverageCount, number>;
  histogram: Record<string, number>;
}): CoverageReportCell {
  if (sum.counts.received < SUPPRESSION_THRESHOLD) {
    return {
      ...sum.cell,
      received: null,
      routed: null,
      unmatched: null,
      accepted: null,
      connected: null,
      medianHoursToFirstAction: null,
    };
  }
  const median = medianFromHistogram(sum.histogram);
  return {
    ...sum.cell,
    ...sum.counts,
    medianHoursToFirstAction: median === Number.POSITIVE_INFINITY ? 'inf' : median,
  };
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
 * label of every code from labels-de.ts, the district by its id; a suppressed count is written "< 5" as on the screen,
 * a median not yet known is empty, one beyond the last bucket "> 336". RFC 4180 (CRLF line ends, a header row, fields
 * with a comma, quote or line break quoted, inner quotes doubled), UTF-8 with a byte-order mark so that spreadsheet
 * programs read the umlauts. Programs take the JSON answer, which keeps the codes.
 */
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
      ...COVERAGE_COUNTS.map((count) => cell[count] ?? `< ${SUPPRESSION_THRESHOLD}`),
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

/** The widest report: one partition read per day, so the range is bounded (a leap year fits). */
export const COVERAGE_MAX_DAYS = 366;
/** Without `from`/`to`: the last 30 days, today included. */
export const COVERAGE_DEFAULT_DAYS = 30;

const dateParameter = z
  .string(expecting('a date in the form YYYY-MM-DD'))
  .refine((value) => parseCalendarDate(value) !== undefined, { error: 'must be a date in the form YYYY-MM-DD' })
  .meta({ format: 'date' });

/** The report's range as asked for: either day may be left out for its default (see coverageQuerySchema). */
export const coverageRangeParametersSchema = z.strictObject(
  {
    from: dateParameter.optional().describe('First day (YYYY-MM-DD, UTC). Default: 29 days before `to`.'),
    to: dateParameter
      .optional()
      .describe(
        `Last day, inclusive (YYYY-MM-DD, UTC). Default: today. At most ${COVERAGE_MAX_DAYS} days from \`from\`.`,
      ),
  },
  expecting('query parameters'),
);

/**
 * The report's query string. `to` is inclusive and defaults to today (UTC date of `today`); `from` defaults to
 * 29 days before `to`, so the default covers the last 30 days. At most COVERAGE_MAX_DAYS days, `to` not before `from`.
 */
export function coverageQuerySchema(today: Date) {
  return coverageRangeParametersSchema.transform((query, ctx): CoverageRange => {
    const to = query.to === undefined ? utcDateOf(today) : parseCalendarDate(query.to);
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
    if (daysBetween(from, to) + 1 > COVERAGE_MAX_DAYS) {
      ctx.addIssue({
        code: 'custom',
        path: ['to'],
        message: `must be at most ${COVERAGE_MAX_DAYS} days from from (both included)`,
      });
      return z.NEVER;
    }
    return { from: formatCalendarDate(from), to: formatCalendarDate(to) };
  });
}

function addDays(date: CalendarDate, days: number): CalendarDate {
  return utcDateOf(new Date(Date.UTC(date.year, date.month - 1, date.day + days)));
}
