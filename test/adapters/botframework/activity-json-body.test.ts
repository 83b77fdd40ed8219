import assert from 'node:assert/strict';
import { ActivityTypes, ConfigurationBotFrameworkAuthentication, type Activity } from 'botbuilder';
import { ClaimsIdentity, type ConnectorClient } from 'botframework-connector';
import { jsonBodySpec, sendActivitiesAsJson } from '../../../adapters/botframework/activity-json-body';
import { startReplySink, type ReplySink } from '../../helpers/reply-sink';

async function connectorFor(serviceUrl: string): Promise<ConnectorClient> {
  const auth = new ConfigurationBotFrameworkAuthentication({ MicrosoftAppId: '', MicrosoftAppPassword: '' });
  return auth.createConnectorFactory(new ClaimsIdentity([], true)).create(serviceUrl, undefined);
}

/** Activities as Madoguchi sends them: text, suggested actions, a card, a mention, channel data, a date. */
const samples: Partial<Activity>[] = [
  {
    type: ActivityTypes.Message,
    text: '児童手当の申請は市役所の窓口で。\n\n出典: 児童手当のご案内',
    locale: 'ja',
    textFormat: 'markdown',
    from: { id: 'bot', name: 'Madoguchi', role: 'bot' },
    recipient: { id: 'resident-1', name: 'Resident', role: 'user' },
    conversation: { id: 'conv-1', name: '', isGroup: false, conversationType: 'personal' },
    replyToId: 'act-1',
    channelId: 'emulator',
    serviceUrl: 'http://127.0.0.1/',
    suggestedActions: { to: [], actions: [{ type: 'imBack', title: '担当者と話す', value: '担当者と話す' }] },
  },
  {
    type: ActivityTypes.Message,
    text: 'Basic pension',
    attachments: [
      {
        contentType: 'application/vnd.microsoft.card.adaptive',
        content: { type: 'AdaptiveCard', version: '1.5', body: [{ type: 'TextBlock', text: '기초연금', wrap: true }], actions: [{ type: 'Action.OpenUrl', url: 'https://city.example/pension' }] },
      },
    ],
    entities: [{ type: 'mention', text: '<at>Officer</at>', mentioned: { id: 'officer-1', name: 'Officer' } }],
    channelData: { madoguchi: { route: 'answer', citations: [{ docId: 'pension', section: '2' }] } },
    timestamp: new Date('2026-12-06T01:02:03.456Z'),
  },
  { type: ActivityTypes.Typing, relatesTo: { conversation: { id: 'conv-1', name: '', isGroup: false, conversationType: 'personal' }, bot: { id: 'bot', name: 'Madoguchi' }, channelId: 'emulator', serviceUrl: 'http://127.0.0.1/' } },
];

describe('Outbound activities as JSON bodies (Bot Framework)', () => {
  let channel: ReplySink;
  beforeEach(async () => {
    channel = await startReplySink();
  });
  afterEach(async () => {
    await channel.close();
  });

  it('when activities are sent, replied and updated, then each body and answer is what the SDK serializer produces', async () => {
    const sdk = await connectorFor(channel.url);
    const json = sendActivitiesAsJson(await connectorFor(channel.url));
    for (const client of [sdk, json]) {
      for (const activity of samples) {
        const sent = await client.conversations.sendToConversation('conv-1', activity);
        const replied = await client.conversations.replyToActivity('conv-1', 'act-1', activity);
        const updated = await client.conversations.updateActivity('conv-1', 'act-2', activity);
        for (const answer of [sent, replied, updated]) assert.match(answer.id ?? '', /^sink-\d+$/);
      }
    }
    const half = channel.received.length / 2;
    assert.equal(half, samples.length * 3);
    for (let i = 0; i < half; i += 1) {
      const [bySdk, byJson] = [channel.received[i], channel.received[half + i]];
      assert.equal(byJson.method, bySdk.method);
      assert.equal(byJson.path, bySdk.path);
      assert.deepEqual(byJson.activity, bySdk.activity, `request ${i} (${bySdk.method} ${bySdk.path})`);
    }
    assert.equal(channel.received[half + 3].activity.timestamp, '2026-12-06T01:02:03.456Z');
  });

  it('when an entity carries properties of its own, then they reach the channel (the SDK serializer drops them)', async () => {
    const streaming = { type: ActivityTypes.Message, text: 'part', entities: [{ type: 'streaminfo', streamId: 's-1', streamType: 'final' }] };
    await (await connectorFor(channel.url)).conversations.sendToConversation('conv-1', streaming);
    await sendActivitiesAsJson(await connectorFor(channel.url)).conversations.sendToConversation('conv-1', streaming);
    assert.deepEqual(channel.received[0].activity.entities, [{ type: 'streaminfo' }]);
    assert.deepEqual(channel.received[1].activity.entities, [{ type: 'streaminfo', streamId: 's-1', streamType: 'final' }]);
  });

  it('when an operation has no activity body, then its spec is used as it is', () => {
    const parameters = { requestBody: { parameterPath: 'parameters', mapper: { serializedName: 'parameters', required: true, type: { name: 'Composite', className: 'ConversationParameters' } } } };
    assert.equal(jsonBodySpec(parameters), parameters);
    assert.equal(jsonBodySpec({}).requestBody, undefined);
    const reply = { requestBody: { parameterPath: 'activity', mapper: { serializedName: 'Activity', required: true, type: { name: 'Composite', className: 'Activity' } } } };
    assert.deepEqual(jsonBodySpec(reply).requestBody?.mapper, { serializedName: 'Activity', required: true, type: { name: 'Object' } });
    assert.equal(jsonBodySpec(reply), jsonBodySpec(reply), 'built once per spec');
  });
});
