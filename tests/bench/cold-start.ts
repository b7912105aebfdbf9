// Section 1, cold start per function: bundle size and the time a fresh Node process takes to import the bundle
// (module evaluation, config parsing, client construction), against a bundle that only constructs the same clients.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import type { FunctionModel } from '#infra/local/app-model.ts';
import { functionEnvironment } from '#infra/local/runtime.ts';
import { type BenchAssembly, bundleFile, UNUSED_ENDPOINT } from './assembly.ts';
import { type Row, type SectionResult, verdict } from './report.ts';
import { median, ratio } from './stats.ts';

export const COLD_START_TARGET = 1.25;
const REPOSITORY_ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** The AWS SDK clients a bundle can construct, as the source map's `sources` reveal them. */
export const SDK_CLIENTS = {
  'dynamodb-document': {
    packages: ['@aws-sdk/lib-dynamodb/'],
    imports: [
      "import { DynamoDBClient } from '@aws-sdk/client-dynamodb';",
      "import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';",
    ],
    construct:
      'DynamoDBDocumentClient.from(new DynamoDBClient({}), { marshallOptions: { removeUndefinedValues: true } })',
  },
  sqs: {
    packages: ['@aws-sdk/client-sqs/'],
    imports: ["import { SQSClient } from '@aws-sdk/client-sqs';"],
    construct: 'new SQSClient({})',
  },
  'secrets-manager': {
    packages: ['@aws-sdk/client-secrets-manager/'],
    imports: ["import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';"],
    construct: 'new SecretsManagerClient({})',
  },
  // Accounts and machine clients on the user pool (coordinator).
  'cognito-identity-provider': {
    packages: ['@aws-sdk/client-cognito-identity-provider/'],
    imports: ["import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';"],
    construct: 'new CognitoIdentityProviderClient({})',
  },
  // The JWT authorizer's audience (coordinator, sweeper).
  apigatewayv2: {
    packages: ['@aws-sdk/client-apigatewayv2/'],
    imports: ["import { ApiGatewayV2Client } from '@aws-sdk/client-apigatewayv2';"],
    construct: 'new ApiGatewayV2Client({})',
  },
} as const;
export type SdkClient = keyof typeof SDK_CLIENTS;

/**
 * Extra libraries the functions bundle besides the SDK, each measured as "floor + library" when a function misses
 * its target, to attribute the difference by measurement.
 */
const ATTRIBUTION_PROBES: Record<string, { imports: string[]; use: string }> = {
  zod: { imports: ["import * as z from 'zod';"], use: "z.object({ a: z.string() }).parse({ a: 'x' })" },
  '@middy/core': { imports: ["import middy from '@middy/core';"], use: 'middy()' },
  'powertools logger + metrics': {
    imports: [
      "import { Logger } from '@aws-lambda-powertools/logger';",
      "import { Metrics } from '@aws-lambda-powertools/metrics';",
    ],
    use: '[new Logger(), new Metrics()]',
  },
};

// Runs inside the fresh process: the clock starts right before the import and stops once evaluation (including the
// handler module's top-level awaits) is done. Node's own start-up is outside the window, as Lambda's INIT excludes it.
const CHILD_SOURCE = `
const file = process.argv[1];
const { pathToFileURL } = await import('node:url');
const url = pathToFileURL(file).href;
const started = performance.now();
const cpuBefore = process.cpuUsage();
const loaded = await import(url);
const ms = performance.now() - started;
const cpu = process.cpuUsage(cpuBefore);
if (typeof loaded.handler !== 'function') throw new Error('the bundle exports no handler');
process.stdout.write(JSON.stringify({ ms, cpuMs: (cpu.user + cpu.system) / 1000 }));
`;

/** The ESM banner the functions' bundling adds (a `require` for CommonJS dependencies inside an ESM bundle). */
const ESM_REQUIRE_SHIM =
  "import { createRequire as lotseCreateRequire } from 'node:module'; const require = lotseCreateRequire(import.meta.url);";

export async function clientsOfBundle(file: string): Promise<SdkClient[]> {
  const map = JSON.parse(await readFile(`${file}.map`, 'utf8')) as { sources?: string[] };
  const sources = map.sources ?? [];
  return (Object.keys(SDK_CLIENTS) as SdkClient[]).filter((client) =>
    SDK_CLIENTS[client].packages.some((name) => sources.some((source) => source.includes(`node_modules/${name}`))),
  );
}

/** Builds an ESM bundle with the functions' esbuild options (minified, SDK bundled, source map, require shim). */
export async function buildProbe(name: string, source: string, directory: string): Promise<string> {
  const hash = createHash('sha256').update(source).digest('hex').slice(0, 12);
  const outfile = path.join(directory, `${name.replace(/[^a-z0-9]+/gi, '-')}-${hash}`, 'index.mjs');
  if (existsSync(outfile)) return outfile;
  await build({
    stdin: { contents: source, resolveDir: REPOSITORY_ROOT, sourcefile: `${name}.ts`, loader: 'ts' },
    bundle: true,
    outfile,
    format: 'esm',
    platform: 'node',
    target: 'node24',
    mainFields: ['module', 'main'],
    minify: true,
    sourcemap: true,
    sourcesContent: false,
    banner: { js: ESM_REQUIRE_SHIM },
    logLevel: 'silent',
  });
  return outfile;
}

export function floorSource(clients: readonly SdkClient[], extra: { imports: string[]; use: string }[] = []): string {
  const imports = [...new Set(clients.flatMap((client) => SDK_CLIENTS[client].imports))];
  const constructed = clients.map((client) => SDK_CLIENTS[client].construct);
  return [
    ...imports,
    ...extra.flatMap((probe) => probe.imports),
    `export const clients = [${constructed.join(', ')}];`,
    `export const extras = [${extra.map((probe) => probe.use).join(', ')}];`,
    'export const handler = async () => clients.length + extras.length;',
  ].join('\n');
}

/** What one import cost inside the fresh process: wall-clock time and CPU time (user + system, all threads), in ms. */
export type ImportCost = { ms: number; cpuMs: number };

/** Imports `file` in a fresh Node process with `env`; returns the import's cost measured inside it. */
export function importTime(file: string, env: Record<string, string>, cwd: string): Promise<ImportCost> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', CHILD_SOURCE, file], {
      cwd,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code !== 0) {
        reject(new Error(`importing ${file} failed (exit ${code}): ${stderr.trim().slice(0, 2000)}`));
        return;
      }
      try {
        resolve(JSON.parse(stdout) as ImportCost);
      } catch {
        reject(new Error(`importing ${file} printed no timing: ${stdout.slice(0, 200)} ${stderr.slice(0, 2000)}`));
      }
    });
  });
}

/** The function's own environment (template variables, Lambda's variables), with endpoints nothing listens on. */
export function coldStartEnvironment(fn: FunctionModel): Record<string, string> {
  return functionEnvironment(fn, {
    dynamodb: UNUSED_ENDPOINT,
    sqs: UNUSED_ENDPOINT,
    sqsOrigin: UNUSED_ENDPOINT,
    secretsManager: UNUSED_ENDPOINT,
    cognitoIdentityProvider: UNUSED_ENDPOINT,
    apiGateway: UNUSED_ENDPOINT,
  });
}

type Measured = { file: string; env: Record<string, string>; cwd: string; samples: number[]; cpuSamples: number[] };

/** Samples every probe `samples` times, interleaved, so drift on a shared machine hits all of them alike. */
async function sampleInterleaved(probes: Measured[], samples: number): Promise<void> {
  for (let round = 0; round < samples; round += 1) {
    for (const probe of probes) {
      const cost = await importTime(probe.file, probe.env, probe.cwd);
      probe.samples.push(cost.ms);
      probe.cpuSamples.push(cost.cpuMs);
    }
  }
}

export async function coldStartSection(options: {
  assembly: BenchAssembly;
  samples: number;
  /** Measure "floor + library" bundles for a function that misses its target (default true). */
  attribute?: boolean;
}): Promise<SectionResult> {
  const startedAt = performance.now();
  const probeDirectory = path.join(os.tmpdir(), 'lotse-bench-probes');
  await mkdir(probeDirectory, { recursive: true });
  const functions = [...options.assembly.model.functions].sort((a, b) => a.name.localeCompare(b.name));

  const measured = await Promise.all(
    functions.map(async (fn) => {
      const file = bundleFile(fn);
      const bytes = await readFile(file);
      const clients = await clientsOfBundle(file);
      return {
        fn,
        clients,
        rawBytes: bytes.length,
        gzipBytes: gzipSync(bytes).length,
        probe: { file, env: coldStartEnvironment(fn), cwd: fn.codeDirectory, samples: [], cpuSamples: [] } as Measured,
      };
    }),
  );
  // One floor per distinct client set (several functions construct the same clients), run with the environment of
  // the first function using it: the SDK's variables apply to the floor as well.
  const floors = new Map<string, Measured & { clients: SdkClient[]; rawBytes: number; gzipBytes: number }>();
  for (const entry of measured) {
    const key = entry.clients.join('+');
    if (floors.has(key)) continue;
    const file = await buildProbe(`floor-${key}`, floorSource(entry.clients), probeDirectory);
    const bytes = await readFile(file);
    floors.set(key, {
      file,
      env: entry.probe.env,
      cwd: path.dirname(file),
      samples: [],
      cpuSamples: [],
      clients: entry.clients,
      rawBytes: bytes.length,
      gzipBytes: gzipSync(bytes).length,
    });
  }
  const emptyFile = await buildProbe('empty', 'export const handler = async () => 0;', probeDirectory);
  const firstEnv = measured[0]?.probe.env ?? {};
  const empty: Measured = { file: emptyFile, env: firstEnv, cwd: path.dirname(emptyFile), samples: [], cpuSamples: [] };

  await sampleInterleaved([...measured.map((entry) => entry.probe), ...floors.values(), empty], options.samples);

  const rows: Row[] = [];
  const notes: string[] = [
    `Init time: median of ${options.samples} fresh \`node\` processes per bundle (Node ${process.version}), each ` +
      'timing `await import(bundle)` with performance.now() inside the process, with the function’s own environment ' +
      '(template variables — no --enable-source-maps: the functions read no source map at start-up —, dummy ' +
      'endpoints) so configuration parsing succeeds and ' +
      'the clients are constructed. Bundles and floors were sampled interleaved.',
    'Floor: esbuild bundle with the functions’ options (ESM, minified, SDK bundled, source map, require shim) that ' +
      'only constructs the SDK clients the function’s bundle contains (read from its source map). Sizes: raw and gzip ' +
      '(level 6) of index.mjs (the source map is not counted).',
  ];
  const details: Record<string, unknown> = {};
  const missed: string[] = [];
  const cpuRatios: string[] = [];
  const ratioByFunction = new Map<string, number>();
  for (const entry of measured) {
    const floor = floors.get(entry.clients.join('+'));
    const init = median(entry.probe.samples);
    const floorInit = floor === undefined ? null : median(floor.samples);
    const initRatio = ratio(init, floorInit);
    const met = initRatio !== null && initRatio <= COLD_START_TARGET;
    if (!met) missed.push(entry.fn.name);
    ratioByFunction.set(entry.fn.name, initRatio ?? Number.POSITIVE_INFINITY);
    const cpuRatio = ratio(median(entry.probe.cpuSamples), floor ? median(floor.cpuSamples) : null);
    if (cpuRatio !== null) cpuRatios.push(`${entry.fn.name} ${cpuRatio.toFixed(2)}×`);
    rows.push({
      measure: `${entry.fn.name} init (${entry.clients.join(', ')})`,
      figure: init,
      floor: floorInit,
      unit: 'ms',
      ratio: initRatio,
      target: `≤ ${COLD_START_TARGET}× floor`,
      verdict: verdict(met),
    });
    rows.push({
      measure: `${entry.fn.name} bundle gzip (raw ${Math.round(entry.rawBytes / 1024)} KiB)`,
      figure: entry.gzipBytes / 1024,
      floor: floor === undefined ? null : floor.gzipBytes / 1024,
      unit: 'KiB',
      ratio: ratio(entry.gzipBytes, floor?.gzipBytes ?? null),
      verdict: 'INFO',
    });
    details[entry.fn.name] = {
      bundle: entry.probe.file,
      clients: entry.clients,
      rawBytes: entry.rawBytes,
      gzipBytes: entry.gzipBytes,
      memorySize: entry.fn.memorySize,
      initMs: entry.probe.samples,
      initCpuMs: entry.probe.cpuSamples,
      floorRawBytes: floor?.rawBytes,
      floorGzipBytes: floor?.gzipBytes,
      floorInitMs: floor?.samples,
      floorInitCpuMs: floor?.cpuSamples,
    };
  }
  rows.push({
    measure: 'empty module import (reference)',
    figure: median(empty.samples),
    floor: null,
    unit: 'ms',
    ratio: null,
    verdict: 'INFO',
  });
  details.emptyModuleMs = empty.samples;
  notes.push(
    'CPU time of the same imports (user + system of the fresh process, median), which other work on shared cores ' +
      `disturbs less than the wall clock; function ÷ its floor: ${cpuRatios.join(', ')}.`,
  );

  if (missed.length > 0 && options.attribute !== false) {
    // Intake (a referrer waits for its cold start) and the function furthest from its target, when that is another.
    const worst = [...missed].sort((a, b) => (ratioByFunction.get(b) ?? 0) - (ratioByFunction.get(a) ?? 0))[0];
    const attributed = [...new Set([...(missed.includes('intake') ? ['intake'] : []), ...(worst ? [worst] : [])])];
    const attributions: Record<string, unknown> = {};
    const summaries: string[] = [];
    for (const name of attributed) {
      const entry = measured.find((candidate) => candidate.fn.name === name);
      if (entry === undefined) continue;
      const attribution = await attributeDifference(entry, floors, probeDirectory, options.samples);
      attributions[name] = { wall: attribution.deltasMs, cpu: attribution.cpuDeltasMs };
      summaries.push(attribution.summary);
    }
    details.attribution = attributions;
    notes.push(`Target not met by: ${missed.join(', ')}. ${summaries.join(' ')}`);
  }
  return {
    id: '1',
    title: 'Cold start per function',
    floor: 'a bundle built with the same esbuild options that only constructs the same AWS SDK clients',
    rows,
    notes,
    details,
    durationMs: Math.round(performance.now() - startedAt),
  };
}

function signed(value: number): string {
  return `${value >= 0 ? '+' : '−'}${Math.abs(value).toFixed(1)}`;
}

/**
 * Where the time above the floor goes, by measurement: "floor + one library" bundles (the library imported and
 * used once), each sampled like the functions; the rest of a function's difference is its own code. (The functions
 * read no source map at start-up: service-function.ts sets no --enable-source-maps.)
 */
async function attributeDifference(
  entry: { fn: FunctionModel; clients: SdkClient[]; probe: Measured },
  floors: Map<string, Measured>,
  directory: string,
  samples: number,
): Promise<{ summary: string; deltasMs: Record<string, number>; cpuDeltasMs: Record<string, number> }> {
  const floor = floors.get(entry.clients.join('+'));
  const probes = new Map<string, Measured>();
  for (const [name, probe] of Object.entries(ATTRIBUTION_PROBES)) {
    const file = await buildProbe(`floor-plus-${name}`, floorSource(entry.clients, [probe]), directory);
    probes.set(name, { file, env: entry.probe.env, cwd: path.dirname(file), samples: [], cpuSamples: [] });
  }
  const rerunFloor: Measured | undefined =
    floor === undefined ? undefined : { ...floor, samples: [] as number[], cpuSamples: [] };
  const rerunFunction: Measured = { ...entry.probe, samples: [], cpuSamples: [] };
  await sampleInterleaved([...probes.values(), ...(rerunFloor ? [rerunFloor] : []), rerunFunction], samples);
  // The same differences by wall clock and by CPU time (less disturbed by other work on shared cores).
  const differences = (of: (probe: Measured) => number[]) => {
    const base = rerunFloor === undefined ? 0 : median(of(rerunFloor));
    const total = median(of(rerunFunction)) - base;
    const deltas: Record<string, number> = {};
    for (const [name, probe] of probes) deltas[name] = median(of(probe)) - base;
    const explained = Object.values(deltas).reduce((sum, value) => sum + value, 0);
    const parts = Object.entries(deltas)
      .sort((a, b) => b[1] - a[1])
      .map(([name, value]) => `${name} ${signed(value)} ms`);
    return { total, deltas, remainder: total - explained, parts };
  };
  const wall = differences((probe) => probe.samples);
  const cpu = differences((probe) => probe.cpuSamples);
  const name = entry.fn.name;
  const summary =
    `Measured attribution for ${name} (median of ${samples} imports each, "floor + library" bundles, same run): ` +
    `${name} is ${signed(wall.total)} ms over its floor; ` +
    `${wall.parts.join(', ')}; the remaining ${wall.remainder.toFixed(1)} ms is Lotse's own code (module ` +
    'evaluation, middleware, adapters) and parsing the rest of the bundle. By CPU time: ' +
    `${signed(cpu.total)} ms over the floor; ${cpu.parts.join(', ')}; remaining ${cpu.remainder.toFixed(1)} ms ` +
    "(differences of a few ms are within the run's noise).";
  const deltasMs = wall.deltas;
  const total = wall.total;
  const explained = total - wall.remainder;
  const cpuDeltasMs = { ...cpu.deltas, total: cpu.total, remainder: cpu.remainder };
  return { summary, deltasMs: { ...deltasMs, total, remainder: total - explained }, cpuDeltasMs };
}
