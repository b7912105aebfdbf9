// The heat map's numbers: unmatched referrals per district × need, summed from the report's published cells only, so
// that it reveals nothing the table does not. A cell of the map knows whether its sum is complete, a lower bound (some
// of its report cells are suppressed) or unknown (all of them are), and never turns a suppressed count into a zero.
import type { LifePhase, NeedCode } from '#domain/codes.ts';
import type { CoverageReportCell } from '#domain/coverage.ts';

export type HeatCell =
  /** No referral at all in the period for this district and need. */
  | { readonly kind: 'none' }
  /** Every report cell behind it is withheld (1 to 4 cases, or it would give such a number away): not known. */
  | { readonly kind: 'suppressed' }
  /** The sum of the published counts; `partial` when suppressed report cells add an unknown number to it. */
  | { readonly kind: 'count'; readonly value: number; readonly partial: boolean };

export type HeatMap = {
  readonly districtIds: readonly string[];
  readonly needs: readonly NeedCode[];
  /** `cells[needIndex][districtIndex]`. */
  readonly cells: readonly (readonly HeatCell[])[];
  /** The highest count of the map (0 when none): the top of the colour scale. */
  readonly max: number;
};

/**
 * Builds the map over the given districts (in their order; districts of the report that the list lacks are appended)
 * and needs, from the report's cells of one life phase or of all (`phase` undefined).
 */
export function heatMapOf(
  cells: readonly CoverageReportCell[],
  options: { districtIds: readonly string[]; needs: readonly NeedCode[]; phase?: LifePhase | undefined },
): HeatMap {
  const districtIds = [...options.districtIds];
  for (const cell of cells) if (!districtIds.includes(cell.districtId)) districtIds.push(cell.districtId);
  type Sum = { value: number; published: number; suppressed: number };
  const sums = new Map<string, Sum>();
  for (const cell of cells) {
    if (options.phase !== undefined && cell.phase !== options.phase) continue;
    const key = `${cell.districtId}#${cell.need}`;
    const sum = sums.get(key) ?? { value: 0, published: 0, suppressed: 0 };
    if (cell.unmatched === null) sum.suppressed += 1;
    else {
      sum.value += cell.unmatched;
      sum.published += 1;
    }
    sums.set(key, sum);
  }
  let max = 0;
  const rows = options.needs.map((need) =>
    districtIds.map((districtId): HeatCell => {
      const sum = sums.get(`${districtId}#${need}`);
      if (sum === undefined) return { kind: 'none' };
      if (sum.published === 0) return { kind: 'suppressed' };
      max = Math.max(max, sum.value);
      return { kind: 'count', value: sum.value, partial: sum.suppressed > 0 };
    }),
  );
  return { districtIds, needs: options.needs, cells: rows, max };
}

/** The colour steps of the scale, lightest first, each with a text colour that keeps a contrast of at least 4.5:1. */
export const HEAT_STEPS = [
  { fill: '#ffffff', text: '#1b1b1b' },
  { fill: '#fde9c9', text: '#1b1b1b' },
  { fill: '#fcc27c', text: '#1b1b1b' },
  { fill: '#f4874b', text: '#1b1b1b' },
  { fill: '#b3261e', text: '#ffffff' },
] as const;

/** The step of a count: 0 alone is the first (white); the rest split 1…max into the other four steps. */
export function heatStep(value: number, max: number): number {
  if (value <= 0 || max <= 0) return 0;
  const steps = HEAT_STEPS.length - 1;
  return Math.min(steps, Math.max(1, Math.ceil((value / max) * steps)));
}

/** The lower bound of each coloured step's range, for the legend: `[[1, 2], [3, 4], …]` (empty ranges dropped). */
export function heatLegend(max: number): { step: number; from: number; to: number }[] {
  const steps = HEAT_STEPS.length - 1;
  const ranges: { step: number; from: number; to: number }[] = [];
  for (let step = 1; step <= steps; step += 1) {
    const from = Math.floor(((step - 1) * max) / steps) + 1;
    const to = Math.floor((step * max) / steps);
    if (to >= from) ranges.push({ step, from, to });
  }
  return ranges;
}
