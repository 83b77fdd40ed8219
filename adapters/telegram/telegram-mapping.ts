/**
 * Pure mapping between Telegram updates and Activities, and from outgoing Activities to
 * `sendMessage` calls (HTML parse mode, 4096-character chunks, inline keyboard).
 */
import { createHash } from 'node:crypto';
import type { Activity } from 'botbuilder';
import { t } from '../../locales/i18n';
import type { Lang } from '../../locales/lang';
import { contentOf, type QuickAction } from '../shared/outgoing-activity';
import { plainLists } from '../shared/plain-lists';
import { syntheticServiceUrl } from '../shared/platform-adapter';
import { splitText, truncateLabel } from '../shared/split-text';
import { TelegramUpdateSchema } from './telegram-update-schema';

/** Telegram's limits (Bot API reference). */
export const TELEGRAM_LIMITS = { textChars: 4096, callbackDataBytes: 64, buttonText: 64, buttons: 12 } as const;

/** The subset of a Telegram `Update` the adapter reads. */
export interface TelegramUpdate {
  update_id: number;
  message?: TelegramMessage;
  callback_query?: {
    id: string;
    from: TelegramUser;
    message?: TelegramMessage;
    data?: string;
  };
  [k: string]: unknown;
}

/** A Telegram user. */
export interface TelegramUser {
  id: number;
  is_bot?: boolean;
  first_name?: string;
  language_code?: string;
}

/** A Telegram message (the fields we use). */
export interface TelegramMessage {
  message_id: number;
  date: number;
  chat: { id: number; type: string };
  from?: TelegramUser;
  text?: string;
  reply_markup?: { inline_keyboard?: { text: string; callback_data?: string }[][] };
  [k: string]: unknown;
}

/** One `sendMessage` call's body. */
export interface TelegramSendMessage {
  chat_id: number | string;
  text: string;
  parse_mode: 'HTML';
  link_preview_options?: { is_disabled: boolean };
  reply_markup?: { inline_keyboard: { text: string; callback_data: string }[][] };
}

/** True when the body is a Telegram Update whose fields the adapter reads have their types (telegram-update-schema.ts). */
export function isTelegramUpdate(v: unknown): v is TelegramUpdate {
  return TelegramUpdateSchema.safeParse(v).success;
}

/** Prefixes of callback_data: `v:` the value itself, `h:` a hash of a value too long for 64 bytes. */
export function callbackDataFor(value: string): string {
  const direct = `v:${value}`;
  if (Buffer.byteLength(direct, 'utf8') <= TELEGRAM_LIMITS.callbackDataBytes) return direct;
  return `h:${createHash('sha256').update(value).digest('base64url').slice(0, 22)}`;
}

function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function redacted(update: TelegramUpdate): Record<string, unknown> {
  const { message, callback_query, ...rest } = update;
  const out: Record<string, unknown> = { ...rest };
  if (message) {
    const { text: _t, ...m } = message;
    out.message = m;
  }
  if (callback_query) {
    const { data: _d, message: _m, ...q } = callback_query;
    out.callback_query = q;
  }
  return out;
}

/**
 * Maps an update to an Activity. `resolveCallback` turns callback_data back into the value
 * (long values are kept by hash). Null for updates the bot does not handle.
 */
export function telegramUpdateToActivity(
  update: TelegramUpdate,
  clientIp: string,
  resolveCallback: (data: string, message: TelegramMessage | undefined) => string | undefined,
): Partial<Activity> | null {
  const msg = update.message ?? update.callback_query?.message;
  const from = update.callback_query?.from ?? update.message?.from;
  if (!msg || !from || from.is_bot) return null;
  let text: string | undefined;
  if (update.callback_query?.data) text = resolveCallback(update.callback_query.data, update.callback_query.message);
  else if (typeof update.message?.text === 'string') text = update.message.text;
  if (text === undefined) return null;
  return {
    type: 'message',
    channelId: 'telegram',
    id: String(update.update_id),
    timestamp: update.message ? new Date(update.message.date * 1000) : new Date(),
    serviceUrl: syntheticServiceUrl('telegram'),
    conversation: { id: String(msg.chat.id), isGroup: msg.chat.type !== 'private', conversationType: msg.chat.type, name: '' },
    from: { id: String(from.id), name: from.first_name ?? '', role: 'user' },
    recipient: { id: 'telegram-bot', name: 'madoguchi', role: 'bot' },
    ...(from.language_code ? { locale: from.language_code } : {}),
    text,
    channelData: { clientIp, telegram: redacted(update) },
  };
}

function keyboard(actions: QuickAction[]): TelegramSendMessage['reply_markup'] {
  return {
    inline_keyboard: actions.slice(0, TELEGRAM_LIMITS.buttons).map((a) => [
      { text: truncateLabel(a.title, TELEGRAM_LIMITS.buttonText), callback_data: callbackDataFor(a.value) },
    ]),
  };
}

/** Renders one outgoing message activity as `sendMessage` bodies (links in citations as HTML). */
export function activityToTelegramMessages(activity: Partial<Activity>, chatId: string, lang: Lang): TelegramSendMessage[] {
  const content = contentOf(activity, true);
  let body = escapeHtml(plainLists(content.text));
  if (content.citations.length) {
    const lines = content.citations.map((c) => (c.url ? `[${c.n}] <a href="${escapeHtml(c.url)}">${escapeHtml(c.title)}</a>` : `[${c.n}] ${escapeHtml(c.title)}`));
    body = `${body}\n\n<b>${escapeHtml(t(lang, 'channels.sourcesHeading'))}</b>\n${lines.join('\n')}`.trim();
  }
  // Split the escaped text: a cut never falls inside an entity because '&' starts one and the
  // splitter prefers spaces and newlines; a tag is only in citation lines, which are short.
  const chunks = splitText(body, TELEGRAM_LIMITS.textChars);
  return chunks.map((text, i) => ({
    chat_id: chatId,
    text,
    parse_mode: 'HTML' as const,
    link_preview_options: { is_disabled: true },
    ...(i === chunks.length - 1 && content.actions.length ? { reply_markup: keyboard(content.actions) } : {}),
  }));
}
