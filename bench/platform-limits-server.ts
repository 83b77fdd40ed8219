/**
 * TEST DOUBLE for `npm run bench` (alerts fan-out): one loopback HTTP server speaking the wire
 * protocols the alert senders use — LINE `POST /v2/bot/message/push` and `/v2/bot/message/multicast`
 * (Bearer auth, X-Line-Retry-Key: a key accepted before answers 409; up to 500 user ids), Telegram
 * `POST /bot<token>/sendMessage`, and a Bot Framework channel's `POST /v3/conversations/{id}/activities`
 * — each enforcing its platform's documented rate limit over a sliding one-second window: LINE push
 * 2,000 requests/s and multicast 200 requests/s, Telegram 30 messages/s (429 with
 * `parameters.retry_after`), Teams 50 requests/s per app and tenant (429 with Retry-After).
 * Run in its own process (forked by alerts-fanout-bench.ts) so the server's work does not slow the
 * sender; `GET /stats` returns what was accepted, refused and repeated.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** Requests per second each platform allows. */
export const PLATFORM_LIMITS = { line: 2000, line_multicast: 200, telegram: 30, botframework: 50 } as const;

/** A sliding one-second window of accepted requests. */
class SlidingWindow {
  private readonly times: number[] = [];
  private head = 0;
  constructor(private readonly limit: number) {}

  /** Accepts a request now unless `limit` were accepted in the last second. */
  tryAccept(now: number): boolean {
    while (this.head < this.times.length && this.times[this.head] <= now - 1000) this.head++;
    if (this.head > 10000) {
      this.times.splice(0, this.head);
      this.head = 0;
    }
    if (this.times.length - this.head >= this.limit) return false;
    this.times.push(now);
    return true;
  }
}

/** What the server saw, per platform. */
export interface PlatformStats {
  accepted: number;
  rateLimited: number;
  /** Deliveries accepted twice (the same recipient) — must stay 0. */
  duplicates: number;
  /** Pushes repeated with a key accepted before (LINE answered 409). */
  repeatedKeys: number;
  firstAt: number;
  lastAt: number;
}

function start(token: string): void {
  const windows = {
    line: new SlidingWindow(PLATFORM_LIMITS.line),
    line_multicast: new SlidingWindow(PLATFORM_LIMITS.line_multicast),
    telegram: new SlidingWindow(PLATFORM_LIMITS.telegram),
    botframework: new SlidingWindow(PLATFORM_LIMITS.botframework),
  };
  const stats: Record<keyof typeof windows, PlatformStats> = {
    line: { accepted: 0, rateLimited: 0, duplicates: 0, repeatedKeys: 0, firstAt: 0, lastAt: 0 },
    line_multicast: { accepted: 0, rateLimited: 0, duplicates: 0, repeatedKeys: 0, firstAt: 0, lastAt: 0 },
    telegram: { accepted: 0, rateLimited: 0, duplicates: 0, repeatedKeys: 0, firstAt: 0, lastAt: 0 },
    botframework: { accepted: 0, rateLimited: 0, duplicates: 0, repeatedKeys: 0, firstAt: 0, lastAt: 0 },
  };
  // LINE residents are counted once whether they got a push or were in a multicast.
  const lineSeen = new Set<string>();
  const seen = { line: lineSeen, line_multicast: lineSeen, telegram: new Set<string>(), botframework: new Set<string>() };
  const lineKeys = new Set<string>();
  const accept = (platform: keyof typeof windows, recipient: string, now: number): void => {
    const s = stats[platform];
    s.accepted++;
    s.firstAt ||= now;
    s.lastAt = now;
    if (seen[platform].has(recipient)) s.duplicates++;
    else seen[platform].add(recipient);
  };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const now = Date.now();
      const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
        res.writeHead(status, { 'content-type': 'application/json', ...headers });
        res.end(JSON.stringify(body));
      };
      const url = req.url ?? '';
      if (req.method === 'GET' && url === '/stats') return send(200, stats);
      let body: Record<string, unknown> = {};
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Record<string, unknown>;
      } catch {
        return send(400, { message: 'invalid JSON' });
      }
      if (url === '/v2/bot/message/push') {
        if (req.headers.authorization !== `Bearer ${token}`) return send(401, { message: 'Authentication failed' });
        const key = String(req.headers['x-line-retry-key'] ?? '');
        if (!windows.line.tryAccept(now)) {
          stats.line.rateLimited++;
          return send(429, { message: 'The API rate limit has been exceeded. Try again later.' });
        }
        if (key && lineKeys.has(key)) {
          stats.line.repeatedKeys++;
          return send(409, { message: 'The retry key is already accepted' });
        }
        if (key) lineKeys.add(key);
        accept('line', String(body.to), now);
        return send(200, { sentMessages: [{ id: String(stats.line.accepted), quoteToken: 'q' }] });
      }
      if (url === '/v2/bot/message/multicast') {
        if (req.headers.authorization !== `Bearer ${token}`) return send(401, { message: 'Authentication failed' });
        const key = String(req.headers['x-line-retry-key'] ?? '');
        if (!windows.line_multicast.tryAccept(now)) {
          stats.line_multicast.rateLimited++;
          return send(429, { message: 'The API rate limit has been exceeded. Try again later.' });
        }
        if (key && lineKeys.has(key)) {
          stats.line_multicast.repeatedKeys++;
          return send(409, { message: 'The retry key is already accepted' });
        }
        const to = Array.isArray(body.to) ? (body.to as unknown[]) : [];
        if (to.length === 0 || to.length > 500) return send(400, { message: 'to: between 1 and 500 user ids' });
        if (key) lineKeys.add(key);
        for (const user of to) accept('line_multicast', String(user), now);
        return send(200, {});
      }
      if (url === `/bot${token}/sendMessage`) {
        if (!windows.telegram.tryAccept(now)) {
          stats.telegram.rateLimited++;
          return send(429, { ok: false, error_code: 429, description: 'Too Many Requests: retry after 1', parameters: { retry_after: 1 } });
        }
        accept('telegram', String(body.chat_id), now);
        return send(200, { ok: true, result: { message_id: stats.telegram.accepted } });
      }
      const conversation = /^\/v3\/conversations\/([^/]+)\/activities/.exec(url);
      if (conversation) {
        if (!windows.botframework.tryAccept(now)) {
          stats.botframework.rateLimited++;
          return send(429, { error: { code: 'TooManyRequests', message: 'Too many requests' } }, { 'retry-after': '1' });
        }
        accept('botframework', decodeURIComponent(conversation[1]), now);
        return send(200, { id: `a-${stats.botframework.accepted}` });
      }
      send(404, { message: 'Not found' });
    });
  });
  server.keepAliveTimeout = 60_000;
  server.listen(0, '127.0.0.1', () => {
    process.send?.({ type: 'ready', url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` });
  });
  process.on('disconnect', () => process.exit(0));
}

if (require.main === module) start(process.argv[2] ?? 'bench-token');
