import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import express from 'express';
import { createLogger } from '../../bot/logger';
import { requestLog } from '../../ops/request-log';

/** A server with the request log in front of three routes, and the log lines it wrote. */
async function serve(level: string) {
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      done();
    },
  });
  const app = express();
  app.use(requestLog(createLogger(level, sink), { quietPaths: ['/healthz'] }));
  app.get('/healthz', (_req, res) => {
    res.json({ ok: true });
  });
  app.get('/id', (req, res) => {
    res.json({ id: (req as { id?: string }).id });
  });
  app.get('/slow', (_req, res) => {
    setTimeout(() => res.end('late'), 500);
  });
  const server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { base, lines, close: () => new Promise((resolve) => server.close(resolve)) };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 50));

describe('request log', () => {
  let server: Awaited<ReturnType<typeof serve>> | undefined;
  const open = async (level: string) => (server = await serve(level));
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('when a request ends, then one line has its id, method, path without query, status and time, and the id is returned', async () => {
    const s = await open('info');
    const res = await fetch(`${s.base}/id?name=Kim&phone=010-1234-5678`, { headers: { 'x-request-id': 'lb-42.a' } });
    assert.equal(res.headers.get('x-request-id'), 'lb-42.a');
    assert.deepEqual(await res.json(), { id: 'lb-42.a' });
    await settle();
    assert.equal(s.lines.length, 1);
    const line = s.lines[0] as { msg: string; req: unknown; res: unknown; responseTime: unknown };
    assert.equal(line.msg, 'request completed');
    assert.deepEqual(line.req, { id: 'lb-42.a', method: 'GET', url: '/id' });
    assert.deepEqual(line.res, { statusCode: 200 });
    assert.equal(typeof line.responseTime, 'number');
    assert.doesNotMatch(JSON.stringify(s.lines), /Kim|1234/);
  });

  it('when the caller sends no id or an unusable one, then a new UUID is used', async () => {
    const s = await open('info');
    for (const headers of [{}, { 'x-request-id': 'bad id with spaces <script>' }] as Record<string, string>[]) {
      const res = await fetch(`${s.base}/id`, { headers });
      const id = res.headers.get('x-request-id') ?? '';
      assert.match(id, /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
      assert.deepEqual(await res.json(), { id });
    }
  });

  it('when a probe path is asked, then it gets an id but no line', async () => {
    const s = await open('info');
    const res = await fetch(`${s.base}/healthz`);
    assert.ok(res.headers.get('x-request-id'));
    await settle();
    assert.equal(s.lines.length, 0);
  });

  it('when the client goes away before the answer, then the line says the request was aborted', async () => {
    const s = await open('info');
    await new Promise<void>((resolve) => {
      const req = http.get(`${s.base}/slow`);
      req.on('error', () => resolve());
      setTimeout(() => {
        req.destroy();
        resolve();
      }, 100);
    });
    await new Promise((resolve) => setTimeout(resolve, 600));
    assert.equal(s.lines.length, 1);
    assert.equal((s.lines[0] as { msg: string }).msg, 'request aborted');
  });

  it('when the level is above info, then no line is written but ids still are', async () => {
    const s = await open('warn');
    const res = await fetch(`${s.base}/id`);
    assert.ok(res.headers.get('x-request-id'));
    await settle();
    assert.equal(s.lines.length, 0);
  });
});
