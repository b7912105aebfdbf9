// npm run stack-trace against a real minified bundle and its map: a trace from the bundle reads back as the source's
// file, line and column; the command runs as its own process.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { SourceMap } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mapStackTrace } from '#infra/ops/stack-trace.ts';

const run = promisify(execFile);
let directory: string;
let trace: string;

beforeAll(async () => {
  directory = await mkdtemp(path.join(tmpdir(), 'lotse-stack-trace-'));
  await writeFile(
    path.join(directory, 'failing.ts'),
    ['export function handler(): never {', '  const reason = "no case";', '  throw new Error(reason);', '}', ''].join(
      '\n',
    ),
  );
  await build({
    entryPoints: [path.join(directory, 'failing.ts')],
    outfile: path.join(directory, 'out', 'index.mjs'),
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'node',
    sourcemap: true,
    sourcesContent: false,
    logLevel: 'silent',
  });
  // A process of its own without source maps, as a function runs: the trace points into the minified bundle.
  const script = `import(${JSON.stringify(path.join(directory, 'out', 'index.mjs'))}).then((m) => { try { m.handler(); } catch (error) { process.stdout.write(error.stack); } });`;
  trace = (await run('node', ['--input-type=module', '-e', script], { env: { ...process.env, NODE_OPTIONS: '' } }))
    .stdout;
});

afterAll(() => rm(directory, { recursive: true, force: true }));

describe('npm run stack-trace', () => {
  it('maps the bundle’s positions in a logged trace back to the source', async () => {
    const map = new SourceMap(JSON.parse(await readFile(path.join(directory, 'out', 'index.mjs.map'), 'utf8')));

    expect(trace).toMatch(/index\.mjs:1:\d+/);
    expect(mapStackTrace(trace, map)).toContain('failing.ts:3:');
    expect(mapStackTrace(trace, map)).not.toMatch(/index\.mjs:1:\d+/);
    expect(mapStackTrace('at somewhere (node:internal/x.js:1:2)', map)).toBe('at somewhere (node:internal/x.js:1:2)');
  });

  it('reads the trace from stdin and writes it mapped, as its own process', async () => {
    const child = execFile(
      'node',
      ['infra/ops/stack-trace.ts', '--map', path.join(directory, 'out', 'index.mjs.map')],
      { cwd: path.resolve(import.meta.dirname, '../../..') },
    );
    child.stdin?.end(trace);
    const output = await new Promise<string>((resolve, reject) => {
      let stdout = '';
      child.stdout?.on('data', (chunk) => {
        stdout += String(chunk);
      });
      child.on('error', reject);
      child.on('close', (code) => (code === 0 ? resolve(stdout) : reject(new Error(`exit ${code}`))));
    });

    expect(output).toContain('failing.ts:3:');
    await expect(
      run('node', ['infra/ops/stack-trace.ts'], { cwd: path.resolve(import.meta.dirname, '../../..') }),
    ).rejects.toMatchObject({ code: 2 });
  });
});
