// A loopback proxy in front of the local SQS, one per function instance, so that a fault can be injected into exactly
// the instance that makes the call (e.g. kill it when it is about to send a message).

import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { forward, listenOnLoopback, readAll } from './loopback-server.ts';

export type SqsProxy = { readonly url: string; close(): Promise<void> };

/** Decides, per request, whether to forward it or to stop it; `true` from `intercept` means the request is not sent. */
export type SqsInterceptor = (action: string) => boolean;

/** The SQS action of a request: JSON protocol (`x-amz-target: AmazonSQS.SendMessage`) or query protocol (`Action=`). */
export function sqsAction(headers: IncomingMessage['headers'], body: Buffer): string {
  const target = headers['x-amz-target'];
  if (typeof target === 'string') return target.replace(/^AmazonSQS\./, '');
  const action = /(?:^|&)Action=([A-Za-z]+)/.exec(body.toString('utf8'))?.[1];
  return action ?? '';
}

export async function startSqsProxy(upstream: string, intercept: SqsInterceptor): Promise<SqsProxy> {
  const target = new URL(upstream);
  const server = createServer(async (request: IncomingMessage, response: ServerResponse) => {
    const body = await readAll(request);
    if (intercept(sqsAction(request.headers, body))) {
      // The instance is being killed: the request must never reach the queue, and the caller never gets an answer.
      request.socket.destroy();
      return;
    }
    forward(target, request, body, response, (upstreamResponse) => {
      response.writeHead(upstreamResponse.statusCode ?? 502, upstreamResponse.headers);
      upstreamResponse.pipe(response);
    });
  });
  const { url, close } = await listenOnLoopback(server);
  return { url, close };
}
