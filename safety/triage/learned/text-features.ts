/**
 * Turns one message into the sparse feature vector of the learned triage model: hashed character
 * n-grams and word n-grams, the fastText recipe for short multilingual texts. Character n-grams
 * carry Korean and Japanese (no word boundaries to rely on, particles glued to words), typos
 * ("sucide") and stretched or mixed scripts; word unigrams and bigrams carry English phrasing
 * ("not breathing"). Digits are folded to 0 so a phone number or an age does not become a feature
 * of its own.
 */
import { katakanaToHiragana, normalizeText } from '../../text/normalize-text';

/** Feature space size (a power of two); hashes are folded into it. */
export const FEATURE_BUCKETS = 1 << 18;

/** One message as parallel arrays of feature bucket and weight (L2-normalised, buckets distinct). */
export interface SparseFeatures {
  index: Uint32Array;
  value: Float32Array;
}

/** FNV-1a over UTF-16 code units, folded into {@link FEATURE_BUCKETS}. */
function bucketOf(feature: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < feature.length; i++) {
    h ^= feature.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0) & (FEATURE_BUCKETS - 1);
}

const LATIN_WORD = /[a-z0-9']+/g;
const ANY_WORD = /[\p{L}\p{N}']+/gu;

/** Character n-grams of lengths `min..max` over `text` (code points), with a namespace prefix. */
function charGrams(text: string, min: number, max: number, prefix: string, out: string[]): void {
  const chars = [...text];
  for (let n = min; n <= max; n++) {
    for (let i = 0; i + n <= chars.length; i++) out.push(prefix + chars.slice(i, i + n).join(''));
  }
}

/** The feature strings of one message (exported for tests and for inspecting a model). */
export function featureStrings(text: string): string[] {
  const normalized = normalizeText(text);
  const spaced = katakanaToHiragana(normalized.plain).replace(/[0-9]/g, '0');
  const compact = spaced.replace(/\s+/g, '');
  const out: string[] = [];
  // Letters of Korean/Japanese script without spaces: spacing varies from writer to writer.
  const cjk = compact.replace(/[\x00-\x7f]/g, ' ').replace(/\s+/g, ' ').trim();
  if (cjk) {
    for (const run of cjk.split(' ')) charGrams(`<${run}>`, 1, 4, 'c:', out);
  }
  // Latin words with boundary marks: sub-word n-grams (typos, inflections) and whole words.
  const latinWords = spaced.match(LATIN_WORD) ?? [];
  for (const word of latinWords) {
    charGrams(`<${word}>`, 3, 5, 'l:', out);
    out.push(`w:${word}`);
  }
  for (let i = 0; i + 1 < latinWords.length; i++) out.push(`b:${latinWords[i]} ${latinWords[i + 1]}`);
  for (let i = 0; i + 2 < latinWords.length; i++) out.push(`t:${latinWords[i]} ${latinWords[i + 1]} ${latinWords[i + 2]}`);
  // Whole space-separated words of any script (Korean eojeol such as 죽고싶어요, Japanese phrases).
  for (const word of spaced.match(ANY_WORD) ?? []) if (/[^\x00-\x7f]/.test(word)) out.push(`k:${word}`);
  // Length band: very short messages ("사람", "help") behave differently from long stories.
  const len = [...compact].length;
  out.push(`len:${len < 6 ? 0 : len < 15 ? 1 : len < 40 ? 2 : len < 100 ? 3 : 4}`);
  return out;
}

/** The hashed, L2-normalised feature vector of one message. */
export function extractFeatures(text: string): SparseFeatures {
  const counts = new Map<number, number>();
  for (const f of featureStrings(text)) {
    const b = bucketOf(f);
    counts.set(b, (counts.get(b) ?? 0) + 1);
  }
  const index = new Uint32Array(counts.size);
  const value = new Float32Array(counts.size);
  let norm = 0;
  let i = 0;
  for (const [b, c] of counts) {
    // Sub-linear counts: a repeated n-gram ("죽죽죽") adds little after the first.
    const v = 1 + Math.log(c);
    index[i] = b;
    value[i] = v;
    norm += v * v;
    i++;
  }
  const scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
  for (let j = 0; j < value.length; j++) value[j] *= scale;
  return { index, value };
}
