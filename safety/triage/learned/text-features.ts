/**
 * Turns one message into the sparse feature vector of the learned triage model: character n-grams
 * and word n-grams, the fastText recipe for short multilingual texts. The model keeps an explicit
 * vocabulary of the features seen at least twice in training (no hashing: a collision would lend an
 * unseen n-gram the weight of an unrelated one). Character n-grams
 * carry Korean and Japanese (no word boundaries to rely on, particles glued to words), typos
 * ("sucide") and stretched or mixed scripts; word unigrams and bigrams carry English phrasing
 * ("not breathing"). Digits are folded to 0 so a phone number or an age does not become a feature
 * of its own.
 */
import { katakanaToHiragana, normalizeText } from '../../text/normalize-text';

/** One message as parallel arrays of vocabulary row and weight (rows distinct). */
export interface SparseFeatures {
  index: Uint32Array;
  value: Float32Array;
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
  const cjk = compact.replace(/[ -~]/g, ' ').replace(/\s+/g, ' ').trim();
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
  for (const word of spaced.match(ANY_WORD) ?? []) if (/[^ -~]/.test(word)) out.push(`k:${word}`);
  return out;
}

/**
 * The weighted features of one message: sub-linear counts, L2-normalised over all of its features.
 * Features a model does not know still take their share of the norm, so a message made mostly of
 * unknown words moves the model little from its prior instead of leaning on a few known n-grams.
 */
export function weightedFeatures(text: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const f of featureStrings(text)) counts.set(f, (counts.get(f) ?? 0) + 1);
  let norm = 0;
  for (const [f, c] of counts) {
    // Sub-linear counts: a repeated n-gram ("죽죽죽") adds little after the first.
    const v = 1 + Math.log(c);
    counts.set(f, v);
    norm += v * v;
  }
  const scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
  for (const [f, v] of counts) counts.set(f, v * scale);
  return counts;
}

/** The features of one message that are in `vocabulary` (feature → row), as parallel arrays. */
export function extractFeatures(text: string, vocabulary: ReadonlyMap<string, number>): SparseFeatures {
  const rows: number[] = [];
  const values: number[] = [];
  for (const [f, v] of weightedFeatures(text)) {
    const row = vocabulary.get(f);
    if (row === undefined) continue;
    rows.push(row);
    values.push(v);
  }
  return { index: Uint32Array.from(rows), value: Float32Array.from(values) };
}
