/**
 * Pure mapping for the web chat: the widget's POST → Activity, and outgoing Activities → SSE
 * events (typing, streamed partial text, final message with citations and suggested actions).
 */
import { randomUUID } from 'node:crypto';
import type { Activity } from 'botbuilder';
import { isLang } from '../../locales/lang';
import { contentOf, streamInfoOf } from '../shared/outgoing-activity';
import { plainLists } from '../shared/plain-lists';
import { syntheticServiceUrl } from '../shared/platform-adapter';
import type { WebchatEvent } from './webchat-bus';

const LOCALES = { ko: 'ko-KR', ja: 'ja-JP', en: 'en-US' } as const;

/** A resident's message (or the widget's join) as an Activity. */
export function webchatToActivity(
  conversationId: string,
  input: { type: 'message'; text: string; lang?: unknown } | { type: 'join'; lang?: unknown },
  clientIp: string,
): Partial<Activity> {
  const lang = isLang(input.lang) ? input.lang : undefined;
  const base: Partial<Activity> = {
    channelId: 'webchat',
    id: randomUUID(),
    timestamp: new Date(),
    serviceUrl: syntheticServiceUrl('webchat'),
    conversation: { id: conversationId, isGroup: false, conversationType: 'personal', name: '' },
    from: { id: conversationId, name: '', role: 'user' },
    recipient: { id: 'webchat-bot', name: 'madoguchi', role: 'bot' },
    ...(lang ? { locale: LOCALES[lang] } : {}),
    channelData: { clientIp, webchat: {} },
  };
  if (input.type === 'join') return { ...base, type: 'conversationUpdate', membersAdded: [{ id: conversationId, name: '' }] };
  return { ...base, type: 'message', text: input.text };
}

/** The SSE event for an outgoing activity; null for kinds the widget does not show. */
export function activityToWebchatEvent(activity: Partial<Activity>): WebchatEvent | null {
  const stream = streamInfoOf(activity);
  if (activity.type === 'typing') {
    if (stream && typeof activity.text === 'string' && activity.text) {
      return { type: 'partial', streamId: stream.streamId, text: activity.text, seq: stream.streamSequence ?? 0 };
    }
    return { type: 'typing' };
  }
  if ((activity.type ?? 'message') !== 'message') return null;
  const content = contentOf(activity, true);
  return {
    type: 'message',
    id: activity.id ?? randomUUID(),
    text: plainLists(content.text),
    citations: content.citations,
    actions: content.actions,
    ...(stream ? { streamId: stream.streamId } : {}),
    timestamp: new Date().toISOString(),
    author: authorOf(activity),
  };
}

/**
 * Who wrote an outgoing message: `channelData.madoguchi.author`, which officers' and system
 * messages sent to a resident carry (officers/resident-messenger.ts); otherwise the bot.
 */
function authorOf(activity: Partial<Activity>): 'bot' | 'officer' | 'system' {
  const data: unknown = (activity.channelData as { madoguchi?: unknown } | undefined)?.madoguchi;
  const author = typeof data === 'object' && data !== null ? (data as { author?: unknown }).author : undefined;
  return author === 'officer' || author === 'system' ? author : 'bot';
}
