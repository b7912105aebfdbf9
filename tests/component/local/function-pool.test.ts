// A function's execution environments: own process and environment, one invocation at a time, timeout by kill.
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { FunctionModel } from '#infra/local/app-model.ts';
import { FunctionPool } from '#infra/local/function-pool.ts';

const BUNDLE = path.resolve(import.meta.dirname, 'fixtures', 'function');

const fn: FunctionModel = {
  name: 'intake',
  arn: 'arn:aws:lambda:eu-central-1:000000000000:function:intake',
  handler: 'index.handler',
  runtime: 'nodejs24.x',
  timeoutSeconds: 1,
  memorySize: 512,
  environment: { TABLE_NAME: 'LocalTable' },
  codeDirectory: BUNDLE,
};

let pool: FunctionPool | undefined;

function startPool(maxInstances: number): FunctionPool {
  pool = new FunctionPool(fn, {
    maxInstances,
    log: () => {},
    prepare: async (target) => ({
      environment: { ...target.environment, AWS_LAMBDA_FUNCTION_NAME: target.name },
      release: async () => {},
    }),
  });
  return pool;
}

afterEach(async () => {
  await pool?.stop();
  pool = undefined;
});

type Result = { pid: number; functionName: string; table: string; remainingMs: number };

describe('a function pool', () => {
  it('runs the bundle in another process with its own environment and a Lambda-like context', async () => {
    const outcome = await startPool(1).invoke({});

    expect(outcome.ok).toBe(true);
    const result = (outcome.ok ? outcome.result : {}) as Result;
    expect(result.pid).not.toBe(process.pid);
    expect([result.functionName, result.table]).toEqual(['intake', 'LocalTable']);
    expect(result.remainingMs).toBeGreaterThan(0);
  });

  it('runs concurrent invocations in separate environments, one at a time each', async () => {
    const functions = startPool(2);

    const outcomes = await Promise.all([functions.invoke({ sleepMs: 200 }), functions.invoke({ sleepMs: 200 })]);

    const pids = outcomes.map((outcome) => (outcome.ok ? (outcome.result as Result).pid : 0));
    expect(new Set(pids).size).toBe(2);
  });

  it('queues an invocation when every environment is busy and reuses the environment', async () => {
    const functions = startPool(1);

    const outcomes = await Promise.all([functions.invoke({ sleepMs: 100 }), functions.invoke({})]);

    const pids = outcomes.map((outcome) => (outcome.ok ? (outcome.result as Result).pid : 0));
    expect(pids[0]).toBe(pids[1]);
  });

  it('reports a thrown error as a function error', async () => {
    expect(await startPool(1).invoke({ fail: true })).toEqual({
      ok: false,
      kind: 'error',
      errorType: 'TypeError',
      errorMessage: 'asked to fail',
    });
  });

  it('kills an environment at the timeout and starts a fresh one for the next invocation', async () => {
    const functions = startPool(1);
    const before = await functions.invoke({});

    const timedOut = await functions.invoke({ sleepMs: 5000 });
    const after = await functions.invoke({});

    expect(timedOut).toMatchObject({ ok: false, kind: 'timeout' });
    expect(after.ok && before.ok && (after.result as Result).pid !== (before.result as Result).pid).toBe(true);
  });
});
