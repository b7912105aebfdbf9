// Which counts of the coverage report may be published: suppression that holds against differencing.
//
// What must never be revealed: a number of cases from 1 to 4 in one cell (district × life phase × need × institution
// type) and one reporting period, whichever answers of the report are combined (any ranges, subtracted from each
// other, a total minus its parts).
//
// What is published. For a cell and a range of whole periods: the sums over the range's periods of the five counts
// (received, routed, unmatched, accepted, connected), the median first-action bucket, and, per period, the monthly or
// quarterly child-protection refusals. The counts of one cell and period are counts of nested sets of its cases:
// received ⊇ routed ⊇ unmatched (only the router's routing counts, and only a routed case can be unmatched), and
// received ⊇ accepted ⊇ connected (a case is accepted once; only an accepted case closes as connected); routed and
// accepted overlap in a way the counts do not tell (a case assigned by the coordinator is accepted unrouted). The
// first office actions (behind the median) are a third subset of received.
//
// The argument.
// 1. Counts are kept per cell and per period (periods are a fixed grid: a range is widened to whole periods, so no
//    answer can cut a period). Every published number is a sum over whole periods of one cell's per-period values.
// 2. Per cell and period, `publishable` picks the counts that may be published, from that period's values alone:
//    received only if it is 0 or ≥ 5 (otherwise nothing of the cell and period is published); each other count only
//    if it is 0 or ≥ 5 AND its difference to every published count it is nested in or that is nested in it (the
//    "total minus its part": received − routed, routed − unmatched, received − unmatched, received − accepted,
//    accepted − connected, received − connected) is 0 or ≥ 5. So within one period, every number of cases that
//    published counts determine — a count, or a set minus a subset — is 0 or ≥ 5.
// 3. A count is published for a range only if it is publishable in every period of the range (otherwise null).
// 4. Now take any answers. A count of cases they determine is the size of a set X minus a subset Y ⊆ X, where X and
//    Y are published (Y possibly empty), each a sum over its range's periods. Y ⊆ X means Y's periods lie inside X's,
//    and in each of them Y's set is X's set or a subset of it. So |X| − |Y| = Σ over X's periods of (X_p − Y_p), where
//    Y_p is 0 outside Y's range: each term is a published per-period count, or a published count minus a published
//    count nested in it, in one period — by 2 and 3, each is 0 or ≥ 5. A sum of numbers that are 0 or ≥ 5 is 0 or
//    ≥ 5. A count that is not publishable in a period appears in no published number at all, so no combination of
//    answers (a linear combination of published sums) can single it out; the order relations between counts pin an
//    unpublished count only where its bounds coincide, and then the differences involved are 0 and it was
//    publishable (2).
// 5. Refusals are published per period (never summed over periods) and only when 0 or ≥ 5.
// 6. The median is no count, but a median of one or two first actions nearly gives their times away: it is published
//    only for a cell whose received count is published, and only when the number of first actions is 0 or ≥ 5 in every
//    period of the range (null otherwise, as while no office acted yet).
// Not covered: differences between different cells (a case counts in every cell of its life phases × needs; cells
// are never nested by definition, so no answer says that one cell's cases are part of another's); answers asked at
// different times (a period's counts grow while it runs and as its cases move on, so the same question asked on two
// days differs by what happened in between); and answers on two grids (the grid is fixed per municipality: after a
// change from months to quarters, a quarter minus two of its published months would give the third away).
import type { CoverageCount } from './coverage.ts';

/** Fewer cases than this, but at least one, is never published. */
export const SUPPRESSION_THRESHOLD = 5;

/** One cell's counts in one period, and how many of its cases had a first office action. */
export type PeriodCounts = Readonly<Record<CoverageCount, number>> & { readonly firstActions: number };

export type Publishable = {
  /** The counts that may be published for this cell and period. */
  readonly counts: ReadonlySet<CoverageCount>;
  /** Whether a median of this period's first actions may be published. */
  readonly median: boolean;
};

/** 0 (nothing to hide) or at least the threshold. */
export function isSafeCount(count: number): boolean {
  return count === 0 || count >= SUPPRESSION_THRESHOLD;
}

/** The nested pairs of counts: [superset, subset]. */
const NESTED: readonly (readonly [CoverageCount, CoverageCount])[] = [
  ['received', 'routed'],
  ['received', 'unmatched'],
  ['routed', 'unmatched'],
  ['received', 'accepted'],
  ['received', 'connected'],
  ['accepted', 'connected'],
];

/** The order in which counts are admitted: each is checked against the ones admitted before it. */
const ADMISSION_ORDER: readonly CoverageCount[] = ['received', 'routed', 'unmatched', 'accepted', 'connected'];

/** What of one cell's period may be published (see the argument above): decided from this period's values alone. */
export function publishable(period: PeriodCounts): Publishable {
  const counts = new Set<CoverageCount>();
  if (!isSafeCount(period.received)) return { counts, median: false };
  for (const count of ADMISSION_ORDER) {
    if (!isSafeCount(period[count])) continue;
    const clashes = NESTED.some(([superset, subset]) =>
      (subset === count && counts.has(superset)) || (superset === count && counts.has(subset))
        ? !isSafeCount(Math.abs(period[superset] - period[subset]))
        : false,
    );
    if (!clashes) counts.add(count);
  }
  return { counts, median: isSafeCount(period.firstActions) };
}
