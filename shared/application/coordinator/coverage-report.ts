// Use case: the coverage (gap) report over a range of days, from the aggregates maintained as cases change.

import type { Clock, CoverageAggregates } from '#application/ports.ts';
import type { Principal } from '#domain/case.ts';
import { buildCoverageReport, type CoverageReport, coverageQuerySchema } from '#domain/coverage.ts';
import { Forbidden } from '#domain/errors.ts';
import { parseOrThrow } from '#http/request-validation.ts';

export interface CoverageReportPorts {
  coverage: CoverageAggregates;
  clock: Clock;
}

/**
 * Coordinator only. `from`/`to` (inclusive, default the last 30 days, at most 366 days; 400 naming the parameter) are
 * days of the cases' creation: each case counts on the day it was received, also for what happened to it later. One
 * partition Query per day and one for the refusal months that the range touches; cells under the threshold suppressed.
 */
export async function coverageReport(
  ports: CoverageReportPorts,
  input: { principal: Principal; query: Record<string, string | undefined> },
): Promise<CoverageReport> {
  if (input.principal.role !== 'coordinator') throw new Forbidden();
  const range = parseOrThrow(coverageQuerySchema(ports.clock.now()), input.query);
  const [rows, refusals] = await Promise.all([
    ports.coverage.rowsBetween(range.from, range.to),
    ports.coverage.childProtectionRefusals(range.from.slice(0, 7), range.to.slice(0, 7)),
  ]);
  return buildCoverageReport(rows, range, refusals);
}
