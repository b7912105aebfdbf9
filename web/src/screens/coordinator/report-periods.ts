// The Versorgungsbericht's words for the whole reporting periods an answer covers (no DOM: unit-tested in node).
import type { CoverageReport } from '#domain/coverage.ts';
import { GRID_NAMES_DE, periodNameDe } from '#domain/reporting-periods.ts';

/** "Zeitraum: November 2026 bis Januar 2027 (ganze Monate)", or one period: "Zeitraum: 4. Quartal 2026 (ganzes Quartal)". */
export function periodsText(report: Pick<CoverageReport, 'grid' | 'periods'>): string {
  const first = report.periods[0];
  const last = report.periods.at(-1);
  if (first === undefined || last === undefined) return '';
  const names = GRID_NAMES_DE[report.grid];
  if (first.id === last.id) {
    return `Zeitraum: ${periodNameDe(first.id)} (${report.grid === 'month' ? 'ganzer' : 'ganzes'} ${names.one})`;
  }
  return `Zeitraum: ${periodNameDe(first.id)} bis ${periodNameDe(last.id)} (ganze ${names.many})`;
}
