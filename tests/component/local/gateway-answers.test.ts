// The local gateway answers as API Gateway does where the function's answer is not what reaches the client: a failed
// invocation (an error the function threw, its timeout, a dead runtime) is API Gateway's own 500, and every answer
// the gateway gives by itself on the API carries nosniff and no-store.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FunctionModel } from '#infra/local/app-model.ts';
import type { InvokeOutcome } from '#infra/local/function-pool.ts';
import { type Gateway, startGateway } from '#infra/local/gateway.ts';
import { createLocalIssuer } from '#infra/local/local-issuer.ts';
import { createRouteMatcher } from '#infra/local/route-matcher.ts';

const FN: FunctionModel = {
  name: 'office',
  arn: 'arn:aws:lambda:eu-central-1:000000000000:function:office',
  handler: 'index.handler',
  runtime: 'nodejs24.x',
  timeoutSeconds: 10,
  memorySize: 512,
  environment: {},
  codeDirectory: '/nonexistent',
};

/** What the next invocation of the function comes to. */
let next: InvokeOutcome = { ok: true, result: { statusCode: 204 } };
let gateway: Gateway;

beforeAll(async () => {
  gateway = await startGateway(0);
  const issuer = await createLocalIssuer(`${gateway.url}/_local/issuer`, 'lotse-local');
  gateway.attach({
    matcher: createRouteMatcher([
      {
        apiId: 'api',
        routeKey: 'POST /v1/open',
        method: 'POST',
        path: '/v1/open',
        authorization: { type: 'NONE' },
        functionName: 'office',
      },
      {
        apiId: 'api',
        routeKey: 'GET /v1/guarded',
        method: 'GET',
        path: '/v1/guarded',
        authorization: { type: 'JWT', authorizerId: 'missing', scopes: [] },
        functionName: 'office',
      },
    ]),
    authorizers: new Map(),
    functions: new Map([['office', FN]]),
    invoke: async () => next,
    issuer,
    known: { institutionIds: new Set(), officeIds: new Set() },
    resources: () => ({}),
    armFault: () => {},
    clearFaults: () => {},
    openApi: async () => ({ openapi: '3.1.0' }),
    sweepTtl: async () => 0,
    accountId: '000000000000',
    log: () => {},
  });
});

afterAll(async () => {
  await gateway?.close();
});

async function post(body = '{}') {
  return fetch(`${gateway.url}/v1/open`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
}

describe('a failed invocation', () => {
  it.each<[string, InvokeOutcome]>([
    ['an error the function threw', { ok: false, kind: 'error', errorType: 'Error', errorMessage: 'Maria Muster' }],
    ['its timeout', { ok: false, kind: 'timeout', errorType: 'Sandbox.Timedout', errorMessage: 'timed out' }],
    ['a runtime that died', { ok: false, kind: 'crash', errorType: 'Runtime.ExitError', errorMessage: 'signal' }],
  ])('answers %s exactly as API Gateway: 500 {"message":"Internal Server Error"}', async (_case, outcome) => {
    next = outcome;

    const response = await post();

    expect(response.status).toBe(500);
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(response.headers.get('retry-after')).toBeNull();
    expect(await response.text()).toBe('{"message":"Internal Server Error"}');
  });
});

describe("the gateway's own answers", () => {
  it.each([
    [
      'a failed invocation',
      () => {
        next = { ok: false, kind: 'timeout', errorType: 'Sandbox.Timedout', errorMessage: '' };
        return post();
      },
    ],
    ['no route (404)', () => fetch(`${gateway.url}/v1/nothing-here`)],
    ['a route whose authorizer is missing (500)', () => fetch(`${gateway.url}/v1/guarded`)],
    ['a body above the payload limit (413)', () => post(`"${'x'.repeat(10 * 1024 * 1024)}"`)],
  ])('carry nosniff and no-store: %s', async (_case, send) => {
    const response = await send();
    await response.arrayBuffer();

    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('cache-control')).toBe('no-store');
  });

  it('passes a function answer on with nosniff added, its own cache-control untouched', async () => {
    next = { ok: true, result: { statusCode: 200, headers: { 'cache-control': 'no-store' }, body: '{}' } };

    const response = await post();

    expect([response.status, response.headers.get('x-content-type-options')]).toEqual([200, 'nosniff']);
    expect(response.headers.get('cache-control')).toBe('no-store');
  });

  it('lets /health carry nosniff without no-store: it holds no personal data', async () => {
    const response = await fetch(`${gateway.url}/health`);

    expect([response.status, response.headers.get('x-content-type-options')]).toEqual([200, 'nosniff']);
    expect(response.headers.get('cache-control')).toBeNull();
  });
});
