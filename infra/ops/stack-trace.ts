// `npm run stack-trace -- --map <index.mjs.map>`: reads a stack trace a function logged (stdin) and writes it with
// every frame of the bundle mapped back to Lotse's sources. The functions do not read their source maps at start-up
// (Node's --enable-source-maps loads the bundle's map before the first line runs, about 10 ms of every cold start);
// the map ships beside the bundle, so the deployed code's own map turns a logged trace into a readable one.
import { readFile } from 'node:fs/promises';
import { SourceMap, type SourceMapPayload } from 'node:module';
import { text } from 'node:stream/consumers';
import type { CommandIo } from './command-options.ts';

/** Exit codes: 0 done; 2 wrong usage or an unreadable map. */
export const EXIT = { ok: 0, usage: 2 } as const;

const USAGE = `Usage:
  npm run stack-trace -- --map <path to index.mjs.map> < trace.txt
  Maps every frame of a logged stack trace that points into the bundle (index.mjs:<line>:<column>) back to its source
  file, line and column. The map is the bundle's own: in the function's deployment package (aws lambda get-function
  --function-name <name> --query Code.Location) or in cdk.out after \`npm run synth\` of the same commit.`;

/** A frame's position in the bundle: `index.mjs:12:345` (1-based line and column, as Node prints them). */
const BUNDLE_POSITION = /(?:file:\/\/)?[^\s()]*index\.mjs:(\d+):(\d+)/g;

/** The trace with each bundle position replaced by its source position; positions the map does not know stay. */
export function mapStackTrace(trace: string, map: SourceMap): string {
  return trace.replace(BUNDLE_POSITION, (position: string, line: string, column: string) => {
    const entry = map.findEntry(Number(line) - 1, Number(column) - 1);
    if (!('originalSource' in entry) || entry.originalSource === undefined) return position;
    const source = entry.originalSource.replace(/^(?:\.\.\/)+/, '');
    return `${source}:${entry.originalLine + 1}:${entry.originalColumn + 1}`;
  });
}

export async function runStackTrace(
  args: readonly string[],
  io: CommandIo & { stdin: () => Promise<string> },
): Promise<number> {
  const index = args.indexOf('--map');
  const path = index >= 0 ? args[index + 1] : undefined;
  if (path === undefined || args.length !== 2) {
    io.stderr(`${USAGE}\n`);
    return EXIT.usage;
  }
  let map: SourceMap;
  try {
    map = new SourceMap(JSON.parse(await readFile(path, 'utf8')) as SourceMapPayload);
  } catch (error) {
    io.stderr(`cannot read the source map ${path}: ${error instanceof Error ? error.message : String(error)}\n`);
    return EXIT.usage;
  }
  io.stdout(mapStackTrace(await io.stdin(), map));
  return EXIT.ok;
}

if (import.meta.main) {
  process.exitCode = await runStackTrace(process.argv.slice(2), {
    stdout: (output) => process.stdout.write(output),
    stderr: (output) => process.stderr.write(output),
    stdin: () => text(process.stdin),
  });
}
