/**
 * An in-memory BM25 index over chunks, scored at two levels: each section chunk (the document's
 * title, tags and the section heading are boosted fields of every chunk, so "documents for X"
 * finds X's documents section) and the whole document (so a question whose words are spread over
 * several sections still finds it). Postings are typed arrays so 100k chunks stay compact.
 */
import type { KbChunk } from './kb-chunk';
import { analyze } from './text-analyzer';

/** Field weights and BM25 parameters. */
export interface KeywordIndexOptions {
  titleWeight?: number;
  tagWeight?: number;
  sectionWeight?: number;
  k1?: number;
  b?: number;
}

/** A query term with its weight (1 for the resident's words, less for expansions). */
export interface WeightedTerm {
  term: string;
  weight: number;
}

interface Postings {
  ids: Int32Array;
  tfs: Float32Array;
}

class PostingsBuilder {
  ids: number[] = [];
  tfs: number[] = [];
}

/** Per-document scores for one query, plus which terms each document matched. */
export interface KeywordScores {
  /** Document index → combined score (documents with no match are absent). */
  docScores: Map<number, number>;
  /** Document index → best chunk index and its score. */
  bestChunk: Map<number, { chunk: number; score: number }>;
  /** Chunk index → score (only matched chunks). */
  chunkScores: Map<number, number>;
}

/** Immutable BM25 index; build it with {@link KeywordIndex.build}. */
export class KeywordIndex {
  /** Distinct document ids in index order. */
  readonly docIds: string[] = [];
  /** Chunk index → document index. */
  readonly chunkDoc: Int32Array;
  private readonly termIds = new Map<string, number>();
  private chunkPostings: Postings[] = [];
  private docPostings: Postings[] = [];
  private readonly chunkLen: Float32Array;
  private docLen: Float32Array = new Float32Array(0);
  private avgChunkLen = 1;
  private avgDocLen = 1;
  private readonly k1: number;
  private readonly b: number;

  private constructor(
    readonly chunks: readonly KbChunk[],
    options: KeywordIndexOptions,
  ) {
    this.k1 = options.k1 ?? 1.2;
    this.b = options.b ?? 0.75;
    this.chunkDoc = new Int32Array(chunks.length);
    this.chunkLen = new Float32Array(chunks.length);
  }

  /** Builds the index (the slow part is analysis: about a second per 10k chunks). */
  static build(chunks: readonly KbChunk[], options: KeywordIndexOptions = {}): KeywordIndex {
    const index = new KeywordIndex(chunks, options);
    index.fill(options);
    return index;
  }

  /** Number of chunks / documents. */
  get size(): { chunks: number; documents: number } {
    return { chunks: this.chunks.length, documents: this.docIds.length };
  }

  /** Is the term anywhere in the index? */
  has(term: string): boolean {
    return this.termIds.has(term);
  }

  /** Chunk-level inverse document frequency (BM25's, never negative). */
  idf(term: string): number {
    const id = this.termIds.get(term);
    const df = id === undefined ? 0 : this.chunkPostings[id].ids.length;
    const n = this.chunks.length;
    return Math.log(1 + (n - df + 0.5) / (df + 0.5));
  }

  /** Document-level inverse document frequency. */
  docIdf(term: string): number {
    const id = this.termIds.get(term);
    const df = id === undefined ? 0 : this.docPostings[id].ids.length;
    const n = this.docIds.length;
    return Math.log(1 + (n - df + 0.5) / (df + 0.5));
  }

  /** Every indexed term (used by the typo corrector). */
  terms(): IterableIterator<string> {
    return this.termIds.keys();
  }

  /** Does document `doc` contain `term` (any field)? */
  docHas(doc: number, term: string): boolean {
    const id = this.termIds.get(term);
    if (id === undefined) return false;
    const ids = this.docPostings[id].ids;
    let lo = 0;
    let hi = ids.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (ids[mid] === doc) return true;
      if (ids[mid] < doc) lo = mid + 1;
      else hi = mid - 1;
    }
    return false;
  }

  /**
   * Scores documents: BM25 over the whole document plus `chunkWeight` × the best section's BM25.
   * @param allowedDocs when given, only these document indexes are scored (filters)
   */
  search(terms: readonly WeightedTerm[], chunkWeight: number, allowedDocs?: Uint8Array): KeywordScores {
    const chunkScores = new Map<number, number>();
    const docScores = new Map<number, number>();
    const { k1, b } = this;
    for (const { term, weight } of terms) {
      const id = this.termIds.get(term);
      if (id === undefined || weight <= 0) continue;
      const cp = this.chunkPostings[id];
      const cIdf = this.idf(term) * weight;
      for (let i = 0; i < cp.ids.length; i++) {
        const c = cp.ids[i];
        if (allowedDocs && !allowedDocs[this.chunkDoc[c]]) continue;
        const tf = cp.tfs[i];
        const s = (cIdf * tf * (k1 + 1)) / (tf + k1 * (1 - b + (b * this.chunkLen[c]) / this.avgChunkLen));
        chunkScores.set(c, (chunkScores.get(c) ?? 0) + s);
      }
      const dp = this.docPostings[id];
      const dIdf = this.docIdf(term) * weight;
      for (let i = 0; i < dp.ids.length; i++) {
        const d = dp.ids[i];
        if (allowedDocs && !allowedDocs[d]) continue;
        const tf = dp.tfs[i];
        const s = (dIdf * tf * (k1 + 1)) / (tf + k1 * (1 - b + (b * this.docLen[d]) / this.avgDocLen));
        docScores.set(d, (docScores.get(d) ?? 0) + s);
      }
    }
    const bestChunk = new Map<number, { chunk: number; score: number }>();
    for (const [c, s] of chunkScores) {
      const d = this.chunkDoc[c];
      const prev = bestChunk.get(d);
      if (!prev || s > prev.score || (s === prev.score && c < prev.chunk)) bestChunk.set(d, { chunk: c, score: s });
    }
    for (const [d, best] of bestChunk) docScores.set(d, (docScores.get(d) ?? 0) + chunkWeight * best.score);
    return { docScores, bestChunk, chunkScores };
  }

  private termId(term: string): number {
    let id = this.termIds.get(term);
    if (id === undefined) {
      id = this.termIds.size;
      this.termIds.set(term, id);
    }
    return id;
  }

  private fill(options: KeywordIndexOptions): void {
    const titleW = options.titleWeight ?? 3;
    const tagW = options.tagWeight ?? 2;
    const sectionW = options.sectionWeight ?? 1.5;
    const chunkB: PostingsBuilder[] = [];
    const docB: PostingsBuilder[] = [];
    const docIndex = new Map<string, number>();
    const docLens: number[] = [];
    // Title and tag terms are analysed once per document and shared by its chunks.
    const headCache = new Map<string, Map<number, number>>();
    let currentDoc = -1;
    let docTf = new Map<number, number>();
    const flushDoc = (): void => {
      if (currentDoc < 0) return;
      let len = 0;
      for (const [id, tf] of docTf) {
        (docB[id] ??= new PostingsBuilder()).ids.push(currentDoc);
        docB[id].tfs.push(tf);
        len += tf;
      }
      docLens[currentDoc] = len;
    };
    const add = (m: Map<number, number>, terms: string[], w: number): void => {
      for (const t of terms) {
        const id = this.termId(t);
        m.set(id, (m.get(id) ?? 0) + w);
      }
    };
    // Chunks of one document are expected to be contiguous; a document seen again later is merged.
    const docTfs = new Map<number, Map<number, number>>();
    for (let c = 0; c < this.chunks.length; c++) {
      const chunk = this.chunks[c];
      let d = docIndex.get(chunk.docId);
      let head = headCache.get(chunk.docId);
      if (d === undefined || !head) {
        d = this.docIds.length;
        docIndex.set(chunk.docId, d);
        this.docIds.push(chunk.docId);
        head = new Map();
        add(head, analyze(chunk.title), titleW);
        add(head, chunk.tags.flatMap((t) => analyze(t)), tagW);
        headCache.set(chunk.docId, head);
        docTfs.set(d, new Map(head));
      }
      if (d !== currentDoc) {
        if (currentDoc >= 0) docTfs.set(currentDoc, docTf);
        currentDoc = d;
        docTf = docTfs.get(d) ?? new Map<number, number>();
      }
      this.chunkDoc[c] = d;
      const tf = new Map(head);
      const sectionTerms = chunk.section ? analyze(chunk.section) : [];
      const bodyTerms = analyze(chunk.text);
      add(tf, sectionTerms, sectionW);
      add(tf, bodyTerms, 1);
      add(docTf, bodyTerms, 1);
      let len = 0;
      for (const [id, v] of tf) {
        (chunkB[id] ??= new PostingsBuilder()).ids.push(c);
        chunkB[id].tfs.push(v);
        len += v;
      }
      this.chunkLen[c] = len;
    }
    if (currentDoc >= 0) docTfs.set(currentDoc, docTf);
    for (const [d, m] of [...docTfs.entries()].sort((a, b) => a[0] - b[0])) {
      currentDoc = d;
      docTf = m;
      flushDoc();
    }
    const freeze = (p: PostingsBuilder | undefined): Postings => ({ ids: Int32Array.from(p?.ids ?? []), tfs: Float32Array.from(p?.tfs ?? []) });
    this.chunkPostings = Array.from({ length: this.termIds.size }, (_, i) => freeze(chunkB[i]));
    this.docPostings = Array.from({ length: this.termIds.size }, (_, i) => freeze(docB[i]));
    this.docLen = Float32Array.from(docLens);
    this.avgChunkLen = this.chunkLen.reduce((a, v) => a + v, 0) / Math.max(1, this.chunks.length) || 1;
    this.avgDocLen = this.docLen.reduce((a, v) => a + v, 0) / Math.max(1, this.docLen.length) || 1;
  }
}
