import assert from 'node:assert/strict';
import type { TurnContext } from 'botbuilder';
import { ConfigurationBotFrameworkAuthentication } from 'botbuilder';
import { AuthenticationConstants, ClaimsIdentity } from 'botframework-connector';
import pino from 'pino';
import { BotFrameworkEndpoint, toActivity } from '../../../adapters/botframework/botframework-endpoint';
import { ReusingConnectorAuthentication } from '../../../adapters/botframework/reusing-connector-authentication';
import { startBenchSink, type BenchSink } from '../../../bench/sink';
import { serve, until, type Served } from '../helpers/serve';
import { capturingLogger } from '../../helpers/capturing-logger';

const noCredentials = { appId: '', appPassword: '', appType: '', tenantId: '' };
const silent = pino({ level: 'silent' });

function activity(serviceUrl: string, conversationId: string, text: string) {
  return {
    type: 'message',
    id: `m-${Math.random()}`,
    channelId: 'emulator',
    serviceUrl,
    from: { id: 'resident-1', role: 'user' },
    recipient: { id: 'bot', role: 'bot' },
    conversation: { id: conversationId },
    text,
  };
}

describe('Bot Framework endpoint', () => {
  let sinks: BenchSink[] = [];
  let served: Served | undefined;
  afterEach(async () => {
    await served?.close();
    served = undefined;
    await Promise.all(sinks.map((s) => s.close()));
    sinks = [];
  });

  it('when turns come from one service URL, then replies arrive and the outbound client is built once; another URL gets its own', async () => {
    const endpoint = new BotFrameworkEndpoint(noCredentials, '256kb', async () => undefined, silent);
    const clients: unknown[] = [];
    const bot = async (context: TurnContext) => {
      clients.push(context.turnState.get(endpoint.adapter.ConnectorClientKey));
      await context.sendActivity(`echo: ${context.activity.text ?? ''}`);
    };
    sinks = [await startBenchSink(), await startBenchSink()];
    const server = await serve(endpoint, bot);
    served = server;
    const post = async (serviceUrl: string, conversationId: string, text: string) => {
      const res = await fetch(`${server.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(activity(serviceUrl, conversationId, text)) });
      assert.ok(res.status < 300, `status ${res.status}`);
    };
    await post(sinks[0].url, 'c1', 'one');
    await post(sinks[0].url, 'c2', 'two');
    await post(sinks[1].url, 'c3', 'three');
    await until(() => sinks[0].messages === 2 && sinks[1].messages === 1);
    assert.equal(sinks[0].messagesFor('c1'), 1);
    assert.equal(sinks[0].messagesFor('c2'), 1);
    assert.equal(sinks[1].messagesFor('c3'), 1);
    assert.equal(clients.length, 3);
    assert.ok(clients[0]);
    assert.equal(clients[1], clients[0]);
    assert.notEqual(clients[2], clients[0]);
    assert.ok(Object.hasOwn(clients[0], 'sendOperationRequest'), 'kept clients send activities as JSON bodies (activity-json-body.ts)');
  });

  it('when the bot has Azure credentials, then a request without a valid token is refused with one log line, nothing on stderr, and the bot never runs', async () => {
    const { log, lines } = capturingLogger();
    const endpoint = new BotFrameworkEndpoint({ appId: '00000000-0000-0000-0000-000000000001', appPassword: 'secret', appType: 'MultiTenant', tenantId: '' }, '256kb', async () => undefined, log);
    let turns = 0;
    const server = await serve(endpoint, async () => {
      turns += 1;
    });
    served = server;
    const consoleError = console.error;
    const stderr: unknown[] = [];
    console.error = (...args: unknown[]) => void stderr.push(args);
    try {
      for (const headers of [{}, { authorization: 'Bearer not-a-jwt' }] as Record<string, string>[]) {
        const res = await fetch(`${server.url}/api/messages`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...headers },
          body: JSON.stringify(activity('http://127.0.0.1:9', 'c1', 'hi')),
        });
        assert.equal(res.status, 401);
        assert.deepEqual(await res.json(), { error: 'unauthorized' });
      }
    } finally {
      console.error = consoleError;
    }
    assert.equal(turns, 0);
    assert.deepEqual(stderr, []);
    const refused = lines.filter((l) => l.msg === 'Bot Framework request refused');
    assert.equal(refused.length, 2);
    assert.equal(refused[0].conversationId, 'c1');
    assert.equal(typeof refused[0].reason, 'string');
    assert.ok(!JSON.stringify(refused).includes('not-a-jwt'), 'the token is not logged');
  });

  it('when the body is not an activity, then 400 with a JSON error and the bot never runs', async () => {
    const endpoint = new BotFrameworkEndpoint(noCredentials, '256kb', async () => undefined, silent);
    let turns = 0;
    const server = await serve(endpoint, async () => {
      turns += 1;
    });
    served = server;
    for (const body of ['[]', '{"text":"no type"}', '{"type":""}', '{"type":"message","timestamp":42}']) {
      const res = await fetch(`${server.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      assert.equal(res.status, 400, body);
      assert.match(((await res.json()) as { error: string }).error, /Bot Framework Activity/);
    }
    assert.equal(turns, 0);
  });

  it('when an invoke turn answers with a status and body, then the HTTP response carries them', async () => {
    const endpoint = new BotFrameworkEndpoint(noCredentials, '256kb', async () => undefined, silent);
    const server = await serve(endpoint, async (context) => {
      await context.sendActivity({ type: 'invokeResponse', value: { status: 202, body: { accepted: context.activity.name } } });
    });
    served = server;
    const res = await fetch(`${server.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...activity('http://127.0.0.1:9', 'c1', ''), type: 'invoke', name: 'adaptiveCard/action' }),
    });
    assert.equal(res.status, 202);
    assert.deepEqual(await res.json(), { accepted: 'adaptiveCard/action' });
  });

  it('when the turn fails past the turn error handler, then 500 with a JSON error and one log line', async () => {
    const { log, lines } = capturingLogger();
    const endpoint = new BotFrameworkEndpoint(noCredentials, '256kb', async (_context, error) => {
      throw error;
    }, log);
    const server = await serve(endpoint, async () => {
      throw new Error('boom');
    });
    served = server;
    const res = await fetch(`${server.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(activity('http://127.0.0.1:9', 'c9', 'hi')) });
    assert.equal(res.status, 500);
    assert.deepEqual(await res.json(), { error: 'internal error' });
    assert.equal(lines.filter((l) => l.msg === 'Bot Framework turn failed' && l.conversationId === 'c9').length, 1);
  });

  it('time stamps become dates and the sent text is kept, as botbuilder expects', () => {
    const a = toActivity({ type: 'message', timestamp: '2026-11-23T01:02:03.456Z', localTimestamp: '2026-11-23T10:02:03.456+09:00' });
    assert.ok(a.timestamp instanceof Date);
    assert.equal(a.timestamp.toISOString(), '2026-11-23T01:02:03.456Z');
    const raw = a as unknown as { rawTimestamp?: string; rawLocalTimestamp?: string };
    assert.equal(raw.rawTimestamp, '2026-11-23T01:02:03.456Z');
    assert.equal(raw.rawLocalTimestamp, '2026-11-23T10:02:03.456+09:00');
    assert.equal(a.expiration, undefined);
  });

  it('when more service URLs are used than the cache holds, then the least recently used client is dropped', async () => {
    const auth = new ReusingConnectorAuthentication(new ConfigurationBotFrameworkAuthentication({}), 2);
    const identity = new ClaimsIdentity([{ type: AuthenticationConstants.AppIdClaim, value: '' }], 'anonymous');
    const factory = auth.createConnectorFactory(identity);
    const a = await factory.create('http://a.example', 'aud');
    const b = await factory.create('http://b.example', 'aud');
    assert.equal(await factory.create('http://a.example', 'aud'), a);
    await factory.create('http://c.example', 'aud'); // drops b, the least recently used
    assert.deepEqual(auth.cachedClients.connectors, 2);
    assert.equal(await auth.createConnectorFactory(identity).create('http://a.example', 'aud'), a);
    assert.notEqual(await factory.create('http://b.example', 'aud'), b);
    assert.notEqual(await factory.create('http://a.example', 'other-audience'), a);
    const tokens = await auth.createUserTokenClient(identity);
    assert.equal(await auth.createUserTokenClient(identity), tokens);
  });
});
