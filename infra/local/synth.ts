// Synthesizes the CDK app for the local runtime, in a child process (bundling runs esbuild synchronously and the CDK
// library is large: neither should stall or bloat the process that serves requests). Assemblies are cached in
// `cdk.out.local/` under a hash of every synthesis input, so an unchanged app starts without synthesizing again.
import { spawn } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, stat, utimes } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const SYNTH_SCRIPT = fileURLToPath(new URL('./synth-assembly.ts', import.meta.url));
const REPOSITORY_ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const CACHE_ROOT = path.join(REPOSITORY_ROOT, 'cdk.out.local');
/** Everything the synthesized assembly (templates and bundles) is made from; the local runtime itself is not. */
const INPUT_DIRECTORIES = ['infra', 'functions', 'shared'];
const INPUT_FILES = ['package.json', 'package-lock.json', 'cdk.json', 'tsconfig.json'];
const EXCLUDED = [path.join('infra', 'local')];
const KEEP_ENTRIES = 6;
const PRUNE_AFTER_MS = 24 * 3600 * 1000;

export type SynthesizedAssembly = {
  readonly directory: string;
  readonly cached: boolean;
  /** Removes an uncached (LOTSE_LOCAL_SYNTH_CACHE=off) assembly; cached ones stay for the next start. */
  release(): Promise<void>;
};

async function inputFiles(relative: string, excluded: ReadonlySet<string>): Promise<string[]> {
  if (excluded.has(relative)) return [];
  const entries = await readdir(path.join(REPOSITORY_ROOT, relative), { withFileTypes: true });
  const files: string[] = [];
  for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    const child = path.join(relative, entry.name);
    if (entry.isDirectory()) files.push(...(await inputFiles(child, excluded)));
    else if (entry.isFile()) files.push(child);
  }
  return files;
}

/**
 * A hash of `seed` and every file (path and content) below `directories` (relative to the repository, without
 * `excluded` ones and node_modules) and of `files`; a listed file that does not exist is left out.
 */
export async function hashInputs(
  seed: readonly string[],
  directories: readonly string[],
  files: readonly string[],
  excluded: readonly string[] = [],
): Promise<string> {
  const skip = new Set([...excluded, 'node_modules']);
  const hash = createHash('sha256').update(JSON.stringify(seed));
  const all = [...(await Promise.all(directories.map((directory) => inputFiles(directory, skip)))).flat(), ...files];
  for (const file of all) {
    const absolute = path.join(REPOSITORY_ROOT, file);
    if (!existsSync(absolute)) continue;
    hash.update(`\0${file}\0`).update(await readFile(absolute));
  }
  return hash.digest('hex').slice(0, 20);
}

/** A hash of every input file (path and content), the municipality, the stage and the Node version. */
export function synthesisInputHash(municipality: string, stage: string): Promise<string> {
  return hashInputs([municipality, stage, process.version], INPUT_DIRECTORIES, INPUT_FILES, EXCLUDED);
}

async function runSynth(directory: string, municipality: string, stage: string): Promise<void> {
  const child = spawn(process.execPath, [SYNTH_SCRIPT, directory, municipality, stage], {
    cwd: REPOSITORY_ROOT,
    env: { ...process.env, CDK_DEFAULT_REGION: process.env.CDK_DEFAULT_REGION ?? 'eu-central-1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const collect = (chunk: Buffer) => {
    output += chunk.toString();
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  const [code] = (await once(child, 'exit')) as [number | null];
  if (code !== 0) throw new Error(`synthesizing the CDK app failed (exit ${code}):\n${output.trim()}`);
}

async function prune(keep: string): Promise<void> {
  const entries = await readdir(CACHE_ROOT, { withFileTypes: true });
  const dated = await Promise.all(
    entries
      .filter((entry) => entry.isDirectory() && entry.name !== keep)
      .map(async (entry) => {
        const full = path.join(CACHE_ROOT, entry.name);
        return { full, mtimeMs: (await stat(full)).mtimeMs, temporary: entry.name.startsWith('.tmp-') };
      }),
  );
  // Only old entries go: another local runtime may still be running from a recent one.
  const old = dated.filter((entry) => Date.now() - entry.mtimeMs > PRUNE_AFTER_MS);
  const excess = dated.length + 1 - KEEP_ENTRIES;
  const victims = old.sort((a, b) => a.mtimeMs - b.mtimeMs).filter((entry, index) => entry.temporary || index < excess);
  await Promise.all(victims.map((entry) => rm(entry.full, { recursive: true, force: true })));
}

/** The assembly for this municipality and stage: from the cache when no input changed, else synthesized now. */
export async function synthesize(municipality: string, stage: string): Promise<SynthesizedAssembly> {
  const useCache = process.env.LOTSE_LOCAL_SYNTH_CACHE !== 'off';
  const name = useCache ? `${municipality}-${stage}-${await synthesisInputHash(municipality, stage)}` : undefined;
  const final = name === undefined ? undefined : path.join(CACHE_ROOT, name);
  if (final !== undefined && existsSync(path.join(final, 'manifest.json'))) {
    const now = new Date();
    await utimes(final, now, now);
    return { directory: final, cached: true, release: async () => {} };
  }
  await mkdir(CACHE_ROOT, { recursive: true });
  const temporary = path.join(CACHE_ROOT, `.tmp-${randomUUID()}`);
  try {
    await runSynth(temporary, municipality, stage);
  } catch (error) {
    await rm(temporary, { recursive: true, force: true });
    throw error;
  }
  if (final === undefined) {
    return { directory: temporary, cached: false, release: () => rm(temporary, { recursive: true, force: true }) };
  }
  try {
    await rename(temporary, final);
  } catch {
    // Another runtime synthesized the same inputs at the same time: use its copy.
    await rm(temporary, { recursive: true, force: true });
  }
  await prune(name ?? '').catch(() => {});
  return { directory: final, cached: false, release: async () => {} };
}
