/**
 * Builds the outgoing activities for an answer: text with a numbered sources footer (readable on
 * every channel), plus `channelData.madoguchi.citations` so adapters can render native cards.
 */
import { ActionTypes, type Activity, type CardAction } from 'botbuilder';
import { t } from '../locales/i18n';
import { LANGS } from '../locales/lang';
import type { Answer, Lang } from './ports';

/** Channel data our adapters understand. */
export interface MadoguchiChannelData {
  citations?: { n: number; title: string; url?: string }[];
  sourcesFooter?: string;
  route?: string;
}

/** The sources footer, e.g. "Sources\n[1] Title — https://…". */
export function sourcesFooter(answer: Pick<Answer, 'citations'>, lang: Lang): string {
  if (answer.citations.length === 0) return '';
  const lines = answer.citations.map((c) => `[${c.n}] ${c.title}${c.url ? ` — ${c.url}` : ''}`);
  return `${t(lang, 'core.sources')}\n${lines.join('\n')}`;
}

/**
 * A message activity for a grounded answer: the answer's follow-ups (other parts of the same
 * document, e.g. "Documents needed") as quick replies, then any extra ones.
 */
export function answerActivity(answer: Answer, lang: Lang, quickReplies: string[] = []): Partial<Activity> {
  const footer = sourcesFooter(answer, lang);
  const data: MadoguchiChannelData = {
    citations: answer.citations.map(({ n, title, url }) => ({ n, title, url })),
    sourcesFooter: footer || undefined,
    route: 'answer',
  };
  const activity: Partial<Activity> = {
    type: 'message',
    text: footer ? `${answer.text}\n\n${footer}` : answer.text,
    locale: lang,
    channelData: { madoguchi: data },
  };
  const followUps = (answer.followUps ?? []).map((f) => ({ title: f.title, value: f.value }));
  addQuickReplies(activity, [...followUps, ...quickReplies.map((q) => ({ title: q, value: q }))]);
  return activity;
}

/** The "Did this help?" quick replies offered under an answer (👍 / 👎 in the resident's language). */
export function feedbackReplies(lang: Lang): string[] {
  return [t(lang, 'feedback.helpful'), t(lang, 'feedback.notHelpful')];
}

/**
 * Whether a message is the press of a feedback quick reply, in any language (the resident may have
 * switched since): true for 👍, false for 👎, null for any other message. A bare 👍 / 👎 counts too.
 */
export function feedbackPress(text: string): boolean | null {
  const pressed = text.trim();
  for (const lang of LANGS) {
    if (pressed === t(lang, 'feedback.helpful')) return true;
    if (pressed === t(lang, 'feedback.notHelpful')) return false;
  }
  if (pressed === '👍') return true;
  return pressed === '👎' ? false : null;
}

/** Whether a message is the press of "Skip" offered after a 👎, in any language. */
export function isFeedbackSkip(text: string): boolean {
  const pressed = text.trim();
  return LANGS.some((lang) => pressed === t(lang, 'feedback.skip'));
}

/** A plain message with optional quick replies (imBack suggested actions). */
export function textActivity(text: string, lang: Lang, quickReplies: string[] = [], route?: string): Partial<Activity> {
  const activity: Partial<Activity> = { type: 'message', text, locale: lang };
  addQuickReplies(activity, quickReplies.map((q) => ({ title: q, value: q })));
  if (route) activity.channelData = { madoguchi: { route } satisfies MadoguchiChannelData };
  return activity;
}

/** Adds quick replies as imBack suggested actions (none when the list is empty). */
function addQuickReplies(activity: Partial<Activity>, quickReplies: { title: string; value: string }[]): void {
  if (quickReplies.length === 0) return;
  const actions: CardAction[] = quickReplies.map((q) => ({ type: ActionTypes.ImBack, title: q.title, value: q.value }));
  activity.suggestedActions = { actions, to: [] };
}
