/**
 * Picks the part of a document that answers what was asked. Each aspect the question asks about
 * (see {@link questionAspects}; at most two) gets a section, scored by
 * - its heading: the aspect's own heading counts most, the usual fallback a little ("when" is
 *   often in the application steps);
 * - whether a block states the kind of fact the aspect asks for (an amount, a date, a time of day,
 *   a phone number; see {@link ASPECT_FACTS}) or the very word that asked it ("discount");
 * - how much of the question's own words its best block holds (words weighted by how few of the
 *   document's sections have them; the program's name and the aspect words themselves left out),
 *   at a third for a section whose heading has nothing to do with the aspect;
 * the two sections of a two-part answer chosen together. So "똑버스 몇 시까지 다녀요?" is answered
 * from the line that gives the running hours although no heading says "hours", and
 * "粗大ごみの処理券どこで買えますか" from the step that says where the ticket is sold, not from
 * the office's phone number. A question naming no aspect gets the section its words clearly point
 * to, or else a summary (the opening sentence and the first point of who-can-get-it and
 * what-you-get). The extractive answer quotes the selection and the LLM prompt carries it.
 */
import type { Passage } from '../ports';
import { ASPECT_FACTS, ASPECT_FALLBACKS, answerValue, aspectCueWords, headingAspects, questionAspects, questionHints, wantedValues, withoutAspectWords, type Aspect, type WantedValue } from './aspects';
import { sectionBlocks, type SectionBlock } from './section-blocks';

/** A section of the chosen document, its blocks and the aspect its heading names. */
export interface DocSection {
  heading: string;
  /** The aspect the heading names first (the follow-up button's aspect). */
  aspect: Aspect | null;
  /** Every aspect the heading names ("Opening hours and contact"). */
  aspects: Aspect[];
  /** The section's chunks (a long section is stored as several), in order. */
  passages: Passage[];
  blocks: SectionBlock[];
  /** The introduction under the document title (no `##` heading of its own). */
  intro: boolean;
}

/** The question's words that the document has, with their weights (see {@link questionTerms}). */
export interface QuestionTerms {
  weights: ReadonlyMap<string, number>;
  /** Sum of the weights. */
  total: number;
  /** Per aspect asked, the terms of the words that asked it ("軽減", "discount"). */
  cues?: ReadonlyMap<Aspect, readonly string[]>;
  /** The values the question wants back (a phone number, an amount, a count, a date; see {@link wantedValues}). */
  wants?: readonly WantedValue[];
}

/** What to answer from. */
export interface SectionSelection {
  sections: DocSection[];
  /** The chosen sections, in the order of the question's aspects; empty for a summary. */
  parts: DocSection[];
  /** The aspects each part was chosen for (empty: chosen by the question's words alone). */
  partAspects: Aspect[][];
  /** Aspects the question names. */
  aspects: Aspect[];
  summary: boolean;
  /** An aspect was asked and the parts were chosen for it (not a guess from the words). */
  direct: boolean;
  /** The question's words, to rank a long section's blocks. */
  terms: QuestionTerms;
}

/** Features used to compare a question with a block (the retrieval analyser's terms). */
export type FeatureFn = (text: string) => ReadonlySet<string>;

/** Groups a document's chunks (in any order) into sections by heading, in document order. */
export function documentSections(passages: readonly Passage[], title: string): DocSection[] {
  const ordered = [...passages].sort((a, b) => (a.ordinal ?? 0) - (b.ordinal ?? 0));
  const out: DocSection[] = [];
  for (const p of ordered) {
    const heading = p.section ?? title;
    const last = out[out.length - 1];
    if (last && last.heading === heading) {
      last.passages.push(p);
      last.blocks.push(...sectionBlocks(p.text));
      continue;
    }
    // The introduction is labelled with the document's top heading, which is (part of) its title.
    const intro = out.length === 0 && (heading === title || title.startsWith(heading) || heading.startsWith(title));
    const aspects = intro ? [] : headingAspects(heading);
    out.push({ heading, aspect: aspects[0] ?? null, aspects, passages: [p], blocks: sectionBlocks(p.text), intro });
  }
  return out;
}

/** Weight of a heading that names the aspect asked, and of its first and second fallbacks. */
const HEADING_WEIGHT = [1, 0.4, 0.3] as const;
/** Weight of a block stating the kind of fact the aspect asks for. */
const FACT_WEIGHT = 0.5;
/** With no aspect named, a section must hold this share of the question's words to be chosen. */
const MIN_SHARE = 0.5;
/** …and at least one word found in few of the document's sections (weight ≥ 1). */
const MIN_SPECIFIC = 1;
/** A second aspect answered by the first's section counts this much (one part instead of two). */
const SHARED_SECTION_FACTOR = 0.8;
/** The question's words in a section whose heading is unrelated to the aspect count this much. */
const UNRELATED_FACTOR = 0.3;
/** The least total weight a share is taken of (one word found in a single section of six weighs about 2). */
const MIN_TOTAL = 2;
/** A block holding a specific word of the question: its share of the question's words counts this much more. */
const SPECIFIC_FACTOR = 1.5;

/**
 * The question's own words (its aspect words and framing clauses left out: the headings answer
 * for those) that occur in the document, each weighted by how few sections hold it
 * (log(1 + sections / sections-with-word)). The program's name (the title's words) does not
 * count, since every section is about the program; bare numbers count a fifth, since numbers in
 * a question are the resident's own (an age, a date).
 */
export function questionTerms(question: string, sections: readonly DocSection[], features: FeatureFn, topic: ReadonlySet<string>, keepAspectWords = false): QuestionTerms {
  const q = features(keepAspectWords ? question : withoutAspectWords(question));
  const sectionFeatures = sections.map((s) => sectionFeatureSet(s, features));
  const weights = new Map<string, number>();
  let total = 0;
  for (const x of q) {
    const df = sectionFeatures.filter((f) => f.has(x)).length;
    if (df === 0) continue;
    if (topic.has(x)) continue;
    // A lone kanji or syllable (取, 買, 문) is a common verb or noun more often than a topic.
    const w = Math.log(1 + sections.length / df) * (/^\d+$/.test(x) ? 0.2 : x.length === 1 ? 0.5 : 1);
    weights.set(x, w);
    total += w;
  }
  const cues = new Map<Aspect, string[]>();
  for (const [aspect, words] of aspectCueWords(question)) cues.set(aspect, [...features(words.join(' '))]);
  return { weights, total, cues };
}

function sectionFeatureSet(s: DocSection, features: FeatureFn): Set<string> {
  const out = new Set(features(s.heading));
  for (const b of s.blocks) for (const x of features(b.text)) out.add(x);
  return out;
}

/** Share (0–1) of the question's weighted words a text holds, and the weight of its specific ones (≥ 1 each). */
export function textMatch(text: string, terms: QuestionTerms, features: FeatureFn): { share: number; specific: number } {
  if (terms.total === 0) return { share: 0, specific: 0 };
  // A floor under the total: a question whose only word is weak is not fully matched by a block holding it.
  const total = Math.max(terms.total, MIN_TOTAL);
  let hit = 0;
  let specific = 0;
  for (const x of features(text)) {
    const w = terms.weights.get(x);
    if (w === undefined) continue;
    hit += w;
    if (w >= MIN_SPECIFIC) specific += w;
  }
  return { share: hit / total, specific };
}

/**
 * How well a block answers an aspect: the kind of fact it states and the question's words it
 * holds — these count half as much again when one of them is specific (found in few sections):
 * "where can I buy the ticket" asks about the ticket, and the step that names it answers.
 */
export function blockScore(block: SectionBlock, heading: string, aspect: Aspect | null, terms: QuestionTerms, features: FeatureFn): number {
  const m = textMatch(`${heading}\n${block.text}`, terms, features);
  return (aspect && blockStates(block, aspect, terms, features) ? FACT_WEIGHT : 0) + m.share * (m.specific > 0 ? SPECIFIC_FACTOR : 1);
}

/**
 * Whether a block states the kind of fact an aspect asks for, or holds the very word that asked it
 * ("보험료 경감", "senior discount"); for a question wanting a kind of value (a phone number, a date,
 * an amount, a count), whether it gives one.
 */
export function blockStates(block: SectionBlock, aspect: Aspect, terms: QuestionTerms, features: FeatureFn): boolean {
  const value = answerValue(terms.wants ?? [], aspect);
  if (value) return value.test(block.text);
  if (ASPECT_FACTS[aspect]?.test(block.text)) return true;
  const cues = terms.cues?.get(aspect) ?? [];
  return cues.length > 0 && cues.some((c) => features(block.text).has(c));
}

/**
 * Chooses the section(s) for a question (see file comment).
 * @param topic features of the document title: what every section is about, so they count little
 * @param forced headings to answer from (a follow-up button)
 * @param programName the program's name, whose words are not read as aspect words ("housing benefit")
 * @param bridge the question's concepts in the document's language, one list of words per concept
 *   (a question in another language): words to find in the document, never what is asked — the
 *   aspects are read from the resident's own words (the cues cover all three languages), since a
 *   bridge lists every sense of a word ("얼마" → how much, amount, cost, fee, price) and would ask
 *   for all of them. A concept one of whose words the title holds whole ("지원" → subsidy, grant,
 *   support, assistance in "Winter Heating Assistance") names the program itself, and is left out
 *   like the title's own words.
 */
export function selectSections(
  question: string,
  sections: DocSection[],
  features: FeatureFn,
  topic: ReadonlySet<string>,
  forced?: readonly string[],
  programName?: string,
  bridge?: readonly (readonly string[])[],
): SectionSelection {
  const aspects = questionAspects(question, programName);
  const introOnly = sections.every((s) => s.intro);
  const inTitle = (w: string): boolean => {
    const f = [...features(w)];
    return f.length > 0 && f.every((x) => topic.has(x));
  };
  const concepts = (bridge ?? []).filter((words) => !words.some(inTitle));
  const words = concepts.length > 0 ? `${question}\n${concepts.flat().join(' ')}` : question;
  // Without headings to answer for them, the aspect words are words to find in the text.
  const terms = { ...questionTerms(words, sections, features, topic, introOnly), wants: wantedValues(question) };
  const base = { sections, aspects, terms };
  if (forced && forced.length > 0) {
    const parts = sections.filter((s) => forced.includes(s.heading));
    if (parts.length > 0) return { ...base, parts, partAspects: parts.map((p) => p.aspects), aspects: parts.map((p) => p.aspect).filter((a) => a !== null), summary: false, direct: true };
  }
  // A document without sections of its own (one block of text): its sentences are the parts.
  if (introOnly) return { ...base, parts: sections.slice(0, 1), partAspects: [aspects], summary: false, direct: false };
  const candidates = sections.filter((s) => !s.intro);
  const { parts, partAspects } = assignSections(aspects, candidates, terms, features);
  if (parts.length === 1) {
    // One aspect asked, but the question's own words point squarely at another section ("保険料
    // の軽減があるか、どこに相談すれば": the reduction, then where to ask): that section too.
    const chosen = bestShare(parts[0], terms, features);
    const other = candidates
      .filter((s) => s !== parts[0])
      .map((s) => ({ s, m: bestShare(s, terms, features) }))
      .sort((a, b) => b.m.share - a.m.share)[0];
    if (other && other.m.specific >= MIN_SPECIFIC && other.m.share >= MIN_SHARE && other.m.share > 2 * chosen.share) {
      parts.push(other.s);
      partAspects.push(other.s.aspects);
    }
  }
  if (parts.length > 0) return { ...base, parts, partAspects, summary: false, direct: true };
  // No aspect named: the section the question's words clearly point to (a hinted aspect helps), or a summary.
  const hints = questionHints(question);
  let best: { s: DocSection; score: number } | null = null;
  for (const s of candidates) {
    const { share, specific } = bestShare(s, terms, features);
    if (share < MIN_SHARE || specific < MIN_SPECIFIC) continue;
    const score = share + (s.aspect && hints.includes(s.aspect) ? HEADING_WEIGHT[1] : 0);
    if (!best || score > best.score) best = { s, score };
  }
  if (best) return { ...base, parts: [best.s], partAspects: [[]], summary: false, direct: false };
  return { ...base, parts: [], partAspects: [], summary: true, direct: false };
}

/**
 * Gives each aspect asked a section, the pair chosen together (the best section for the first
 * aspect may be the only one that answers the second); one section may answer both ("언제,
 * 어떻게 신청해요?"), its second aspect counting a little less, since it gives one part instead of
 * two. A pair scores its headings and facts per aspect, and the question's own words once per
 * section: they say which sections matter, not which aspect each answers.
 */
function assignSections(aspects: readonly Aspect[], candidates: readonly DocSection[], terms: QuestionTerms, features: FeatureFn): { parts: DocSection[]; partAspects: Aspect[][] } {
  const parts: DocSection[] = [];
  const partAspects: Aspect[][] = [];
  const states = aspects.map((aspect) => candidates.map((s) => s.blocks.some((b) => blockStates(b, aspect, terms, features))));
  // A phone number, an amount, a count or a date asked for is only given by a section that has one (when any has).
  const mustState = aspects.map((aspect, k) => answerValue(terms.wants ?? [], aspect) !== null && states[k].some(Boolean));
  const aspectScore = aspects.map((aspect, k) => candidates.map((s, c) => (mustState[k] && !states[k][c] ? Number.NEGATIVE_INFINITY : headingWeight(s, aspect) + (states[k][c] ? FACT_WEIGHT : 0))));
  const wordScore = candidates.map((s) => {
    const m = bestShare(s, terms, features);
    const related = aspects.some((a) => headingWeight(s, a) > 0);
    return m.share * (!related ? UNRELATED_FACTOR : m.specific > 0 ? SPECIFIC_FACTOR : 1);
  });
  let pair: { picks: number[]; score: number } = { picks: [], score: 0 };
  const consider = (picks: number[]): void => {
    // Only a section with something to say: its heading, a fact of the kind asked, or the question's words.
    if (picks.some((c, k) => c >= 0 && aspectScore[k][c] + wordScore[c] <= 0)) return;
    let score = 0;
    picks.forEach((c, k) => {
      if (c < 0) return;
      const shared = k > 0 && c === picks[0];
      score += aspectScore[k][c] * (shared ? SHARED_SECTION_FACTOR : 1) + (shared ? 0 : wordScore[c]);
    });
    if (score > pair.score) pair = { picks, score };
  };
  candidates.forEach((_, i) => {
    if (aspects.length === 1) consider([i]);
    if (aspects.length === 2) {
      candidates.forEach((__, j) => consider([i, j]));
      // One aspect the document cannot answer: the other alone.
      consider([i, -1]);
      consider([-1, i]);
    }
  });
  pair.picks.forEach((c, k) => {
    if (c < 0) return;
    const at = parts.indexOf(candidates[c]);
    if (at >= 0) partAspects[at].push(aspects[k]);
    else {
      parts.push(candidates[c]);
      partAspects.push([aspects[k]]);
    }
  });
  return { parts, partAspects };
}

/** The block of a section holding most of the question's own words (with the heading). */
export function bestShare(s: DocSection, terms: QuestionTerms, features: FeatureFn): { share: number; specific: number; block: number } {
  let best = { share: 0, specific: 0, block: -1 };
  s.blocks.forEach((b, i) => {
    const m = textMatch(`${s.heading}\n${b.text}`, terms, features);
    if (m.share > best.share) best = { ...m, block: i };
  });
  return best;
}

/** The heading's weight for an aspect: its own heading, or its first or second fallback. */
function headingWeight(s: DocSection, aspect: Aspect): number {
  if (s.aspects.includes(aspect)) return HEADING_WEIGHT[0];
  const k = Math.min(...s.aspects.map((a) => ASPECT_FALLBACKS[aspect].indexOf(a)).filter((i) => i >= 0));
  return k === 0 ? HEADING_WEIGHT[1] : k === 1 ? HEADING_WEIGHT[2] : 0;
}

