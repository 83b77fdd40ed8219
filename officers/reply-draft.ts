/**
 * A reply drafted for the officer: a greeting, the answer from the documents, its numbered sources
 * and a closing, all in the resident's language. It is only ever shown to the officer, who edits
 * and sends it; nothing here reaches the resident by itself.
 */
import { t } from '../locales/i18n';
import type { Lang } from '../locales/lang';
import type { SuggestedReply } from './ports';

/** The draft the officer API returns (`suggestion` of GET /handoffs/{id}/suggestion). */
export interface ReplyDraft extends SuggestedReply {
  /** Always true: a draft for the officer, never sent by itself. */
  draft: true;
  /** The language the draft is written in (the resident's). */
  lang: Lang;
  /** The resident's lines the draft answers (oldest first). */
  basedOn: string[];
}

/** Team- or city-specific opening and closing (the locale's defaults when absent). */
export interface DraftFrame {
  greeting?: string;
  closing?: string;
}

/** One line per source: "[1] Title — https://… (2025-01-15)". */
export function citationLines(citations: SuggestedReply['citations']): string[] {
  return citations.map((c, i) => `[${c.n ?? i + 1}] ${c.title}${c.url ? ` — ${c.url}` : ''}${c.updated ? ` (${c.updated})` : ''}`);
}

/** Greeting, answer, sources and closing as one editable text. */
export function composeDraft(lang: Lang, answer: SuggestedReply, frame: DraftFrame = {}): string {
  const parts = [frame.greeting ?? t(lang, 'handoff.draft.greeting'), answer.text.trim()];
  const sources = citationLines(answer.citations);
  if (sources.length > 0) parts.push(`${t(lang, 'core.sources')}\n${sources.join('\n')}`);
  parts.push(frame.closing ?? t(lang, 'handoff.draft.closing'));
  return parts.filter((p) => p.trim().length > 0).join('\n\n');
}
