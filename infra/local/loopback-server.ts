// Puts an HTTP server of the local runtime on the loopback interface and gives back its URL and a clean close.
import { once } from 'node:events';
import type { Server } from 'node:http';
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
