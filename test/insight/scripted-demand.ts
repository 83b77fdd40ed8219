/**
 * A scripted day of residents for the insight tests: a few hundred conversations in Korean,
 * Japanese and English on the Bot Framework endpoint and on Telegram (through its test double),
 * driven concurrently through the real endpoints — answers with 👍, answers with 👎 and a reason
 * or Skip, not-sure questions, hand-offs after an answer and without one, crises — and the figures those
 * conversations should produce, computed from what was sent and what the bot replied.
 */
import assert from 'node:assert/strict';
import { randomInt } from 'node:crypto';
import type { ReplySink } from '../helpers/reply-sink';
import { emulatorActivity } from '../helpers/reply-sink';
import type { FakeTelegramApi } from '../helpers/fake-telegram-api';
import { t } from '../../locales/i18n';
import type { Lang } from '../../locales/lang';

/** What a scripted resident does. */
export type Kind = 'up' | 'down' | 'notsure' | 'handoff-doc' | 'handoff' | 'crisis';

/** One scripted conversation and what became of it. */
export interface Conversation {
  id: string;
  channel: 'emulator' | 'telegram';
  lang: Lang;
  kind: Kind;
  /** Resident messages sent (presses and reasons included). */
  messages: number;
  /** The title of the document the answer cited first (answered questions). */
  answeredTitle?: string;
  /** How fast an officer answers a hand-off (test time travel), or never. */
  reply?: 'early' | 'late' | 'never';
  /** After a 👎: the reason given, or Skip pressed. */
  reason?: string;
  skipped?: boolean;
}

/** A question the sample knowledge base answers, per language, with its document's domain. */
export const ANSWERED: Record<Lang, { q: string; domain: string }> = {
  ko: { q: '기초연금 신청하려면 뭐가 필요해요?', domain: 'welfare' },
  ja: { q: '児童手当の申請方法は？', domain: 'welfare' },
  en: { q: 'how do I get a resident certificate?', domain: 'civil' },
};
/** Civic questions the sample documents do not cover (they get "not sure"). */
export const NOT_COVERED: Record<Lang, string[]> = {
  ko: ['반려견 등록은 어떻게 하나요?', '반려견 등록 어디서 해요?'],
  ja: ['市民農園を借りたいです', '市民農園の空きはありますか'],
  en: ['Is there a community garden plot near me?', 'Can I get a community garden plot?'],
};
export const ASK_PERSON: Record<Lang, string> = { ko: '사람과 상담하고 싶어요', ja: '担当者と話したいです', en: 'I want to talk to a person' };
export const CRISIS = '죽고 싶어요';
/**
 * A reason after a 👎 that holds an e-mail address (it must reach storage masked). Not a phone
 * number: a message with one reads as "call me back" and rightly goes to an officer instead.
 */
export const EMAIL_REASON: Record<Lang, string> = {
  ko: '신청 마감일 정보가 없어요 kim.minsu@example.com',
  ja: '申請の締め切りが知りたかった kim.minsu@example.com',
  en: 'The deadline is missing (kim.minsu@example.com)',
};

/** The script: how many residents of each kind, per channel and language. */
export function script(): Conversation[] {
  const out: Conversation[] = [];
  let n = 0;
  const add = (channel: Conversation['channel'], lang: Lang, kind: Kind, count: number, extra: Partial<Conversation> = {}) => {
    for (let i = 0; i < count; i++) out.push({ id: `${channel}-${lang}-${kind}-${n++}`, channel, lang, kind, messages: 0, ...extra });
  };
  for (const lang of ['ko', 'ja', 'en'] as const) {
    add('emulator', lang, 'up', 30);
    // Japanese residents find the answers markedly less helpful: parity flags it.
    add('emulator', lang, 'down', lang === 'ja' ? 20 : 8);
    add('emulator', lang, 'notsure', lang === 'ko' ? 8 : 6);
    add('emulator', lang, 'handoff-doc', 3, { reply: 'early' });
    add('emulator', lang, 'handoff-doc', 3, { reply: 'late' });
    add('emulator', lang, 'handoff', 2, { reply: 'early' });
    add('emulator', lang, 'handoff', 2, { reply: 'late' });
    add('emulator', lang, 'handoff', 1, { reply: 'never' });
    // Telegram: three Japanese residents only, a cell too small to show.
    add('telegram', lang, 'up', lang === 'ja' ? 3 : 8);
  }
  add('emulator', 'ko', 'crisis', 6);
  return out;
}

/** A reply as the test reads it. */
interface Reply {
  text: string;
  route?: string;
  citationTitle?: string;
  actions: string[];
}

/** Drives conversations through the Bot Framework endpoint and the Telegram webhook. */
export class Driver {
  private chats = 0;

  constructor(
    private readonly url: string,
    private readonly sink: ReplySink,
    private readonly telegram: FakeTelegramApi,
    private readonly telegramSecret: string,
  ) {}

  /** Runs every conversation, `concurrency` at a time. */
  async run(conversations: Conversation[], concurrency: number): Promise<void> {
    let next = 0;
    const worker = async () => {
      while (next < conversations.length) {
        const c = conversations[next++];
        await (c.channel === 'telegram' ? this.telegramUp(c) : this.emulator(c));
      }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
  }

  private async emulator(c: Conversation): Promise<void> {
    const ask = async (text: string): Promise<Reply> => {
      c.messages += 1;
      const before = this.sink.received.length;
      const res = await fetch(`${this.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(emulatorActivity(this.sink, c.id, text)) });
      assert.equal(res.status, 200, `${c.id}: ${res.status}`);
      // The endpoint answers once the turn is done: its replies are at the sink.
      const mine = this.sink.received.slice(before).filter((r) => r.activity.type === 'message' && (r.activity.conversation as { id?: string } | undefined)?.id === c.id);
      const routed = mine.filter((r) => (r.activity.channelData as { madoguchi?: { route?: string } } | undefined)?.madoguchi?.route);
      const last = routed[routed.length - 1] ?? mine[mine.length - 1];
      assert.ok(last, `${c.id}: no reply to "${text}"`);
      const data = (last.activity.channelData as { madoguchi?: { route?: string; citations?: { title: string }[] } } | undefined)?.madoguchi;
      return {
        text: last.activity.text ?? '',
        route: data?.route,
        citationTitle: data?.citations?.[0]?.title,
        actions: ((last.activity.suggestedActions as { actions?: { value: string }[] } | undefined)?.actions ?? []).map((a) => a.value),
      };
    };
    const L = c.lang;
    switch (c.kind) {
      case 'up':
      case 'down':
      case 'handoff-doc': {
        const answer = await ask(ANSWERED[L].q);
        assert.equal(answer.route, 'answer', `${c.id}: ${answer.text}`);
        assert.ok(answer.actions.includes(t(L, 'feedback.helpful')), `${c.id}: no 👍 under the answer`);
        c.answeredTitle = answer.citationTitle;
        if (c.kind === 'up') assert.equal((await ask(t(L, 'feedback.helpful'))).text, t(L, 'feedback.thanks'));
        if (c.kind === 'down') {
          const sorry = await ask(t(L, 'feedback.notHelpful'));
          assert.equal(sorry.text, t(L, 'feedback.askReason'));
          assert.deepEqual(sorry.actions, [t(L, 'core.notSureActions.officer'), t(L, 'feedback.skip')]);
          // A reason with an e-mail address, one that repeats the question, or Skip.
          const variant = Number(c.id.split('-').pop()) % 3;
          if (variant === 2) {
            c.skipped = true;
            assert.equal((await ask(t(L, 'feedback.skip'))).text, t(L, 'feedback.skipped'));
          } else {
            c.reason = variant === 0 ? EMAIL_REASON[L] : `${ANSWERED[L].q} — ${L === 'ko' ? '마감일' : L === 'ja' ? '締め切り' : 'deadline'}?`;
            assert.equal((await ask(c.reason)).text, t(L, 'feedback.reasonThanks'));
          }
        }
        if (c.kind === 'handoff-doc') assert.equal((await ask(ASK_PERSON[L])).route, 'handoff');
        return;
      }
      case 'notsure': {
        const reply = await ask(NOT_COVERED[L][Number(c.id.split('-').pop()) % 2]);
        assert.equal(reply.route, 'not_sure', `${c.id}: ${reply.text}`);
        return;
      }
      case 'handoff':
        assert.equal((await ask(ASK_PERSON[L])).route, 'handoff');
        return;
      case 'crisis':
        assert.equal((await ask(CRISIS)).route, 'crisis');
        return;
    }
  }

  /** A Telegram resident asks, then presses 👍 on the answer's inline keyboard. */
  private async telegramUp(c: Conversation): Promise<void> {
    const chatId = 700000 + ++this.chats;
    const sent = () => this.telegram.method('sendMessage').filter((b) => String(b.chat_id) === String(chatId));
    const post = async (update: Record<string, unknown>) => {
      c.messages += 1;
      const res = await fetch(`${this.url}/webhooks/telegram`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': this.telegramSecret }, body: JSON.stringify({ update_id: randomInt(1, 2 ** 31), ...update }) });
      assert.equal(res.status, 200);
    };
    const waitFor = async (count: number) => {
      for (let k = 0; k < 600 && sent().length < count; k++) await new Promise((r) => setTimeout(r, 25));
      assert.ok(sent().length >= count, `${c.id}: Telegram got ${sent().length} of ${count} messages`);
      return sent();
    };
    const from = { id: chatId, is_bot: false, first_name: 'R' };
    await post({ message: { message_id: randomInt(1, 1e6), date: Math.floor(Date.now() / 1000), chat: { id: chatId, type: 'private' }, from, text: ANSWERED[c.lang].q } });
    // The privacy notice, then the answer with its buttons.
    const answer = (await waitFor(2)).find((b) => JSON.stringify(b.reply_markup ?? {}).includes('👍'));
    assert.ok(answer, `${c.id}: no answer with a 👍 button`);
    const keyboard = (answer.reply_markup as { inline_keyboard: { text: string; callback_data: string }[][] }).inline_keyboard.flat();
    const up = keyboard.find((b) => b.text.startsWith('👍'));
    assert.ok(up);
    // The sources under the answer: "[1] <a href=…>title</a>" (or the bare title without a link).
    const source = /\[1\] (?:<a href="[^"]*">([^<]*)<\/a>|([^\n]*))/.exec(String(answer.text));
    c.answeredTitle = (source?.[1] ?? source?.[2])?.replace(/&amp;/g, '&');
    await post({ callback_query: { id: `cb-${chatId}`, from, data: up.callback_data, message: { message_id: randomInt(1, 1e6), date: Math.floor(Date.now() / 1000), chat: { id: chatId, type: 'private' }, text: answer.text, reply_markup: answer.reply_markup } } });
    const thanks = await waitFor(3);
    assert.equal(thanks[2].text, t(c.lang, 'feedback.thanks'));
    c.id = String(chatId);
  }
}
