// The fault proxy recognises SQS actions in both wire protocols and keeps an intercepted request from the queue.
import { createServer } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { listenOnLoopback } from '#infra/local/loopback-server.ts';
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
  const listening = await listenOnLoopback(server);
  closers.push(() => listening.close());
  return listening.url;
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
