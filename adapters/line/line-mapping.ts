/**
 * Pure mapping between LINE webhook events and Bot Framework Activities, and from outgoing
 * Activities to LINE message objects within LINE's limits.
 */
import type { Activity } from 'botbuilder';
import { t } from '../../locales/i18n';
import type { Lang } from '../../locales/lang';
import { contentOf, type Citation } from '../shared/outgoing-activity';
import { plainLists } from '../shared/plain-lists';
import { syntheticServiceUrl } from '../shared/platform-adapter';
import { splitText, truncateLabel } from '../shared/split-text';

/** LINE's limits (Messaging API reference). */
export const LINE_LIMITS = { textChars: 5000, messagesPerCall: 5, quickReplyItems: 13, quickReplyLabel: 20, quickReplyText: 300 } as const;

/** The source of a LINE event. */
export interface LineSource {
  type: 'user' | 'group' | 'room';
  userId?: string;
  groupId?: string;
  roomId?: string;
}

/** The subset of a LINE webhook event the adapter reads. */
export interface LineEvent {
  type: string;
  mode?: string;
  timestamp: number;
  source?: LineSource;
  webhookEventId?: string;
  deliveryContext?: { isRedelivery?: boolean };
  replyToken?: string;
  message?: { id: string; type: string; text?: string; quoteToken?: string; [k: string]: unknown };
  postback?: { data: string; params?: Record<string, string> };
  [k: string]: unknown;
}

/** The webhook request body. */
export interface LineWebhookBody {
  destination?: string;
  events: LineEvent[];
}

/** A LINE message object as sent (text only here). */
export interface LineTextMessage {
  type: 'text';
  text: string;
  quickReply?: { items: { type: 'action'; action: { type: 'message'; label: string; text: string } }[] };
}

/** True when the body has the shape of a LINE webhook. */
export function isLineWebhookBody(v: unknown): v is LineWebhookBody {
  return typeof v === 'object' && v !== null && Array.isArray((v as { events?: unknown }).events);
}

/** The chat a LINE event belongs to: group, room or one-to-one user. */
export function lineChatId(source: LineSource | undefined): string | undefined {
  return source?.groupId ?? source?.roomId ?? source?.userId;
}

/** The event as kept in channelData: no reply token, no message text (masking only covers `text`). */
function redactedEvent(event: LineEvent): Record<string, unknown> {
  const { replyToken: _r, message, postback, ...rest } = event;
  const out: Record<string, unknown> = { ...rest };
  if (message) {
    const { text: _t, ...messageRest } = message;
    out.message = messageRest;
  }
  // Postback data becomes the activity's text, so it is kept out of channelData as well.
  if (postback) out.postback = { hasParams: postback.params !== undefined };
  return out;
}

/**
 * Maps one webhook event to an Activity; null for events the bot does not handle
 * (stickers, unfollow, joins…), which are acknowledged and ignored.
 */
export function lineEventToActivity(event: LineEvent, destination: string, clientIp: string): Partial<Activity> | null {
  const chatId = lineChatId(event.source);
  if (!chatId) return null;
  const base: Partial<Activity> = {
    channelId: 'line',
    id: event.message?.id ?? event.webhookEventId,
    timestamp: new Date(event.timestamp),
    serviceUrl: syntheticServiceUrl('line'),
    conversation: { id: chatId, isGroup: event.source?.type !== 'user', conversationType: event.source?.type ?? 'user', name: '' },
    from: { id: event.source?.userId ?? chatId, name: '', role: 'user' },
    recipient: { id: destination || 'line-bot', name: 'madoguchi', role: 'bot' },
    channelData: { clientIp, line: redactedEvent(event) },
  };
  if (event.type === 'message' && event.message?.type === 'text' && typeof event.message.text === 'string') {
    return { ...base, type: 'message', text: event.message.text };
  }
  if (event.type === 'postback' && event.postback) {
    return { ...base, type: 'message', text: event.postback.data };
  }
  if (event.type === 'follow') {
    return { ...base, type: 'conversationUpdate', membersAdded: [{ id: base.from?.id ?? chatId, name: '' }] };
  }
  return null;
}

function citationLines(citations: Citation[], lang: Lang): string {
  const lines = citations.map((c) => `[${c.n}] ${c.title}${c.url ? `\n${c.url}` : ''}`);
  return `${t(lang, 'channels.sourcesHeading')}\n${lines.join('\n')}`;
}

/**
 * Renders outgoing message activities as LINE text messages: text split at 5000 characters,
 * citations as text lines (LINE links URLs itself), quick replies on the last message.
 */
export function activitiesToLineMessages(activities: Partial<Activity>[], lang: Lang): LineTextMessage[] {
  const messages: LineTextMessage[] = [];
  let quick: LineTextMessage['quickReply'];
  for (const activity of activities) {
    if ((activity.type ?? 'message') !== 'message') continue;
    const content = contentOf(activity, true);
    content.text = plainLists(content.text);
    const text = content.citations.length ? `${content.text}\n\n${citationLines(content.citations, lang)}`.trim() : content.text;
    for (const chunk of splitText(text, LINE_LIMITS.textChars)) messages.push({ type: 'text', text: chunk });
    if (content.actions.length) {
      quick = {
        items: content.actions.slice(0, LINE_LIMITS.quickReplyItems).map((a) => ({
          type: 'action' as const,
          action: { type: 'message' as const, label: truncateLabel(a.title, LINE_LIMITS.quickReplyLabel), text: a.value.slice(0, LINE_LIMITS.quickReplyText) },
        })),
      };
    }
  }
  const last = messages[messages.length - 1];
  if (quick && last) last.quickReply = quick;
  return messages;
}
