// The fault proxy recognises SQS actions in both wire protocols and keeps an intercepted request from the queue.
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { sqsAction, startSqsProxy } from '#infra/local/sqs-proxy.ts';

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

async function upstream(received: string[]): Promise<string> {
  const server = createServer((request, response) => {
    received.push(String(request.headers['x-amz-target']));
    response.end('{}');
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  closers.push(() => new Promise((resolve) => server.close(() => resolve())));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('the SQS fault proxy', () => {
  it('reads the action of the JSON and of the query protocol', () => {
    expect([
      sqsAction({ 'x-amz-target': 'AmazonSQS.SendMessageBatch' }, Buffer.alloc(0)),
      sqsAction({}, Buffer.from('Action=SendMessage&Version=2012-11-05')),
    ]).toEqual(['SendMessageBatch', 'SendMessage']);
  });

  it('forwards requests it does not intercept', async () => {
    const received: string[] = [];
    const proxy = await startSqsProxy(await upstream(received), () => false);
    closers.push(() => proxy.close());

    const response = await fetch(proxy.url, {
      method: 'POST',
      headers: { 'x-amz-target': 'AmazonSQS.SendMessage' },
      body: '{}',
    });

    expect([response.status, received]).toEqual([200, ['AmazonSQS.SendMessage']]);
  });

  it('never forwards an intercepted request', async () => {
    const received: string[] = [];
    const proxy = await startSqsProxy(await upstream(received), (action) => action === 'SendMessage');
    closers.push(() => proxy.close());

    const attempt = fetch(proxy.url, {
      method: 'POST',
      headers: { 'x-amz-target': 'AmazonSQS.SendMessage' },
      body: '{}',
    });

    await expect(attempt).rejects.toThrow();
    expect(received).toEqual([]);
  });
});
