// The webhook client against a real HTTP server on 127.0.0.1 (the receiver side of a delivery): as the local runtime
// uses it (loopback receivers allowed), and in the cloud's configuration, where the same receiver is refused.

import { once } from 'node:events';
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import { type AddressInfo, createServer as createNetServer } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createWebhookClient } from '#adapters/webhook-client.ts';
import { webhookHeaders } from '#domain/webhook-signature.ts';
import { freePort } from '#infra/local/free-port.ts';
import { type LoopbackServer, listenOnLoopback } from '#infra/local/loopback-server.ts';

interface Received {
  method: string | undefined;
  url: string | undefined;
  headers: IncomingHttpHeaders;
  body: string;
}

const secret = `whsec_${Buffer.alloc(32, 5).toString('base64')}`;
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
      ...webhookHeaders([secret], { id: 'CASE0001:2', timestampSeconds: now, body }),
    },
  };
}

const LOCAL = { runtime: 'local' } as const;

describe('webhook client', () => {
  it('POSTs the body unchanged with the given headers to the URL', async () => {
    await createWebhookClient(LOCAL).post(signedRequest());

    expect(received).toHaveLength(1);
    expect(received[0]).toMatchObject({
      method: 'POST',
      url: '/hooks?token=abc',
      body,
      headers: { 'content-type': 'application/json', 'webhook-id': 'CASE0001:2' },
    });
  });

  it('sends a body with characters of several bytes whole (its length counted in bytes)', async () => {
    const german = '{"id":"CASE0001:2","note":"Größe über Maß — 👪"}';

    const result = await createWebhookClient(LOCAL).post({ ...signedRequest(), body: german });

    expect(result).toEqual({ kind: 'answered', status: 204 });
    expect(received[0]?.body).toBe(german);
    expect(received[0]?.headers['content-length']).toBe(String(Buffer.byteLength(german)));
  });

  it('delivers a signature the receiver can verify against the raw body', async () => {
    await createWebhookClient(LOCAL).post(signedRequest());

    const headers = received[0]?.headers as Record<string, string>;
    expect(new Webhook(secret).verify(received[0]?.body ?? '', headers)).toEqual(JSON.parse(body));
  });

  it('returns the status the receiver answered with', async () => {
    answer = (response) => response.writeHead(202).end('accepted');

    expect(await createWebhookClient(LOCAL).post(signedRequest())).toEqual({ kind: 'answered', status: 202 });
  });

  it('returns an error status as an answer, not as an exception', async () => {
    answer = (response) => response.writeHead(503).end();

    expect(await createWebhookClient(LOCAL).post(signedRequest())).toEqual({ kind: 'answered', status: 503 });
  });

  it('does not follow a redirect, so the signed payload goes only where the catalogue says', async () => {
    answer = (response) => response.writeHead(302, { location: `${server.url}/elsewhere` }).end();

    const result = await createWebhookClient(LOCAL).post(signedRequest());

    expect(result).toEqual({ kind: 'answered', status: 302 });
    expect(received.map((request) => request.url)).toEqual(['/hooks?token=abc']);
  });

  it('gives up on a receiver that does not answer within the timeout', async () => {
    answer = () => undefined; // never answers

    const result = await createWebhookClient({ ...LOCAL, timeoutMs: 100 }).post(signedRequest());

    expect(result).toEqual({ kind: 'unreachable', reason: 'timeout' });
  });

  it('reports a refused connection with its error code and without the URL', async () => {
    const port = await freePort();

    const result = await createWebhookClient(LOCAL).post(signedRequest(`http://127.0.0.1:${port}/hooks?token=abc`));

    expect(result).toEqual({ kind: 'unreachable', reason: 'network', code: 'ECONNREFUSED' });
  });
});

describe('webhook client: where it connects', () => {
  it('refuses a loopback receiver in the cloud configuration and sends nothing', async () => {
    const result = await createWebhookClient({ runtime: 'cloud' }).post(signedRequest());

    expect(result).toEqual({ kind: 'refused', reason: 'the webhook URL must be an https URL' });
    expect(received).toEqual([]);
  });

  it('refuses, in the cloud, a host name that resolves to loopback, before connecting', async () => {
    const resolve = vi.fn(async () => [{ address: '127.0.0.1', family: 4 as const }]);

    const result = await createWebhookClient({ runtime: 'cloud', resolve }).post(
      signedRequest('https://receiver.lotse.test/hooks'),
    );

    expect(result).toEqual({
      kind: 'refused',
      reason: 'resolves to an address that must not point to a loopback address',
    });
    expect(resolve).toHaveBeenCalledWith('receiver.lotse.test');
  });

  it('refuses a host name when any one of its addresses is private, even after a public one', async () => {
    const resolve = async () => [
      { address: '203.0.113.10', family: 4 as const },
      { address: '::ffff:10.0.0.7', family: 6 as const },
    ];

    const result = await createWebhookClient({ runtime: 'cloud', resolve }).post(
      signedRequest('https://receiver.lotse.test/hooks'),
    );

    expect(result).toEqual({
      kind: 'refused',
      reason: 'resolves to an address that must not point to a private address',
    });
  });

  it('connects to the address it checked, under the URL name: no second lookup, TLS names the host', async () => {
    // A plain TCP listener on loopback stands in for the receiver: it records the TLS ClientHello and hangs up. The name
    // exists in no DNS, so only the checked address can have led the connection there.
    const hellos: Buffer[] = [];
    const listener = createNetServer((socket) => {
      socket.once('data', (chunk: Buffer) => {
        hellos.push(chunk);
        socket.destroy();
      });
    });
    listener.listen(0, '127.0.0.1');
    await once(listener, 'listening');
    const { port } = listener.address() as AddressInfo;
    const resolve = vi.fn(async () => [{ address: '127.0.0.1', family: 4 as const }]);
    try {
      const result = await createWebhookClient({ runtime: 'local', resolve }).post(
        signedRequest(`https://receiver.lotse.test:${port}/hooks`),
      );

      expect(result).toMatchObject({ kind: 'unreachable', reason: 'network' });
      expect(resolve).toHaveBeenCalledTimes(1);
      expect(hellos).toHaveLength(1);
      // Server Name Indication carries the URL's name, so the certificate is verified against it.
      expect(hellos[0]?.includes('receiver.lotse.test')).toBe(true);
    } finally {
      await new Promise((done) => listener.close(done));
    }
  });

  it('answers a redirecting receiver with its 3xx status and follows nothing, in the cloud configuration too', async () => {
    answer = (response) => response.writeHead(307, { location: 'http://169.254.169.254/latest/meta-data' }).end();

    const result = await createWebhookClient(LOCAL).post(signedRequest());

    expect(result).toEqual({ kind: 'answered', status: 307 });
    expect(received).toHaveLength(1);
  });
});
