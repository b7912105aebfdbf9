// Section 2, warm overhead per HTTP request: the functions' real middleware chain (createHttpHandler: logging,
// principal from JWT claims, JSON body, zod validation, problem+json mapping) around a no-op use case, in process,
// against a bare handler that returns the same reply.
import type { Context } from 'aws-lambda';
import { exampleReferral } from '#domain/example-referral.ts';
import type { HttpEvent, HttpResult } from '#http/http-event.ts';
import { httpEvent } from './http-events.ts';
import { type Row, type SectionResult, verdict } from './report.ts';
import { median, quantile, ratio } from './stats.ts';

export const WARM_OVERHEAD_TARGET_US = 150;

type Handler = (event: HttpEvent, context: Context) => Promise<HttpResult>;

const context = {
  callbackWaitsForEmptyEventLoop: true,
  functionName: 'bench',
  functionVersion: '$LATEST',
  invokedFunctionArn: 'arn:aws:lambda:eu-central-1:000000000000:function:bench',
  memoryLimitInMB: '512',
  awsRequestId: 'bench',
  logGroupName: '/aws/lambda/bench',
  logStreamName: 'bench',
  getRemainingTimeInMillis: () => 10_000,
  done: () => {},
  fail: () => {},
  succeed: () => {},
} as Context;

/** Per-call wall time in µs; each call gets a fresh shallow copy of the event, as every invocation gets its own. */
async function timeCalls(handler: Handler, template: HttpEvent, iterations: number): Promise<number[]> {
  const samples = new Array<number>(iterations);
  for (let index = 0; index < iterations; index += 1) {
    const event = { ...template };
    const started = performance.now();
    const result = await handler(event, context);
    samples[index] = (performance.now() - started) * 1000;
    if (result.statusCode !== 200 && result.statusCode !== 202) {
      throw new Error(`the benchmark request was answered ${result.statusCode}: ${String(result.body)}`);
    }
  }
  return samples;
}

/**
 * Log output goes to a counting sink while measuring: formatting every log line stays inside the measurement, the
 * terminal write does not (on Lambda, stdout is a pipe to the runtime, not a terminal).
 */
async function withSilencedStdout<T>(work: () => Promise<T>): Promise<{ result: T; bytes: number }> {
  const original = process.stdout.write;
  let bytes = 0;
  process.stdout.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
    bytes += typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.length;
    const callback = rest.find((item) => typeof item === 'function') as (() => void) | undefined;
    callback?.();
    return true;
  }) as typeof process.stdout.write;
  try {
    return { result: await work(), bytes };
  } finally {
    process.stdout.write = original;
  }
}

export async function warmOverheadSection(options: { iterations: number; warmup: number }): Promise<SectionResult> {
  const startedAt = performance.now();
  // The functions' environment as infra sets it; the production stage logs at INFO (dev at DEBUG: measured too).
  process.env.POWERTOOLS_SERVICE_NAME ??= 'lotse';
  process.env.POWERTOOLS_METRICS_NAMESPACE ??= 'Lotse';
  process.env.LOG_LEVEL ??= 'INFO';
  const { createHttpHandler } = await import('#http/http-handler.ts');
  const { referralSchema } = await import('#domain/referral.ts');
  const { caseParamsSchema } = await import('#http/api-schemas.ts');
  const { logger } = await import('#runtime/logger.ts');

  const now = new Date();
  const referral = exampleReferral(now);
  const institution = { role: 'referrer', institutionId: 'klinik-mitte' } as const;
  const reply = { statusCode: 202, body: { referralId: 'bench', status: 'received' } };
  const scenarios = [
    {
      name: 'POST referral (claims, JSON body, referral schema)',
      event: httpEvent({ caller: institution, routeKey: 'POST /v1/referrals', body: referral }) as unknown as HttpEvent,
      full: createHttpHandler({ roles: ['referrer'], body: { schema: referralSchema(now) } }, async () => reply),
    },
    {
      name: 'GET case (claims, path parameter schema)',
      event: httpEvent({
        caller: { role: 'office', officeId: 'fb-nord' },
        routeKey: 'GET /v1/cases/{caseId}',
        pathParameters: { caseId: '01JBENCH000000000000000000' },
      }) as unknown as HttpEvent,
      full: createHttpHandler({ roles: ['office', 'coordinator'], params: caseParamsSchema }, async () => ({
        statusCode: 200,
        body: { caseId: 'bench' },
      })),
    },
  ];
  // The floor: what a handler without middleware does for the same reply (serialize it).
  const bare: Handler = async () => ({
    statusCode: 202,
    headers: { 'content-type': 'application/json', 'cache-control': 'no-store' },
    body: JSON.stringify(reply.body),
  });

  const rows: Row[] = [];
  const details: Record<string, unknown> = {};
  const measure = async (level: 'INFO' | 'DEBUG') => {
    logger.setLogLevel(level);
    for (const scenario of scenarios) {
      const full = scenario.full as unknown as Handler;
      await withSilencedStdout(() => timeCalls(full, scenario.event, options.warmup));
      await timeCalls(bare, scenario.event, options.warmup);
      // Interleaved blocks, so that drift and GC pauses fall on both alike.
      const fullSamples: number[] = [];
      const bareSamples: number[] = [];
      const blocks = 10;
      const perBlock = Math.max(1, Math.ceil(options.iterations / blocks));
      let logBytes = 0;
      for (let block = 0; block < blocks; block += 1) {
        const measured = await withSilencedStdout(() => timeCalls(full, scenario.event, perBlock));
        fullSamples.push(...measured.result);
        logBytes += measured.bytes;
        bareSamples.push(...(await timeCalls(bare, scenario.event, perBlock)));
      }
      const p50 = median(fullSamples);
      const p99 = quantile(fullSamples, 0.99);
      const bareP50 = median(bareSamples);
      const bareP99 = quantile(bareSamples, 0.99);
      const label = `${scenario.name}${level === 'DEBUG' ? ', LOG_LEVEL=DEBUG (dev)' : ''}`;
      rows.push({
        measure: `${label} p50`,
        figure: p50,
        floor: bareP50,
        unit: 'µs',
        ratio: ratio(p50, bareP50),
        ...(level === 'INFO' ? { target: `p50 ≤ ${WARM_OVERHEAD_TARGET_US} µs` } : {}),
        verdict: level === 'INFO' ? verdict(p50 <= WARM_OVERHEAD_TARGET_US) : 'INFO',
      });
      rows.push({
        measure: `${label} p99`,
        figure: p99,
        floor: bareP99,
        unit: 'µs',
        ratio: ratio(p99, bareP99),
        verdict: 'INFO',
      });
      details[label] = {
        iterations: fullSamples.length,
        warmup: options.warmup,
        fullUs: { p50, p90: quantile(fullSamples, 0.9), p99, max: quantile(fullSamples, 1) },
        bareUs: { p50: bareP50, p99: bareP99 },
        logBytesPerRequest: logBytes / fullSamples.length,
      };
    }
  };
  await measure('INFO');
  await measure('DEBUG');
  logger.setLogLevel('INFO');

  return {
    id: '2',
    title: 'Warm overhead per HTTP request',
    floor: 'a bare async handler returning the same reply (JSON-serialized), same event, same process',
    rows,
    notes: [
      `In process, Node ${process.version}: ${options.warmup} warm-up calls, then ${options.iterations} timed calls ` +
        'per handler in 10 interleaved blocks (full chain, bare). Each call gets a fresh copy of an HTTP API payload ' +
        '2.0 event with JWT claims, built by the local runtime’s event builder; the use case is a no-op.',
      'The full chain is createHttpHandler from shared/http/http-handler.ts: request logging + metrics flush, ' +
        'principal from claims, JSON body parse, zod validation (the whole referral schema for the POST), ' +
        'problem+json error mapping. Log lines are formatted but written to a counting sink.',
      'The target applies at the production log level (INFO); the dev stage logs every request at DEBUG, shown ' +
        'for comparison.',
    ],
    details,
    durationMs: Math.round(performance.now() - startedAt),
  };
}
