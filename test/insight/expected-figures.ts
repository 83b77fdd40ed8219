/**
 * The figures the insight pages and the report must show for a scripted day, computed from the
 * conversations as sent (and the officers' timings the test set), independently of the roll-ups.
 */
import type { Conversation } from './scripted-demand';

/** Nearest-rank percentile (null when empty). */
export function pct(values: number[], q: number): number | null {
  const s = [...values].sort((a, b) => a - b);
  return s.length === 0 ? null : s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))];
}

/** A rate rounded as the report rounds it. */
export function rate(part: number, whole: number): number | null {
  return whole === 0 ? null : Math.round((part / whole) * 1000) / 1000;
}

/** One hand-off as the test timed it. */
export interface TimedHandoff {
  team: string;
  lang: string;
  channel: string;
  crisis: boolean;
  createdAt: Date;
  claimS: number | null;
  replyS: number | null;
  resolveS: number | null;
}

/** Figures of a group of hand-offs. */
export function handoffFigures(list: TimedHandoff[]) {
  const replies = list.map((h) => h.replyS).filter((v): v is number => v !== null);
  const resolved = list.map((h) => h.resolveS).filter((v): v is number => v !== null);
  return {
    handoffs: list.length,
    firstReplyP50: pct(replies, 0.5),
    firstReplyP90: pct(replies, 0.9),
    resolveP50: pct(resolved, 0.5),
    resolveP90: pct(resolved, 0.9),
    unanswered: list.length - replies.length,
  };
}

const count = <T>(list: T[], pred: (x: T) => boolean) => list.filter(pred).length;
const asked = (c: Conversation) => c.kind === 'up' || c.kind === 'down' || c.kind === 'handoff-doc' || c.kind === 'notsure';
const answered = (c: Conversation) => c.kind === 'up' || c.kind === 'down' || c.kind === 'handoff-doc';

/** Per channel and language: conversations (= residents: one account each) and messages. */
export function dailyCells(convs: Conversation[]) {
  const cells = new Map<string, { channel: string; lang: string; conversations: number; messages: number }>();
  for (const c of convs) {
    const key = `${c.channel}/${c.lang}`;
    const cell = cells.get(key) ?? { channel: c.channel, lang: c.lang, conversations: 0, messages: 0 };
    cell.conversations += 1;
    cell.messages += c.messages;
    cells.set(key, cell);
  }
  return [...cells.values()].sort((a, b) => a.channel.localeCompare(b.channel) || a.lang.localeCompare(b.lang));
}

/** Answers, 👍 and 👎 (and of those, with a reason and skipped) per cited document title. */
export function documentFigures(convs: Conversation[]) {
  const docs = new Map<string, { answered: number; helpful: number; unhelpful: number; unhelpfulReason: number; unhelpfulSkipped: number }>();
  for (const c of convs.filter(answered)) {
    const d = docs.get(c.answeredTitle!) ?? { answered: 0, helpful: 0, unhelpful: 0, unhelpfulReason: 0, unhelpfulSkipped: 0 };
    d.answered += 1;
    if (c.kind === 'up') d.helpful += 1;
    if (c.kind === 'down') d.unhelpful += 1;
    if (c.kind === 'down' && c.reason) d.unhelpfulReason += 1;
    if (c.kind === 'down' && c.skipped) d.unhelpfulSkipped += 1;
    docs.set(c.answeredTitle!, d);
  }
  return docs;
}

/** Parity per language and channel, flagged as the report flags (gap 0.1, reply time 1.5× and a minute). */
export function parityFigures(convs: Conversation[], handoffs: TimedHandoff[], min: number) {
  const out: { dimension: 'lang' | 'channel'; group: string; answerRate: number | null; handoffRate: number | null; helpfulRate: number | null; replyP50: number | null; flags: string[] }[] = [];
  for (const dimension of ['lang', 'channel'] as const) {
    const key = (c: { lang: string; channel: string }) => (dimension === 'lang' ? c.lang : c.channel);
    const all = {
      answerRate: rate(count(convs, answered), count(convs, asked)),
      handoffRate: rate(count(convs, (c) => c.kind.startsWith('handoff')), convs.length),
      helpfulRate: rate(count(convs, (c) => c.kind === 'up'), count(convs, (c) => c.kind === 'up' || c.kind === 'down')),
      replyP50: pct(handoffs.map((h) => h.replyS).filter((v): v is number => v !== null), 0.5),
    };
    for (const group of [...new Set(convs.map(key))].sort()) {
      const mine = convs.filter((c) => key(c) === group);
      const theirs = handoffs.filter((h) => key(h) === group);
      const r = {
        answerRate: rate(count(mine, answered), count(mine, asked)),
        handoffRate: rate(count(mine, (c) => c.kind.startsWith('handoff')), mine.length),
        helpfulRate: rate(count(mine, (c) => c.kind === 'up'), count(mine, (c) => c.kind === 'up' || c.kind === 'down')),
        replyP50: theirs.length >= min ? pct(theirs.map((h) => h.replyS).filter((v): v is number => v !== null), 0.5) : null,
      };
      const flags: string[] = [];
      const worse = (high: number | null, low: number | null) => high !== null && low !== null && high - low >= 0.1 - 1e-9;
      if (worse(all.answerRate, r.answerRate)) flags.push('answer_rate');
      if (worse(r.handoffRate, all.handoffRate)) flags.push('handoff_rate');
      if (worse(all.helpfulRate, r.helpfulRate)) flags.push('helpful_rate');
      if (r.replyP50 !== null && all.replyP50 !== null && r.replyP50 >= all.replyP50 * 1.5 && r.replyP50 - all.replyP50 >= 60) flags.push('reply_time');
      out.push({ dimension, group, ...r, flags });
    }
  }
  return out;
}
