// Property: whatever the case histories and whichever two coverage reports one asks for (any ranges, either grid),
// no difference of two answers, and no total minus its part, reveals a number of cases from 1 to 4 in a cell and
// period. Histories are random walks on the case state machine, counted by the real counting rules
// (coverage-counts.ts); the check knows only which published numbers count nested sets of cases, and the true sets.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CaseRecord } from '#domain/case.ts';
import type { LifePhase, NeedCode } from '#domain/codes.ts';
import {
  buildCoverageReport,
  COVERAGE_COUNTS,
  type CoverageCell,
  type CoverageCount,
  type CoverageDayRow,
  type CoverageReport,
  coverageQuerySchema,
} from '#domain/coverage.ts';
import { cellsOfProfile, coverageOfChange, coverageOfNewCase } from '#domain/coverage-counts.ts';
import { periodIdOf } from '#domain/reporting-periods.ts';
import { type CaseAction, TRANSITIONS } from '#domain/state-machine.ts';

/** The histories fall into October 2025 … March 2026 (two quarters, six months); "today" is the last day. */
const FIRST_DAY = Date.UTC(2025, 9, 1);
const DAYS = 182;
const TODAY = new Date(Date.UTC(2026, 2, 31, 12));
const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

/** `set ⊇ subset` by definition of the counts (both counted on the case's creation day). */
const CONTAINS: ReadonlySet<string> = new Set([
  'received>routed',
  'received>unmatched',
  'routed>unmatched',
  'received>accepted',
  'received>connected',
  'accepted>connected',
]);
const nestedIn = (set: CoverageCount, subset: CoverageCount) => set === subset || CONTAINS.has(`${set}>${subset}`);

type Step = { action: CaseAction; unmatched: boolean; connected: boolean; opened: boolean; afterHours: number };
type History = {
  day: number;
  districtId: string;
  phases: LifePhase[];
  needs: NeedCode[];
  steps: Step[];
};

const stepArbitrary = fc.record({
  action: fc.constantFrom<CaseAction>('route', 'escalate', 'accept', 'decline', 'start', 'close', 'assign', 'withdraw'),
  unmatched: fc.boolean(),
  connected: fc.boolean(),
  opened: fc.boolean(),
  afterHours: fc.integer({ min: 0, max: 400 }),
});

const historyArbitrary: fc.Arbitrary<History> = fc.record({
  // Cases bunch up on a few days, so that counts near the threshold are common.
  day: fc.oneof(fc.integer({ min: 0, max: DAYS - 1 }), fc.constantFrom(3, 40, 41, 95, 150, 181)),
  districtId: fc.constantFrom('nord', 'sued'),
  phases: fc.subarray<LifePhase>(['infant', 'kita'], { minLength: 1 }),
  needs: fc.subarray<NeedCode>(['parenting', 'language'], { minLength: 1 }),
  steps: fc.array(stepArbitrary, { maxLength: 6 }),
});

/** What the system stores (day rows), and the truth: per cell, period and count, the ids of the cases counted. */
function play(histories: readonly History[]) {
  const rows = new Map<string, CoverageDayRow>();
  const truth = new Map<string, Set<number>>();
  const record = (
    caseId: number,
    day: string,
    cells: readonly CoverageCell[],
    counts: CoverageCount[],
    bucket?: string,
  ) => {
    for (const cell of cells) {
      const key = `${day}#${cell.districtId}#${cell.phase}#${cell.need}#${cell.institutionType}`;
      const row = rows.get(key) ?? { day, ...cell };
      for (const count of counts) {
        row[count] = (row[count] ?? 0) + 1;
        for (const grid of ['month', 'quarter'] as const) {
          const truthKey = `${grid}#${cellKey(cell)}#${periodIdOf(grid, day)}#${count}`;
          const ids = truth.get(truthKey) ?? new Set<number>();
          ids.add(caseId);
          truth.set(truthKey, ids);
        }
      }
      if (bucket !== undefined) {
        row.firstActionHours = { ...row.firstActionHours, [bucket]: (row.firstActionHours?.[bucket] ?? 0) + 1 };
      }
      rows.set(key, row);
    }
  };
  histories.forEach((history, caseId) => {
    const createdAt = new Date(FIRST_DAY + history.day * DAY_MS + 9 * HOUR_MS);
    let caseRecord = {
      id: `case-${caseId}`,
      createdAt: createdAt.toISOString(),
      status: 'received',
      districtId: history.districtId,
      phases: history.phases,
      needs: history.needs,
      institutionType: 'birth-clinic',
    } as unknown as CaseRecord;
    const created = coverageOfNewCase(caseRecord);
    record(caseId, created.day, cellsOfProfile(created.profile), created.counts);
    let firstActionAt: string | undefined;
    let at = createdAt.getTime();
    for (const step of history.steps) {
      at += step.afterHours * HOUR_MS;
      if (step.opened && caseRecord.status === 'routed') {
        const opened = coverageOfChange(
          { from: caseRecord, event: { type: 'opened', at: new Date(at).toISOString() }, changes: {} },
          firstActionAt,
        );
        if (opened.increment) {
          const { day, profile, counts, firstActionBucket } = opened.increment;
          record(caseId, day, cellsOfProfile(profile), counts, firstActionBucket);
        }
        firstActionAt ??= opened.firstActionAt;
      }
      const next = TRANSITIONS[caseRecord.status][step.action];
      if (next === undefined) continue;
      const type = (
        {
          route: 'routed',
          escalate: 'escalated',
          accept: 'accepted',
          decline: 'declined',
          start: 'started',
          close: 'closed',
          assign: 'assigned',
          withdraw: 'withdrawn',
        } as const
      )[step.action];
      const changes = {
        ...(step.action === 'route' || step.action === 'assign' ? { unmatched: step.unmatched } : {}),
        ...(step.action === 'close' ? { outcome: step.connected ? 'connected' : 'unreachable' } : {}),
      } as Pick<Partial<CaseRecord>, 'unmatched' | 'outcome'>;
      const change = coverageOfChange(
        { from: caseRecord, event: { type, at: new Date(at).toISOString() }, changes },
        firstActionAt,
      );
      if (change.increment) {
        const { day, profile, counts, firstActionBucket } = change.increment;
        record(caseId, day, cellsOfProfile(profile), counts, firstActionBucket);
      }
      firstActionAt ??= change.firstActionAt;
      caseRecord = { ...caseRecord, ...changes, status: next };
    }
  });
  return { rows: [...rows.values()], truth };
}

function cellKey(cell: { districtId: string; phase: string; need: string; institutionType: string }): string {
  return `${cell.districtId}#${cell.phase}#${cell.need}#${cell.institutionType}`;
}

/** A published number and the true set of cases behind it (a union over the answer's periods). */
type Published = { cell: string; count: CoverageCount; periods: readonly string[]; value: number; cases: Set<number> };

function publishedNumbers(report: CoverageReport, truth: Map<string, Set<number>>): Published[] {
  const numbers: Published[] = [];
  const periods = report.periods.map((period) => period.id);
  for (const cell of report.cells) {
    for (const count of COVERAGE_COUNTS) {
      const value = cell[count];
      if (value === null) continue;
      const cases = new Set<number>();
      for (const period of periods) {
        for (const id of truth.get(`${report.grid}#${cellKey(cell)}#${period}#${count}`) ?? []) cases.add(id);
      }
      numbers.push({ cell: cellKey(cell), count, periods, value, cases });
    }
  }
  return numbers;
}

const rangeArbitrary = fc
  .tuple(fc.integer({ min: -20, max: DAYS - 1 }), fc.integer({ min: 0, max: DAYS + 20 }))
  .map(([a, b]) => [Math.min(a, b), Math.max(a, b)].map((day) => new Date(FIRST_DAY + day * DAY_MS)))
  .map(([from, to]) => ({
    from: (from as Date).toISOString().slice(0, 10),
    to: (to as Date).toISOString().slice(0, 10),
  }));

/** Every number of cases that the two answers reveal as a difference of nested published numbers (or as one). */
function revealedCounts(first: CoverageReport, second: CoverageReport, truth: Map<string, Set<number>>) {
  const revealed: { what: string; value: number; truth: number }[] = [];
  const a = publishedNumbers(first, truth);
  const b = publishedNumbers(second, truth);
  for (const whole of [...a, ...b]) {
    revealed.push({
      what: `${whole.cell} ${whole.count} ${whole.periods}`,
      value: whole.value,
      truth: whole.cases.size,
    });
    for (const part of [...a, ...b]) {
      if (whole === part || whole.cell !== part.cell || !nestedIn(whole.count, part.count)) continue;
      if (!part.periods.every((period) => whole.periods.includes(period))) continue;
      const difference = whole.value - part.value;
      const missing = [...whole.cases].filter((id) => !part.cases.has(id)).length;
      revealed.push({
        what: `${whole.cell} ${whole.count} ${whole.periods} − ${part.count} ${part.periods}`,
        value: difference,
        truth: missing,
      });
    }
  }
  for (const report of [first, second]) {
    for (const refusal of report.childProtectionRefusals) {
      if (refusal.count !== null)
        revealed.push({ what: `refusals ${refusal.period}`, value: refusal.count, truth: -1 });
    }
  }
  return revealed;
}

describe('the coverage report against differencing (property)', () => {
  it.each(['month', 'quarter'] as const)(
    'reveals no count from 1 to 4 through any two answers on the %s grid',
    (grid) => {
      fc.assert(
        fc.property(
          fc.array(historyArbitrary, { maxLength: 90 }),
          fc.array(fc.record({ month: fc.integer({ min: 0, max: 5 }), count: fc.integer({ min: 1, max: 9 }) }), {
            maxLength: 6,
          }),
          rangeArbitrary,
          rangeArbitrary,
          (histories, refusalEntries, firstQuery, secondQuery) => {
            const { rows, truth } = play(histories);
            const monthly = new Map<string, number>();
            for (const { month, count } of refusalEntries) {
              const id = new Date(Date.UTC(2025, 9 + month, 1)).toISOString().slice(0, 7);
              monthly.set(id, (monthly.get(id) ?? 0) + count);
            }
            const refusals = [...monthly].map(([month, count]) => ({ month, count }));
            const ask = (query: { from: string; to: string }) => {
              const range = coverageQuerySchema(TODAY, grid).safeParse(query);
              return range.success ? buildCoverageReport(rows, range.data, refusals) : undefined;
            };
            const first = ask(firstQuery);
            const second = ask(secondQuery);
            fc.pre(first !== undefined && second !== undefined);
            if (first === undefined || second === undefined) return;

            for (const revealed of revealedCounts(first, second, truth)) {
              // The published numbers are true (a nested difference is the number of cases it says) …
              if (revealed.truth >= 0) expect(revealed.value, revealed.what).toBe(revealed.truth);
              // … and none of them, nor any nested difference of them, is 1 to 4.
              expect(revealed.value >= 1 && revealed.value <= 4, `${revealed.what} = ${revealed.value}`).toBe(false);
            }
            for (const cell of [...first.cells, ...second.cells]) {
              if (cell.received === null) expect(cell.medianHoursToFirstAction).toBeNull();
            }
          },
        ),
        { numRuns: 400 },
      );
    },
    60_000,
  );
});
