/**
 * The per-IP HTTP limit in front of channel endpoints: over the limit it answers 429 with
 * Retry-After and a JSON error, without reaching the route.
 */
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import express from 'express';
import { ipRateLimit } from '../../../bot/middleware/ip-rate-limit';
import { RateLimiter } from '../../../safety/limits/rate-limiter';
import { openDatabase } from '../../../storage/open-database';
import type { Database } from '../../../storage/database';

describe('ipRateLimit', () => {
  let db: Database;
  let server: Server;
  let base = '';
  let reached = 0;

  before(async () => {
    db = await openDatabase({ databaseUrl: '', dataDir: '', inMemory: true });
    const app = express();
    app.use('/api/line', ipRateLimit({ limiter: new RateLimiter(db), limit: 2 }));
    app.post('/api/line', (_req, res) => {
      reached++;
      res.json({ ok: true });
    });
    server = app.listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(async () => {
    await new Promise((r) => server?.close(r));
    await db?.close();
  });

  it('when one address sends more requests than the limit, then the extra ones get 429 with Retry-After and never reach the route', async () => {
    const statuses: number[] = [];
    let last: Response | undefined;
    for (let i = 0; i < 4; i++) {
      last = await fetch(`${base}/api/line`, { method: 'POST' });
      statuses.push(last.status);
    }
    assert.deepEqual(statuses, [200, 200, 429, 429]);
    assert.equal(reached, 2);
    assert.ok(Number(last?.headers.get('retry-after')) >= 1);
    const body = (await last?.json()) as { error: string; retryAfterSeconds: number };
    assert.equal(body.error, 'rate_limited');
    assert.ok(body.retryAfterSeconds >= 1);
  });
});
