/**
 * Sentence splitting that works for Korean, Japanese and English: line breaks first (Markdown
 * lists and tables put one fact per line), then `Intl.Segmenter` sentences (which knows 。！？ as
 * well as . ! ?). Markdown markers are stripped so a quote reads as plain text.
 */
import type { Lang } from '../../locales/lang';

const segmenters = new Map<string, Intl.Segmenter>();

function segmenter(lang: Lang): Intl.Segmenter {
  let s = segmenters.get(lang);
  if (!s) {
    s = new Intl.Segmenter(lang, { granularity: 'sentence' });
    segmenters.set(lang, s);
  }
  return s;
}

/** Removes Markdown markup at the start of a line and around emphasis. */
function plain(line: string): string {
  return line
    .replace(/^\s{0,3}(#{1,6}\s+|>\s?|[-*+]\s+|\d+[.)]\s+)/, '')
    .replace(/^\|\s*|\s*\|$/g, '')
    .replace(/\s*\|\s*/g, ' · ')
    .replace(/\*\*|__|`/g, '')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .trim();
}

/** Splits a passage into plain-text sentences (empty and table-rule lines dropped). */
export function splitSentences(text: string, lang: Lang): string[] {
  const out: string[] = [];
  for (const raw of text.split(/\n+/)) {
    const line = plain(raw);
    if (line === '' || /^[-:·\s]+$/.test(line)) continue;
    for (const seg of segmenter(lang).segment(line)) {
      const sentence = seg.segment.trim();
      if (sentence) out.push(sentence);
    }
  }
  return out;
}
