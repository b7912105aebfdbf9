// Coverage report logic: first-action buckets and medians, merging, suppression, CSV, query range.
import { describe, expect, it } from 'vitest';
import {
  buildCoverageReport,
  type CoverageDayRow,
  coverageCsv,
  coverageQuerySchema,
  FIRST_ACTION_BUCKET_LABELS,
  FIRST_ACTION_BUCKETS,
  firstActionBucket,
  medianFromHistogram,
  SUPPRESSION_THRESHOLD,
  wholePeriodsRange,
} from '#domain/coverage.ts';
import { toFieldErrors } from '#domain/zod-issues.ts';

const RANGE = wholePeriodsRange('month', '2026-03-01', '2026-03-31');
const SUPPRESSED = {
  received: null,
  routed: null,
  unmatched: null,
  accepted: null,
  connected: null,
  medianHoursToFirstAction: null,
};

function aRow(overrides: Partial<CoverageDayRow> = {}): CoverageDayRow {
  return {
    day: '2026-03-10',
    districtId: 'nord',
    phase: 'infant',
    need: 'parenting',
    institutionType: 'birth-clinic',
    received: 5,
    routed: 5,
    unmatched: 0,
    accepted: 5,
    connected: 0,
    firstActionHours: { '4': 3, '24': 2 },
    ...overrides,
  };
}

describe('firstActionBucket', () => {
  it('has the bucket bounds 1, 2, 4, 8, 12, 24, 48, 72, 120, 168, 336 and an open end', () => {
    expect(FIRST_ACTION_BUCKETS).toEqual([1, 2, 4, 8, 12, 24, 48, 72, 120, 168, 336, Number.POSITIVE_INFINITY]);
    expect(FIRST_ACTION_BUCKET_LABELS.at(-1)).toBe('inf');
  });

  it.each([
    [0, '1'],
    [1, '1'],
    [1.0001, '2'],
    [3.5, '4'],
    [12, '12'],
    [24, '24'],
    [24.01, '48'],
    [168, '168'],
    [336, '336'],
    [336.01, 'inf'],
    [10_000, 'inf'],
    [-0.5, '1'],
  ])('puts %d hours into bucket %s (upper bounds are inclusive)', (hours, expected) => {
    expect(firstActionBucket(hours)).toBe(expected);
  });
});

describe('medianFromHistogram', () => {
  it('is null for an empty histogram', () => {
    expect(medianFromHistogram({})).toBeNull();
  });

  it('is null when every bucket counts 0', () => {
    expect(medianFromHistogram({ '1': 0, '24': 0 })).toBeNull();
  });

  it('is the bucket of the middle value for an odd total', () => {
    expect(medianFromHistogram({ '1': 1, '4': 1, '24': 1 })).toBe(4);
  });

  it('is the bucket of the lower middle value for an even total', () => {
    expect(medianFromHistogram({ '1': 2, '48': 2 })).toBe(1);
  });

  it('moves to the next bucket once the lower middle value lies there', () => {
    expect(medianFromHistogram({ '1': 1, '48': 3 })).toBe(48);
  });

  it('is Infinity when the median lies beyond 336 hours', () => {
    expect(medianFromHistogram({ '1': 1, inf: 2 })).toBe(Number.POSITIVE_INFINITY);
  });

  it('ignores labels that are no bucket', () => {
    expect(medianFromHistogram({ '3': 10, '8': 1 })).toBe(8);
  });
});

describe('buildCoverageReport', () => {
  it('merges the days of a cell: counts add up, the median comes from the merged histogram', () => {
    const report = buildCoverageReport(
      [
        aRow({ day: '2026-03-01', received: 3, routed: 3, unmatched: 3, accepted: 0, firstActionHours: { '2': 3 } }),
        aRow({ day: '2026-03-31', received: 4, routed: 4, unmatched: 4, accepted: 0, firstActionHours: { '48': 4 } }),
      ],
      RANGE,
    );

    expect(report.cells).toEqual([
      {
        districtId: 'nord',
        phase: 'infant',
        need: 'parenting',
        institutionType: 'birth-clinic',
        received: 7,
        routed: 7,
        unmatched: 7,
        accepted: 0,
        connected: 0,
        medianHoursToFirstAction: 48,
      },
    ]);
  });

  it('ignores rows of days outside the range', () => {
    const report = buildCoverageReport([aRow(), aRow({ day: '2026-02-28' }), aRow({ day: '2026-04-01' })], RANGE);

    expect(report.cells[0]?.received).toBe(5);
  });

  it(`suppresses a cell with ${SUPPRESSION_THRESHOLD - 1} received referrals: every count and the median null`, () => {
    const report = buildCoverageReport([aRow({ received: 4, routed: 4, accepted: 4 })], RANGE);

    expect(report.cells[0]).toEqual({
      districtId: 'nord',
      phase: 'infant',
      need: 'parenting',
      institutionType: 'birth-clinic',
      ...SUPPRESSED,
    });
  });

  it(`shows a cell with ${SUPPRESSION_THRESHOLD} received referrals`, () => {
    const report = buildCoverageReport([aRow({ received: 5 })], RANGE);

    expect(report.cells[0]).toMatchObject({ received: 5, routed: 5, medianHoursToFirstAction: 4 });
  });

  it('suppresses by the merged count of a period, not by a single day', () => {
    const report = buildCoverageReport(
      [
        aRow({ received: 2, routed: 2, accepted: 2, firstActionHours: { '4': 2 } }),
        aRow({ day: '2026-03-11', received: 3, routed: 3, accepted: 3, firstActionHours: { '4': 3 } }),
      ],
      RANGE,
    );

    expect(report.cells[0]).toMatchObject({ received: 5, routed: 5, accepted: 5, medianHoursToFirstAction: 4 });
  });

  it('suppresses a cell over a range when one of its periods had 1 to 4 received, however many the others had', () => {
    const range = wholePeriodsRange('month', '2026-02-01', '2026-03-31');
    const report = buildCoverageReport([aRow({ day: '2026-02-10', received: 3 }), aRow({ received: 20 })], range);

    expect(report.cells[0]).toMatchObject(SUPPRESSED);
  });

  it('counts periods without any row as 0, which hides nothing', () => {
    const range = wholePeriodsRange('month', '2026-01-01', '2026-03-31');
    const report = buildCoverageReport([aRow()], range);

    expect(report.cells[0]).toMatchObject({ received: 5, routed: 5, accepted: 5 });
  });

  it('puts the months of a quarter together before deciding: 2 in January and 3 in March are 5 in Q1', () => {
    const range = wholePeriodsRange('quarter', '2026-01-01', '2026-03-31');
    const rows = [
      aRow({ day: '2026-01-05', received: 2, routed: 2, accepted: 2, firstActionHours: { '1': 2 } }),
      aRow({ day: '2026-03-05', received: 3, routed: 3, accepted: 3, firstActionHours: { '1': 3 } }),
    ];

    expect(buildCoverageReport(rows, range).cells[0]).toMatchObject({ received: 5, medianHoursToFirstAction: 1 });
    expect(buildCoverageReport(rows, wholePeriodsRange('month', '2026-01-01', '2026-03-31')).cells[0]).toMatchObject(
      SUPPRESSED,
    );
  });

  it('withholds a count of 1 to 4 in a published cell (connected 3 of 12 received), and keeps the others', () => {
    const report = buildCoverageReport(
      [aRow({ received: 12, routed: 12, unmatched: 0, accepted: 7, connected: 3, firstActionHours: { '4': 12 } })],
      RANGE,
    );

    expect(report.cells[0]).toMatchObject({
      received: 12,
      routed: 12,
      unmatched: 0,
      accepted: 7,
      connected: null,
      medianHoursToFirstAction: 4,
    });
  });

  it('withholds a count whose difference to a count it is nested in is 1 to 4 (received 12, routed 9)', () => {
    const report = buildCoverageReport(
      [aRow({ received: 12, routed: 9, unmatched: 9, accepted: 12, connected: 6, firstActionHours: { '4': 12 } })],
      RANGE,
    );

    // 12 − 9 = 3 not routed: routed is withheld, and unmatched too (received − unmatched is 3 as well).
    expect(report.cells[0]).toMatchObject({ received: 12, routed: null, unmatched: null, accepted: 12, connected: 6 });
  });

  it('keeps unmatched when routed is withheld for its own sake, as long as unmatched hides nothing', () => {
    const report = buildCoverageReport(
      [aRow({ received: 10, routed: 7, unmatched: 0, accepted: 10, connected: 0, firstActionHours: { '4': 10 } })],
      RANGE,
    );

    expect(report.cells[0]).toMatchObject({ received: 10, routed: null, unmatched: 0 });
  });

  it('withholds the median when some period had 1 to 4 first actions', () => {
    const report = buildCoverageReport([aRow({ firstActionHours: { '4': 2 } })], RANGE);

    expect(report.cells[0]).toMatchObject({ received: 5, medianHoursToFirstAction: null });
  });

  it('counts a counter that was never added to as 0', () => {
    const report = buildCoverageReport(
      [
        {
          day: '2026-03-10',
          districtId: 'nord',
          phase: 'kita',
          need: 'childcare',
          institutionType: 'kita',
          received: 6,
        },
      ],
      RANGE,
    );

    expect(report.cells[0]).toMatchObject({ received: 6, routed: 0, unmatched: 0, accepted: 0, connected: 0 });
  });

  it('reports the median as null while no office acted yet', () => {
    const report = buildCoverageReport([aRow({ firstActionHours: {} })], RANGE);

    expect(report.cells[0]?.medianHoursToFirstAction).toBeNull();
  });

  it("reports a median beyond 336 hours as 'inf' (JSON has no Infinity)", () => {
    const report = buildCoverageReport([aRow({ firstActionHours: { inf: 5 } })], RANGE);

    expect(report.cells[0]?.medianHoursToFirstAction).toBe('inf');
  });

  it('sorts cells by district, then phase, need and institution type in code-list order', () => {
    const report = buildCoverageReport(
      [
        aRow({ districtId: 'sued' }),
        aRow({ phase: 'kita', need: 'childcare' }),
        aRow({ phase: 'kita', need: 'financial-support', institutionType: 'school' }),
        aRow({ phase: 'kita', need: 'financial-support', institutionType: 'birth-clinic' }),
        aRow({ phase: 'pregnancy' }),
      ],
      RANGE,
    );

    expect(report.cells.map((c) => `${c.districtId}/${c.phase}/${c.need}/${c.institutionType}`)).toEqual([
      'nord/pregnancy/parenting/birth-clinic',
      'nord/kita/financial-support/birth-clinic',
      'nord/kita/financial-support/school',
      'nord/kita/childcare/birth-clinic',
      'sued/infant/parenting/birth-clinic',
    ]);
  });

  it('names the periods it covers and gives the refusals of each period, 1 to 4 as null', () => {
    const range = wholePeriodsRange('month', '2026-01-15', '2026-03-02');
    const report = buildCoverageReport([], range, [
      { month: '2026-03', count: 1 },
      { month: '2026-01', count: 7 },
    ]);

    expect(report).toEqual({
      from: '2026-01-01',
      to: '2026-03-31',
      grid: 'month',
      periods: [
        { id: '2026-01', from: '2026-01-01', to: '2026-01-31' },
        { id: '2026-02', from: '2026-02-01', to: '2026-02-28' },
        { id: '2026-03', from: '2026-03-01', to: '2026-03-31' },
      ],
      cells: [],
      childProtectionRefusals: [
        { period: '2026-01', count: 7 },
        { period: '2026-02', count: 0 },
        { period: '2026-03', count: null },
      ],
    });
  });

  it('sums the refusal months of a quarter before deciding', () => {
    const range = wholePeriodsRange('quarter', '2026-01-01', '2026-06-30');
    const report = buildCoverageReport([], range, [
      { month: '2026-01', count: 2 },
      { month: '2026-03', count: 3 },
      { month: '2026-05', count: 4 },
    ]);

    expect(report.periods.map((period) => period.id)).toEqual(['2026-Q1', '2026-Q2']);
    expect(report.childProtectionRefusals).toEqual([
      { period: '2026-Q1', count: 5 },
      { period: '2026-Q2', count: null },
    ]);
  });
});

describe('coverageCsv', () => {
  const rowsOf = (csv: string) => csv.replace(/^\uFEFF/, '').split('\r\n');

  it('starts with a byte-order mark and a German header row', () => {
    const csv = coverageCsv({ cells: [] });

    expect(csv).toBe(
      '\uFEFFBezirk,Lebensphase,Bedarf,Art der Einrichtung,Eingegangen,Weitergeleitet,Ohne passendes Angebot,Angenommen,Vermittelt,Median Stunden bis zur ersten Reaktion\r\n',
    );
  });

  it('writes a cell as one CRLF-terminated row with the German label of every code', () => {
    const csv = coverageCsv(buildCoverageReport([aRow()], RANGE));

    expect(rowsOf(csv)[1]).toBe('nord,Frühe Kindheit,Erziehung und Entwicklung,Geburtsklinik,5,5,0,5,0,4');
  });

  it('writes counts not published as "nicht ausgewiesen" and an unknown median as empty', () => {
    const csv = coverageCsv(
      buildCoverageReport([aRow({ received: 1 }), aRow({ districtId: 'ost', connected: 2 })], RANGE),
    );

    expect(rowsOf(csv).slice(1, 3)).toEqual([
      'nord,Frühe Kindheit,Erziehung und Entwicklung,Geburtsklinik,nicht ausgewiesen,nicht ausgewiesen,nicht ausgewiesen,nicht ausgewiesen,nicht ausgewiesen,',
      'ost,Frühe Kindheit,Erziehung und Entwicklung,Geburtsklinik,5,5,0,5,nicht ausgewiesen,4',
    ]);
  });

  it("writes a median beyond 336 hours as '> 336'", () => {
    const csv = coverageCsv(
      buildCoverageReport(
        [aRow({ firstActionHours: {} }), aRow({ districtId: 'ost', firstActionHours: { inf: 5 } })],
        RANGE,
      ),
    );

    expect(rowsOf(csv).slice(1, 3)).toEqual([
      'nord,Frühe Kindheit,Erziehung und Entwicklung,Geburtsklinik,5,5,0,5,0,',
      'ost,Frühe Kindheit,Erziehung und Entwicklung,Geburtsklinik,5,5,0,5,0,> 336',
    ]);
  });

  it('quotes fields with a comma, a quote or a line break and doubles inner quotes (RFC 4180)', () => {
    const cells = ['a,b', 'say "hi"', 'two\nlines'].map(
      (districtId) => buildCoverageReport([aRow({ districtId })], RANGE).cells[0],
    );

    const rows = rowsOf(coverageCsv({ cells: cells.filter((cell) => cell !== undefined) }));

    expect(rows.slice(1, 4).map((row) => row.slice(0, row.indexOf(',Frühe')))).toEqual([
      '"a,b"',
      '"say ""hi"""',
      '"two\nlines"',
    ]);
  });
});

describe('coverageQuerySchema', () => {
  const TODAY = new Date('2026-03-10T12:00:00Z');

  function parse(query: Record<string, unknown>, today: Date = TODAY, grid: 'month' | 'quarter' = 'month') {
    const result = coverageQuerySchema(today, grid).safeParse(query);
    return result.success
      ? { ok: true, range: { from: result.data.from, to: result.data.to, ids: result.data.periods.map((p) => p.id) } }
      : { ok: false, errors: toFieldErrors(result.error) };
  }

  it('defaults to the last 30 days, today included, widened to whole months', () => {
    expect(parse({})).toEqual({
      ok: true,
      range: { from: '2026-02-01', to: '2026-03-31', ids: ['2026-02', '2026-03'] },
    });
  });

  it('names each period with its first and last day', () => {
    const result = coverageQuerySchema(TODAY, 'month').parse({ from: '2026-02-14', to: '2026-02-14' });

    expect(result).toEqual({
      from: '2026-02-01',
      to: '2026-02-28',
      grid: 'month',
      periods: [{ id: '2026-02', from: '2026-02-01', to: '2026-02-28' }],
    });
  });

  it('takes today as the UTC date', () => {
    expect(parse({}, new Date('2026-03-31T23:30:00-02:00'))).toEqual({
      ok: true,
      range: { from: '2026-03-01', to: '2026-04-30', ids: ['2026-03', '2026-04'] },
    });
  });

  it('defaults to to today when only from is given', () => {
    expect(parse({ from: '2026-01-20' })).toEqual({
      ok: true,
      range: { from: '2026-01-01', to: '2026-03-31', ids: ['2026-01', '2026-02', '2026-03'] },
    });
  });

  it('defaults from to 29 days before to when only to is given', () => {
    expect(parse({ to: '2026-01-31' })).toEqual({
      ok: true,
      range: { from: '2026-01-01', to: '2026-01-31', ids: ['2026-01'] },
    });
  });

  it('widens a single day to its month, or its quarter', () => {
    expect(parse({ from: '2026-03-01', to: '2026-03-01' })).toMatchObject({
      range: { from: '2026-03-01', to: '2026-03-31' },
    });
    expect(parse({ from: '2025-11-17', to: '2025-11-17' }, TODAY, 'quarter')).toEqual({
      ok: true,
      range: { from: '2025-10-01', to: '2025-12-31', ids: ['2025-Q4'] },
    });
  });

  it('accepts one year of whole periods (12 months, 4 quarters)', () => {
    expect(parse({ from: '2024-01-01', to: '2024-12-31' }).ok).toBe(true);
    expect(parse({ from: '2025-01-15', to: '2025-12-01' }, TODAY, 'quarter')).toMatchObject({
      range: { ids: ['2025-Q1', '2025-Q2', '2025-Q3', '2025-Q4'] },
    });
  });

  it('rejects a range that widens to 13 months, though it is only 366 days', () => {
    expect(parse({ from: '2024-01-15', to: '2025-01-14' })).toEqual({
      ok: false,
      errors: [{ path: 'to', message: 'must be at most 12 whole months from from (both included)' }],
    });
  });

  it('rejects 5 quarters', () => {
    expect(parse({ from: '2025-01-01', to: '2026-01-01' }, TODAY, 'quarter')).toEqual({
      ok: false,
      errors: [{ path: 'to', message: 'must be at most 4 whole quarters from from (both included)' }],
    });
  });

  it('accepts the rest of the current period, and refuses a to in a later period', () => {
    expect(parse({ from: '2026-03-01', to: '2026-03-31' }).ok).toBe(true);
    expect(parse({ from: '2026-03-01', to: '2026-04-01' })).toEqual({
      ok: false,
      errors: [{ path: 'to', message: 'must not be after the current reporting period (2026-03, until 2026-03-31)' }],
    });
    expect(parse({ from: '2026-03-01', to: '2026-03-31' }, TODAY, 'quarter').ok).toBe(true);
    expect(parse({ from: '2026-03-01', to: '2026-04-01' }, TODAY, 'quarter')).toEqual({
      ok: false,
      errors: [{ path: 'to', message: 'must not be after the current reporting period (2026-Q1, until 2026-03-31)' }],
    });
  });

  it('rejects to before from', () => {
    expect(parse({ from: '2026-03-02', to: '2026-03-01' })).toEqual({
      ok: false,
      errors: [{ path: 'to', message: 'must not be before from' }],
    });
  });

  it('rejects a from after today when to is not given', () => {
    expect(parse({ from: '2026-03-11' })).toEqual({
      ok: false,
      errors: [{ path: 'from', message: 'must not be after today (the default of to)' }],
    });
  });

  it.each(['2026-3-01', '2026-02-30', '01.03.2026', ''])('rejects the date %j', (from) => {
    expect(parse({ from, to: '2026-03-10' })).toEqual({
      ok: false,
      errors: [{ path: 'from', message: 'must be a date in the form YYYY-MM-DD' }],
    });
  });

  it('rejects an unknown parameter', () => {
    expect(parse({ since: '2026-03-01' })).toEqual({
      ok: false,
      errors: [{ path: 'since', message: 'is not a known field' }],
    });
  });
});
