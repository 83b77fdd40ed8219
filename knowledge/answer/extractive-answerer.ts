/**
 * The extractive fallback: when no LLM answers, quote the part of the best document that covers
 * what was asked (the section under the heading that names the question's aspect, or a short
 * summary), verbatim and in the document's shape, short enough for a phone screen; cite the
 * document with its date and offer its other sections as follow-ups. Relevance is overlap of
 * the retrieval analyser's terms (Korean stems without particles, CJK bigrams, stemmed English).
 */
import type { Lang } from '../../locales/lang';
import { t } from '../../locales/i18n';
import type { Citation, Passage } from '../ports';
import { blocksToText, type SectionBlock } from './section-blocks';
import { splitSentences } from './sentence-splitter';
import { analyze } from '../retrieval/text-analyzer';
import type { Aspect } from './aspects';
import { bestShare, blockScore, blockStates, documentSections, selectSections, type DocSection, type FeatureFn, type QuestionTerms } from './section-selector';

/** A follow-up the reply offers as a quick reply: another part of the same document. */
export interface FollowUp {
  /** What the button shows (the section's heading, or its aspect in the resident's language). */
  title: string;
  /** What the button sends back as the resident's message. */
  value: string;
  docId: string;
  /** The heading of the section it answers from. */
  heading: string;
}

/** An extractive answer. */
export interface ExtractiveAnswer {
  text: string;
  citations: Citation[];
  /** Other parts of the same document, offered as quick replies. */
  followUps: FollowUp[];
  /** The chunks the answer quotes (what an LLM prompt should carry as well). */
  selected: Passage[];
}

/**
 * The terms of a text as retrieval sees them (see {@link analyze}): Korean words without their
 * particles and endings, as bigrams; Japanese kanji and katakana bigrams and content words;
 * English words stemmed, function words dropped. Question words ("얼마", "いつ", "how") and
 * polite endings are left out, so they never tie a question to a block.
 */
export function features(text: string): Set<string> {
  return new Set(analyze(text));
}

/** Texts (titles, blocks) whose features are remembered. */
const MEMO_LIMIT = 1024;

/** A bounded memo: the oldest entry goes when it is full. */
class Memo<V> {
  private readonly values = new Map<string, V>();

  get(key: string, compute: (key: string) => V): V {
    let value = this.values.get(key);
    if (value === undefined) {
      value = compute(key);
      if (this.values.size >= MEMO_LIMIT) this.values.delete(this.values.keys().next().value as string);
      this.values.set(key, value);
    }
    return value;
  }
}

/** Settings of {@link ExtractiveAnswerer}. */
export interface ExtractiveAnswererOptions {
  /**
   * Most characters of quoted Korean or Japanese text (default 170); a quote from an English
   * document gets twice as many, whatever the reader's language (a phone screen holds about twice
   * as many Latin characters, and an English sentence needs about twice as many to say as much).
   */
  maxChars?: number;
}

/** A runner-up document is offered as related when its score is at least this share of the top one. */
const RELATED_MIN_SCORE_RATIO = 0.4;
/** Share of the budget each of two Korean or Japanese parts may use. */
const TWO_PART_SHARE = 0.6;
/** Most quick replies offered with an answer. */
const MAX_FOLLOW_UPS = 4;

/** What to answer from, when the caller already knows (a follow-up button). */
export interface ExtractiveTarget {
  /** Headings of the sections to quote. */
  headings: readonly string[];
}

/**
 * Builds short answers from the top document: the section(s) that cover what was asked, quoted
 * verbatim in the document's shape (see {@link selectSections} and {@link sectionBlocks}), with
 * the document's date, a note in the resident's language when the document is in another one,
 * and the document's other sections offered as follow-ups.
 */
export class ExtractiveAnswerer {
  private readonly maxChars: number;
  private readonly titles = new Memo<ReadonlySet<string>>();
  private readonly textFeatures = new Memo<ReadonlySet<string>>();

  constructor(options: ExtractiveAnswererOptions = {}) {
    this.maxChars = options.maxChars ?? 170;
  }

  /**
   * Answers from the top passage's document; `null` when there is no passage.
   * @param documentPassages every chunk of the top document (absent: the retrieved ones)
   * @param bridge the question's concepts in the top document's language, one list of words per
   *   concept (retrieval's `bridge`): for a question in another language, they find the part asked about
   */
  answer(question: string, lang: Lang, passages: readonly Passage[], documentPassages?: readonly Passage[], target?: ExtractiveTarget, bridge?: readonly (readonly string[])[]): ExtractiveAnswer | null {
    const top = passages[0];
    if (!top) return null;
    const own = documentPassages && documentPassages.length > 0 ? documentPassages : passages.filter((p) => p.docId === top.docId);
    const sections = documentSections(own, top.title);
    const topic = this.titles.get(top.title, features);
    const feat = (text: string): ReadonlySet<string> => this.textFeatures.get(text, features);
    const program = programName(top.title, top.lang, lang);
    // Across languages the question's own words rarely occur in the document: its concepts' words in the document's language do.
    const selection = selectSections(question, sections, feat, topic, target?.headings, top.title, top.lang !== lang ? bridge : undefined);
    const budget = top.lang === 'en' ? this.maxChars * 2 : this.maxChars;
    // Within a part, the blocks that answer what the part was chosen for come first (what the
    // question asks, for a part chosen by its words alone); on a tie, the one holding more of the
    // question's words, the program's own among them ("how much is a death certificate" in "Birth
    // and Death Certificates").
    const asked = features(question);
    const pick = (part: DocSection, aspects: readonly Aspect[], max: number): SectionBlock[] =>
      pickBlocks(part, aspects.length > 0 ? aspects : selection.aspects, max, selection.terms, feat, asked);
    const lines: string[] = [];
    let selected: Passage[];
    if (selection.summary) {
      lines.push(`${program} [1]`, this.summary(selection.sections, budget, (s) => bestShare(s, selection.terms, feat)));
      selected = selection.sections.filter((s) => s.intro || s.aspect === 'eligibility' || s.aspect === 'benefit').flatMap((s) => s.passages);
    } else {
      const parts = selection.parts;
      // Two parts of Korean or Japanese get a little more room together than one (each must
      // still state its fact); English, with twice the room, halves it.
      const each = parts.length === 1 ? budget : Math.floor(budget * (budget > this.maxChars ? 0.5 : TWO_PART_SHARE));
      if (parts.length === 1) lines.push(parts[0].intro ? `${program} [1]` : `${program} · ${parts[0].heading} [1]`, blocksToText(pick(parts[0], selection.partAspects[0] ?? [], each)));
      else {
        lines.push(`${program} [1]`);
        parts.forEach((part, i) => lines.push(blocksToText([{ kind: 'para', marker: '', text: `${part.heading}` }, ...pick(part, selection.partAspects[i] ?? [], each)])));
      }
      selected = parts.flatMap((s) => s.passages);
    }
    const quoted = lines.slice(1).join('\n\n');
    const notes: string[] = [];
    if (top.lang !== lang) notes.push(...crossLingualNote(lang, top, program, selection.summary ? [] : selection.parts, quoted));
    notes.push(top.updated ? t(lang, 'answer.extractiveAsOf', { date: top.updated }) : t(lang, 'answer.extractiveNote'));
    // When no heading named what was asked, a close runner-up of the resident's own region is
    // offered as related, so a resident whose question the top document answers only in part
    // still finds the right one; an answer from the section asked about stays short.
    const related: Passage[] = [];
    for (const p of passages) {
      if (related.length >= (selection.direct ? 0 : 1)) break;
      if (p.docId === top.docId || related.some((r) => r.docId === p.docId) || p.score < top.score * RELATED_MIN_SCORE_RATIO) continue;
      if (top.region !== undefined && p.region !== top.region) continue;
      related.push(p);
    }
    const cite = (p: Passage, n: number): Citation => ({ n, docId: p.docId, title: p.title, ...(p.url ? { url: p.url } : {}), ...(p.updated ? { updated: p.updated } : {}) });
    // The quoted section is kept with the top source (demand insight counts questions per section).
    const section = selection.summary ? undefined : selection.parts.find((part) => !part.intro)?.heading;
    const citations = [{ ...cite(top, 1), ...(section ? { section } : {}) }, ...related.map((p, i) => cite(p, i + 2))];
    if (related.length > 0) notes.push(t(lang, 'answer.related', { list: related.map((p, i) => `[${i + 2}] ${p.title}`).join(', ') }));
    // Across languages the note in the resident's language leads and carries the citation mark;
    // the header in the document's language would only say the same again.
    const head = top.lang !== lang ? notes.splice(0, notes.length - (related.length > 0 ? 2 : 1)) : [];
    if (head.length > 0) {
      head[0] = head[0].replace(/^([^\n]*)/, '$1 [1]');
      lines.shift();
    }
    const text = [...head, ...lines, ...notes].join('\n\n').replace(/\n{3,}/g, '\n\n');
    const shown = new Set(selection.summary ? selection.sections.filter((s) => s.intro).map((s) => s.heading) : selection.parts.map((s) => s.heading));
    // A summary quoted the first point of who-can-get-it and what-you-get: the parts not seen at all come first.
    const partlyShown = (s: DocSection): boolean => selection.summary && (s.aspect === 'eligibility' || s.aspect === 'benefit');
    const followUps = selection.sections
      .filter((s) => !s.intro && !shown.has(s.heading))
      .sort((a, b) => Number(partlyShown(a)) - Number(partlyShown(b)))
      .slice(0, MAX_FOLLOW_UPS)
      .map((s) => followUp(s, top, lang, program));
    return { text, citations, followUps, selected };
  }

  /**
   * The opening sentence and the first point of who can get it and what one gets — or, in each,
   * the point holding a specific word of the question ("차상위인데 …" gets the 차상위 line).
   */
  private summary(sections: readonly DocSection[], budget: number, match: (s: DocSection) => { specific: number; block: number }): string {
    const intro = sections.find((s) => s.intro);
    const out: string[] = [];
    const first = intro?.blocks[0];
    if (first) out.push(firstSentence(first.text));
    const points: string[] = [];
    for (const aspect of ['eligibility', 'benefit'] as const) {
      const s = sections.find((x) => x.aspect === aspect);
      const m = s ? match(s) : null;
      const b = s?.blocks[m && m.specific > 0 && m.block >= 0 ? m.block : 0];
      if (s && b) points.push(`- ${s.heading}: ${b.text}`);
    }
    let text = out.join('');
    for (const p of points) if (text.length + p.length <= budget * 1.2 || text === '') text += `${text ? (text.includes('\n- ') || text.startsWith('- ') ? '\n' : '\n\n') : ''}${p}`;
    return text.length > budget * 1.3 ? cut(text, Math.floor(budget * 1.3)) : text;
  }
}

/** The opening sentence of a paragraph (Japanese 。, Korean and English . ! ?). */
function firstSentence(text: string): string {
  const m = /^.+?(?:[。！？]|[.!?](?=\s|$))/u.exec(text);
  return m ? m[0] : text;
}

/**
 * The blocks of a section that fit the budget: all of them when they fit; otherwise the ones
 * that best answer the aspect (the kind of fact asked, the question's words, then any word of the
 * question; earlier blocks first on a tie), shown in document order with their own numbers (so a skipped step shows),
 * and a single over-long block cut at a sentence end.
 */
function pickBlocks(section: DocSection, aspects: readonly Aspect[], budget: number, terms: QuestionTerms, feat: FeatureFn, asked: ReadonlySet<string>): SectionBlock[] {
  let blocks: readonly SectionBlock[] = section.blocks;
  const size = (b: SectionBlock): number => b.text.length + b.marker.length + 2;
  const total = blocks.reduce((a, b) => a + size(b), 0);
  if (total <= budget) return [...blocks];
  // Paragraphs too long to quote whole are chosen from sentence by sentence.
  const lang = /[\u3040-\u30ff]/u.test(blocks.map((b) => b.text).join('')) ? 'ja' : 'en';
  blocks = blocks.flatMap((b) => (b.kind === 'para' && size(b) > budget / 2 ? splitSentences(b.text, lang).map((text) => ({ kind: 'sentence' as const, marker: '', text })) : [b]));
  // A block stating the kind of fact asked comes first (an amount for "how much"), then the question's words, then document order.
  const ranked = blocks
    .map((b, i) => ({
      b,
      i,
      states: aspects.filter((a) => blockStates(b, a, terms, feat)).length,
      score: Math.max(blockScore(b, section.heading, null, terms, feat), ...aspects.map((a) => blockScore(b, section.heading, a, terms, feat))),
      shared: [...feat(b.text)].filter((x) => asked.has(x)).length,
    }))
    .sort((x, y) => y.states - x.states || y.score - x.score || y.shared - x.shared || x.i - y.i);
  const chosen: { b: SectionBlock; i: number }[] = [];
  let used = 0;
  for (const r of ranked) {
    if (chosen.length > 0 && used + size(r.b) > budget) continue;
    chosen.push(r);
    used += size(r.b);
  }
  chosen.sort((x, y) => x.i - y.i);
  return chosen.map(({ b }) => (size(b) > budget * 1.1 ? { ...b, text: cut(b.text, budget) } : b));
}

/** Text cut at the last sentence end within `max` characters (or at `max`, with "…"). */
function cut(text: string, max: number): string {
  const head = text.slice(0, max);
  const end = Math.max(head.lastIndexOf('。'), head.lastIndexOf('. '), head.lastIndexOf('다.'));
  return end > max * 0.4 ? `${head.slice(0, end + 1).trimEnd()} …` : `${head.slice(0, max - 1).trimEnd()}…`;
}

/**
 * The program's name for a reply: the title without its parenthesis ("기초연금"), or, for a
 * reader of another language than the document's, the English name the title gives in
 * parentheses ("Basic Pension") — readable by more of them than Hangul for a Japanese reader or
 * kanji for a Korean one.
 */
export function programName(title: string, docLang: Lang, lang: Lang): string {
  const m = /^(.*?)\s*[(（]([^)）]*)[)）]\s*$/u.exec(title);
  if (!m) return title;
  const [, name, paren] = m;
  if (lang !== docLang && docLang !== 'en' && /^[\x20-\x7e]+$/.test(paren)) return paren.split(',')[0].trim();
  return name || title;
}

/** Amounts, ages and dates in a text, to restate them for a reader of another language. */
const FIGURE = /(?:[$£€¥₩]\s?\d[\d,.]*|\d{4}[-./年]\s?\d{1,2}(?:[-./月]\s?\d{1,2}日?)?|\d[\d,.]*\s?(?:만\s?\d[\d,.]*\s?천\s?원|만\s?원|만\s?엔|천\s?원|万円|円|원|엔|%|세|살|개월|일|歳|か月|ヶ月|日|割|dollars?|years?|months?|days?|weeks?))/gu;

/** Says, in the resident's language, what the quoted part of another-language document is. */
function crossLingualNote(lang: Lang, top: Passage, program: string, parts: readonly DocSection[], quoted: string): string[] {
  const topics = parts.map((p) => (p.aspect ? t(lang, `answer.aspects.${p.aspect}`) : p.heading)).join(', ');
  const about = t(lang, parts.length > 0 ? 'answer.crossLingual.section' : 'answer.crossLingual.summary', {
    language: t(lang, `answer.languages.${top.lang}`),
    program,
    topic: topics,
  });
  const figures = [...new Set([...quoted.matchAll(FIGURE)].map((m) => m[0].trim()))].slice(0, 5);
  return figures.length > 0 ? [`${about}\n${t(lang, 'answer.crossLingual.figures', { list: figures.join(', ') })}`] : [about];
}

/** A quick reply for another section of the same document. */
function followUp(s: DocSection, top: Passage, lang: Lang, program: string): FollowUp {
  const title = top.lang === lang || !s.aspect ? s.heading : t(lang, `answer.aspects.${s.aspect}`);
  return { title, value: t(lang, 'answer.followUpText', { program, topic: title }), docId: top.docId, heading: s.heading };
}
