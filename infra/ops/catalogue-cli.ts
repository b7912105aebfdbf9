// `npm run catalogue -- validate|import|export`: checks a catalogue file offline, imports it into a deployment, or
// exports a deployment's catalogue (document or HSDS), with plain fetch against the HTTP API.
import { readFile, writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import type { ImportReport } from '#application/coordinator/import-catalogue.ts';
import { districtIdsOfDocument, validateCatalogue } from '#domain/catalogue.ts';
import { catalogueInput, entryCount, NEITHER_FORMAT } from '#domain/catalogue-input.ts';
import { labelled } from '#domain/catalogue-rules.ts';
import { districtIdsOfService, offerFromHsdsService, offerIdOfService } from '#domain/hsds.ts';
import type { FieldError } from '#domain/zod-issues.ts';

/** Exit codes: 0 all good; 1 entries invalid or rejected; 2 wrong usage or unreadable file; 3 the request failed. */
export const EXIT = { ok: 0, invalid: 1, usage: 2, failed: 3 } as const;

const USAGE = `Usage:
  npm run catalogue -- validate <file> [--catalogue <document>]
      Checks a catalogue document or an HSDS 3.0/3.1 service list offline and lists every problem per entry
      (capacity as HSDS 3.1 capacities or the older service_capacity).
      HSDS districts are checked against --catalogue's districts when given (else only their form).
  npm run catalogue -- import <file> --url <api> --token <jwt> [--partial]
      Imports the file (all or nothing unless --partial) and prints the report.
  npm run catalogue -- export --url <api> --token <jwt> [--format hsds] [--out <file>]
      Writes the catalogue document (or the offers as HSDS services: UUID ids, the offer id in the lotse-id
      attribute, capacity as capacities) to --out or standard output.
Exit codes: 0 ok, 1 invalid or rejected entries, 2 usage or file error, 3 request failed.`;

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** True when stderr is a terminal: the progress line is then rewritten in place. */
  interactive: boolean;
  fetch: typeof fetch;
  readFile: (path: string) => Promise<string>;
  writeFile: (path: string, text: string) => Promise<void>;
}

class UsageError extends Error {}

async function readJson(io: CliIo, file: string): Promise<{ text: string; json: unknown }> {
  let text: string;
  try {
    text = await io.readFile(file);
  } catch (error) {
    throw new UsageError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`);
  }
  try {
    return { text, json: JSON.parse(text) as unknown };
  } catch {
    throw new UsageError(`${file} is not well-formed JSON`);
  }
}

/** Offline problems of a document (schema and references) or an HSDS list (mapping; districts as far as known). */
export function offlineProblems(
  doc: unknown,
  knownDistricts?: ReadonlySet<string>,
): { entries: number; problems: FieldError[] } {
  const input = catalogueInput(doc);
  if (input === undefined) return { entries: 0, problems: [NEITHER_FORMAT] };
  if (input.format === 'document') {
    const result = validateCatalogue(input.document);
    return { entries: entryCount(input), problems: result.ok ? [] : result.problems };
  }
  const problems = input.services.flatMap((service, index) => {
    // Without a catalogue to compare with, every well-formed district reference counts as known.
    const districtIds = knownDistricts ?? new Set(districtIdsOfService(service).filter((id) => id !== undefined));
    const result = offerFromHsdsService(service, { districtIds });
    if (result.ok) return [];
    // Named by the offer id it would be imported as (an exported service keeps it in its lotse-id attribute).
    const offerId = offerIdOfService(service);
    return result.reasons.map((reason) => ({
      path: `${input.pathPrefix}${index}${reason.path === '' ? '' : `.${reason.path}`}`,
      message: labelled('service', offerId === undefined ? undefined : { id: offerId }, index, reason.message),
    }));
  });
  return { entries: entryCount(input), problems };
}

async function validate(io: CliIo, file: string, cataloguePath: string | undefined): Promise<number> {
  const { json } = await readJson(io, file);
  const known =
    cataloguePath === undefined ? undefined : districtIdsOfDocument((await readJson(io, cataloguePath)).json);
  const { entries, problems } = offlineProblems(json, known);
  for (const problem of problems) io.stdout(`${problem.path || '(document)'}: ${problem.message}\n`);
  io.stdout(
    problems.length === 0
      ? `${file}: valid (${entries} entries)\n`
      : `${file}: ${problems.length} problem${problems.length === 1 ? '' : 's'} in ${entries} entries\n`,
  );
  return problems.length === 0 ? EXIT.ok : EXIT.invalid;
}

function apiUrl(base: string, path: string): string {
  try {
    return new URL(path, base.endsWith('/') ? base : `${base}/`).toString();
  } catch {
    throw new UsageError(`--url is not a URL: ${base}`);
  }
}

/** Rewrites one status line while `work` runs (every second), so a long import shows it is still going. */
async function withProgress<T>(io: CliIo, label: () => string, work: Promise<T>): Promise<T> {
  const started = Date.now();
  const line = () => `${label()} ${Math.round((Date.now() - started) / 1000)} s`;
  let lastPlain = 0;
  const timer = setInterval(() => {
    if (io.interactive) io.stderr(`\r${line()}`);
    else if (Date.now() - lastPlain >= 10_000) {
      lastPlain = Date.now();
      io.stderr(`${line()}\n`);
    }
  }, 1000);
  if (io.interactive) io.stderr(line());
  try {
    return await work;
  } finally {
    clearInterval(timer);
    if (io.interactive) io.stderr(`\r${line()}\n`);
  }
}

function printReport(io: CliIo, report: ImportReport, applied: boolean): void {
  for (const rejection of report.rejected) {
    io.stdout(`rejected ${rejection.id ?? `entry ${rejection.position}`}:\n`);
    for (const reason of rejection.reasons) io.stdout(`  - ${reason.path}: ${reason.message}\n`);
  }
  const counts = `${report.created.length} created, ${report.updated.length} updated, ${report.unchanged.length} unchanged, ${report.rejected.length} rejected`;
  io.stdout(applied ? `imported: ${counts}\n` : `nothing imported (all or nothing; use --partial): ${counts}\n`);
}

async function problemText(response: Response): Promise<string> {
  const text = await response.text();
  try {
    const problem = JSON.parse(text) as { detail?: unknown; errors?: FieldError[] };
    const errors = (problem.errors ?? []).map((error) => `\n  - ${error.path}: ${error.message}`).join('');
    return `${String(problem.detail ?? text)}${errors}`;
  } catch {
    return text.slice(0, 500);
  }
}

async function importFile(
  io: CliIo,
  file: string,
  options: { url: string; token: string; partial: boolean },
): Promise<number> {
  const { text, json } = await readJson(io, file);
  const input = catalogueInput(json);
  const entries = input === undefined ? 0 : entryCount(input);
  const url = apiUrl(options.url, `v1/catalogue/import${options.partial ? '?partial=true' : ''}`);
  const kib = Math.ceil(Buffer.byteLength(text) / 1024);
  const response = await withProgress(
    io,
    () => `importing ${entries} entries (${kib} KiB) from ${file}: validating and writing …`,
    io.fetch(url, {
      method: 'POST',
      headers: { authorization: `Bearer ${options.token}`, 'content-type': 'application/json' },
      body: text,
    }),
  );
  if (response.status === 200) {
    const report = (await response.json()) as ImportReport;
    printReport(io, report, true);
    return report.rejected.length === 0 ? EXIT.ok : EXIT.invalid;
  }
  if (response.status === 422) {
    const problem = (await response.json()) as { import?: ImportReport; detail?: string };
    if (problem.import) {
      printReport(io, problem.import, false);
      return EXIT.invalid;
    }
    io.stderr(`import refused: ${problem.detail ?? 'unprocessable'}\n`);
    return EXIT.invalid;
  }
  io.stderr(`import failed (HTTP ${response.status}): ${await problemText(response)}\n`);
  return response.status === 400 ? EXIT.invalid : EXIT.failed;
}

async function exportCatalogue(
  io: CliIo,
  options: { url: string; token: string; format: string | undefined; out: string | undefined },
): Promise<number> {
  if (options.format !== undefined && options.format !== 'hsds' && options.format !== 'document') {
    throw new UsageError('--format must be hsds or document');
  }
  const url = apiUrl(options.url, `v1/catalogue${options.format === 'hsds' ? '?format=hsds' : ''}`);
  const response = await io.fetch(url, { headers: { authorization: `Bearer ${options.token}` } });
  if (response.status !== 200) {
    io.stderr(`export failed (HTTP ${response.status}): ${await problemText(response)}\n`);
    return EXIT.failed;
  }
  const text = `${JSON.stringify(await response.json(), null, 2)}\n`;
  if (options.out === undefined) io.stdout(text);
  else {
    await io.writeFile(options.out, text);
    io.stderr(`exported to ${options.out}\n`);
  }
  return EXIT.ok;
}

function required(value: string | undefined, name: string): string {
  if (value === undefined || value === '') throw new UsageError(`--${name} is required`);
  return value;
}

/** Runs one command; returns the exit code (never exits itself, so tests can drive it). */
export async function runCatalogueCli(argv: readonly string[], io: CliIo): Promise<number> {
  try {
    const { values, positionals } = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        url: { type: 'string' },
        token: { type: 'string' },
        partial: { type: 'boolean', default: false },
        format: { type: 'string' },
        out: { type: 'string' },
        catalogue: { type: 'string' },
        help: { type: 'boolean', default: false },
      },
    });
    const [command, file, ...extra] = positionals;
    if (values.help) {
      io.stdout(`${USAGE}\n`);
      return EXIT.ok;
    }
    if (extra.length > 0) throw new UsageError(`unexpected arguments: ${extra.join(' ')}`);
    switch (command) {
      case 'validate':
        return await validate(io, required(file, 'file (the first argument)'), values.catalogue);
      case 'import':
        return await importFile(io, required(file, 'file (the first argument)'), {
          url: required(values.url, 'url'),
          token: required(values.token, 'token'),
          partial: values.partial,
        });
      case 'export':
        if (file !== undefined) throw new UsageError(`unexpected argument: ${file}`);
        return await exportCatalogue(io, {
          url: required(values.url, 'url'),
          token: required(values.token, 'token'),
          format: values.format,
          out: values.out,
        });
      default:
        throw new UsageError(command === undefined ? 'a command is required' : `unknown command: ${command}`);
    }
  } catch (error) {
    if (error instanceof UsageError || (error as { code?: unknown }).code?.toString().startsWith('ERR_PARSE_ARGS')) {
      io.stderr(`${(error as Error).message}\n\n${USAGE}\n`);
      return EXIT.usage;
    }
    // fetch failures (connection refused, DNS): the request never got an answer.
    io.stderr(
      `request failed: ${error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error)}\n`,
    );
    return EXIT.failed;
  }
}

if (import.meta.main) {
  const code = await runCatalogueCli(process.argv.slice(2), {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    interactive: process.stderr.isTTY === true,
    fetch,
    readFile: (path) => readFile(path, 'utf8'),
    writeFile: (path, text) => writeFile(path, text, 'utf8'),
  });
  process.exitCode = code;
}
