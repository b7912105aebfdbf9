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
const loaded = await import(url);
const ms = performance.now() - started;
if (typeof loaded.handler !== 'function') throw new Error('the bundle exports no handler');
process.stdout.write(JSON.stringify({ ms }));
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

/** Imports `file` in a fresh Node process with `env`; returns the import time measured inside it, in ms. */
export function importTime(file: string, env: Record<string, string>, cwd: string): Promise<number> {
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
        resolve((JSON.parse(stdout) as { ms: number }).ms);
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

type Measured = { file: string; env: Record<string, string>; cwd: string; samples: number[] };

/** Samples every probe `samples` times, interleaved, so drift on a shared machine hits all of them alike. */
async function sampleInterleaved(probes: Measured[], samples: number): Promise<void> {
  for (let round = 0; round < samples; round += 1) {
    for (const probe of probes) probe.samples.push(await importTime(probe.file, probe.env, probe.cwd));
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
        probe: { file, env: coldStartEnvironment(fn), cwd: fn.codeDirectory, samples: [] } as Measured,
      };
    }),
  );
  // One floor per distinct client set (several functions construct the same clients), run with the environment of
  // the first function using it: NODE_OPTIONS (source maps) and the SDK's variables apply to the floor as well.
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
      clients: entry.clients,
      rawBytes: bytes.length,
      gzipBytes: gzipSync(bytes).length,
    });
  }
  const emptyFile = await buildProbe('empty', 'export const handler = async () => 0;', probeDirectory);
  const firstEnv = measured[0]?.probe.env ?? {};
  const empty: Measured = { file: emptyFile, env: firstEnv, cwd: path.dirname(emptyFile), samples: [] };

  await sampleInterleaved([...measured.map((entry) => entry.probe), ...floors.values(), empty], options.samples);

  const rows: Row[] = [];
  const notes: string[] = [
    `Init time: median of ${options.samples} fresh \`node\` processes per bundle (Node ${process.version}), each ` +
      'timing `await import(bundle)` with performance.now() inside the process, with the function’s own environment ' +
      '(template variables, NODE_OPTIONS=--enable-source-maps, dummy endpoints) so configuration parsing succeeds and ' +
      'the clients are constructed. Bundles and floors were sampled interleaved.',
    'Floor: esbuild bundle with the functions’ options (ESM, minified, SDK bundled, source map, require shim) that ' +
      'only constructs the SDK clients the function’s bundle contains (read from its source map). Sizes: raw and gzip ' +
      '(level 6) of index.mjs (the source map is not counted).',
  ];
  const details: Record<string, unknown> = {};
  const missed: string[] = [];
  for (const entry of measured) {
    const floor = floors.get(entry.clients.join('+'));
    const init = median(entry.probe.samples);
    const floorInit = floor === undefined ? null : median(floor.samples);
    const initRatio = ratio(init, floorInit);
    const met = initRatio !== null && initRatio <= COLD_START_TARGET;
    if (!met) missed.push(entry.fn.name);
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
      floorRawBytes: floor?.rawBytes,
      floorGzipBytes: floor?.gzipBytes,
      floorInitMs: floor?.samples,
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

  if (missed.length > 0 && options.attribute !== false) {
    const attribution = await attributeDifference(measured, floors, probeDirectory, options.samples);
    details.attribution = attribution;
    notes.push(`Target not met by: ${missed.join(', ')}. ${attribution.summary}`);
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
 * used once), each sampled like the functions; the rest of a function's difference is its own code.
 */
async function attributeDifference(
  measured: { fn: FunctionModel; clients: SdkClient[]; probe: Measured }[],
  floors: Map<string, Measured>,
  directory: string,
  samples: number,
): Promise<{ summary: string; deltasMs: Record<string, number> }> {
  // The intake function when there is one: its cold start is the one a referrer waits for.
  const first = measured.find((entry) => entry.fn.name === 'intake') ?? measured[0];
  if (first === undefined) return { summary: '', deltasMs: {} };
  const floor = floors.get(first.clients.join('+'));
  const probes = new Map<string, Measured>();
  for (const [name, probe] of Object.entries(ATTRIBUTION_PROBES)) {
    const file = await buildProbe(`floor-plus-${name}`, floorSource(first.clients, [probe]), directory);
    probes.set(name, { file, env: first.probe.env, cwd: path.dirname(file), samples: [] });
  }
  const rerunFloor: Measured | undefined = floor === undefined ? undefined : { ...floor, samples: [] as number[] };
  const rerunFunction: Measured = { ...first.probe, samples: [] };
  await sampleInterleaved([...probes.values(), ...(rerunFloor ? [rerunFloor] : []), rerunFunction], samples);
  const base = rerunFloor === undefined ? 0 : median(rerunFloor.samples);
  const total = median(rerunFunction.samples) - base;
  const deltasMs: Record<string, number> = {};
  for (const [name, probe] of probes) deltasMs[name] = median(probe.samples) - base;
  const explained = Object.values(deltasMs).reduce((sum, value) => sum + value, 0);
  const parts = Object.entries(deltasMs)
    .sort((a, b) => b[1] - a[1])
    .map(([name, value]) => `${name} ${signed(value)} ms`);
  const summary =
    `Measured attribution for ${first.fn.name} (median of ${samples} imports each, "floor + library" bundles, same ` +
    `run): ${first.fn.name} is ${signed(total)} ms over its floor; ${parts.join(', ')} (differences of a few ms ` +
    `are within the run's noise); the remaining ${(total - explained).toFixed(1)} ms is Lotse's own code (domain ` +
    'schemas, middleware, adapters) and the rest of the handler module graph.';
  return { summary, deltasMs: { ...deltasMs, total, remainder: total - explained } };
}
