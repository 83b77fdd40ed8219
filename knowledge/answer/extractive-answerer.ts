/**
 * The extractive fallback: when no LLM answers, quote the sentences of the best document that are
 * most relevant to the question, keep the quote short, cite the document and say it is the
 * official text. Relevance is overlap of Latin words and CJK character bigrams (bigrams match
 * Korean stems with attached particles and Japanese without word spaces); with no overlap at all
 * (e.g. a cross-lingual hit) the passage's opening sentences are quoted.
 */
import type { Lang } from '../../locales/lang';
import { t } from '../../locales/i18n';
import type { Citation, Passage } from '../ports';
import { splitSentences } from './sentence-splitter';

/** An extractive answer. */
export interface ExtractiveAnswer {
  text: string;
  citations: Citation[];
}

const CJK_RUN = /[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]+/gu;

/** Word and bigram features of a text. */
export function features(text: string): Set<string> {
  const norm = text.normalize('NFKC').toLowerCase();
  const out = new Set<string>();
  for (const m of norm.matchAll(/[a-z0-9]{3,}/g)) out.add(m[0].replace(/(ing|ed|es|s)$/, ''));
  for (const m of norm.matchAll(CJK_RUN)) {
    const run = m[0];
    if (run.length === 1) out.add(run);
    for (let i = 0; i + 2 <= run.length; i++) out.add(run.slice(i, i + 2));
  }
  return out;
}

/** A sentence of a passage with its features, in the order {@link features} finds them. */
interface SentenceFeatures {
  sentence: string;
  features: readonly string[];
}

/** Passage texts (and titles) whose sentences and features are remembered, per language. */
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
  /** Most characters of quoted text (default 400). */
  maxChars?: number;
}

/** A runner-up document is offered as related when its score is at least this share of the top one. */
const RELATED_MIN_SCORE_RATIO = 0.4;

/**
 * Builds quotes from retrieved passages. Passages come from a fixed set of chunks, so each
 * passage's sentence split and features, and each title's features, are computed once and
 * remembered (bounded); only the question's features are computed per answer.
 */
export class ExtractiveAnswerer {
  private readonly maxChars: number;
  private readonly sentencesByLang = new Map<Lang, Memo<SentenceFeatures[]>>();
  private readonly titles = new Memo<ReadonlySet<string>>();

  constructor(options: ExtractiveAnswererOptions = {}) {
    this.maxChars = options.maxChars ?? 400;
  }

  /** Quotes the top document's most relevant sentences; `null` when there is no passage. */
  answer(question: string, lang: Lang, passages: readonly Passage[]): ExtractiveAnswer | null {
    const top = passages[0];
    if (!top) return null;
    const fromTop = passages.filter((p) => p.docId === top.docId).slice(0, 3);
    const q = features(question);
    // Words of the title name the topic, which every sentence is about; what the resident asks
    // about the topic (how to apply, where, how much) is what picks the sentence.
    const topic = this.titles.get(top.title, features);
    const candidates: { sentence: string; score: number; order: number }[] = [];
    for (let pi = 0; pi < fromTop.length; pi++) {
      const sentences = this.sentences(fromTop[pi]);
      for (let si = 0; si < sentences.length; si++) {
        const { sentence, features: f } = sentences[si];
        let overlap = 0;
        for (const x of f) if (q.has(x)) overlap += topic.has(x) ? 0.2 : 1;
        // Earlier sentences of better passages win ties: they usually state what the program is.
        const score = overlap / Math.sqrt(f.length + 4) + (si === 0 ? 0.05 : 0) - pi * 0.02 - si * 0.001;
        candidates.push({ sentence, score, order: pi * 1000 + si });
      }
    }
    if (candidates.length === 0) return null;
    const chosen: typeof candidates = [];
    let used = 0;
    for (const c of [...candidates].sort((a, b) => b.score - a.score)) {
      if (chosen.length > 0 && used + c.sentence.length + 1 > this.maxChars) continue;
      chosen.push(c);
      used += c.sentence.length + 1;
      if (used >= this.maxChars * 0.8) break;
    }
    chosen.sort((a, b) => a.order - b.order);
    // Japanese needs no space between sentences, but list items and headings carry no 。 and
    // would run together; they go on their own line.
    let quote = chosen
      .map((c, i) => {
        if (i === 0) return c.sentence;
        if (top.lang !== 'ja') return ` ${c.sentence}`;
        return /[。！？!?）)」]$/u.test(chosen[i - 1].sentence) ? c.sentence : `\n${c.sentence}`;
      })
      .join('');
    if (quote.length > this.maxChars) quote = `${quote.slice(0, this.maxChars - 1).trimEnd()}…`;
    // Close runners-up (neighbouring programs) are offered as related documents, so a resident
    // whose question the top document answers only in part still finds the right one.
    const related: Passage[] = [];
    for (const p of passages) {
      if (related.length >= 2) break;
      if (p.docId !== top.docId && !related.some((r) => r.docId === p.docId) && p.score >= top.score * RELATED_MIN_SCORE_RATIO) related.push(p);
    }
    const cite = (p: Passage, n: number): Citation => ({ n, docId: p.docId, title: p.title, ...(p.url ? { url: p.url } : {}) });
    const citations = [cite(top, 1), ...related.map((p, i) => cite(p, i + 2))];
    const relatedLine = related.length > 0 ? `\n${t(lang, 'answer.related', { list: related.map((p, i) => `[${i + 2}] ${p.title}`).join(', ') })}` : '';
    const text = `“${quote}” [1]\n\n${t(lang, 'answer.extractiveNote')}${relatedLine}`;
    return { text, citations };
  }

  /** The passage's sentences with their features (remembered per language and text). */
  private sentences(p: Passage): readonly SentenceFeatures[] {
    let memo = this.sentencesByLang.get(p.lang);
    if (!memo) {
      memo = new Memo();
      this.sentencesByLang.set(p.lang, memo);
    }
    return memo.get(p.text, (text) => splitSentences(text, p.lang).map((sentence) => ({ sentence, features: [...features(sentence)] })));
  }
}
