// `npm run bench`: runs the benchmark sections, prints the table and writes bench/results/latest.{json,md}.
// Options (argv or environment): --size smoke|full (BENCH_SIZE), --sections 1,2,... (BENCH_SECTIONS),
// --out <directory> (BENCH_OUT, default bench/results).
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_CATALOGUE, loadCatalogue } from '#infra/local/catalogue-file.ts';
import { DEFAULT_MAX_INSTANCES, startLocalRuntime } from '#infra/local/runtime.ts';
import { loadAssembly } from './assembly.ts';
import { coldStartSection } from './cold-start.ts';
import { costSection } from './cost.ts';
import { endToEndSection } from './end-to-end.ts';
import type { LocalTarget } from './local-target.ts';
import { countStack, monthlyBillSection } from './monthly-bill.ts';
import { officeReadsSection } from './office-reads.ts';
import { type BenchReport, buildReport, renderText, type SectionResult, writeReport } from './report.ts';
import { routingScaleSection } from './routing-scale.ts';
import { warmOverheadSection } from './warm-overhead.ts';
import { webAppSection } from './web-app.ts';

const REPOSITORY_ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const DEFAULT_OUT = path.join(REPOSITORY_ROOT, 'bench', 'results');
export const SECTION_IDS = ['1', '2', '3', '4', '5', '6', '7', '8'] as const;
export type SectionId = (typeof SECTION_IDS)[number];

export const SIZES = {
  full: {
    coldStart: { samples: 15, attribute: true },
    warm: { iterations: 20_000, warmup: 2_000 },
    routing: { sizes: [100, 1_000, 10_000, 100_000], matches: 20_000, warmup: 2_000 },
    endToEnd: { referrals: 2_000, concurrency: 32, warmup: 64, timeoutMs: 300_000 },
    cost: { referrals: 100, batchSize: 10 },
    officeReads: { cases: 5_000, concurrency: 8, requests: 800, warmup: 80, attributionCalls: 50 },
  },
  smoke: {
    coldStart: { samples: 2, attribute: false },
    warm: { iterations: 300, warmup: 50 },
    routing: { sizes: [100, 1_000], matches: 300, warmup: 50 },
    endToEnd: { referrals: 40, concurrency: 8, warmup: 4, timeoutMs: 60_000 },
    cost: { referrals: 4, batchSize: 2 },
    officeReads: { cases: 200, concurrency: 8, requests: 24, warmup: 8, attributionCalls: 4 },
  },
} as const;
export type BenchSize = keyof typeof SIZES;

export type BenchOptions = {
  readonly size: BenchSize;
  readonly sections: readonly SectionId[];
  readonly out: string;
  readonly progress?: (line: string) => void;
};

export function parseOptions(argv: readonly string[], env: NodeJS.ProcessEnv): BenchOptions {
  const value = (flag: string, variable: string) => {
    const index = argv.indexOf(flag);
    const inline = argv.find((argument) => argument.startsWith(`${flag}=`));
    if (inline !== undefined) return inline.slice(flag.length + 1);
    return index >= 0 ? argv[index + 1] : env[variable];
  };
  const size = value('--size', 'BENCH_SIZE') ?? 'full';
  if (size !== 'full' && size !== 'smoke') throw new Error(`--size must be smoke or full, not ${size}`);
  const sections = (value('--sections', 'BENCH_SECTIONS') ?? SECTION_IDS.join(','))
    .split(',')
    .map((id) => id.trim())
    .filter((id) => id !== '');
  for (const id of sections) {
    if (!(SECTION_IDS as readonly string[]).includes(id)) throw new Error(`unknown section ${id}`);
  }
  return { size, sections: sections as SectionId[], out: path.resolve(value('--out', 'BENCH_OUT') ?? DEFAULT_OUT) };
}

/** Adds to section 4's notes what section 5 counted per referral, when the throughput target was missed. */
function crossReference(sections: SectionResult[]): void {
  const endToEnd = sections.find((section) => section.id === '4');
  const cost = sections.find((section) => section.id === '5');
  if (endToEnd === undefined || cost === undefined || endToEnd.rows[0]?.verdict !== 'NOT MET') return;
  const perFunction = (cost.details as { perFunction?: PerFunction[] }).perFunction ?? [];
  const pipeline = perFunction.filter((entry) => entry.name === 'intake' || entry.name === 'router');
  const requests = pipeline
    .map(
      (entry) =>
        `${entry.name}: ${Object.entries(entry.dynamoRequestsPerReferral)
          .map(
            ([operation, count]) =>
              `${count.toFixed(1)} ${operation} (p50 ${entry.dynamoLatencyMsP50[operation]?.toFixed(1) ?? '?'} ms)`,
          )
          .join(
            ', ',
          )}, ${(entry.writeUnitsPerReferral ?? 0).toFixed(1)} WRU, duration p50 ${entry.durationMs.p50.toFixed(
          1,
        )} ms per invocation${entry.name === 'router' ? ' (batches of 10)' : ''}`,
    )
    .join('; ');
  endToEnd.notes.push(
    `Per referral up to "routed", section 5 measured (sequential, uncontended) — ${requests}; the floor makes one ` +
      'PutItem and one SendMessage.',
  );
}

type PerFunction = {
  name: string;
  durationMs: { p50: number };
  dynamoRequestsPerReferral: Record<string, number>;
  dynamoLatencyMsP50: Record<string, number>;
  writeUnitsPerReferral?: number;
};

export async function runBench(options: BenchOptions): Promise<BenchReport> {
  const startedAt = performance.now();
  const progress = options.progress ?? ((line: string) => process.stderr.write(`[bench] ${line}\n`));
  const size = SIZES[options.size];
  const wanted = new Set(options.sections);
  // The monthly bill (7) prices section 5's measured units: asking for 7 runs 5 too.
  if (wanted.has('7')) wanted.add('5');
  const sections: SectionResult[] = [];
  const done = (section: SectionResult) => {
    sections.push(section);
    progress(`section ${section.id} done in ${(section.durationMs / 1000).toFixed(1)} s`);
  };

  if (wanted.has('1')) {
    progress('section 1: cold start (synthesizing the assembly if inputs changed)');
    const assembly = await loadAssembly();
    progress(`assembly ${assembly.cached ? 'from cache' : 'synthesized'} in ${assembly.synthMs} ms`);
    done(await coldStartSection({ assembly, ...size.coldStart }));
  }
  if (wanted.has('2')) {
    progress('section 2: warm overhead per HTTP request');
    done(await warmOverheadSection(size.warm));
  }
  if (wanted.has('3')) {
    progress('section 3: routing engine at scale');
    done(await routingScaleSection(size.routing));
  }
  if (wanted.has('4') || wanted.has('5') || wanted.has('8')) {
    progress('starting the local runtime');
    // Section 8 reads the functions' own request lines while it measures; otherwise the output is dropped.
    let listener: ((line: string) => void) | undefined;
    const runtime = await startLocalRuntime({ port: 0, log: (line) => listener?.(line) });
    try {
      progress(`local runtime up in ${runtime.startupMs} ms at ${runtime.url}`);
      const target: LocalTarget = {
        url: runtime.url,
        resources: runtime.resources,
        catalogue: await loadCatalogue(DEFAULT_CATALOGUE),
      };
      if (wanted.has('4')) {
        progress(`section 4: end to end, ${size.endToEnd.referrals} referrals`);
        done(await endToEndSection(target, size.endToEnd));
      }
      if (wanted.has('5')) {
        progress(`section 5: cost, ${size.cost.referrals} referrals through the closed loop`);
        done(await costSection(target, size.cost));
      }
      if (wanted.has('8')) {
        const reads = size.officeReads;
        progress(`section 8: office read path, ${reads.cases} cases, concurrency ${reads.concurrency}`);
        done(
          await officeReadsSection(
            target,
            { ...reads, environments: DEFAULT_MAX_INSTANCES },
            {
              listen: (next) => {
                listener = next;
              },
            },
          ),
        );
      }
    } finally {
      await runtime.stop();
    }
  }
  if (wanted.has('6')) {
    progress('section 6: web app first load');
    done(await webAppSection());
  }
  const cost = sections.find((section) => section.id === '5');
  if (wanted.has('7') && cost !== undefined) {
    progress('section 7: monthly bill of one deployment');
    const assembly = await loadAssembly();
    const catalogue = await loadCatalogue(DEFAULT_CATALOGUE);
    done(monthlyBillSection(cost, await countStack(assembly.directory, catalogue.offices.length)));
  }
  crossReference(sections);
  // In the order of their ids, whichever order they ran in (8 shares the runtime of 4 and 5).
  sections.sort((a, b) => Number(a.id) - Number(b.id));
  const command = `npm run bench${options.size === 'full' ? '' : ` -- --size ${options.size}`}`;
  const report = buildReport(sections, { size: options.size, command, startedAt });
  await writeReport(report, options.out);
  return report;
}

if (import.meta.main) {
  const options = parseOptions(process.argv.slice(2), process.env);
  const report = await runBench(options);
  process.stdout.write(`${renderText(report)}\n`);
  process.stdout.write(`\nwritten: ${path.join(options.out, 'latest.json')}, ${path.join(options.out, 'latest.md')}\n`);
}
