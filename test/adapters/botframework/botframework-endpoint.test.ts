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
import { startReplySink, type ReplySink } from '../../helpers/reply-sink';
import { isLoopbackAddress, isTrustedServiceUrl } from '../../../adapters/botframework/service-url-policy';
import { DEFAULT_TRUSTED_SERVICE_HOSTS } from '../../../bot/config';

const noCredentials = { appId: '', appPassword: '', appType: '', tenantId: '' };
const silent = pino({ level: 'silent' });
/** Anonymous development mode, as the Emulator and these loopback tests need. */
const development = { allowAnonymous: true, trustedServiceHosts: [] };

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
    const endpoint = new BotFrameworkEndpoint(noCredentials, '256kb', async () => undefined, silent, development);
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
    const endpoint = new BotFrameworkEndpoint({ appId: '00000000-0000-0000-0000-000000000001', appPassword: 'secret', appType: 'MultiTenant', tenantId: '' }, '256kb', async () => undefined, log, { allowAnonymous: false, trustedServiceHosts: ['*.trafficmanager.net'] });
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
          body: JSON.stringify(activity('https://smba.trafficmanager.net/amer/', 'c1', 'hi')),
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
    const endpoint = new BotFrameworkEndpoint(noCredentials, '256kb', async () => undefined, silent, development);
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
    const endpoint = new BotFrameworkEndpoint(noCredentials, '256kb', async () => undefined, silent, development);
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
    }, log, development);
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

describe('Bot Framework endpoint access (who may post, where the bot may send)', () => {
  const trusted = DEFAULT_TRUSTED_SERVICE_HOSTS.split(',');
  let sink: ReplySink | undefined;
  let served: Served | undefined;
  afterEach(async () => {
    await served?.close();
    await sink?.close();
    served = undefined;
    sink = undefined;
  });

  /** Serves an endpoint whose bot echoes, and counts its turns. */
  async function echoEndpoint(access: { allowAnonymous: boolean; trustedServiceHosts: readonly string[] }, credentials = noCredentials) {
    const endpoint = new BotFrameworkEndpoint(credentials, '256kb', async () => undefined, silent, access);
    const state = { turns: 0 };
    served = await serve(endpoint, async (context) => {
      state.turns += 1;
      await context.sendActivity(`echo: ${context.activity.text ?? ''}`);
    });
    sink = await startReplySink();
    return { url: `${served.url}/api/messages`, state, sink };
  }
  const postJson = (url: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

  it('when no app id is set and the development switch is off (the default), then a POST gets 401 saying how to enable it, and nothing is called', async () => {
    const { url, state, sink } = await echoEndpoint({ allowAnonymous: false, trustedServiceHosts: trusted });
    const res = await postJson(url, activity(sink.url, 'c1', 'hi'));
    assert.equal(res.status, 401);
    assert.match(((await res.json()) as { error: string }).error, /MicrosoftAppId.*BOTFRAMEWORK_ALLOW_ANONYMOUS=true/);
    await new Promise((r) => setTimeout(r, 100));
    assert.equal(state.turns, 0);
    assert.equal(sink.received.length, 0);
  });

  it('when the development switch is on but the request was forwarded by a proxy, then 401: anonymous access is for this machine only', async () => {
    const { url, state, sink } = await echoEndpoint({ allowAnonymous: true, trustedServiceHosts: trusted });
    for (const headers of [{ 'x-forwarded-for': '203.0.113.9' }, { forwarded: 'for=203.0.113.9' }, { 'x-real-ip': '203.0.113.9' }] as Record<string, string>[]) {
      const res = await postJson(url, activity(sink.url, 'c1', 'hi'), headers);
      assert.equal(res.status, 401, JSON.stringify(headers));
      assert.match(((await res.json()) as { error: string }).error, /loopback only/);
    }
    assert.equal(state.turns, 0);
    assert.equal(sink.received.length, 0);
  });

  it('when the development switch is on and the serviceUrl is loopback, then the Emulator-style turn runs and the reply arrives', async () => {
    const { url, state, sink } = await echoEndpoint({ allowAnonymous: true, trustedServiceHosts: trusted });
    const res = await postJson(url, activity(sink.url, 'c1', 'hi'));
    assert.equal(res.status, 200);
    await sink.waitForMessages(1);
    assert.equal(state.turns, 1);
  });

  it('when the serviceUrl names an untrusted host, port or scheme, then 400 and the bot never calls it', async () => {
    const { url, state, sink } = await echoEndpoint({ allowAnonymous: true, trustedServiceHosts: trusted });
    for (const serviceUrl of [
      'https://evil.example/',
      'http://10.0.0.5:8080/admin/',
      'https://smba.trafficmanager.net.evil.example/',
      'https://evilbotframework.com/',
      'http://directline.botframework.com/', // not https
      'https://directline.botframework.com:8443/', // not the default port
      'https://user:pass@directline.botframework.com/',
      'not a url',
    ]) {
      const res = await postJson(url, activity(serviceUrl, 'c1', 'hi'));
      assert.equal(res.status, 400, serviceUrl);
      assert.match(((await res.json()) as { error: string }).error, /serviceUrl is not a trusted/);
    }
    assert.equal(state.turns, 0);
    assert.equal(sink.received.length, 0);
  });

  it('when the bot has credentials, then a loopback serviceUrl is refused too (loopback is for development mode only)', async () => {
    const credentials = { appId: '00000000-0000-0000-0000-000000000001', appPassword: 'secret', appType: 'MultiTenant', tenantId: '' };
    const { url, state, sink } = await echoEndpoint({ allowAnonymous: true, trustedServiceHosts: trusted }, credentials);
    const res = await postJson(url, activity(sink.url, 'c1', 'hi'));
    assert.equal(res.status, 400);
    assert.equal(state.turns, 0);
    assert.equal(sink.received.length, 0);
  });

  it('when fields have the wrong types, then 400 with a JSON error naming the field, and the bot never runs', async () => {
    const { url, state, sink } = await echoEndpoint({ allowAnonymous: true, trustedServiceHosts: trusted });
    const good = activity(sink.url, 'c1', 'hi');
    const cases: [string, unknown][] = [
      ['text', { ...good, text: 42 }],
      ['text', { ...good, text: { $gt: '' } }],
      ['from', { ...good, from: ['x'] }],
      ['conversation', { ...good, conversation: undefined }],
      ['conversation.id', { ...good, conversation: { id: 7 } }],
      ['timestamp', { ...good, timestamp: 'yesterday' }],
      ['channelData', { ...good, channelData: 'x' }],
      ['attachments', { ...good, attachments: {} }],
      ['serviceUrl', { ...good, serviceUrl: 5 }],
      ['membersAdded', { ...good, type: 'conversationUpdate', membersAdded: [null] }],
    ];
    for (const [field, body] of cases) {
      const res = await postJson(url, body);
      assert.equal(res.status, 400, field);
      const { error } = (await res.json()) as { error: string };
      assert.ok(error.includes(field), `${field}: ${error}`);
    }
    assert.equal(state.turns, 0);
  });

  it('when the conversation id holds path characters, then it is percent-encoded in the reply URL (no path traversal, query or fragment)', async () => {
    const { url, sink } = await echoEndpoint({ allowAnonymous: true, trustedServiceHosts: trusted });
    const res = await postJson(url, { ...activity(`${sink.url}/prefix`, 'a/../../x?y=1#z', 'hi'), id: 'act/../b' });
    assert.equal(res.status, 200);
    const [reply] = await sink.waitForMessages(1);
    assert.equal(reply.path, `/prefix/v3/conversations/a%2F..%2F..%2Fx%3Fy%3D1%23z/activities/act%2F..%2Fb`);
  });

  it('trusted service URLs: https on the default port to a listed host or subdomain; loopback only in development mode', () => {
    const yes = ['https://smba.trafficmanager.net/amer/', 'https://directline.botframework.com/', 'https://europe.directline.botframework.com/', 'https://SMBA.trafficmanager.net:443/x'];
    for (const u of yes) assert.equal(isTrustedServiceUrl(u, trusted, false), true, u);
    const no = ['https://botframework.com.evil.example/', 'https://trafficmanager.net/', 'http://127.0.0.1:9000', 'https://localhost/', 'ftp://directline.botframework.com/', 42];
    for (const u of no) assert.equal(isTrustedServiceUrl(u, trusted, false), false, String(u));
    for (const u of ['http://127.0.0.1:9000', 'http://localhost:3978/', 'http://[::1]:9000/', 'http://127.1.2.3/']) assert.equal(isTrustedServiceUrl(u, trusted, true), true, u);
    assert.equal(isTrustedServiceUrl('http://localhost.evil.example/', trusted, true), false);
    assert.equal(isLoopbackAddress('::ffff:127.0.0.1'), true);
    assert.equal(isLoopbackAddress('10.0.0.1'), false);
    assert.equal(isLoopbackAddress('::ffff:10.0.0.1'), false);
  });

  it('when a stored reference names an untrusted serviceUrl, then a proactive send is refused before any call', async () => {
    const endpoint = new BotFrameworkEndpoint(noCredentials, '256kb', async () => undefined, silent, { allowAnonymous: false, trustedServiceHosts: trusted });
    let ran = false;
    await assert.rejects(
      endpoint.continueConversation({ serviceUrl: 'http://127.0.0.1:9', conversation: { id: 'c1', isGroup: false, conversationType: 'personal', name: '' }, channelId: 'emulator' }, async () => {
        ran = true;
      }),
      /not a trusted/,
    );
    assert.equal(ran, false);
  });
});

