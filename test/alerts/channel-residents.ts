/**
 * Residents talking to the real server on each channel, as the platforms deliver them: a signed
 * LINE webhook (replies read from the LINE test server), a Telegram update with the secret header
 * (replies from the Telegram test server), a Kakao skill request (the reply is the HTTP answer), the
 * city's web chat (replies over its SSE stream) and a Bot Framework Emulator activity (replies at a
 * local serviceUrl sink). `say` waits for the turn's replies and returns their texts and buttons.
 */
import { randomBytes, randomInt } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { FakeLineApi } from '../helpers/fake-line-api';
import type { FakeTelegramApi } from '../helpers/fake-telegram-api';
import type { ReplySink } from '../helpers/reply-sink';
import { emulatorActivity } from '../helpers/reply-sink';
import { openSse } from '../adapters/helpers/sse-client';
import { lineTextWebhook, postLine } from '../integration/integration-helpers';

/** One bot message as the resident sees it. */
export interface Reply {
  text: string;
  /** What each button sends. */
  actions: string[];
}

/** A resident on one channel. */
export interface ChannelResident {
  channelId: string;
  /** The id the bot stores for them (LINE user id, Telegram chat id, Kakao botUserKey, web chat conversation id, Emulator user id). */
  userId: string;
  say(text: string, expect?: number): Promise<Reply[]>;
  /** Messages the bot sent outside the resident's turns so far (alerts), newest last. */
  pushed(): Reply[];
  close(): void;
}

/** Settings shared by the channel drivers. */
export interface ChannelsUnderTest {
  url: string;
  line: FakeLineApi;
  telegram: FakeTelegramApi;
  sink: ReplySink;
  telegramSecret: string;
  kakaoSecret: string;
}

async function waitFor<T>(read: () => T[], count: number, what: string, timeoutMs = 15000): Promise<T[]> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const items = read();
    if (items.length >= count) return items;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what} (${items.length} of ${count})`);
    await new Promise((r) => setTimeout(r, 15));
  }
}

const unescapeHtml = (s: string): string => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&amp;/g, '&');

/** A new resident on `channelId` (`line`, `telegram`, `kakao`, `webchat`, `emulator`). */
export async function channelResident(channelId: string, env: ChannelsUnderTest): Promise<ChannelResident> {
  if (channelId === 'line') {
    const userId = `U${randomBytes(16).toString('hex')}`;
    const replied = new Set<string>();
    const messagesFor = (pred: (body: { replyToken?: string; to?: string | string[] }) => boolean): Reply[] =>
      env.line.requests
        .filter((r) => ['/v2/bot/message/reply', '/v2/bot/message/push', '/v2/bot/message/multicast'].includes(r.path) && pred(r.body as { replyToken?: string; to?: string | string[] }))
        .flatMap((r) => (r.body as { messages: { text: string; quickReply?: { items: { action: { text: string } }[] } }[] }).messages)
        .map((m) => ({ text: m.text, actions: (m.quickReply?.items ?? []).map((i) => i.action.text) }));
    return {
      channelId,
      userId,
      async say(text, expect = 1) {
        const hook = lineTextWebhook(userId, text);
        replied.add(hook.replyToken);
        if ((await postLine(env.url, hook)) !== 200) throw new Error('LINE webhook refused');
        return waitFor(() => messagesFor((b) => b.replyToken === hook.replyToken), expect, `LINE replies to "${text}"`);
      },
      pushed: () => messagesFor((b) => !b.replyToken && (b.to === userId || (Array.isArray(b.to) && b.to.includes(userId)))),
      close: () => undefined,
    };
  }
  if (channelId === 'telegram') {
    const chatId = randomInt(1e8, 2e9);
    const sent = (): Reply[] =>
      env.telegram
        .method('sendMessage')
        .filter((b) => String(b.chat_id) === String(chatId))
        .map((b) => ({
          text: unescapeHtml(String(b.text)),
          actions: ((b.reply_markup as { inline_keyboard?: { text: string }[][] } | undefined)?.inline_keyboard ?? []).flat().map((k) => k.text),
        }));
    let seen = 0;
    return {
      channelId,
      userId: String(chatId),
      async say(text, expect = 1) {
        seen = sent().length;
        const update = {
          update_id: randomInt(1, 2 ** 31),
          message: { message_id: randomInt(1, 1e6), date: Math.floor(Date.now() / 1000), chat: { id: chatId, type: 'private' }, from: { id: chatId, is_bot: false, first_name: 'R' }, text },
        };
        const res = await fetch(`${env.url}/webhooks/telegram`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': env.telegramSecret }, body: JSON.stringify(update) });
        await res.arrayBuffer();
        if (res.status !== 200) throw new Error(`Telegram webhook refused: ${res.status}`);
        const all = await waitFor(sent, seen + expect, `Telegram replies to "${text}"`);
        const mine = all.slice(seen);
        seen = all.length;
        return mine;
      },
      pushed: () => sent().slice(seen),
      close: () => undefined,
    };
  }
  if (channelId === 'kakao') {
    const userId = randomBytes(32).toString('hex');
    const template = JSON.parse(fs.readFileSync(path.resolve(__dirname, '..', 'fixtures', 'kakao', 'skill-request-ko.json'), 'utf8')) as {
      userRequest: { utterance: string; user: { id: string; properties: Record<string, unknown> } };
    };
    return {
      channelId,
      userId,
      async say(text) {
        const body = structuredClone(template);
        body.userRequest.utterance = text;
        body.userRequest.user.id = userId;
        body.userRequest.user.properties.botUserKey = userId;
        const res = await fetch(`${env.url}/webhooks/kakao`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-skill-secret': env.kakaoSecret }, body: JSON.stringify(body) });
        if (res.status !== 200) throw new Error(`Kakao skill request refused: ${res.status}`);
        const json = (await res.json()) as { template: { outputs: { simpleText?: { text: string } }[]; quickReplies?: { messageText: string }[] } };
        const actions = (json.template.quickReplies ?? []).map((q) => q.messageText);
        return [{ text: json.template.outputs.map((o) => o.simpleText?.text ?? '').join('\n'), actions }];
      },
      pushed: () => [],
      close: () => undefined,
    };
  }
  if (channelId === 'webchat') {
    const created = (await (await fetch(`${env.url}/webchat/api/conversations`, { method: 'POST' })).json()) as { conversationId: string; token: string };
    const sse = await openSse(`${env.url}/webchat/api/conversations/${created.conversationId}/events`, created.token);
    const messages = (): Reply[] =>
      sse.events.filter((e) => e.event === 'message').map((e) => {
        const d = e.data as { text: string; actions: { value: string }[] };
        return { text: d.text, actions: d.actions.map((a) => a.value) };
      });
    let seen = 0;
    return {
      channelId,
      userId: created.conversationId,
      async say(text, expect = 1) {
        seen = messages().length;
        const res = await fetch(`${env.url}/webchat/api/conversations/${created.conversationId}/messages`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${created.token}` },
          body: JSON.stringify({ text }),
        });
        await res.arrayBuffer();
        const all = await waitFor(messages, seen + expect, `web chat replies to "${text}"`);
        const mine = all.slice(seen);
        seen = all.length;
        return mine;
      },
      pushed: () => messages().slice(seen),
      close: () => sse.close(),
    };
  }
  // Bot Framework (the Emulator): replies are POSTed to the sink, the activity's serviceUrl.
  const conversationId = `conv-${randomBytes(6).toString('hex')}`;
  const inConversation = (): Reply[] =>
    env.sink.received
      .filter((r) => r.activity.type === 'message' && r.path.includes(`/v3/conversations/${encodeURIComponent(conversationId)}/`))
      .map((r) => ({
        text: String(r.activity.text ?? ''),
        actions: ((r.activity.suggestedActions as { actions?: { value: string }[] } | undefined)?.actions ?? []).map((a) => String(a.value)),
      }));
  let seen = 0;
  return {
    channelId: 'emulator',
    userId: `user-${conversationId}`,
    async say(text, expect = 1) {
      seen = inConversation().length;
      const res = await fetch(`${env.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(emulatorActivity(env.sink, conversationId, text)) });
      await res.arrayBuffer();
      const all = await waitFor(inConversation, seen + expect, `Emulator replies to "${text}"`);
      const mine = all.slice(seen);
      seen = all.length;
      return mine;
    },
    pushed: () => inConversation().slice(seen),
    close: () => undefined,
  };
}
