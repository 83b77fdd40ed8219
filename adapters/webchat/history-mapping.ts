/**
 * Pure mapping of stored transcript lines to the widget's history messages, so a reloaded
 * conversation looks as it did live: officers' lines keep their author, and a bot answer's
 * sources come back as citations (links) instead of the plain-text footer the transcript keeps.
 */
import { t } from '../../locales/i18n';
import { LANGS } from '../../locales/lang';
import type { Citation } from '../shared/outgoing-activity';
import { plainLists } from '../shared/plain-lists';
import type { TranscriptLine } from './transcript-reader';

/** Who wrote a history message (`from` keeps its old two values for existing clients). */
export type HistoryAuthor = 'resident' | 'bot' | 'officer' | 'system';

/** One message of `GET …/history`. */
export interface HistoryMessage {
  /** `user` or `bot` (officers' and system lines are `bot`, as before `author` existed). */
  from: 'user' | 'bot';
  author: HistoryAuthor;
  text: string;
  /** The answer's sources (bot answers only; empty otherwise). */
  citations: Citation[];
  createdAt: string;
}

// "[1] Title — https://…" as dialogs/answer-reply.ts writes each footer line (the URL is optional).
const FOOTER_LINE = /^\[(\d+)\] (.+?)(?: — (https?:\/\/\S+))?$/;

let headings: Set<string> | undefined;
function sourcesHeadings(): Set<string> {
  headings ??= new Set(LANGS.map((l) => t(l, 'core.sources')));
  return headings;
}

/**
 * Splits the sources footer ("Sources\n[1] Title — url", last paragraph of an answer) from the
 * text. The transcript stores the text as sent, footer included, but not the activity's
 * `channelData` citations the live widget renders.
 */
export function splitSourcesFooter(text: string): { text: string; citations: Citation[] } {
  const at = text.lastIndexOf('\n\n');
  if (at < 0) return { text, citations: [] };
  const [heading, ...lines] = text.slice(at + 2).split('\n');
  if (!sourcesHeadings().has(heading.trim()) || lines.length === 0) return { text, citations: [] };
  const citations: Citation[] = [];
  for (const line of lines) {
    const m = FOOTER_LINE.exec(line.trim());
    if (!m) return { text, citations: [] };
    citations.push({ n: Number(m[1]), title: m[2], ...(m[3] ? { url: m[3] } : {}) });
  }
  return { text: text.slice(0, at).trim(), citations };
}

/** A transcript line as the widget's history shows it. */
export function transcriptLineToHistory(line: TranscriptLine): HistoryMessage {
  const author: HistoryAuthor = line.author ?? (line.direction === 'in' ? 'resident' : 'bot');
  const createdAt = new Date(line.createdAt).toISOString();
  if (line.direction === 'in') return { from: 'user', author, text: line.text, citations: [], createdAt };
  // The live event shows list bullets as "•" (plainLists); history must match it.
  const { text, citations } = author === 'bot' ? splitSourcesFooter(line.text) : { text: line.text, citations: [] };
  return { from: 'bot', author, text: plainLists(text), citations, createdAt };
}
