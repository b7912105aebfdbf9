// The webhook client against a real HTTP server on 127.0.0.1 (the receiver side of a delivery).
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createWebhookClient } from '#adapters/webhook-client.ts';
import { signWebhook, verifyWebhook } from '#domain/webhook-signature.ts';
import { freePort } from '#infra/local/free-port.ts';
import { type LoopbackServer, listenOnLoopback } from '#infra/local/loopback-server.ts';

interface Received {
  method: string | undefined;
  url: string | undefined;
  headers: IncomingHttpHeaders;
  body: string;
}

const secret = 'office-secret-0123456789';
const received: Received[] = [];
let answer: (response: ServerResponse) => void = (response) => response.writeHead(204).end();
let server: LoopbackServer;

beforeAll(async () => {
  const receiver = createServer((request, response) => {
    let body = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => {
      body += chunk;
    });
    request.on('end', () => {
      received.push({ method: request.method, url: request.url, headers: request.headers, body });
      answer(response);
    });
  });
  server = await listenOnLoopback(receiver);
});

afterEach(() => {
  received.length = 0;
  answer = (response) => response.writeHead(204).end();
});

afterAll(async () => {
  await server?.close();
});

const body = '{"id":"CASE0001:2","type":"case.routed","caseId":"CASE0001","occurredAt":"2026-11-26T10:00:00.000Z"}';

function signedRequest(url = `${server.url}/hooks?token=abc`) {
  const now = Math.floor(Date.now() / 1000);
  return {
    url,
    body,
    headers: {
      'content-type': 'application/json',
      'lotse-event-id': 'CASE0001:2',
      'lotse-signature': signWebhook(secret, body, now),
    },
  };
}

describe('webhook client', () => {
  it('POSTs the body unchanged with the given headers to the URL', async () => {
    await createWebhookClient().post(signedRequest());

    expect(received).toHaveLength(1);
    expect(received[0]).toMatchObject({
      method: 'POST',
      url: '/hooks?token=abc',
      body,
      headers: { 'content-type': 'application/json', 'lotse-event-id': 'CASE0001:2' },
    });
  });

  it('delivers a signature the receiver can verify against the raw body', async () => {
    await createWebhookClient().post(signedRequest());

    const header = String(received[0]?.headers['lotse-signature']);
    expect(verifyWebhook(secret, received[0]?.body ?? '', header, Date.now() / 1000)).toEqual({ ok: true });
  });

  it('returns the status the receiver answered with', async () => {
    answer = (response) => response.writeHead(202).end('accepted');

    expect(await createWebhookClient().post(signedRequest())).toEqual({ kind: 'answered', status: 202 });
  });

  it('returns an error status as an answer, not as an exception', async () => {
    answer = (response) => response.writeHead(503).end();

    expect(await createWebhookClient().post(signedRequest())).toEqual({ kind: 'answered', status: 503 });
  });

  it('does not follow a redirect, so the signed payload goes only where the catalogue says', async () => {
    answer = (response) => response.writeHead(302, { location: `${server.url}/elsewhere` }).end();

    const result = await createWebhookClient().post(signedRequest());

    expect(result).toEqual({ kind: 'answered', status: 302 });
    expect(received.map((request) => request.url)).toEqual(['/hooks?token=abc']);
  });

  it('gives up on a receiver that does not answer within the timeout', async () => {
    answer = () => undefined; // never answers

    const result = await createWebhookClient({ timeoutMs: 100 }).post(signedRequest());

    expect(result).toEqual({ kind: 'unreachable', reason: 'timeout' });
  });

  it('reports a refused connection with its error code and without the URL', async () => {
    const port = await freePort();

    const result = await createWebhookClient().post(signedRequest(`http://127.0.0.1:${port}/hooks?token=abc`));

    expect(result).toEqual({ kind: 'unreachable', reason: 'network', code: 'ECONNREFUSED' });
  });
});
