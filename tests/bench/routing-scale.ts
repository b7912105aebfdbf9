// Section 3, the routing engine at scale: createMatcher over generated catalogues of growing size — index build time
// and per-referral match time — against a linear scan that only reads each offer's id.
import { PerformanceObserver } from 'node:perf_hooks';
import type { Offer } from '#domain/catalogue.ts';
import { createMatcher, type MatchRequest } from '#domain/matching.ts';
import { GENERATED_DISTRICTS, generateOffers, generateRequest } from './catalogue-generator.ts';
import { type Row, type SectionResult, verdict } from './report.ts';
import { median, quantile, ratio, seededRandom } from './stats.ts';

/** p99 targets per catalogue size, in ms. */
export const ROUTING_TARGETS_MS: Readonly<Record<number, number>> = { 10000: 1, 100000: 10 };

// The floor's result goes here so that the JIT cannot drop the loop.
let sink = 0;

/** The floor: touches every offer once and does nothing else (what any unindexed scan costs at the least). */
function scanIds(offers: readonly Offer[]): number {
  let total = 0;
  for (let index = 0; index < offers.length; index += 1) total += (offers[index] as Offer).id.length;
  return total;
}

type SizeResult = {
  offers: number;
  bookable: number;
  buildMs: number[];
  matchUs: { p50: number; p99: number; max: number };
  floorUs: { p50: number; p99: number };
  floorSamples: number;
  meanProposals: number;
  /** Garbage collections during the timed loop (matches and floor scans): count, total and longest pause. */
  gc: { count: number; totalMs: number; maxMs: number };
};

/** Collects the GC pauses while `work` runs (PerformanceObserver 'gc' entries). */
async function withGcPauses<T>(work: () => T): Promise<{ result: T; pauses: number[] }> {
  const pauses: number[] = [];
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) pauses.push(entry.duration);
  });
  observer.observe({ entryTypes: ['gc'] });
  const result = work();
  // GC entries are delivered asynchronously.
  await new Promise((resolve) => setTimeout(resolve, 50));
  observer.disconnect();
  return { result, pauses };
}

async function measureSize(size: number, matches: number, warmup: number, builds: number): Promise<SizeResult> {
  const random = seededRandom(0x1075e + size);
  const offers = generateOffers(size, random);
  const requests: MatchRequest[] = Array.from({ length: matches + warmup }, () => generateRequest(random));

  const buildMs: number[] = [];
  let matcher = createMatcher(offers);
  for (let build = 0; build < builds; build += 1) {
    const started = performance.now();
    matcher = createMatcher(offers);
    buildMs.push(performance.now() - started);
  }

  let proposals = 0;
  for (let index = 0; index < warmup; index += 1) {
    matcher.match(requests[index] as MatchRequest);
    sink += scanIds(offers);
  }
  // Interleaved, so both see the same machine state: a floor scan after every `stride`-th match (the scan of a large
  // catalogue costs more than a match; a stride keeps the section's run time in bounds).
  const stride = Math.max(1, Math.floor(size / 10_000));
  const matchUs = new Array<number>(matches);
  const floorUs: number[] = [];
  const { pauses } = await withGcPauses(() => {
    for (let index = 0; index < matches; index += 1) {
      const request = requests[warmup + index] as MatchRequest;
      let started = performance.now();
      proposals += matcher.match(request).length;
      matchUs[index] = (performance.now() - started) * 1000;
      if (index % stride !== 0) continue;
      started = performance.now();
      sink += scanIds(offers);
      floorUs.push((performance.now() - started) * 1000);
    }
  });
  return {
    offers: size,
    bookable: offers.filter((offer) => offer.status === 'active' && (offer.capacity?.available ?? 1) > 0).length,
    buildMs,
    matchUs: { p50: median(matchUs), p99: quantile(matchUs, 0.99), max: quantile(matchUs, 1) },
    floorUs: { p50: median(floorUs), p99: quantile(floorUs, 0.99) },
    floorSamples: floorUs.length,
    meanProposals: proposals / matches,
    gc: {
      count: pauses.length,
      totalMs: pauses.reduce((total, pause) => total + pause, 0),
      maxMs: pauses.length === 0 ? 0 : Math.max(...pauses),
    },
  };
}

export async function routingScaleSection(options: {
  sizes: readonly number[];
  matches: number;
  warmup: number;
}): Promise<SectionResult> {
  const startedAt = performance.now();
  const results: SizeResult[] = [];
  for (const size of options.sizes) {
    const builds = size >= 100_000 ? 3 : size >= 10_000 ? 5 : 20;
    const matches = size >= 100_000 ? Math.ceil(options.matches / 2) : options.matches;
    results.push(await measureSize(size, matches, options.warmup, builds));
    // Yield between sizes so timers (progress output) can run.
    await new Promise((resolve) => setImmediate(resolve));
  }

  const rows: Row[] = [];
  for (const result of results) {
    const target = ROUTING_TARGETS_MS[result.offers];
    const p99Ms = result.matchUs.p99 / 1000;
    const label = `${result.offers.toLocaleString('en-US')} offers`;
    rows.push({
      measure: `${label}: match p50`,
      figure: result.matchUs.p50,
      floor: result.floorUs.p50,
      unit: 'µs',
      ratio: ratio(result.matchUs.p50, result.floorUs.p50),
      verdict: 'INFO',
    });
    rows.push({
      measure: `${label}: match p99`,
      figure: result.matchUs.p99,
      floor: result.floorUs.p99,
      unit: 'µs',
      ratio: ratio(result.matchUs.p99, result.floorUs.p99),
      ...(target === undefined ? {} : { target: `p99 ≤ ${target} ms` }),
      verdict: target === undefined ? 'INFO' : verdict(p99Ms <= target),
    });
    rows.push({
      measure: `${label}: index build (median of ${result.buildMs.length})`,
      figure: median(result.buildMs) * 1000,
      floor: result.floorUs.p50,
      unit: 'µs',
      ratio: ratio(median(result.buildMs) * 1000, result.floorUs.p50),
      verdict: 'INFO',
    });
  }
  for (let index = 1; index < results.length; index += 1) {
    const previous = results[index - 1] as SizeResult;
    const current = results[index] as SizeResult;
    const growth = current.matchUs.p50 / previous.matchUs.p50;
    const floorGrowth = current.floorUs.p50 / previous.floorUs.p50;
    rows.push({
      measure: `growth ${previous.offers.toLocaleString('en-US')} → ${current.offers.toLocaleString('en-US')} (p50)`,
      figure: growth,
      floor: floorGrowth,
      unit: '×',
      ratio: ratio(growth, floorGrowth),
      verdict: 'INFO',
    });
  }

  const notes = [
    `Generated catalogues (seeded): ${GENERATED_DISTRICTS} districts; 15 % of offers municipality-wide, else 1–3 ` +
      'neighbouring districts; 1–4 needs weighted by frequency; a run of 1–3 life phases; German plus 0–3 family ' +
      'languages; modes on-site 80 %, outreach 30 %, phone 25 %, online 20 %; 40 % without tracked capacity, the ' +
      'rest 5–40 places with a uniform share left (some fully booked); 5 % inactive.',
    `Referrals (seeded): any district, 1–3 weighted needs, 1–2 adjacent phases, German and/or one family language, ` +
      `home visit 30 %. ${options.warmup} warm-up matches, then ${options.matches} timed (half at 100,000 offers), ` +
      'each timed alone with performance.now(); a floor scan after every match (every 10th at 100,000 offers).',
    'Floor: a loop over the whole catalogue array that reads each offer’s id (the least any unindexed scan costs). ' +
      'It grows linearly; a ratio below 1 means the index visits fewer offers than there are.',
    `Mean proposals per match: ${results.map((result) => `${result.offers}: ${result.meanProposals.toFixed(2)}`).join(', ')}.`,
  ];
  notes.push(
    `GC during the timed loops (PerformanceObserver): ${results
      .map(
        (result) =>
          `${result.offers}: ${result.gc.count} pauses, ${result.gc.totalMs.toFixed(0)} ms in total, longest ` +
          `${result.gc.maxMs.toFixed(1)} ms`,
      )
      .join('; ')}.`,
  );
  for (const result of results) {
    const target = ROUTING_TARGETS_MS[result.offers];
    if (target === undefined || result.matchUs.p99 / 1000 <= target) continue;
    notes.push(
      `${result.offers} offers miss p99 ≤ ${target} ms: p50 ${(result.matchUs.p50 / 1000).toFixed(2)} ms, p99 ` +
        `${(result.matchUs.p99 / 1000).toFixed(2)} ms, longest GC pause in the loop ${result.gc.maxMs.toFixed(1)} ms ` +
        `(${result.gc.count} pauses); the floor scan of the same catalogue takes ${(result.floorUs.p50 / 1000).toFixed(2)} ms at p50.`,
    );
  }
  if (sink === -1) notes.push('');
  return {
    id: '3',
    title: 'Routing engine at scale',
    floor: 'a linear scan over the catalogue reading each offer’s id, interleaved with the matches',
    rows,
    notes,
    details: results,
    durationMs: Math.round(performance.now() - startedAt),
  };
}
