import assert from 'node:assert/strict';
import type { TurnContext } from 'botbuilder';
import { ConfigurationBotFrameworkAuthentication } from 'botbuilder';
import { AuthenticationConstants, ClaimsIdentity } from 'botframework-connector';
import { BotFrameworkEndpoint } from '../../../adapters/botframework/botframework-endpoint';
import { ReusingConnectorAuthentication } from '../../../adapters/botframework/reusing-connector-authentication';
import { startBenchSink, type BenchSink } from '../../../bench/sink';
import { serve, until, type Served } from '../helpers/serve';

const noCredentials = { appId: '', appPassword: '', appType: '', tenantId: '' };

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
    const endpoint = new BotFrameworkEndpoint(noCredentials, '256kb', async () => undefined);
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
  });

  it('when the bot has Azure credentials, then a request without a valid token is refused and the bot never runs', async () => {
    const endpoint = new BotFrameworkEndpoint({ appId: '00000000-0000-0000-0000-000000000001', appPassword: 'secret', appType: 'MultiTenant', tenantId: '' }, '256kb', async () => undefined);
    let turns = 0;
    const server = await serve(endpoint, async () => {
      turns += 1;
    });
    served = server;
    // botbuilder writes refused requests to stderr itself; keep the test output clean.
    const consoleError = console.error;
    console.error = () => undefined;
    try {
      for (const headers of [{}, { authorization: 'Bearer not-a-jwt' }] as Record<string, string>[]) {
        const res = await fetch(`${server.url}/api/messages`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...headers },
          body: JSON.stringify(activity('http://127.0.0.1:9', 'c1', 'hi')),
        });
        assert.equal(res.status, 401);
      }
    } finally {
      console.error = consoleError;
    }
    assert.equal(turns, 0);
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
