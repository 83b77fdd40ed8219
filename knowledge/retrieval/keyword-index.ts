/**
 * An in-memory BM25 index over chunks, scored at two levels: each section chunk (the document's
 * title, tags and the section heading are boosted fields of every chunk, so "documents for X"
 * finds X's documents section) and the whole document (so a question whose words are spread over
 * several sections still finds it). Postings are typed arrays so 100k chunks stay compact.
 */
import type { KbChunk } from './kb-chunk';
import { analyze, scriptOfTerm, type Script } from './text-analyzer';

const SCRIPT_OF_LANG: Record<string, Script> = { ko: 'hangul', ja: 'cjk', en: 'latin' };

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

/** Per-document scores for one query: parallel lists of matched documents and their scores. */
export interface KeywordScores {
  docs: number[];
  scores: number[];
}

/** Scores chunks for one resolved set of query terms (see {@link KeywordIndex.chunkScorer}). */
export interface ChunkScorer {
  /** BM25 of chunk `c`. */
  score(c: number): number;
}

/**
 * Terms in more than this share of the chunks of their own script (e.g. 지원 in Korean chunks,
 * ます in Japanese ones) are skipped: they cost most and say least about which document is meant.
 */
const MAX_DF_SHARE = 0.4;

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
  private chunkAcc = new Float64Array(0);
  private docAcc = new Float64Array(0);
  private bestAcc = new Float64Array(0);
  /** Chunks per script of their language (a document's English title words count as Latin). */
  private readonly chunksPerScript = new Map<Script, number>();
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
    return binarySearch(this.docPostings[id].ids, doc) >= 0;
  }

  /**
   * Scores documents: BM25 over the whole document plus `chunkWeight` × the best section's BM25.
   * Accumulates in typed arrays reused across calls (the method is synchronous, so no two
   * queries share them at once).
   * @param allowedDocs when given, only these document indexes are scored (filters)
   */
  search(terms: readonly WeightedTerm[], chunkWeight: number, allowedDocs?: Uint8Array): KeywordScores {
    const { k1, b } = this;
    const nChunks = this.chunks.length;
    if (this.chunkAcc.length !== nChunks) this.chunkAcc = new Float64Array(nChunks);
    if (this.docAcc.length !== this.docIds.length) this.docAcc = new Float64Array(this.docIds.length);
    const chunkAcc = this.chunkAcc;
    const docAcc = this.docAcc;
    const { chunkDoc, chunkLen, docLen } = this;
    const kPlus1 = k1 + 1;
    const cNorm = k1 * (1 - b);
    const cLen = (k1 * b) / this.avgChunkLen;
    const dLen = (k1 * b) / this.avgDocLen;
    const touchedChunks: number[] = [];
    const touchedDocs: number[] = [];
    for (const { term, weight } of terms) {
      const id = this.termIds.get(term);
      if (id === undefined || weight <= 0) continue;
      const cp = this.chunkPostings[id];
      const cIds = cp.ids;
      const cTfs = cp.tfs;
      // Latin words also occur in the English titles of Korean and Japanese documents: compare them with all chunks.
      const termScript = scriptOfTerm(term);
      const scriptChunks = termScript === 'latin' ? nChunks : (this.chunksPerScript.get(termScript) ?? nChunks);
      if (cIds.length > MAX_DF_SHARE * scriptChunks && scriptChunks >= 50) continue;
      const cIdf = this.idf(term) * weight;
      for (let i = 0; i < cIds.length; i++) {
        const c = cIds[i];
        if (allowedDocs && !allowedDocs[chunkDoc[c]]) continue;
        const tf = cTfs[i];
        if (chunkAcc[c] === 0) touchedChunks.push(c);
        chunkAcc[c] += (cIdf * tf * kPlus1) / (tf + cNorm + cLen * chunkLen[c]);
      }
      const dp = this.docPostings[id];
      const dIds = dp.ids;
      const dTfs = dp.tfs;
      const dIdf = this.docIdf(term) * weight;
      for (let i = 0; i < dIds.length; i++) {
        const d = dIds[i];
        if (allowedDocs && !allowedDocs[d]) continue;
        const tf = dTfs[i];
        if (docAcc[d] === 0) touchedDocs.push(d);
        docAcc[d] += (dIdf * tf * kPlus1) / (tf + cNorm + dLen * docLen[d]);
      }
    }
    // Best section per document, added on top of the document score.
    const best = this.bestAcc.length === this.docIds.length ? this.bestAcc : (this.bestAcc = new Float64Array(this.docIds.length));
    for (const c of touchedChunks) {
      const d = this.chunkDoc[c];
      const v = chunkAcc[c];
      chunkAcc[c] = 0;
      if (v > best[d]) {
        if (best[d] === 0 && docAcc[d] === 0) touchedDocs.push(d);
        best[d] = v;
      }
    }
    const docs: number[] = [];
    const scores: number[] = [];
    for (const d of touchedDocs) {
      docs.push(d);
      scores.push(docAcc[d] + chunkWeight * best[d]);
      docAcc[d] = 0;
      best[d] = 0;
    }
    return { docs, scores };
  }

  /** BM25 of one chunk for the terms (used to pick the passages of the top documents). */
  chunkScore(c: number, terms: readonly WeightedTerm[]): number {
    return this.chunkScorer(terms).score(c);
  }

  /**
   * Resolves the terms once (postings and weighted IDF) for scoring many chunks: the same scores
   * as {@link chunkScore}, without looking every term up again for every chunk.
   */
  chunkScorer(terms: readonly WeightedTerm[]): ChunkScorer {
    const ids: Int32Array[] = [];
    const tfs: Float32Array[] = [];
    const weightedIdf: number[] = [];
    for (const { term, weight } of terms) {
      const id = this.termIds.get(term);
      if (id === undefined || weight <= 0) continue;
      const cp = this.chunkPostings[id];
      ids.push(cp.ids);
      tfs.push(cp.tfs);
      weightedIdf.push(this.idf(term) * weight);
    }
    const { k1, b } = this;
    const chunkLen = this.chunkLen;
    const avgChunkLen = this.avgChunkLen;
    return {
      score(c: number): number {
        const norm = k1 * (1 - b + (b * chunkLen[c]) / avgChunkLen);
        let score = 0;
        for (let k = 0; k < ids.length; k++) {
          const i = binarySearch(ids[k], c);
          if (i < 0) continue;
          const tf = tfs[k][i];
          score += (weightedIdf[k] * tf * (k1 + 1)) / (tf + norm);
        }
        return score;
      },
    };
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
    const chunkIds: number[][] = [];
    const chunkTfs: number[][] = [];
    // Document postings are collected per document, then ordered by document index.
    const docRows: { doc: number; tf: Map<number, number> }[] = [];
    const docIndex = new Map<string, number>();
    const heads: Map<number, number>[] = [];
    const add = (m: Map<number, number>, terms: readonly string[], w: number): void => {
      for (const t of terms) {
        const id = this.termId(t);
        m.set(id, (m.get(id) ?? 0) + w);
      }
    };
    const tf = new Map<number, number>();
    for (let c = 0; c < this.chunks.length; c++) {
      const chunk = this.chunks[c];
      let d = docIndex.get(chunk.docId);
      if (d === undefined) {
        d = this.docIds.length;
        docIndex.set(chunk.docId, d);
        this.docIds.push(chunk.docId);
        // Title and tag terms are analysed once per document and shared by its chunks.
        const head = new Map<number, number>();
        add(head, analyze(chunk.title), titleW);
        add(head, chunk.tags.flatMap((t) => analyze(t)), tagW);
        heads[d] = head;
        docRows[d] = { doc: d, tf: new Map(head) };
      }
      this.chunkDoc[c] = d;
      const sc = SCRIPT_OF_LANG[chunk.lang] ?? 'latin';
      this.chunksPerScript.set(sc, (this.chunksPerScript.get(sc) ?? 0) + 1);
      tf.clear();
      for (const [id, v] of heads[d]) tf.set(id, v);
      if (chunk.section) add(tf, analyze(chunk.section), sectionW);
      const body = analyze(chunk.text);
      add(tf, body, 1);
      add(docRows[d].tf, body, 1);
      let len = 0;
      for (const [id, v] of tf) {
        (chunkIds[id] ??= []).push(c);
        (chunkTfs[id] ??= []).push(v);
        len += v;
      }
      this.chunkLen[c] = len;
    }
    const docIds: number[][] = [];
    const docTfs: number[][] = [];
    const docLens = new Float32Array(this.docIds.length);
    for (const { doc, tf: m } of docRows) {
      let len = 0;
      for (const [id, v] of m) {
        (docIds[id] ??= []).push(doc);
        (docTfs[id] ??= []).push(v);
        len += v;
      }
      docLens[doc] = len;
    }
    const freeze = (ids: number[] | undefined, tfs: number[] | undefined): Postings => ({ ids: Int32Array.from(ids ?? []), tfs: Float32Array.from(tfs ?? []) });
    this.chunkPostings = Array.from({ length: this.termIds.size }, (_, i) => freeze(chunkIds[i], chunkTfs[i]));
    this.docPostings = Array.from({ length: this.termIds.size }, (_, i) => freeze(docIds[i], docTfs[i]));
    this.docLen = docLens;
    this.avgChunkLen = this.chunkLen.reduce((a, v) => a + v, 0) / Math.max(1, this.chunks.length) || 1;
    this.avgDocLen = this.docLen.reduce((a, v) => a + v, 0) / Math.max(1, this.docLen.length) || 1;
  }
}

function binarySearch(ids: Int32Array, value: number): number {
  let lo = 0;
  let hi = ids.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (ids[mid] === value) return mid;
    if (ids[mid] < value) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}
