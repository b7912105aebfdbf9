// The local gateway's control plane (/_local/*) answers only the developer's own loopback requests: a foreign Host
// (DNS rebinding) or Origin (a web page in the browser) is refused, state changes must be JSON (no cross-site form
// post). /health, /openapi.json, the /v1 API and the issuer's own endpoints are not affected.
import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FunctionModel } from '#infra/local/app-model.ts';
import { type Gateway, type GatewayServices, startGateway } from '#infra/local/gateway.ts';
import { createLocalIssuer } from '#infra/local/local-issuer.ts';
import { createRouteMatcher } from '#infra/local/route-matcher.ts';

const INTAKE: FunctionModel = {
  name: 'intake',
  arn: 'arn:aws:lambda:eu-central-1:000000000000:function:intake',
  handler: 'index.handler',
  runtime: 'nodejs24.x',
  timeoutSeconds: 10,
  memorySize: 512,
  environment: {},
  codeDirectory: '/nonexistent',
};

type Answer = { status: number; contentType: string | undefined; body: unknown };

let gateway: Gateway;
const invocations: string[] = [];

/** Sends a request with exactly the headers given (node:http lets a test set `Host`, which fetch does not). */
function send(method: string, path: string, headers: Record<string, string> = {}, body?: string): Promise<Answer> {
  const url = new URL(gateway.url);
  return new Promise((resolve, reject) => {
    const request = httpRequest(
      { hostname: url.hostname, port: url.port, method, path, headers: { host: url.host, ...headers } },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({
            status: response.statusCode ?? 0,
            contentType: response.headers['content-type'],
            body: text === '' ? undefined : (JSON.parse(text) as unknown),
          });
        });
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}

const TOKEN_REQUEST = JSON.stringify({ role: 'referrer', institutionId: 'klinik-mitte' });
const JSON_TYPE = { 'content-type': 'application/json' };

beforeAll(async () => {
  gateway = await startGateway(0);
  const issuer = await createLocalIssuer(`${gateway.url}/_local/issuer`, 'lotse-local');
  const services: GatewayServices = {
    matcher: createRouteMatcher([
      {
        apiId: 'api',
        routeKey: 'GET /v1/ping',
        method: 'GET',
        path: '/v1/ping',
        authorization: { type: 'NONE' },
        functionName: 'intake',
      },
    ]),
    authorizers: new Map(),
    functions: new Map([['intake', INTAKE]]),
    invoke: async (functionName) => {
      invocations.push(functionName);
      return { ok: true, result: { statusCode: 200, body: JSON.stringify({ pong: true }) } };
    },
    issuer,
    known: { institutionIds: new Set(['klinik-mitte']), officeIds: new Set() },
    resources: () => ({ webhookSecrets: { 'office-1': 'secret' } }),
    armFault: () => {},
    clearFaults: () => {},
    openApi: async () => ({ openapi: '3.1.0' }),
    sweepTtl: async () => 0,
    accountId: '000000000000',
    log: () => {},
  };
  gateway.attach(services);
});

afterAll(async () => {
  await gateway?.close();
});

describe('the local control plane', () => {
  it('mints a token for a loopback JSON request, with or without its own Origin', async () => {
    const plain = await send('POST', '/_local/token', JSON_TYPE, TOKEN_REQUEST);
    const sameOrigin = await send('POST', '/_local/token', { ...JSON_TYPE, origin: gateway.url }, TOKEN_REQUEST);
    const charset = await send('POST', '/_local/token', { 'content-type': 'application/json; charset=utf-8' }, '{}');

    expect(plain.status).toBe(200);
    expect(plain.body).toMatchObject({ token_type: 'Bearer', access_token: expect.any(String) });
    expect(sameOrigin.status).toBe(200);
    expect(charset.status).toBe(400); // past the guard: the body itself is what is wrong
  });

  it.each(['localhost', 'localhost:PORT', '[::1]:3000', 'LOCALHOST:8080'])(
    'answers a request addressed to the loopback name %s',
    async (host) => {
      const answer = await send('GET', '/_local/resources', {
        host: host.replace('PORT', String(gateway.port)),
      });

      expect(answer.status).toBe(200);
    },
  );

  it.each([
    ['a foreign Host (DNS rebinding)', { host: 'evil.example' }],
    ['a foreign Host with the gateway port', { host: 'evil.example:3000' }],
    ['a loopback-looking foreign Host', { host: '127.0.0.1.evil.example' }],
    ['a foreign Origin', { origin: 'http://evil.example' }],
    ['another local port as Origin', { origin: 'http://127.0.0.1:1' }],
    ['the opaque Origin "null"', { origin: 'null' }],
    ['another scheme as Origin', { origin: 'https://127.0.0.1' }],
  ])('refuses %s with 403 problem+json', async (_case, headers) => {
    const token = await send('POST', '/_local/token', { ...JSON_TYPE, ...headers }, TOKEN_REQUEST);
    const resources = await send('GET', '/_local/resources', headers);

    for (const answer of [token, resources]) {
      expect(answer.status).toBe(403);
      expect(answer.contentType).toBe('application/problem+json');
      expect(answer.body).toEqual({
        type: 'forbidden',
        title: 'Forbidden',
        status: 403,
        detail: 'the local control plane answers only loopback requests without a foreign Origin',
      });
    }
  });

  it.each([
    ['POST', '/_local/token', 'text/plain'],
    ['POST', '/_local/token', 'application/x-www-form-urlencoded'],
    ['POST', '/_local/token', 'multipart/form-data; boundary=x'],
    ['POST', '/_local/token', undefined],
    ['POST', '/_local/functions/intake/invoke', 'text/plain'],
    ['POST', '/_local/faults', 'text/plain'],
    ['DELETE', '/_local/faults', undefined],
    ['POST', '/_local/ttl', 'text/plain'],
  ])('refuses %s %s sent as %s with 415', async (method, path, contentType) => {
    const before = invocations.length;
    const headers = contentType === undefined ? {} : { 'content-type': contentType };

    const answer = await send(method, path, headers, method === 'DELETE' ? undefined : '{}');

    expect(answer.status).toBe(415);
    expect(answer.contentType).toBe('application/problem+json');
    expect(answer.body).toMatchObject({ type: 'unsupported-media-type', status: 415 });
    expect(invocations.length).toBe(before);
  });

  it('still invokes a function and clears faults for a loopback JSON request', async () => {
    const invoked = await send('POST', '/_local/functions/intake/invoke', JSON_TYPE, '{}');
    const cleared = await send('DELETE', '/_local/faults', JSON_TYPE);

    expect(invoked.status).toBe(200);
    expect(invocations).toContain('intake');
    expect(cleared).toMatchObject({ status: 200, body: { cleared: true } });
  });

  it('leaves /health, /openapi.json, the /v1 API and the issuer endpoints to their own rules', async () => {
    const foreign = { host: 'evil.example', origin: 'http://evil.example' };

    expect((await send('GET', '/health', foreign)).status).toBe(200);
    expect((await send('GET', '/openapi.json', foreign)).status).toBe(200);
    expect(await send('GET', '/v1/ping', foreign)).toMatchObject({ status: 200, body: { pong: true } });
    expect((await send('GET', '/_local/issuer/.well-known/jwks.json', foreign)).status).toBe(200);
  });
});
