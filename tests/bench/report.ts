// The benchmark report: one row per measured figure (with its floor and ratio), rendered as a table and as JSON.
import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { formatNumber } from './stats.ts';

/** MET / NOT MET against the row's target; INFO rows have no target and are context for the others. */
export type Verdict = 'MET' | 'NOT MET' | 'INFO';

export type Row = {
  /** What was measured, e.g. `intake init (median of 15)`. */
  readonly measure: string;
  readonly figure: number;
  readonly floor: number | null;
  readonly unit: string;
  /** figure / floor. */
  readonly ratio: number | null;
  /** The target in words, e.g. `≤ 1.25× floor`; absent for INFO rows. */
  readonly target?: string;
  readonly verdict: Verdict;
};

/** A section's own table beside the report's rows (e.g. a bill: part, quantity, unit price, monthly cost). */
export type Table = {
  readonly title: string;
  readonly header: string[];
  readonly rows: string[][];
};

export type SectionResult = {
  readonly id: string;
  readonly title: string;
  /** What the floor is, in one sentence. */
  readonly floor: string;
  readonly rows: Row[];
  /** Method, caveats, and for any target not met what limits it (a measurement). */
  readonly notes: string[];
  /** Further tables, rendered after the section's notes (Markdown) or after the main table (text). */
  readonly tables?: Table[];
  /** Raw figures behind the rows, for the JSON report. */
  readonly details: unknown;
  readonly durationMs: number;
};

export type BenchReport = {
  readonly generatedAt: string;
  readonly size: string;
  readonly command: string;
  readonly machine: {
    readonly cpu: string;
    readonly cores: number;
    readonly memoryGiB: number;
    readonly platform: string;
    readonly node: string;
  };
  readonly durationMs: number;
  readonly sections: SectionResult[];
  readonly targets: { readonly met: number; readonly notMet: number };
};

export function verdict(met: boolean): Verdict {
  return met ? 'MET' : 'NOT MET';
}

export function machine(): BenchReport['machine'] {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model.trim() ?? 'unknown',
    cores: cpus.length,
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
    node: process.version,
  };
}

export function buildReport(
  sections: SectionResult[],
  options: { size: string; command: string; startedAt: number },
): BenchReport {
  const rows = sections.flatMap((section) => section.rows);
  return {
    generatedAt: new Date().toISOString(),
    size: options.size,
    command: options.command,
    machine: machine(),
    durationMs: Math.round(performance.now() - options.startedAt),
    sections,
    targets: {
      met: rows.filter((row) => row.verdict === 'MET').length,
      notMet: rows.filter((row) => row.verdict === 'NOT MET').length,
    },
  };
}

function cell(value: number | null, unit: string): string {
  if (value === null) return '–';
  return unit === '' ? formatNumber(value) : `${formatNumber(value)} ${unit}`;
}

function ratioCell(value: number | null): string {
  return value === null ? '–' : `${formatNumber(value)}×`;
}

const HEADER = ['Section', 'Measure', 'Figure', 'Floor', 'Ratio', 'Target', 'Result'];

function tableRows(report: BenchReport): string[][] {
  return report.sections.flatMap((section) =>
    section.rows.map((row) => [
      section.id,
      row.measure,
      cell(row.figure, row.unit),
      cell(row.floor, row.unit),
      ratioCell(row.ratio),
      row.target ?? '',
      row.verdict,
    ]),
  );
}

/** The table for a terminal: aligned columns. */
export function renderText(report: BenchReport): string {
  const rows = [HEADER, ...tableRows(report)];
  const widths = HEADER.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? '').length)));
  const line = (row: string[]) => row.map((value, column) => value.padEnd(widths[column] ?? 0)).join('  ');
  const rule = widths.map((width) => '-'.repeat(width)).join('  ');
  const { met, notMet } = report.targets;
  const extra = report.sections.flatMap((section) =>
    (section.tables ?? []).flatMap((table) => ['', ...textTable(table)]),
  );
  return [
    line(HEADER),
    rule,
    ...tableRows(report).map(line),
    '',
    `targets met: ${met}, not met: ${notMet}`,
    ...extra,
  ].join('\n');
}

/** One section table for a terminal: its title, then aligned columns. */
export function textTable(table: Table): string[] {
  const rows = [table.header, ...table.rows];
  const widths = table.header.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? '').length)));
  const line = (row: string[]) =>
    row
      .map((value, column) => value.padEnd(widths[column] ?? 0))
      .join('  ')
      .trimEnd();
  return [
    table.title,
    line(table.header),
    widths.map((width) => '-'.repeat(width)).join('  '),
    ...table.rows.map(line),
  ];
}

/** One section table in Markdown: its title in bold, then the table. */
export function markdownTable(table: Table): string[] {
  const escapePipes = (value: string) => value.replaceAll('|', '\\|');
  return [
    `**${escapePipes(table.title)}**`,
    '',
    `| ${table.header.map(escapePipes).join(' | ')} |`,
    `|${table.header.map(() => '---').join('|')}|`,
    ...table.rows.map((row) => `| ${row.map(escapePipes).join(' | ')} |`),
  ];
}

/** The Markdown report: machine, command, the table, then each section's floor and notes. */
export function renderMarkdown(report: BenchReport): string {
  const escapePipes = (value: string) => value.replaceAll('|', '\\|');
  const { machine: host } = report;
  const lines = [
    '# Lotse benchmark',
    '',
    `Generated ${report.generatedAt} by \`${report.command}\` (size \`${report.size}\`, ${Math.round(
      report.durationMs / 1000,
    )} s) on ${host.cores} × ${host.cpu}, ${host.memoryGiB} GiB, ${host.platform}, Node ${host.node}.`,
    'Every figure is set against a floor measured in the same run; the ratio is figure ÷ floor.',
    '',
    `| ${HEADER.join(' | ')} |`,
    `|${HEADER.map((_, index) => (index >= 2 && index <= 4 ? '---:' : '---')).join('|')}|`,
    ...tableRows(report).map((row) => `| ${row.map(escapePipes).join(' | ')} |`),
    '',
    `Targets met: ${report.targets.met}, not met: ${report.targets.notMet}.`,
  ];
  for (const section of report.sections) {
    lines.push('', `## ${section.id}. ${section.title}`, '', `Floor: ${section.floor}`, '');
    for (const note of section.notes) lines.push(`- ${note}`);
    for (const table of section.tables ?? []) lines.push('', ...markdownTable(table));
  }
  return `${lines.join('\n')}\n`;
}

export async function writeReport(report: BenchReport, directory: string): Promise<{ json: string; md: string }> {
  await mkdir(directory, { recursive: true });
  const json = path.join(directory, 'latest.json');
  const md = path.join(directory, 'latest.md');
  await writeFile(json, `${JSON.stringify(report, null, 2)}\n`);
  await writeFile(md, renderMarkdown(report));
  return { json, md };
}
