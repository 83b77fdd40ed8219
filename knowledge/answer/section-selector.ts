/**
 * Picks the part of a document that answers what was asked: the section(s) whose own heading
 * names the aspect of the question (see {@link questionAspects}), or, when the question names no
 * aspect the headings cover, the section whose text shares the most words with the question;
 * with neither, a summary (the opening sentence and the first point of who-can-get-it and
 * what-you-get). The extractive answer quotes the selection and the LLM prompt carries it.
 */
import type { Passage } from '../ports';
import { ASPECT_FALLBACKS, headingAspect, questionAspects, questionHints, type Aspect } from './aspects';
import { EN_STOPWORDS } from '../retrieval/stopwords';
import { sectionBlocks, type SectionBlock } from './section-blocks';

/** A section of the chosen document, its blocks and the aspect its heading names. */
export interface DocSection {
  heading: string;
  aspect: Aspect | null;
  /** The section's chunks (a long section is stored as several), in order. */
  passages: Passage[];
  blocks: SectionBlock[];
  /** The introduction under the document title (no `##` heading of its own). */
  intro: boolean;
}

/** What to answer from. */
export interface SectionSelection {
  sections: DocSection[];
  /** The chosen sections, in the order of the question's aspects; empty for a summary. */
  parts: DocSection[];
  /** Aspects the question names. */
  aspects: Aspect[];
  summary: boolean;
  /** A heading named the aspect asked (not a guess from the question's words). */
  direct: boolean;
}

/** Features used to compare a question with a block (see extractive-answerer `features`). */
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
    out.push({ heading, aspect: intro ? null : headingAspect(heading), passages: [p], blocks: sectionBlocks(p.text), intro });
  }
  return out;
}

/** Below this share of question words found in a section, its text says nothing specific. */
const MIN_OVERLAP = 0.18;

/**
 * Chooses the section(s) for a question.
 * @param topic features of the document title: what every section is about, so they count little
 */
export function selectSections(question: string, sections: DocSection[], features: FeatureFn, topic: ReadonlySet<string>, forced?: readonly string[]): SectionSelection {
  const aspects = questionAspects(question);
  if (forced && forced.length > 0) {
    const parts = sections.filter((s) => forced.includes(s.heading));
    if (parts.length > 0) return { sections, parts, aspects: parts.map((p) => p.aspect).filter((a) => a !== null), summary: false, direct: true };
  }
  const q = features(question);
  // A document without sections of its own (one block of text): its sentences are the parts.
  if (sections.every((s) => s.intro)) return { sections, parts: sections.slice(0, 1), aspects, summary: false, direct: false };
  const overlap = (s: DocSection): number => sectionOverlap(s, q, topic, features);
  const parts: DocSection[] = [];
  for (const aspect of aspects) {
    const direct = sections.filter((s) => s.aspect === aspect && !parts.includes(s));
    if (direct.length > 0) parts.push(best(direct, overlap));
  }
  if (parts.length > 0) {
    // A question about one aspect whose words point squarely at another section ("can I put
    // plastic bags in the bin?" asks what is accepted) gets that section as well.
    const other = best(
      sections.filter((s) => !s.intro && !parts.includes(s)),
      overlap,
    );
    if (parts.length === 1 && other && overlap(other) >= 2 * MIN_OVERLAP && overlap(other) > 2 * overlap(parts[0])) parts.push(other);
    return { sections, parts, aspects, summary: false, direct: true };
  }
  // No heading names the aspect asked: the fallback sections, or the section the words point to.
  const fallbacks = new Set([...aspects.flatMap((a) => ASPECT_FALLBACKS[a]), ...questionHints(question)]);
  const scored = sections
    .filter((s) => !s.intro)
    .map((s) => ({ s, score: overlap(s) + (s.aspect && fallbacks.has(s.aspect) ? MIN_OVERLAP : 0) }))
    .sort((a, b) => b.score - a.score);
  const top = scored[0];
  if (top && top.score >= MIN_OVERLAP) return { sections, parts: [top.s], aspects, summary: false, direct: false };
  return { sections, parts: [], aspects, summary: true, direct: false };
}

function best(list: DocSection[], score: (s: DocSection) => number): DocSection {
  return list.reduce((a, b) => (score(b) > score(a) ? b : a), list[0]);
}

/** Share of the question's (non-topic) words found in the section's best block and heading. */
export function sectionOverlap(s: DocSection, q: ReadonlySet<string>, topic: ReadonlySet<string>, features: FeatureFn): number {
  let total = 0;
  for (const x of q) total += weight(x, topic);
  if (total === 0) return 0;
  let bestBlock = 0;
  for (const b of s.blocks) bestBlock = Math.max(bestBlock, blockOverlap(b.text, q, topic, features));
  return bestBlock / total;
}

/** Question words (topic words weighing little) found in a text. */
export function blockOverlap(text: string, q: ReadonlySet<string>, topic: ReadonlySet<string>, features: FeatureFn): number {
  let hit = 0;
  for (const x of features(text)) if (q.has(x)) hit += weight(x, topic);
  return hit;
}

/** A question word's weight: little for the topic (every section is about it), none for "the", "can". */
function weight(x: string, topic: ReadonlySet<string>): number {
  if (EN_STOPWORDS.has(x) || EN_STOPWORDS.has(`${x}s`)) return 0;
  return topic.has(x) ? 0.2 : 1;
}
