/**
 * The retriever behind answers: BM25 over CJK-aware terms, glossary expansion for cross-lingual
 * questions, typo correction, document-level aggregation (the top results are distinct documents),
 * optional dense retrieval fused with reciprocal rank fusion, filters, and a calibrated confidence.
 */
import type { Lang } from '../../locales/lang';
import type { EmbeddingProvider, Passage, RetrievalQuery, RetrievalResult, Retriever } from '../ports';
import { calibratedConfidence } from './confidence';
import type { Glossary } from './glossary';
import { glossaryBridge } from './glossary-bridge';
import { SinoKoreanBridge } from './sino-korean-bridge';
import { LoanwordBridge } from './loanword-bridge';
import { DocumentLexicon, englishNameTerms, learnedPlaces } from './document-lexicon';
import type { KbChunk } from './kb-chunk';
import { KeywordIndex, type ChunkScorer, type KeywordIndexOptions, type WeightedTerm } from './keyword-index';
import { EN_GENERIC } from './stopwords';
import { analyze, scriptOfTerm, type Script } from './text-analyzer';
import { TypoCorrector } from './typo-corrector';

/** Settings of {@link HybridRetriever}. */
export interface HybridRetrieverOptions {
  /** Glossary for cross-lingual and synonym expansion (none: no expansion). */
  glossary?: Glossary | null;
  /** Dense embeddings for the query; used only when chunks carry embeddings. */
  embeddings?: EmbeddingProvider | null;
  /** Weight of glossary words in another language than the question's (default 0.6). */
  crossLingualWeight?: number;
  /** Weight of glossary synonyms in the question's language (default 0.5). */
  synonymWeight?: number;
  /** Weight of the best section's score added to the document's score (default 0.7). */
  chunkWeight?: number;
  /**
   * Factor on documents in another language than the question's (default 0.6): a resident asking
   * in English is usually best served by the English document on the topic, and a document in
   * another language must match clearly better (through the glossary) to come first.
   */
  otherLanguageFactor?: number;
  /**
   * Factor on documents of other regions when the question names a place ("in Japan", "Hanbit
   * City"; default 0.2); it replaces the language preference, since the resident has said which
   * place's rules they need: a document of that place that matches a fifth as well still comes
   * first.
   */
  otherRegionFactor?: number;

  /**
   * Weight of the document bridge (default 0.5 of the cross-lingual weight): the English names
   * and tags of the question-language documents the question matches best, searched in the
   * documents of the other languages (see {@link HybridRetriever.bridgeTerms}).
   */
  bridgeWeight?: number;
  /**
   * Weight of the document lexicon's translations (default 0.5 of the cross-lingual weight; see
   * {@link DocumentLexicon}).
   */
  lexiconWeight?: number;
  /**
   * Weight of Korean ↔ Japanese words read through their shared characters (default 0.5 of the
   * cross-lingual weight; see {@link SinoKoreanBridge}).
   */
  sinoKoreanWeight?: number;
  /**
   * Weight of words matched by sound, English ↔ Hangul and katakana and Hangul ↔ katakana — loanwords and names such as
   * 메모리 클리닉 "Memory Clinic" or フードバンク "Food Bank" (default 1 of the cross-lingual
   * weight: an exact match of five or more consonants weighs what a glossary translation does,
   * shorter and inexact ones less; see {@link LoanwordBridge}).
   */
  loanwordWeight?: number;

  /** Passages of the top document included before other documents (default 3). */
  topDocPassages?: number;
  /** Reciprocal-rank-fusion constant (default 60). */
  rrfK?: number;
  index?: KeywordIndexOptions;
}

const SCRIPT_OF_LANG: Record<Lang, Script> = { ko: 'hangul', ja: 'cjk', en: 'latin' };

interface ScoredDoc {
  doc: number;
  score: number;
}

/** Documents kept from keyword ranking (enough for passages, margins and fusion). */
const TOP_DOCS = 100;
/** Question-language documents that may lend their English names (see bridgeTerms). */
const BRIDGE_DOCS = 3;
/** …each scoring at least this share of the best one… */
const BRIDGE_MIN_SHARE = 0.5;
/** …and holding at least this share of the question's weighted words. */
const BRIDGE_MIN_COVERAGE = 0.5;

/** Keeps the k best documents with a min-heap, so a 100k-chunk query never sorts everything. */
class TopK {
  private readonly heap: ScoredDoc[] = [];
  constructor(private readonly k: number) {}

  offer(doc: number, score: number): void {
    const h = this.heap;
    if (h.length < this.k) {
      h.push({ doc, score });
      let i = h.length - 1;
      while (i > 0) {
        const p = (i - 1) >> 1;
        if (!worse(h[i], h[p])) break;
        [h[i], h[p]] = [h[p], h[i]];
        i = p;
      }
    } else if (worse(h[0], { doc, score })) {
      h[0] = { doc, score };
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < h.length && worse(h[l], h[m])) m = l;
        if (r < h.length && worse(h[r], h[m])) m = r;
        if (m === i) break;
        [h[i], h[m]] = [h[m], h[i]];
        i = m;
      }
    }
  }

  sorted(): ScoredDoc[] {
    return [...this.heap].sort((x, y) => y.score - x.score || x.doc - y.doc);
  }
}

/** Is `a` ranked below `b` (lower score, or equal score and later document)? */
function worse(a: ScoredDoc, b: ScoredDoc): boolean {
  return a.score < b.score || (a.score === b.score && a.doc > b.doc);
}

/**
 * The most confidence a match gets when none of the question's words is in the top document's
 * title, tags or headings: still an answer for a question in scope, but one whose scope the triage
 * doubts is declined unless the triage's doubt is small (see the main dialog's answerability).
 */
export const NON_TOPICAL_CONFIDENCE = 0.5;

/** Retrieval over an immutable set of chunks (rebuild a new one when the KB changes). */
export class HybridRetriever implements Retriever {
  readonly index: KeywordIndex;
  private readonly typos: TypoCorrector;
  private readonly docLang: Lang[] = [];
  private readonly docDomain: string[] = [];
  private readonly docRegion: string[] = [];
  private readonly docFirstChunk: number[] = [];
  private readonly docChunks: number[][] = [];
  /**
   * Per document, its English name and English tags as index terms (place names left out): what
   * the document says it is about in the language every document of the knowledge base shares.
   */
  private readonly docBridge: string[][] = [];
  /** Per document, the terms of what it is about: its title, tags and section headings. */
  private readonly docTopic: Set<string>[] = [];
  /** Translations learned from the documents' own bilingual titles and tags. */
  readonly lexicon: DocumentLexicon;
  /** Korean readings of the Japanese documents' kanji words (see {@link SinoKoreanBridge}). */
  readonly sinoKorean: SinoKoreanBridge;
  /** English ↔ Hangul and katakana, and Hangul ↔ katakana, words of the documents that sound alike (see {@link LoanwordBridge}). */
  readonly loanwords: LoanwordBridge;
  /** Place names learned from the documents' titles, with their regions (see {@link learnedPlaces}). */
  readonly places: ReadonlyMap<string, string>;
  /** Every place term, from the glossary and learned: left out of the bridge, the lexicon and the loanwords. */
  private readonly placeTerms: ReadonlySet<string>;
  /** Document index by id, built on first use. */
  private docById: Map<string, number> | undefined;
  private readonly hasEmbeddings: boolean;
  private ownAcc = new Float64Array(0);
  private crossAcc = new Float64Array(0);
  private readonly o: Required<Omit<HybridRetrieverOptions, 'glossary' | 'embeddings' | 'index'>>;
  /** Glossary expansion weights per language for a question in each language. */
  private readonly expansionWeights: Record<Lang, Record<Lang, number>>;

  /**
   * @param chunks every chunk of the knowledge base (chunks of one document contiguous, in order)
   * @param options glossary, embeddings and tuning
   */
  constructor(
    chunks: readonly KbChunk[],
    private readonly options: HybridRetrieverOptions = {},
  ) {
    this.o = {
      crossLingualWeight: options.crossLingualWeight ?? 0.6,
      synonymWeight: options.synonymWeight ?? 0.5,
      chunkWeight: options.chunkWeight ?? 0.7,
      otherLanguageFactor: options.otherLanguageFactor ?? 0.6,
      otherRegionFactor: options.otherRegionFactor ?? 0.2,
      bridgeWeight: options.bridgeWeight ?? 0.5,
      lexiconWeight: options.lexiconWeight ?? 0.5,
      sinoKoreanWeight: options.sinoKoreanWeight ?? 0.5,
      loanwordWeight: options.loanwordWeight ?? 1,
      topDocPassages: options.topDocPassages ?? 3,
      rrfK: options.rrfK ?? 60,
    };
    const weightsFor = (lang: Lang): Record<Lang, number> => {
      const script = SCRIPT_OF_LANG[lang];
      const w = { ko: 0, ja: 0, en: 0 } as Record<Lang, number>;
      for (const l of ['ko', 'ja', 'en'] as const) w[l] = SCRIPT_OF_LANG[l] === script ? this.o.synonymWeight : this.o.crossLingualWeight;
      return w;
    };
    this.expansionWeights = { ko: weightsFor('ko'), ja: weightsFor('ja'), en: weightsFor('en') };
    this.index = KeywordIndex.build(chunks, options.index);
    this.typos = new TypoCorrector(this.index.terms(), (t) => 1 / this.index.idf(t));
    for (let c = 0; c < chunks.length; c++) {
      const d = this.index.chunkDoc[c];
      if (this.docFirstChunk[d] === undefined) {
        this.docFirstChunk[d] = c;
        this.docLang[d] = chunks[c].lang;
        this.docDomain[d] = chunks[c].domain;
        this.docRegion[d] = chunks[c].region;
        this.docChunks[d] = [];
        this.docBridge[d] = [];
      }
      this.docChunks[d].push(c);
    }
    this.hasEmbeddings = chunks.length > 0 && chunks.every((c) => c.embedding && c.embedding.length > 0);
    const docs = this.docFirstChunk.map((c) => chunks[c]);
    // A learned place word found in any document of another region is an ordinary word ("town").
    this.places = new Map([...learnedPlaces(docs)].filter(([term, region]) => !docs.some((c, d) => c.region !== region && this.index.docHas(d, term))));
    this.placeTerms = new Set([...(options.glossary?.placeTerms() ?? []), ...this.places.keys()]);
    this.lexicon = new DocumentLexicon(docs, this.placeTerms, options.glossary ?? undefined);
    this.sinoKorean = new SinoKoreanBridge(this.index.terms());
    const names = new Set<string>(docs.flatMap((c) => [c.title, ...c.tags]));
    for (const c of chunks) if (c.section) names.add(c.section);
    // Built only when used: it costs a third to a half of the index's build.
    const used = this.o.crossLingualWeight * this.o.loanwordWeight > 0;
    this.loanwords = new LoanwordBridge(used ? names : [], used ? chunks.map((c) => c.text) : []);
    docs.forEach((chunk, d) => {
      this.docBridge[d] = englishNameTerms(chunk, this.placeTerms);
      const headings = this.docChunks[d].map((c) => chunks[c].section ?? '');
      this.docTopic[d] = new Set(analyze([chunk.title, ...chunk.tags, ...headings].join('\n')).filter((t) => !this.placeTerms.has(t)));
    });
  }

  /** Number of documents and chunks indexed. */
  get size(): { chunks: number; documents: number } {
    return this.index.size;
  }

  /** Whether dense retrieval can be used (every chunk has an embedding). */
  get dense(): boolean {
    return this.hasEmbeddings && !!this.options.embeddings;
  }

  /**
   * The weighted query terms in two groups: `own` — the resident's words, typo corrections and
   * glossary synonyms in the question's language; `cross` — glossary words in the other languages.
   */
  queryTerms(text: string, lang: Lang): { own: WeightedTerm[]; cross: WeightedTerm[] } {
    const { own, cross } = this.analyseQuery(text, lang);
    return { own, cross };
  }

  /** {@link queryTerms}, plus the question's analysed words (before typo correction). */
  private analyseQuery(text: string, lang: Lang): { words: string[]; own: WeightedTerm[]; cross: WeightedTerm[]; read: string[]; heard: string[] } {
    const own = new Map<string, number>();
    const cross = new Map<string, number>();
    const put = (m: Map<string, number>, term: string, w: number): void => {
      if (w > (m.get(term) ?? 0)) m.set(term, w);
    };
    const words = analyze(text);
    const tokens: string[] = [];
    for (const t of words) {
      if (!this.index.has(t)) {
        const fixed = this.typos.correct(t);
        if (fixed) {
          put(own, fixed, 0.45);
          tokens.push(fixed);
        }
      }
      put(own, t, 1);
      tokens.push(t);
    }
    const glossary = this.options.glossary;
    if (glossary) {
      const script = SCRIPT_OF_LANG[lang];
      for (const e of glossary.expand(text, tokens, this.expansionWeights[lang], (t) => this.index.has(t))) {
        if (SCRIPT_OF_LANG[e.lang] === script) put(own, e.term, e.weight);
        else if (!own.has(e.term)) put(cross, e.term, e.weight);
      }
    }
    // The documents' own bilingual names: a Korean or Japanese question's words translated into
    // English through the lexicon (an English question already meets every document's English
    // name in the index).
    const lexiconWeight = this.o.crossLingualWeight * this.o.lexiconWeight;
    if (lexiconWeight > 0 && lang !== 'en') {
      for (const t of words) {
        if (scriptOfTerm(t) === 'latin') continue;
        for (const tr of this.lexicon.translate(t)) {
          if (own.has(tr.term)) continue;
          put(cross, tr.term, lexiconWeight * tr.strength);
        }
      }
    }
    // Korean and Japanese share Sino-Korean words: 아동수당 reads 児童手当, and back.
    const read: string[] = [];
    const sinoWeight = this.o.crossLingualWeight * this.o.sinoKoreanWeight;
    if (sinoWeight > 0 && lang !== 'en') {
      for (const t of words) {
        for (const b of lang === 'ko' ? this.sinoKorean.kanjiFor(t) : this.sinoKorean.hangulFor(t)) {
          read.push(b.term);
          if (!own.has(b.term)) put(cross, b.term, sinoWeight * b.share);
        }
      }
    }
    // Loanwords and names written by sound: 메모리 클리닉 is "memory clinic", and back. Place
    // names say where, not what: they pick a region (see retrieve), as in the document bridge.
    const heard: string[] = [];
    const loanWeight = this.o.crossLingualWeight * this.o.loanwordWeight;
    if (loanWeight > 0) {
      // Korean ↔ Japanese too: 인플루엔자 is インフルエンザ, ダソム区 is 다솜구.
      const sounds = lang === 'en' ? this.loanwords.foreignFor(text) : [...this.loanwords.latinFor(text), ...this.loanwords.acrossFor(text)];
      for (const b of sounds) {
        heard.push(b.term);
        if (!own.has(b.term) && !this.placeTerms.has(b.term)) put(cross, b.term, loanWeight * b.share);
      }
    }
    const list = (m: Map<string, number>): WeightedTerm[] => {
      const out: WeightedTerm[] = [];
      for (const [term, weight] of m) out.push({ term, weight });
      return out;
    };
    return { words, own: list(own), cross: list(cross), read, heard };
  }

  /**
   * Scores documents. A document in the question's language adds both groups; a document in
   * another language counts the better of the two groups (plus a little of the other), so its
   * English title words and its glossary matches do not add up to beat the resident's own-language
   * document on the same topic.
   */
  private scoreDocs(own: readonly WeightedTerm[], cross: readonly WeightedTerm[], lang: Lang, regions: ReadonlySet<string>, allowed?: Uint8Array, bridged = true): ScoredDoc[] {
    const n = this.docLang.length;
    if (this.ownAcc.length !== n) {
      this.ownAcc = new Float64Array(n);
      this.crossAcc = new Float64Array(n);
    }
    const ownAcc = this.ownAcc;
    const crossAcc = this.crossAcc;
    const touched: number[] = [];
    const a = this.index.search(own, this.o.chunkWeight, allowed);
    for (let i = 0; i < a.docs.length; i++) {
      ownAcc[a.docs[i]] = a.scores[i];
      touched.push(a.docs[i]);
    }
    const script = SCRIPT_OF_LANG[lang];
    // A Korean or Japanese question reaches documents of the other languages also through the
    // English names of the question-language documents it matches (see bridgeTerms).
    const bridge = bridged && script !== 'latin' ? this.bridgeTerms(own, a, script, cross) : [];
    // Cross-lingual words are scored per target script, and only count for documents of that
    // script, so a Korean document's English title words and its Korean glossary matches never
    // add up. English words carried over from a Korean or Japanese question (glossary and bridge)
    // also search the English names of documents in the third language.
    for (const target of ['hangul', 'cjk', 'latin'] as const) {
      if (target === script) continue;
      const latin = script === 'latin' ? [] : [...cross.filter((t) => scriptOfTerm(t.term) === 'latin'), ...bridge];
      const terms = target === 'latin' ? latin : [...cross.filter((t) => scriptOfTerm(t.term) === target), ...latin];
      if (!terms.length) continue;
      const r = this.index.search(terms, this.o.chunkWeight, allowed);
      for (let i = 0; i < r.docs.length; i++) {
        const d = r.docs[i];
        if (SCRIPT_OF_LANG[this.docLang[d]] !== target) continue;
        if (ownAcc[d] === 0 && crossAcc[d] === 0) touched.push(d);
        crossAcc[d] = r.scores[i];
      }
    }
    const top = new TopK(TOP_DOCS);
    for (const doc of touched) {
      const sa = ownAcc[doc];
      const sb = crossAcc[doc];
      ownAcc[doc] = 0;
      crossAcc[doc] = 0;
      const sameLanguage = SCRIPT_OF_LANG[this.docLang[doc]] === script;
      const raw = Math.max(sa, sb) + (sameLanguage ? 0 : 0.25 * Math.min(sa, sb));
      // Naming a place overrides the language preference: the resident wants that place's rules.
      const factor = regions.size > 0 ? (regions.has(this.docRegion[doc]) ? 1 : this.o.otherRegionFactor) : sameLanguage ? 1 : this.o.otherLanguageFactor;
      top.offer(doc, raw * factor);
    }
    return top.sorted();
  }

  /**
   * The document bridge: a Korean or Japanese question is translated through the knowledge base
   * itself. The question-language documents its own words match best (covering at least half of
   * them) lend their English names and English tags — every document's title carries its English
   * name, and many carry English tags — as extra query words for the documents of the other
   * languages, weighted by how well each lending document matched. So "메이플베이 도서관 연체료"
   * reaches the English library document through the Korean library document's "Public Library
   * Card", and "일본 주민표" reaches 住民票 through "Resident Registration Certificate" — without a
   * glossary entry for either. Words already in the question or its glossary expansion are not
   * repeated.
   */
  private bridgeTerms(own: readonly WeightedTerm[], ranked: { docs: number[]; scores: number[] }, script: Script, cross: readonly WeightedTerm[]): WeightedTerm[] {
    const mine: { doc: number; score: number }[] = [];
    for (let i = 0; i < ranked.docs.length; i++) {
      const d = ranked.docs[i];
      if (SCRIPT_OF_LANG[this.docLang[d]] === script && this.docBridge[d].length > 0) mine.push({ doc: d, score: ranked.scores[i] });
    }
    mine.sort((x, y) => y.score - x.score);
    const top = mine[0]?.score ?? 0;
    if (top <= 0) return [];
    // Place names say where, not what: they do not count towards a lending document's coverage.
    const topical = own.filter((t) => !this.placeTerms.has(t.term));
    const ownWeight = topical.reduce((acc, t) => acc + t.weight * this.index.docIdf(t.term), 0);
    const have = new Set([...own, ...cross].map((t) => t.term));
    const out = new Map<string, number>();
    for (const { doc, score } of mine.slice(0, BRIDGE_DOCS)) {
      if (score < BRIDGE_MIN_SHARE * top) break;
      // Coverage: the share of the question's (idf-weighted) words the lending document holds.
      let covered = 0;
      for (const t of topical) if (this.index.docHas(doc, t.term)) covered += t.weight * this.index.docIdf(t.term);
      const coverage = ownWeight > 0 ? covered / ownWeight : 0;
      if (coverage < BRIDGE_MIN_COVERAGE) continue;
      const w = this.o.crossLingualWeight * this.o.bridgeWeight * coverage * (score / top);
      for (const term of this.docBridge[doc]) if (!have.has(term) && w > (out.get(term) ?? 0)) out.set(term, w);
    }
    return [...out].map(([term, weight]) => ({ term, weight }));
  }

  async retrieve(query: RetrievalQuery): Promise<RetrievalResult> {
    const limit = Math.max(1, query.limit ?? 6);
    const allowed = this.allowedDocs(query);
    const { words, own, cross, read, heard } = this.analyseQuery(query.text, query.lang);
    const regions = this.options.glossary?.regionsIn(query.text, words) ?? new Set<string>();
    // Places the documents' titles name ("Riverton", "Dasom-gu"), for cities the glossary lacks,
    // also when the question writes them by sound (리버턴).
    // …and names read by sound however they look, with their suffixes (나리하마시, 아오바마치).
    const named = query.lang === 'en' || this.o.loanwordWeight === 0 ? [] : this.loanwords.placesFor(query.text, this.places.keys());
    for (const w of [...words, ...heard, ...named]) {
      const region = this.places.get(w);
      if (region) regions.add(region);
    }
    const ranked = this.scoreDocs(own, cross, query.lang, regions, allowed);
    const allTerms = [...own, ...cross];
    let confidence = this.confidence(allTerms, ranked);
    let order = ranked;
    const scorer = this.index.chunkScorer(allTerms);
    let chunkPick = (doc: number): number[] => this.chunksByScore(doc, scorer);
    if (this.dense) {
      const dense = await this.denseRank(query.text, allowed);
      if (dense) {
        order = this.fuse(ranked, dense.docs);
        confidence = Math.max(confidence, dense.confidence);
        chunkPick = (doc) => {
          const byKw = this.chunksByScore(doc, scorer);
          const best = dense.bestChunk.get(doc);
          return best === undefined ? byKw : [best, ...byKw.filter((c) => c !== best)];
        };
      }
    }
    const passages: Passage[] = [];
    for (let r = 0; r < order.length && passages.length < limit; r++) {
      const { doc, score } = order[r];
      const picks = chunkPick(doc).slice(0, r === 0 ? this.o.topDocPassages : 1);
      picks.forEach((c, k) => passages.push(this.passage(c, score - k * 1e-6)));
    }
    // The answer needs the bridge only to find its part in a document of another language.
    const top = passages[0];
    const bridge: Partial<Record<Lang, string[][]>> = top && top.lang !== query.lang && this.options.glossary ? glossaryBridge(this.options.glossary, query.text, words, query.lang) : {};
    // Korean ↔ Japanese: the question's words read through their characters, too.
    if (top && top.lang !== query.lang && read.length > 0) {
      const into = query.lang === 'ko' ? 'ja' : 'ko';
      bridge[into] = [...(bridge[into] ?? []), ...read.map((w) => [w])];
    }
    return { passages: passages.slice(0, limit), confidence: order.length ? confidence : 0, ...(Object.keys(bridge).length > 0 ? { bridge } : {}) };
  }

  private allowedDocs(query: RetrievalQuery): Uint8Array | undefined {
    const langs = query.filter?.langs;
    const domains = query.filter?.domains;
    if (!langs?.length && !domains?.length) return undefined;
    const allowed = new Uint8Array(this.docLang.length);
    for (let d = 0; d < allowed.length; d++) {
      allowed[d] = (!langs?.length || langs.includes(this.docLang[d])) && (!domains?.length || domains.includes(this.docDomain[d])) ? 1 : 0;
    }
    return allowed;
  }

  private confidence(terms: readonly WeightedTerm[], ranked: readonly ScoredDoc[]): number {
    const top = ranked[0];
    if (!top) return 0;
    const script = SCRIPT_OF_LANG[this.docLang[top.doc]];
    let total = 0;
    let hit = 0;
    let rarest = 0;
    for (const { term, weight } of terms) {
      // Numbers (ages, amounts, dates) are facts about the resident, not the topic.
      if (scriptOfTerm(term) !== script || /^\d+$/.test(term)) continue;
      const generic = EN_GENERIC.has(term);
      const idf = this.index.docIdf(term) * (generic ? 0.3 : 1);
      total += weight * idf;
      if (this.index.docHas(top.doc, term)) {
        hit += weight * idf;
        // Only the resident's own (or synonym) words count as evidence of a specific topic.
        if (weight >= 0.5 && !generic) rarest = Math.max(rarest, idf);
      }
    }
    const coverage = total > 0 ? hit / total : 0;
    const n = this.index.size.documents;
    const specificity = n > 1 ? rarest / Math.log(1 + (n + 0.5) / 0.5) : 1;
    const second = ranked[1]?.score ?? 0;
    const margin = top.score > 0 ? (top.score - second) / top.score : 0;
    const confidence = calibratedConfidence({ coverage, margin, specificity });
    // Words found only in the body, none in what the document is about (its title, tags and
    // headings), are weak evidence that it answers: "how do I renew my passport" matching a list
    // of documents to bring. Such a match is never a clear answer (see NON_TOPICAL_CONFIDENCE).
    const topic = this.docTopic[top.doc];
    const topical = terms.some(({ term }) => topic?.has(term) && !/^\d+$/.test(term));
    return topical ? confidence : Math.min(confidence, NON_TOPICAL_CONFIDENCE);
  }

  private chunksByScore(doc: number, scorer: ChunkScorer): number[] {
    const scored = this.docChunks[doc].map((c) => ({ c, s: scorer.score(c) }));
    return scored.sort((x, y) => y.s - x.s || x.c - y.c).map((x) => x.c);
  }

  private passage(c: number, score: number): Passage {
    const ch = this.index.chunks[c];
    return {
      docId: ch.docId,
      title: ch.title,
      ...(ch.url ? { url: ch.url } : {}),
      lang: ch.lang,
      domain: ch.domain,
      ...(ch.section ? { section: ch.section } : {}),
      ordinal: ch.ordinal,
      region: ch.region,
      ...(ch.updated ? { updated: ch.updated } : {}),
      text: ch.text,
      score,
    };
  }

  /** Every chunk of a document, in document order (empty for an unknown id). */
  documentPassages(docId: string): Promise<Passage[]> {
    const doc = this.docByIdMap().get(docId);
    return Promise.resolve(doc === undefined ? [] : this.docChunks[doc].map((c) => this.passage(c, 0)));
  }

  private docByIdMap(): Map<string, number> {
    if (!this.docById) {
      this.docById = new Map();
      for (let d = 0; d < this.docFirstChunk.length; d++) this.docById.set(this.index.chunks[this.docFirstChunk[d]].docId, d);
    }
    return this.docById;
  }

  private async denseRank(text: string, allowed?: Uint8Array): Promise<{ docs: ScoredDoc[]; bestChunk: Map<number, number>; confidence: number } | null> {
    let vectors: number[][] | null;
    try {
      vectors = (await this.options.embeddings?.embed([text])) ?? null;
    } catch {
      return null; // dense retrieval is an optional boost; keyword results stand alone
    }
    const q = vectors?.[0];
    if (!q) return null;
    const qv = Float32Array.from(q);
    const qn = Math.hypot(...qv) || 1;
    const best = new Map<number, { chunk: number; sim: number }>();
    const chunks = this.index.chunks;
    for (let c = 0; c < chunks.length; c++) {
      const d = this.index.chunkDoc[c];
      if (allowed && !allowed[d]) continue;
      const e = chunks[c].embedding;
      if (!e || e.length !== qv.length) continue;
      let dot = 0;
      let en = 0;
      for (let i = 0; i < qv.length; i++) {
        dot += qv[i] * e[i];
        en += e[i] * e[i];
      }
      const sim = dot / (qn * (Math.sqrt(en) || 1));
      const prev = best.get(d);
      if (!prev || sim > prev.sim) best.set(d, { chunk: c, sim });
    }
    const docs = [...best].map(([doc, v]) => ({ doc, score: v.sim })).sort((a, b) => b.score - a.score);
    const top = docs[0]?.score ?? 0;
    // Multilingual embedding models put unrelated texts around 0.3–0.4 and good matches above 0.6.
    const confidence = Math.min(1, Math.max(0, (top - 0.45) / 0.3));
    return { docs, bestChunk: new Map([...best].map(([d, v]) => [d, v.chunk])), confidence };
  }

  private fuse(a: readonly ScoredDoc[], b: readonly ScoredDoc[]): ScoredDoc[] {
    const k = this.o.rrfK;
    const fused = new Map<number, number>();
    a.forEach((x, i) => fused.set(x.doc, (fused.get(x.doc) ?? 0) + 1 / (k + i + 1)));
    b.slice(0, 50).forEach((x, i) => fused.set(x.doc, (fused.get(x.doc) ?? 0) + 1 / (k + i + 1)));
    return [...fused].map(([doc, score]) => ({ doc, score })).sort((x, y) => y.score - x.score || x.doc - y.doc);
  }
}
