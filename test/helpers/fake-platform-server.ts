/**
 * A loopback HTTP server that records JSON requests and can fail the next N calls of a path,
 * the common core of the fake LINE, Telegram and Kakao callback servers.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** One recorded request. */
export interface RecordedRequest {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  body: unknown;
  at: number;
}

/** What a handler answers. */
export interface FakeAnswer {
  status: number;
  body: unknown;
}

/** Base fake: subclasses decide the answer for each accepted request. */
export class FakePlatformServer {
  readonly requests: RecordedRequest[] = [];
  private server: http.Server | undefined;
  private readonly failures = new Map<string, { left: number; status: number; body: unknown }>();
  private waiters: { pred: (r: RecordedRequest) => boolean; resolve: (r: RecordedRequest) => void }[] = [];
  /** While true, every request is held open unanswered (a platform API that hangs). */
  stallAll = false;
  /** Requests held by {@link stallAll}, never answered and not in {@link requests}. */
  readonly stalled: RecordedRequest[] = [];
  url = '';

  constructor(private readonly answer: (req: RecordedRequest) => FakeAnswer = () => ({ status: 200, body: {} })) {}

  /** Starts on an ephemeral loopback port. */
  async start(): Promise<this> {
    this.server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let body: unknown = text;
        try {
          body = text ? JSON.parse(text) : undefined;
        } catch {
          // keep text
        }
        const rec: RecordedRequest = { method: req.method ?? '', path: req.url ?? '', headers: req.headers, body, at: Date.now() };
        if (this.stallAll) {
          this.stalled.push(rec);
          return;
        }
        this.requests.push(rec);
        const fail = this.failures.get(rec.path);
        let out: FakeAnswer;
        if (fail && fail.left > 0) {
          fail.left--;
          out = { status: fail.status, body: fail.body };
        } else {
          out = this.answer(rec);
        }
        res.writeHead(out.status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(out.body));
        this.waiters = this.waiters.filter((w) => (w.pred(rec) ? (w.resolve(rec), false) : true));
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  /** Makes the next `times` requests to `path` fail with `status`. */
  failNext(path: string, times: number, status = 500, body: unknown = { message: 'injected failure' }): void {
    this.failures.set(path, { left: times, status, body });
  }

  /** Recorded requests whose path ends with `suffix`. */
  calls(suffix: string): RecordedRequest[] {
    return this.requests.filter((r) => r.path.endsWith(suffix));
  }

  /** Resolves with the first (past or future) request matching `pred`; rejects after `timeoutMs`. */
  waitFor(pred: (r: RecordedRequest) => boolean, timeoutMs = 5000): Promise<RecordedRequest> {
    const seen = this.requests.find(pred);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('fake platform: expected request did not arrive')), timeoutMs);
      this.waiters.push({ pred, resolve: (r) => (clearTimeout(timer), resolve(r)) });
    });
  }

  /** Stops the server. */
  async stop(): Promise<void> {
    const s = this.server;
    if (!s) return;
    s.closeAllConnections();
    await new Promise<void>((resolve) => s.close(() => resolve()));
  }
}
