// Use case: the coverage (gap) report over a range of days, from the aggregates maintained as cases change.

import type { Clock, CoverageAggregates } from '#application/ports.ts';
import { buildCoverageReport, type CoverageReport, coverageQuerySchema } from '#domain/coverage.ts';
import { ValidationFailed } from '#domain/errors.ts';
import type { ReportingGrid } from '#domain/reporting-periods.ts';
import { toFieldErrors } from '#domain/zod-issues.ts';

export interface CoverageReportPorts {
  coverage: CoverageAggregates;
  clock: Clock;
  /** The municipality's fixed grid of reporting periods (deployment setting `reportingPeriod`). */
  reportingPeriod: ReportingGrid;
}

/** The range as asked for: days in the form YYYY-MM-DD, either or both left out for their defaults. */
export interface CoverageReportInput {
  from?: string | undefined;
  to?: string | undefined;
}

/**
 * `from`/`to` (inclusive, default the last 30 days) are days of the cases' creation, widened to whole periods of the
 * municipality's grid (at most one year of them, none after the current one; 400 naming the parameter): each case
 * counts on the day it was received, also for what happened to it later. One partition Query per day of the widened
 * range and one for its refusal months; what may be published is decided per cell and period (coverage-suppression.ts).
 */
export async function coverageReport(ports: CoverageReportPorts, input: CoverageReportInput): Promise<CoverageReport> {
  // The defaults and the limit are relative to today, so the range is settled here, with the clock.
  const range = coverageQuerySchema(ports.clock.now(), ports.reportingPeriod).safeParse(input);
  if (!range.success) throw new ValidationFailed(toFieldErrors(range.error));
  const { from, to } = range.data;
  const [rows, refusals] = await Promise.all([
    ports.coverage.rowsBetween(from, to),
    ports.coverage.childProtectionRefusals(from.slice(0, 7), to.slice(0, 7)),
  ]);
  return buildCoverageReport(rows, range.data, refusals);
}
