/**
 * Pure mapping between Kakao i Open Builder skill payloads and Activities, and from outgoing
 * Activities to a skill response (version 2.0) within Kakao's limits.
 */
import { randomUUID } from 'node:crypto';
import type { Activity } from 'botbuilder';
import { t } from '../../locales/i18n';
import type { Lang } from '../../locales/lang';
import { contentOf, type Citation, type QuickAction } from '../shared/outgoing-activity';
import { plainLists } from '../shared/plain-lists';
import { syntheticServiceUrl } from '../shared/platform-adapter';
import { splitText, truncateLabel } from '../shared/split-text';
import { KakaoSkillRequestSchema } from './kakao-request-schema';

/** Kakao's limits (skill response reference). */
export const KAKAO_LIMITS = { simpleTextChars: 1000, outputs: 3, quickReplies: 10, quickReplyLabel: 14, listItems: 5, listHeader: 15, listItemTitle: 35 } as const;

/** The subset of a skill request the adapter reads. */
export interface KakaoSkillRequest {
  userRequest: {
    utterance: string;
    user: { id: string; type?: string; properties?: Record<string, unknown> };
    callbackUrl?: string;
    lang?: string | null;
    timezone?: string;
    block?: { id: string; name: string };
    params?: Record<string, unknown>;
  };
  bot?: { id: string; name?: string };
  intent?: { id: string; name?: string };
  action?: { id?: string; name?: string; params?: Record<string, unknown>; detailParams?: Record<string, unknown>; clientExtra?: unknown };
  [k: string]: unknown;
}

/** One output component. */
export type KakaoOutput =
  | { simpleText: { text: string } }
  | { listCard: { header: { title: string }; items: { title: string; description?: string; link?: { web: string } }[] } };

/** A quick reply (sends `messageText` as the resident's next utterance). */
export interface KakaoQuickReply {
  label: string;
  action: 'message';
  messageText: string;
}

/** A skill response, version 2.0. */
export interface KakaoSkillResponse {
  version: '2.0';
  template: { outputs: KakaoOutput[]; quickReplies?: KakaoQuickReply[] };
}

/** The immediate answer that switches Open Builder to callback mode. */
export interface KakaoCallbackAck {
  version: '2.0';
  useCallback: true;
  data: { text: string };
}

/** True when the body is a skill request whose fields the adapter reads have their types (kakao-request-schema.ts). */
export function isKakaoSkillRequest(v: unknown): v is KakaoSkillRequest {
  return KakaoSkillRequestSchema.safeParse(v).success;
}

function localeOf(lang: string | null | undefined): string | undefined {
  const l = (lang ?? '').toLowerCase();
  if (l === 'ko' || l === 'kr') return 'ko-KR';
  if (l === 'ja' || l === 'jp') return 'ja-JP';
  if (l === 'en') return 'en-US';
  return undefined;
}

/** The request as kept in channelData: no utterance, no slot values, no callback URL. */
function redacted(req: KakaoSkillRequest): Record<string, unknown> {
  const { utterance: _u, callbackUrl: _c, params: _p, ...userRequest } = req.userRequest;
  const { action, ...rest } = req;
  return { ...rest, userRequest, ...(action ? { action: { id: action.id, name: action.name } } : {}) };
}

/** Maps a skill request to a message Activity. */
export function kakaoRequestToActivity(req: KakaoSkillRequest, clientIp: string): Partial<Activity> {
  const userId = req.userRequest.user.id;
  const locale = localeOf(req.userRequest.lang);
  return {
    type: 'message',
    channelId: 'kakao',
    id: randomUUID(),
    timestamp: new Date(),
    serviceUrl: syntheticServiceUrl('kakao'),
    conversation: { id: userId, isGroup: false, conversationType: 'personal', name: '' },
    from: { id: userId, name: '', role: 'user' },
    recipient: { id: req.bot?.id ?? 'kakao-bot', name: 'madoguchi', role: 'bot' },
    ...(locale ? { locale } : {}),
    text: req.userRequest.utterance,
    channelData: { clientIp, kakao: redacted(req) },
  };
}

function listCard(citations: Citation[], lang: Lang): KakaoOutput {
  return {
    listCard: {
      header: { title: truncateLabel(t(lang, 'channels.kakao.sourcesTitle'), KAKAO_LIMITS.listHeader) },
      items: citations.slice(0, KAKAO_LIMITS.listItems).map((c) => ({
        title: truncateLabel(`[${c.n}] ${c.title}`, KAKAO_LIMITS.listItemTitle),
        ...(c.url ? { link: { web: c.url } } : {}),
      })),
    },
  };
}

/**
 * Renders a turn's message activities as one skill response: texts joined and split at 1000
 * characters, citations as a listCard with links, the last suggested actions as quick replies,
 * and never more than 3 outputs (the last text is shortened if it must be).
 * @param fallbackText used when the turn produced no text (Kakao rejects an empty response)
 */
export function activitiesToSkillResponse(activities: Partial<Activity>[], lang: Lang, fallbackText: string): KakaoSkillResponse {
  const texts: string[] = [];
  const citations: Citation[] = [];
  let actions: QuickAction[] = [];
  for (const activity of activities) {
    if ((activity.type ?? 'message') !== 'message') continue;
    const content = contentOf(activity, true);
    if (content.text) texts.push(plainLists(content.text));
    for (const c of content.citations) if (!citations.some((x) => x.title === c.title && x.url === c.url)) citations.push(c);
    if (content.actions.length) actions = content.actions;
  }
  const textSlots = KAKAO_LIMITS.outputs - (citations.length ? 1 : 0);
  let chunks = splitText(texts.join('\n\n') || fallbackText, KAKAO_LIMITS.simpleTextChars);
  if (chunks.length > textSlots) {
    const rest = chunks.slice(textSlots - 1).join('\n');
    chunks = [...chunks.slice(0, textSlots - 1), truncateLabel(rest, KAKAO_LIMITS.simpleTextChars)];
  }
  const outputs: KakaoOutput[] = chunks.map((text) => ({ simpleText: { text } }));
  if (citations.length) outputs.push(listCard(citations, lang));
  const quickReplies = actions.slice(0, KAKAO_LIMITS.quickReplies).map((a) => ({
    label: truncateLabel(a.title, KAKAO_LIMITS.quickReplyLabel),
    action: 'message' as const,
    messageText: a.value,
  }));
  return { version: '2.0', template: { outputs, ...(quickReplies.length ? { quickReplies } : {}) } };
}

/** The immediate `useCallback` answer with a short "preparing your answer" text. */
export function callbackAck(text: string): KakaoCallbackAck {
  return { version: '2.0', useCallback: true, data: { text } };
}
