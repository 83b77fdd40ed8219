/**
 * The real server answering through ChatOllama against the Ollama wire-protocol TEST DOUBLE (a
 * stand-in for a city's Ollama host; never the product default), then falling back to extractive
 * answers when the double is killed — with no error shown to the resident.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { loadConfig } from '../../bot/config';
import { buildContainer, type Container } from '../../bot/container';
import { startServer, type RunningServer } from '../../bot/server';
import { OllamaTestServer } from '../helpers/ollama-test-server';
import { startReplySink, type ReplySink } from '../helpers/reply-sink';
import { t } from '../../locales/i18n';

describe('the server with an Ollama host (test double)', function () {
  this.timeout(60000);
  const log = pino({ level: 'silent' });
  let ollama: OllamaTestServer;
  let sink: ReplySink;
  let container: Container;
  let server: RunningServer;
  let n = 0;

  before(async () => {
    ollama = new OllamaTestServer({ tokenDelayMs: 2 });
    const url = await ollama.start();
    sink = await startReplySink();
    const config = loadConfig(
      { PORT: '0', DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'madoguchi-llm-')), OLLAMA_BASE_URL: url, LOG_LEVEL: 'silent', OLLAMA_TIMEOUT_MS: '2000', BOTFRAMEWORK_ALLOW_ANONYMOUS: 'true' },
      null,
    );
    container = await buildContainer(config, log, { inMemoryDatabase: true });
    server = await startServer(container.app, { port: 0, host: '127.0.0.1', log, shutdownTimeoutMs: 2000, onShutdown: [container.shutdown] });
  });
  after(async () => {
    await server?.stop();
    await sink?.close();
    await ollama?.stop();
  });

  async function ask(text: string): Promise<{ text: string; ms: number }> {
    const before = sink.received.filter((r) => r.activity.type === 'message').length;
    const started = Date.now();
    const res = await fetch(`${server.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        type: 'message',
        id: String(++n),
        channelId: 'emulator',
        serviceUrl: sink.url,
        from: { id: `resident-${n}` },
        recipient: { id: 'bot' },
        conversation: { id: `llm-${n}` },
        text,
      }),
    });
    assert.equal(res.status, 200);
    const messages = await sink.waitForMessages(before + 2);
    return { text: messages[messages.length - 1].activity.text ?? '', ms: Date.now() - started };
  }

  it('when Ollama answers, then the answer comes from ChatOllama with num_ctx set, and cites its source', async () => {
    const reply = await ask('How do I get a library card in Maple Bay?');
    const chats = ollama.chatRequests();
    assert.ok(chats.length >= 1, 'the answer went through /api/chat');
    assert.equal(chats[chats.length - 1].options?.num_ctx, 4096);
    assert.equal(chats[chats.length - 1].stream, true);
    assert.match(reply.text, /\[1\]/);
    assert.doesNotMatch(reply.text, /quoted word for word/);
    const ready = (await (await fetch(`${server.url}/readyz`)).json()) as { status: string; answers: { mode: string } };
    assert.equal(ready.status, 'ok');
    assert.equal(ready.answers.mode, 'llm');
  });

  it('when the Ollama host is killed, then the next answer is extractive within 3 s and no error reaches the resident', async () => {
    await ollama.stop();
    // A different question: a repeated one would be served from the answer cache.
    const reply = await ask('When is the Maple Bay summer festival?');
    assert.ok(reply.ms < 3000, `took ${reply.ms} ms`);
    assert.match(reply.text, /\[1\]/);
    // The extractive reply says it quotes the official text (with the document's date when it has one).
    assert.match(reply.text, /quoted word for word/, reply.text);
    assert.notEqual(reply.text, t('en', 'core.error'));
  });
});
