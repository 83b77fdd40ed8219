/**
 * Listening and stopping: `start()` binds (port 0 in tests) and returns the address; `stop()`
 * stops accepting, lets in-flight requests and turns finish (bounded by a timeout), then runs the
 * shutdown hooks (drain channel work, close the database).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Express } from 'express';
import type { Logger } from 'pino';

/** Idle kept-alive connections stay open this long by default (above the usual proxy's 60 s). */
export const DEFAULT_KEEP_ALIVE_MS = 65_000;

/** A running HTTP server. */
export interface RunningServer {
  /** e.g. `http://127.0.0.1:3978` */
  url: string;
  port: number;
  /** Graceful stop; resolves when everything is closed. */
  stop(): Promise<void>;
}

/** Options for {@link startServer}. */
export interface StartOptions {
  port: number;
  host: string;
  log: Logger;
  shutdownTimeoutMs: number;
  /**
   * How long an idle kept-alive connection stays open (HTTP_KEEP_ALIVE_SECONDS; default 65 s).
   * Node's own 5 s is shorter than the idle timeout of the proxies and load balancers in front
   * (about 60 s): one would send a request on a connection the server is just closing and get a
   * reset — and so did a client of a server whose event loop stalled past those 5 s.
   */
  keepAliveTimeoutMs?: number;
  /** Called once after the listener closed (drain adapters, close the database…), in order. */
  onShutdown?: (() => Promise<void>)[];
  /** Called when shutdown begins (so the app can answer 503). */
  beginShutdown?: () => void;
}

/** Starts listening. */
export async function startServer(app: Express, options: StartOptions): Promise<RunningServer> {
  const server = http.createServer(app);
  server.keepAliveTimeout = options.keepAliveTimeoutMs ?? DEFAULT_KEEP_ALIVE_MS;
  // A request's headers may take this long; above the keep-alive timeout, as Node advises.
  server.headersTimeout = server.keepAliveTimeout + 1000;
  let inFlight = 0;
  server.on('request', (req, res) => {
    // Event streams stay open by design; they are closed, not awaited, at shutdown.
    if (String(req.headers.accept ?? '').includes('text/event-stream')) return;
    inFlight += 1;
    res.on('close', () => {
      inFlight -= 1;
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const shownHost = options.host === '0.0.0.0' || options.host === '::' ? '127.0.0.1' : options.host;
  let stopping: Promise<void> | null = null;

  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      options.beginShutdown?.();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      const deadline = Date.now() + options.shutdownTimeoutMs;
      while (inFlight > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
      if (inFlight > 0) options.log.warn({ inFlight }, 'shutdown timeout: closing remaining connections');
      server.closeAllConnections();
      await closed;
      for (const hook of options.onShutdown ?? []) {
        try {
          await hook();
        } catch (err) {
          options.log.error({ err }, 'shutdown step failed');
        }
      }
      options.log.info('stopped');
    })();
    return stopping;
  };
  return { url: `http://${shownHost}:${port}`, port, stop };
}
