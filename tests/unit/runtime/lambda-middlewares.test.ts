// lambdaObservability(): request id and cold-start flag on every log line, a ColdStart metric, one flush per invocation.
import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

type Runtime = typeof import('#runtime/lambda-middlewares.ts') &
  typeof import('#runtime/logger.ts') &
  typeof import('#runtime/metrics.ts') &
  typeof import('#runtime/sqs-batch.ts');
type Line = Record<string, unknown>;

let runtime: Runtime;
let written: string[];

// Each test is a fresh execution environment: Powertools reads the environment, and keeps the cold-start flag, in
// the logger and metrics instances created when the modules are first imported.
beforeEach(async () => {
  vi.stubEnv('AWS_LAMBDA_INITIALIZATION_TYPE', 'on-demand');
  vi.stubEnv('POWERTOOLS_SERVICE_NAME', 'lotse');
  vi.stubEnv('POWERTOOLS_METRICS_NAMESPACE', 'Lotse');
  vi.stubEnv('LOG_LEVEL', 'INFO');
  vi.stubEnv('POWERTOOLS_DEV', '');
  vi.resetModules();
  runtime = {
    ...(await import('#runtime/lambda-middlewares.ts')),
    ...(await import('#runtime/logger.ts')),
    ...(await import('#runtime/metrics.ts')),
    ...(await import('#runtime/sqs-batch.ts')),
  };
  written = [];
  // Powertools writes to the process's streams (not through the console vitest intercepts).
  const capture = (chunk: string | Uint8Array) => {
    written.push(String(chunk));
    return true;
  };
  vi.spyOn(process.stdout, 'write').mockImplementation(capture);
  vi.spyOn(process.stderr, 'write').mockImplementation(capture);
});

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
});

function lambdaContext(awsRequestId: string): Context {
  return {
    awsRequestId,
    functionName: 'lotse-dev-router',
    functionVersion: '$LATEST',
    invokedFunctionArn: 'arn:aws:lambda:eu-central-1:123456789012:function:lotse-dev-router',
    memoryLimitInMB: '512',
  } as Context;
}

/** The JSON lines written since the last call (log lines and EMF documents alike). */
function takeLines(): Line[] {
  const lines = written
    .join('')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as Line);
  written = [];
  return lines;
}

const logLines = (lines: Line[]) => lines.filter((line) => 'message' in line);
const emfDocuments = (lines: Line[]) => lines.filter((line) => '_aws' in line);

describe('lambdaObservability', () => {
  it('puts the request id and the cold-start flag on every log line of an invocation', async () => {
    const handler = runtime.withLambdaObservability(async (_event: unknown) => {
      runtime.logger.info('first line');
      runtime.logger.warn('second line');
    });

    await handler({}, lambdaContext('request-1'));
    const first = logLines(takeLines());
    await handler({}, lambdaContext('request-2'));
    const second = logLines(takeLines());

    expect(first.map((line) => [line.message, line.function_request_id, line.cold_start])).toEqual([
      ['first line', 'request-1', true],
      ['second line', 'request-1', true],
    ]);
    expect(second.map((line) => [line.message, line.function_request_id, line.cold_start])).toEqual([
      ['first line', 'request-2', false],
      ['second line', 'request-2', false],
    ]);
    expect(first[0]).toMatchObject({ function_name: 'lotse-dev-router', service: 'lotse' });
  });

  it('emits a ColdStart metric on the first invocation only', async () => {
    const handler = runtime.withLambdaObservability(async (_event: unknown) => undefined);

    await handler({}, lambdaContext('request-1'));
    const first = emfDocuments(takeLines());
    await handler({}, lambdaContext('request-2'));
    const second = emfDocuments(takeLines());

    expect(first).toEqual([expect.objectContaining({ ColdStart: 1, function_name: 'lotse-dev-router' })]);
    expect(first[0]?._aws).toMatchObject({
      CloudWatchMetrics: [{ Namespace: 'Lotse', Metrics: [{ Name: 'ColdStart', Unit: 'Count' }] }],
    });
    expect(second).toEqual([]);
  });

  it('flushes the events counted during an invocation when it ends, also when the handler throws', async () => {
    const handler = runtime.withLambdaObservability(async (fail: boolean) => {
      runtime.countEvent('CaseRouted');
      if (fail) throw new Error('write failed');
    });
    await handler(false, lambdaContext('request-1'));
    takeLines();

    await handler(false, lambdaContext('request-2'));
    const succeeded = emfDocuments(takeLines());
    await expect(handler(true, lambdaContext('request-3'))).rejects.toThrow('write failed');
    const failed = emfDocuments(takeLines());

    expect(succeeded).toEqual([expect.objectContaining({ CaseRouted: 1, service: 'lotse' })]);
    expect(failed).toEqual([expect.objectContaining({ CaseRouted: 1 })]);
    expect(runtime.metrics.hasStoredMetrics()).toBe(false);
  });

  it('writes no warning for an invocation that counts nothing', async () => {
    const handler = runtime.withLambdaObservability(async (_event: unknown) => undefined);

    await handler({}, lambdaContext('request-1'));
    await handler({}, lambdaContext('request-2'));

    expect(takeLines().filter((line) => line.level === 'WARN' || line.level === 'ERROR')).toEqual([]);
    expect(written).toEqual([]);
  });

  it("clears the case id when the invocation ends, so the next invocation's lines do not carry it", async () => {
    const handler = runtime.withLambdaObservability(async (caseId: string | null) => {
      if (caseId !== null) runtime.correlateWithCase(caseId);
      runtime.logger.info('working');
    });

    await handler('CASE0001', lambdaContext('request-1'));
    await handler(null, lambdaContext('request-2'));

    expect(logLines(takeLines()).map((line) => [line.function_request_id, line.correlation_id])).toEqual([
      ['request-1', 'CASE0001'],
      ['request-2', undefined],
    ]);
  });

  it('runs a handler called without a context (tests), with the cold-start flag and no request id', async () => {
    const handler = runtime.withLambdaObservability(async (_event: unknown) => {
      runtime.logger.info('working');
      return 'done';
    });

    const result = await handler({});

    expect(result).toBe('done');
    const [line] = logLines(takeLines());
    expect(line).toMatchObject({ message: 'working', cold_start: true });
    expect(line).not.toHaveProperty('function_request_id');
  });

  it("reports a queue batch's failed records, each record's lines carrying its own case id and the request id", async () => {
    const batch = {
      Records: ['CASE0001', 'CASE0002'].map((body, index) => ({ messageId: `m-${index}`, body }) as SQSRecord),
    } as SQSEvent;
    const handler = runtime.withLambdaObservability((event: SQSEvent) =>
      runtime.processSqsBatch(event, async (record) => {
        if (record.body === 'CASE0002') throw new Error('write failed');
        runtime.correlateWithCase(record.body);
        runtime.logger.info('record done');
      }),
    );

    const result = await handler(batch, lambdaContext('request-1'));

    expect(result).toEqual({ batchItemFailures: [{ itemIdentifier: 'm-1' }] });
    expect(logLines(takeLines()).map((line) => [line.message, line.function_request_id, line.correlation_id])).toEqual([
      ['record done', 'request-1', 'CASE0001'],
      ['record failed; left for redelivery', 'request-1', undefined],
    ]);
  });
});
