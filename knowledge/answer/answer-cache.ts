/**
 * A bounded LRU cache of generated answers for repeated questions. The key is the normalised
 * (already masked) question, the language and the knowledge-base version; when the KB version
 * changes the whole cache is dropped, so a re-import is never answered from stale text.
 */
import { LRUCache } from 'lru-cache';
import type { Lang } from '../../locales/lang';
import type { Answer } from '../ports';

/** Normalises a question for the cache key: NFKC, case, whitespace, trailing punctuation. */
export function normalizeQuestion(question: string): string {
  return question
    .normalize('NFKC')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .replace(/[\s?!.。？！、,]+$/u, '')
    .trim();
}

/** LRU answer cache keyed by question, language and KB version. */
export class AnswerCache {
  private readonly entries: LRUCache<string, Answer> | null;
  private version: string | null = null;

  /** @param capacity ANSWER_CACHE_SIZE; 0 disables the cache. */
  constructor(capacity: number) {
    this.entries = capacity > 0 ? new LRUCache({ max: capacity }) : null;
  }

  /** Number of cached answers. */
  get size(): number {
    return this.entries?.size ?? 0;
  }

  get(question: string, lang: Lang, kbVersion: number | string): Answer | undefined {
    if (!this.entries) return undefined;
    this.sync(kbVersion);
    return this.entries.get(this.key(question, lang));
  }

  set(question: string, lang: Lang, kbVersion: number | string, answer: Answer): void {
    if (!this.entries) return;
    this.sync(kbVersion);
    this.entries.set(this.key(question, lang), answer);
  }

  private key(question: string, lang: Lang): string {
    return `${lang}\u0000${normalizeQuestion(question)}`;
  }

  private sync(kbVersion: number | string): void {
    const v = String(kbVersion);
    if (v !== this.version) {
      this.entries?.clear();
      this.version = v;
    }
  }
}
