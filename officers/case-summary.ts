/**
 * Extractive case summaries: the most informative sentences of the resident's last messages, so an
 * officer need not re-ask — available with or without the LLM. Input is already masked.
 */

/** Sentence boundaries in Korean, Japanese and English text. */
const SENTENCE_END = /(?<=[.!?。！？])\s*|\n+/u;
/** Courtesy-only sentences carry no facts. */
const FILLER = /^(hi|hello|thanks?( you)?|ok(ay)?|yes|no|please|안녕하세요|감사합니다|네|아니요|こんにちは|ありがとうございます|はい|いいえ)[.!?。！？]*$/iu;

function informativeness(sentence: string): number {
  // Digits, masked placeholders and longer content words signal facts (amounts, dates, programmes).
  const digits = (sentence.match(/\d/g) ?? []).length;
  const words = sentence.split(/\s+/).filter((w) => w.length >= 4).length;
  const cjk = (sentence.match(/[\p{Script=Hangul}\p{Script=Han}\p{Script=Katakana}]/gu) ?? []).length;
  return Math.min(sentence.length, 160) / 40 + digits * 0.3 + words * 0.5 + cjk * 0.15;
}

/**
 * Picks up to `maxSentences` sentences from the resident's messages (oldest first in the result),
 * always keeping the first sentence of the latest message (usually the request itself).
 */
export function extractiveSummary(residentMessages: readonly string[], maxSentences = 3, maxChars = 400): string {
  const recent = residentMessages.slice(-8);
  const sentences: { text: string; order: number; score: number }[] = [];
  let order = 0;
  for (const message of recent) {
    for (const raw of message.split(SENTENCE_END)) {
      const text = raw.trim().replace(/\s+/g, ' ');
      if (text.length < 2 || FILLER.test(text)) continue;
      if (sentences.some((s) => s.text === text)) continue;
      sentences.push({ text, order: order++, score: informativeness(text) });
    }
  }
  if (sentences.length === 0) return '';
  const lastMessage = recent[recent.length - 1] ?? '';
  const anchor = sentences.find((s) => lastMessage.includes(s.text)) ?? sentences[sentences.length - 1];
  const chosen = new Set([anchor]);
  for (const s of [...sentences].sort((a, b) => b.score - a.score)) {
    if (chosen.size >= maxSentences) break;
    chosen.add(s);
  }
  let out = '';
  for (const s of [...chosen].sort((a, b) => a.order - b.order)) {
    const next = out ? `${out} ${s.text}` : s.text;
    if (next.length > maxChars) break;
    out = next;
  }
  return out || anchor.text.slice(0, maxChars);
}
