// Puts an HTTP server of the local runtime on the loopback interface and gives back its URL and a clean close.
import { once } from 'node:events';
import { request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type LoopbackServer = { readonly url: string; readonly port: number; close(): Promise<void> };

/** Listens on 127.0.0.1 (`port` 0: any free port); rejects as the server does, e.g. when the port is in use. */
export async function listenOnLoopback(server: Server, port = 0): Promise<LoopbackServer> {
  server.listen(port, '127.0.0.1');
  await once(server, 'listening');
  const actualPort = (server.address() as AddressInfo).port;
  let closed: Promise<void> | undefined;
  return {
    url: `http://127.0.0.1:${actualPort}`,
    port: actualPort,
    /** Closes the server once, however often it is called. */
    close() {
      closed ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Keep-alive connections of the SDK clients would otherwise hold the server open.
        server.closeAllConnections();
      });
      return closed;
    },
  };
}

/** The whole body of a request or response. */
export async function readAll(stream: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/**
 * Sends `request` with `body` on to `target` (same method, path and headers, `host` set to the target's) and hands
 * the target's response to `respond`; when the target cannot be reached the caller gets a bare 502.
 */
export function forward(
  target: URL,
  request: IncomingMessage,
  body: Buffer,
  response: ServerResponse,
  respond: (upstream: IncomingMessage) => void,
): void {
  // The body is read whole: it goes on with its length, never in chunks.
  const { 'transfer-encoding': _chunked, ...given } = request.headers;
  const headers = { ...given, host: target.host, 'content-length': String(body.length) };
  const forwarded = httpRequest(
    { hostname: target.hostname, port: target.port, method: request.method, path: request.url, headers },
    respond,
  );
  forwarded.on('error', () => {
    if (!response.headersSent) response.writeHead(502);
    response.end();
  });
  forwarded.end(body);
}
