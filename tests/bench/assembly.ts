// The cloud assembly the benchmarks measure: synthesized (with bundling) through the local runtime's cached synthesis,
// read into the same model the local runtime runs, so the bundles and settings are exactly what would be deployed.
import path from 'node:path';
import { type AppModel, type FunctionModel, readAppModel } from '#infra/local/app-model.ts';
import { readCloudAssembly } from '#infra/local/cloud-assembly.ts';
import { LOCAL_ACCOUNT_ID, localQueueUrl } from '#infra/local/sqs-local.ts';
import { synthesize } from '#infra/local/synth.ts';

export const BENCH_MUNICIPALITY = 'musterstadt';
export const BENCH_STAGE = 'dev';
export const BENCH_REGION = 'eu-central-1';

/** A loopback address nothing listens on: clients are constructed against it but never called. */
export const UNUSED_ENDPOINT = 'http://127.0.0.1:9';

export type BenchAssembly = {
  readonly directory: string;
  readonly model: AppModel;
  readonly synthMs: number;
  readonly cached: boolean;
};

/** Synthesizes (or reuses the cached) assembly; queue URLs and the API URL are bound to `endpoint`. */
export async function loadAssembly(endpoint: string = UNUSED_ENDPOINT): Promise<BenchAssembly> {
  const startedAt = performance.now();
  const assembly = await synthesize(BENCH_MUNICIPALITY, BENCH_STAGE);
  const model = readAppModel(readCloudAssembly(assembly.directory), {
    region: BENCH_REGION,
    accountId: LOCAL_ACCOUNT_ID,
    queueUrl: (name) => localQueueUrl(endpoint, name),
    apiUrl: endpoint,
  });
  return {
    directory: assembly.directory,
    model,
    synthMs: Math.round(performance.now() - startedAt),
    cached: assembly.cached,
  };
}

/** The bundle file Lambda would load for the function (`index.handler` → `<code>/index.mjs`). */
export function bundleFile(fn: FunctionModel): string {
  const moduleName = fn.handler.slice(0, fn.handler.lastIndexOf('.'));
  return path.join(fn.codeDirectory, `${moduleName}.mjs`);
}
