/**
 * Alert sends on Bot Framework channels and the connector's own retries, through the real
 * CloudAdapter against a channel connector test server that answers 429 once per conversation:
 * an alert send makes exactly one request and hands the 429 and its Retry-After to the outbox
 * (which paces and holds the route itself); a conversation's own proactive message still gets
 * the SDK's retry.
 */
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { BotFrameworkEndpoint } from '../../adapters/botframework/botframework-endpoint';
import { BotFrameworkDeliverer } from '../../alerts/channels/botframework-deliverer';
import type { OutgoingAlert } from '../../alerts/ports';

describe('alert sends and the Bot Framework connector retries', function () {
  let server: http.Server;
  let url = '';
  /** Requests per conversation id. */
  const requests = new Map<string, number>();

  before(async () => {
    server = http.createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        const conversation = /^\/v3\/conversations\/([^/]+)\/activities/.exec(req.url ?? '')?.[1] ?? '';
        const n = (requests.get(conversation) ?? 0) + 1;
        requests.set(conversation, n);
        // The first request of each conversation is refused with a wait of 1 s (Teams' answer to too many requests).
        if (n === 1) {
          res.writeHead(429, { 'content-type': 'application/json', 'retry-after': '1' });
          res.end(JSON.stringify({ error: { code: 'TooManyRequests', message: 'Too many requests' } }));
          return;
        }
        res.writeHead(201, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ id: `a-${n}` }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  after(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  const endpoint = (): BotFrameworkEndpoint =>
    new BotFrameworkEndpoint({ appId: '', appPassword: '', appType: 'MultiTenant', tenantId: '' }, '256kb', async () => undefined, pino({ level: 'silent' }), {
      allowAnonymous: true,
      trustedServiceHosts: [],
    });

  const reference = (conversationId: string): OutgoingAlert['reference'] => ({
    channelId: 'msteams',
    serviceUrl: url,
    conversation: { id: conversationId, isGroup: false, conversationType: 'personal', name: '' },
    user: { id: '29:resident', name: '' },
    bot: { id: '28:bot', name: '' },
  });

  it('when the connector answers 429, then an alert send makes one request and reports the wait; a conversation message is retried by the SDK', async () => {
    const bf = endpoint();
    const deliverer = new BotFrameworkDeliverer(bf, () => undefined);
    const alert: OutgoingAlert = {
      id: 'd-1',
      announcementId: 'a-1',
      channelId: 'msteams',
      userId: '29:resident',
      conversationId: 'a:alert',
      reference: reference('a:alert'),
      lang: 'en',
      text: 'Heat shelters are open.',
      attempts: 1,
    };
    const outcome = await deliverer.send(alert);
    assert.deepEqual({ ...outcome, reason: undefined }, { status: 'retry', afterMs: 1000, rateLimited: true, reason: undefined });
    assert.equal(requests.get('a%3Aalert') ?? requests.get('a:alert'), 1, 'the SDK did not send the alert again on its own');

    // The same client (kept per service URL) still retries a conversation's own message.
    await bf.continueConversation(reference('a:reply'), async (context) => {
      await context.sendActivity({ type: 'message', text: 'An officer replied.' });
    });
    assert.equal(requests.get('a%3Areply') ?? requests.get('a:reply'), 2, 'the reply was retried after its Retry-After');
  });
});
