import assert from 'node:assert/strict';
import express from 'express';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { PlatformHttpError } from '../../../adapters/shared/adapter-errors';
import { disabledChannelRouter } from '../../../adapters/shared/disabled-channel-router';
import { contentOf } from '../../../adapters/shared/outgoing-activity';
import { retryWithBackoff } from '../../../adapters/shared/retry';
import { secretEquals } from '../../../adapters/shared/secret-equals';
import { splitText, truncateLabel } from '../../../adapters/shared/split-text';

describe('adapter shared helpers', () => {
  it('when text is split, then chunks respect the limit, prefer boundaries and never cut a surrogate pair', () => {
    const text = `${'가나다 '.repeat(300)}\n\n${'😀'.repeat(700)}`;
    const chunks = splitText(text, 500);
    for (const c of chunks) {
      assert.ok(c.length <= 500);
      assert.ok(!/[\uD800-\uDBFF]$/.test(c), 'no lone high surrogate at the end');
    }
    assert.equal(chunks.join('').replace(/\s/g, ''), text.replace(/\s/g, ''));
    assert.ok(chunks[0]?.endsWith('다'), 'cut at a space, not inside a word');
    assert.equal(truncateLabel('Talk to a person please', 10), 'Talk to a…');
  });

  it('when a call fails with retryable errors, then it is retried with backoff; a 4xx is not retried', async () => {
    let calls = 0;
    const delays: number[] = [];
    const result = await retryWithBackoff(
      () => {
        calls++;
        if (calls < 3) return Promise.reject(new PlatformHttpError('x', 'op', 503));
        return Promise.resolve('ok');
      },
      { baseDelayMs: 100, sleep: (ms) => (delays.push(ms), Promise.resolve()) },
    );
    assert.equal(result, 'ok');
    assert.equal(calls, 3);
    assert.ok(delays.every((d) => d >= 0 && d <= 200));
    let bad = 0;
    await assert.rejects(retryWithBackoff(() => (bad++, Promise.reject(new PlatformHttpError('x', 'op', 400))), { sleep: () => Promise.resolve() }), { status: 400 });
    assert.equal(bad, 1);
    let exhausted = 0;
    await assert.rejects(retryWithBackoff(() => (exhausted++, Promise.reject(new PlatformHttpError('x', 'op', 0))), { attempts: 3, sleep: () => Promise.resolve() }));
    assert.equal(exhausted, 3, 'bounded');
  });

  it('when secrets are compared, then only the exact secret matches and an empty secret never does', () => {
    assert.equal(secretEquals('abc', 'abc'), true);
    assert.equal(secretEquals('abc', 'abcd'), false);
    assert.equal(secretEquals('abc', undefined), false);
    assert.equal(secretEquals('', ''), false);
  });

  it('when citations come with a footer, then contentOf removes the footer only for native rendering and drops unsafe URLs', () => {
    const activity = {
      text: 'Answer.\n\nSources: [1] A',
      channelData: { madoguchi: { sourcesFooter: 'Sources: [1] A', citations: [{ n: 1, title: 'A', url: 'javascript:alert(1)' }] } },
    };
    assert.equal(contentOf(activity, true).text, 'Answer.');
    assert.equal(contentOf(activity, true).citations[0]?.url, undefined);
    assert.equal(contentOf(activity, false).text, 'Answer.\n\nSources: [1] A');
  });

  it('when a channel is off, then its router answers 404 with the reason for any method and path', async () => {
    const app = express();
    app.use('/webhooks/line', disabledChannelRouter('channel line is not configured (set LINE_CHANNEL_SECRET and LINE_CHANNEL_ACCESS_TOKEN)'));
    const server = http.createServer(app).listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const res = await fetch(`${url}/webhooks/line/anything`, { method: 'PUT' });
    assert.equal(res.status, 404);
    assert.match(((await res.json()) as { error: string }).error, /LINE_CHANNEL_SECRET/);
    server.close();
  });
});
