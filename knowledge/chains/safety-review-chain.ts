/**
 * A second opinion on danger, from the LLM: does this message report a danger to someone's life or
 * safety right now? The triage decides first and without the LLM; this review can only raise a
 * message to a crisis, never lower one (the caller only asks about messages that are not crises,
 * and a failure, a timeout or an unclear reply counts as "no opinion"). Structured output (JSON
 * schema) keeps the reply to a verdict and a category.
 */
import { z } from 'zod';
import type { Lang } from '../../locales/lang';
import type { JsonExtractor } from './json-extractor';

/** Crisis categories the review can name (the triage's categories). */
export type ReviewedCrisis = 'self_harm' | 'abuse' | 'danger' | 'no_shelter_or_food';

const verdict = z.object({
  danger_now: z.boolean(),
  category: z.enum(['self_harm', 'abuse', 'danger', 'no_shelter_or_food', 'none']),
});

const INSTRUCTION = [
  'You screen messages that residents send to a city service chatbot, for safety.',
  'Decide whether the message in <text> reports a danger to someone\'s life or safety NOW, for the writer or anyone else:',
  'suicidal thoughts or self-harm (also indirect: being a burden, saying goodbye, giving things away, pills collected),',
  'abuse or violence (partner, child, older or disabled person, sexual violence, stalking, threats to kill),',
  'a medical emergency (collapse, not breathing, stroke or heart-attack signs, seizure, overdose, heavy bleeding),',
  'fire, gas, a missing child or missing person with dementia, or having nowhere to sleep tonight / nothing to eat.',
  'Idioms ("dying to know", "배고파 죽겠다", "死ぬほど眠い") and general questions about services, funerals or debts are not danger.',
  'Answer with danger_now and the category (none when danger_now is false).',
].join('\n');

/** Asks the LLM whether a message reports danger now. */
export class SafetyReviewChain {
  constructor(private readonly extractor: JsonExtractor) {}

  /** The crisis category when the LLM sees danger now; null when it does not or cannot tell. */
  async review(text: string, _lang: Lang, signal?: AbortSignal): Promise<ReviewedCrisis | null> {
    const result = await this.extractor.extractJson(INSTRUCTION, text, verdict, signal);
    if (result.status !== 'ok' || !result.value.danger_now) return null;
    // A "yes" without a category is still a yes: danger is the widest category (emergency numbers).
    return result.value.category === 'none' ? 'danger' : result.value.category;
  }
}
