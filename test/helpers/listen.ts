/** Serves a request handler (an Express app) on 127.0.0.1, port 0. */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** A running test server. */
export interface Served {
  url: string;
  close(): Promise<void>;
}

/** Listens on a free loopback port; `close` drops open connections too. */
export async function listen(handler: http.RequestListener): Promise<Served> {
  const server = http.createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
