// The benchmark at smoke size (seconds): every section still runs end to end and reports figure, floor and ratio, so
// `npm run bench` cannot rot between full runs. It checks shape and correctness, never the performance targets.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BenchReport } from '../bench/report.ts';
import { runBench, SECTION_IDS } from '../bench/run.ts';

describe('the benchmark at smoke size', () => {
  let out = '';
  let report: BenchReport;

  beforeAll(async () => {
    out = await mkdtemp(path.join(os.tmpdir(), 'lotse-bench-smoke-'));
    report = await runBench({ size: 'smoke', sections: SECTION_IDS, out, progress: () => {} });
  }, 300_000);

  afterAll(async () => {
    if (out !== '') await rm(out, { recursive: true, force: true });
  });

  it('reports all eight sections, each with rows', () => {
    expect(report.sections.map((section) => section.id)).toEqual(['1', '2', '3', '4', '5', '6', '7', '8']);
    for (const section of report.sections) expect(section.rows.length, section.title).toBeGreaterThan(0);
  });

  it('gives every row a finite figure, and a ratio wherever it has a floor', () => {
    for (const row of report.sections.flatMap((section) => section.rows)) {
      expect(Number.isFinite(row.figure), row.measure).toBe(true);
      if (row.floor !== null && row.floor > 0) expect(Number.isFinite(row.ratio), row.measure).toBe(true);
    }
  });

  it('judges every targeted row as met or not met, and only those', () => {
    for (const row of report.sections.flatMap((section) => section.rows)) {
      if (row.target === undefined) expect(row.verdict, row.measure).toBe('INFO');
      else expect(['MET', 'NOT MET'], row.measure).toContain(row.verdict);
    }
  });

  it('routes every end-to-end referral exactly once', () => {
    const endToEnd = report.sections.find((section) => section.id === '4');
    const routedRow = endToEnd?.rows.find((row) => row.measure.startsWith('cases routed'));

    expect(routedRow?.verdict).toBe('MET');
  });

  it('measures DynamoDB capacity and Lambda time in the cost section', () => {
    const cost = report.sections.find((section) => section.id === '5');
    const details = cost?.details as { totals: { writeUnits: number; invocations: number; gbSeconds: number } };
    const totals = details.totals;

    expect(totals.writeUnits).toBeGreaterThan(0);
    expect(totals.invocations).toBeGreaterThan(0);
    expect(totals.gbSeconds).toBeGreaterThan(0);
  });

  it('bills a whole month for three sizes of municipality from the measured units', () => {
    const bill = report.sections.find((section) => section.id === '7');
    const city = bill?.rows.find((row) => row.target !== undefined);

    expect(bill?.tables).toHaveLength(3);
    expect(city?.figure).toBeGreaterThan(city?.floor ?? Number.POSITIVE_INFINITY);
    for (const table of bill?.tables ?? []) expect(table.rows.some((row) => row[0] === 'Total')).toBe(true);
  });

  it('reads every seeded office page and case through the gateway, each request matched to the function’s own time', () => {
    const reads = report.sections.find((section) => section.id === '8');
    const details = reads?.details as {
      cases: number;
      system: { failures: number };
      attribution: { perCall: { inbox: { dynamoRequests: Record<string, number> } }; case: { insideP50: number } };
    };

    expect(details.cases).toBeGreaterThan(0);
    expect(details.system.failures).toBe(0);
    expect(details.attribution.perCall.inbox.dynamoRequests.Query).toBeGreaterThan(0);
    expect(Number.isFinite(details.attribution.case.insideP50)).toBe(true);
  });

  it('writes the JSON and Markdown reports', async () => {
    const json = JSON.parse(await readFile(path.join(out, 'latest.json'), 'utf8')) as BenchReport;
    const md = await readFile(path.join(out, 'latest.md'), 'utf8');

    expect(json.sections).toHaveLength(8);
    expect(md).toContain('| Section | Measure | Figure | Floor | Ratio | Target | Result |');
    expect(md).toContain('| Part | Kind | Quantity | Unit | Unit price | Monthly |');
  });
});
