/**
 * A bounded LRU cache of generated answers for repeated questions. The key is the normalised
 * (already masked) question, the language and the knowledge-base version; when the KB version
 * changes the whole cache is dropped, so a re-import is never answered from stale text.
 */
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
  private readonly entries = new Map<string, Answer>();
  private version: string | null = null;

  /** @param capacity ANSWER_CACHE_SIZE; 0 disables the cache. */
  constructor(private readonly capacity: number) {}

  /** Number of cached answers. */
  get size(): number {
    return this.entries.size;
  }

  get(question: string, lang: Lang, kbVersion: number | string): Answer | undefined {
    this.sync(kbVersion);
    const key = this.key(question, lang);
    const hit = this.entries.get(key);
    if (hit) {
      this.entries.delete(key);
      this.entries.set(key, hit);
    }
    return hit;
  }

  set(question: string, lang: Lang, kbVersion: number | string, answer: Answer): void {
    if (this.capacity <= 0) return;
    this.sync(kbVersion);
    const key = this.key(question, lang);
    this.entries.delete(key);
    this.entries.set(key, answer);
    while (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value as string);
  }

  private key(question: string, lang: Lang): string {
    return `${lang}\u0000${normalizeQuestion(question)}`;
  }

  private sync(kbVersion: number | string): void {
    const v = String(kbVersion);
    if (v !== this.version) {
      this.entries.clear();
      this.version = v;
    }
  }
}
