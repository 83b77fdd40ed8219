/**
 * A CJK-aware token estimator for keeping prompts inside Ollama's `num_ctx`. Ollama silently drops
 * the start of a prompt that is longer than its context, so the chain must stay under budget
 * without a tokenizer at hand. The estimate is deliberately pessimistic: the BPE vocabularies of the
 * small multilingual models we recommend (Qwen2.5, Gemma 2, EXAONE) spend about one token per Hangul
 * syllable, kana or kanji and about one per 3.5–4 Latin characters; we count one per CJK character,
 * one per 3 Latin letters, one per digit and one per punctuation mark, then add 10 %.
 */

/** Han, Hiragana, Katakana (incl. half-width), Hangul syllables and Jamo, CJK punctuation. */
const CJK = /[\u1100-\u11ff\u3000-\u303f\u3040-\u30ff\u3130-\u318f\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef]/u;
const PIECES = /[\p{L}\p{M}]+|\p{N}|[^\s\p{L}\p{M}\p{N}]/gu;

/** Tokens a chat template adds around each message (role markers, separators). */
export const MESSAGE_OVERHEAD_TOKENS = 5;

/** Estimates how many tokens a text costs; never less than the real count for typical text. */
export function estimateTokens(text: string): number {
  let count = 0;
  for (const match of text.matchAll(PIECES)) {
    const piece = match[0];
    if (/^\p{N}$/u.test(piece)) count += 1;
    else if (/^[\p{L}\p{M}]/u.test(piece)) {
      let latin = 0;
      for (const ch of piece) {
        if (CJK.test(ch)) count += 1;
        else latin += 1;
      }
      count += Math.ceil(latin / 3);
    } else count += 1;
  }
  return Math.ceil(count * 1.1);
}

/** Estimates the prompt cost of a list of chat messages, including template overhead. */
export function estimateMessagesTokens(contents: readonly string[]): number {
  return contents.reduce((sum, c) => sum + MESSAGE_OVERHEAD_TOKENS + estimateTokens(c), 3);
}
