// A loopback HTTP proxy that records every request a function instance makes to a local AWS service (and may add to
// the request body), so that the cost section counts the real requests of the real bundles.

import { createServer, type IncomingHttpHeaders, type IncomingMessage } from 'node:http';
import { forward, listenOnLoopback, readAll } from '#infra/local/loopback-server.ts';

export type Exchange = {
  readonly headers: IncomingHttpHeaders;
  /** What `prepare` found before the request was forwarded. */
  readonly prepared?: unknown;
  readonly requestBody: Buffer;
  readonly status: number;
  readonly responseBody: Buffer;
  readonly ms: number;
};

export type RecordingProxy = { readonly url: string; close(): Promise<void> };

export async function startRecordingProxy(options: {
  readonly upstream: string;
  /** Rewrites a request body before it is forwarded (e.g. to ask DynamoDB for consumed capacity). */
  readonly rewrite?: (headers: IncomingHttpHeaders, body: Buffer) => Buffer;
  /** Looks at the service before the request is forwarded (e.g. the items a write will change). */
  readonly prepare?: (headers: IncomingHttpHeaders, body: Buffer) => Promise<unknown>;
  /** Records the exchange; the caller gets the response only once a returned promise has settled. */
  readonly record: (exchange: Exchange) => void | Promise<void>;
}): Promise<RecordingProxy> {
  const target = new URL(options.upstream);
  const server = createServer(async (request: IncomingMessage, response) => {
    const original = await readAll(request);
    const body = options.rewrite === undefined ? original : options.rewrite(request.headers, original);
    const prepared = await options.prepare?.(request.headers, original);
    const started = performance.now();
    forward(target, request, body, response, async (upstream) => {
      const responseBody = await readAll(upstream);
      await options.record({
        headers: request.headers,
        prepared,
        requestBody: original,
        status: upstream.statusCode ?? 502,
        responseBody,
        ms: performance.now() - started,
      });
      const responseHeaders = { ...upstream.headers, 'content-length': String(responseBody.length) };
      delete responseHeaders['transfer-encoding'];
      response.writeHead(upstream.statusCode ?? 502, responseHeaders);
      response.end(responseBody);
    });
  });
  const { url, close } = await listenOnLoopback(server);
  return { url, close };
}

/** The operation of an AWS JSON-protocol request (`x-amz-target: DynamoDB_20120810.PutItem` → `PutItem`). */
export function targetOperation(headers: IncomingHttpHeaders): string {
  const target = headers['x-amz-target'];
  if (typeof target !== 'string') return 'unknown';
  return target.slice(target.lastIndexOf('.') + 1);
}
