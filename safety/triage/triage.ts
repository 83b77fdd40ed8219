/**
 * The triage of one resident message (ko/ja/en, no LLM), in two layers:
 *
 * - **Patterns** (`*-rules.ts`): deterministic, high precision, explainable.
 * - **A learned model** (`learned/`): a linear classifier over character and word n-grams, trained
 *   on a labelled corpus of situations (`corpus/`), that generalises to phrasings no pattern lists
 *   (a bystander describing a stroke, indirect suicidal talk) and tells idioms ("dying to know")
 *   from danger.
 *
 * Order is the policy: crisis patterns, greeting or help (whole messages only), the model's crisis,
 * then hand-off, then out of scope (prompt injection first), then eligibility screening, and
 * everything else goes to the knowledge base. A message that is both a crisis and a request for a
 * person is a crisis; an injection attempt that also asks for a person is handed to a person (who
 * is not fooled by it).
 *
 * Crisis: a crisis pattern decides when the model gives crisis at least a small probability (the
 * model may veto an idiom it knows, never a message it is unsure of; so too for hand-off and
 * off-topic patterns, never for prompt injection), and the model alone decides
 * at even odds. Below that, a pattern hit or a noticeable crisis probability marks the route with
 * `caution`: the reply opens with the emergency numbers before anything else.
 */
import { LRUCache } from 'lru-cache';
import type { Lang } from '../../locales/lang';
import type { CrisisCategory, MessageTriage, Route } from '../ports';
import { normalizeText, type NormalizedText } from '../text/normalize-text';
import { isGreeting, isHelpRequest } from './conversation-rules';
import { CRISIS_RULES } from './crisis-rules';
import { handoffReason } from './handoff-rules';
import { firstMatch } from './pattern-set';
import { isInjection, isOffTopic } from './scope-rules';
import type { LabelProbabilities } from './learned/linear-model';
import { crisisCategoryOf, handoffReasonOf, routeOfLabel } from './learned/triage-labels';

/** The learned layer: label probabilities for one message (see `learned/`). */
export interface TriageModel {
  predict(text: string): LabelProbabilities;
}

/**
 * Decision thresholds on the model's route probabilities, chosen on situation-held-out
 * cross-validation of the corpus (`madoguchi triage train` prints the figures at these values).
 */
export const TRIAGE_THRESHOLDS = {
  /**
   * The model alone calls a crisis, even where it finds another route likelier: recall first (requiring
   * crisis to lead as well cost 0.02 of held-out crisis recall for 0.04 of precision). Re-chosen when
   * the corpus grew to 10,278 messages: at 0.25, crisis recall 0.969 / precision 0.845 by situation,
   * at 0.3 0.959 / 0.881 (23 more crises found for 114 more false alarms, which an officer clears).
   * Re-checked at 13,906 messages: 0.979 / 0.878 at 0.25, 0.974 / 0.905 at 0.3 (20 crises missed more).
   * At 15,623 messages (rounds 12 and 13: own case, short fragments, worried everyday messages) 0.25
   * gives 0.981 / 0.874; not re-chosen.
   */
  crisis: 0.25,
  /** A crisis pattern is confirmed unless the model puts crisis below this (a known idiom). */
  crisisWithPattern: 0.1,
  /**
   * Below a crisis, the reply opens with the emergency numbers when crisis is also the model's
   * likeliest route. (With four routes the likeliest has at least 0.25, so at a crisis threshold of
   * 0.25 such a message is a crisis: caution then comes from the crisis patterns.)
   */
  caution: 0.2,
  /**
   * A hand-off pattern is confirmed unless the model puts hand-off below this: a general question in
   * a case's words ("where can I check the status of an application?") that the model knows. In
   * cross-validation (11,299 messages), of the 29 pattern hand-offs below 0.1, 23 were answers or
   * out of scope; with the veto accuracy went from 0.882 to 0.884.
   */
  handoffWithPattern: 0.1,
  /** An off-topic pattern is confirmed unless the model puts out of scope below this (in cross-validation all 7 below it were answers). */
  offTopicWithPattern: 0.05,
  /**
   * The model alone hands over, when hand-off is also more likely than an answer. Re-chosen at 15,623
   * messages (situation-held-out): hand-off recall / precision 0.856 / 0.950 at 0.5, 0.870 / 0.944 at
   * 0.45, 0.880 / 0.935 at 0.35, 0.882 / 0.929 at 0.3; answer recall 0.876, 0.874, 0.873, 0.872. A
   * general question handed to an officer costs the officer a minute; a resident's own case answered
   * from a document leaves them with the wrong answer.
   */
  handoff: 0.35,
  /** The model alone declines an injection, when out of scope is also more likely than an answer. */
  outOfScope: 0.5,
  /** A question for the knowledge base is marked `maybeOutOfScope` (answered only when the documents clearly cover it). */
  scopeDoubt: 0.2,
} as const;

/** Settings of the triage. */
export interface TriageOptions {
  /** Recognises a request for eligibility screening (written by the eligibility module). */
  isEligibilityRequest?: (text: string, lang: Lang) => boolean;
  /**
   * Decisions kept for repeated messages (same text, same language), least recently used dropped
   * first. Residents ask the same questions in the same words ("児童手当の申請方法は？"), and the
   * rules are deterministic, so a repeat need not run them again. Default 0 (none kept).
   */
  memoSize?: number;
  /**
   * Changes whenever `isEligibilityRequest` may answer differently for the same text (the
   * knowledge base's program titles were reloaded); decisions kept under an older value are not
   * used. Default: never changes.
   */
  generation?: () => number;
  /** The learned layer; without it the triage is patterns only. */
  model?: TriageModel;
  /** Thresholds on the model's probabilities (default {@link TRIAGE_THRESHOLDS}). */
  thresholds?: Partial<typeof TRIAGE_THRESHOLDS>;
}

/** Messages longer than this are not kept (a repeat is unlikely, and the key would be large). */
const MEMO_MAX_CHARS = 500;

/** A triage decision with the pattern that decided it (for tests, evaluation and debugging). */
export interface TriageExplanation {
  route: Route;
  /** `lang:pattern` of the deciding rule, when a pattern decided. */
  rule?: string;
  /** The model's probability per route family, when there is a model. */
  routeProbabilities?: Record<'crisis' | 'handoff' | 'out_of_scope' | 'answer', number>;
}

/** Deterministic message triage; see the module comment for the order. */
export class Triage implements MessageTriage {
  private readonly isEligibilityRequest?: (text: string, lang: Lang) => boolean;
  private readonly memo: LRUCache<string, Route> | null;
  private readonly thresholds: typeof TRIAGE_THRESHOLDS;

  constructor(private readonly options: TriageOptions = {}) {
    this.isEligibilityRequest = options.isEligibilityRequest;
    this.thresholds = { ...TRIAGE_THRESHOLDS, ...options.thresholds };
    this.memo = (options.memoSize ?? 0) > 0 ? new LRUCache({ max: options.memoSize ?? 0 }) : null;
  }

  /** Classifies one (already masked) message. */
  classify(text: string, lang: Lang): Route {
    if (!this.memo || text.length > MEMO_MAX_CHARS) return this.explain(text, lang).route;
    const key = `${this.options.generation?.() ?? 0}\u0000${lang}\u0000${text}`;
    const kept = this.memo.get(key);
    if (kept) return kept;
    // Frozen: every caller of a repeated message gets this same object.
    const route = Object.freeze(this.explain(text, lang).route);
    this.memo.set(key, route);
    return route;
  }

  /** Like `classify`, and says which rule decided. */
  explain(text: string, lang: Lang): TriageExplanation {
    const normalized = normalizeText(text);
    if (normalized.plain === '') return { route: { kind: 'help' } };
    const model = this.options.model ? summarize(this.options.model.predict(normalized.cased)) : null;
    const routeProbabilities = model?.route;
    const th = this.thresholds;
    const pattern = crisisOf(normalized);
    if (pattern && (!model || model.route.crisis >= th.crisisWithPattern)) {
      return { route: { kind: 'crisis', category: pattern.category }, rule: pattern.rule, routeProbabilities };
    }
    // A message that is nothing but a greeting or a question about the bot holds no report of
    // danger, whatever the model makes of so few words.
    if (isGreeting(normalized)) return { route: { kind: 'greeting' }, routeProbabilities };
    if (isHelpRequest(normalized)) return { route: { kind: 'help' }, routeProbabilities };
    if (model && model.route.crisis >= th.crisis) {
      return { route: { kind: 'crisis', category: model.crisisCategory }, rule: 'model', routeProbabilities };
    }
    // The model alone marks caution only where crisis is its likeliest route: a short message
    // ("hello") spreads its probability thinly and must not bring up emergency numbers.
    const leansToCrisis = model !== null && model.route.crisis >= th.caution && leads(model.route, 'crisis');
    const caution = pattern?.category ?? (leansToCrisis ? model.crisisCategory : undefined);
    const decided = (route: Route, rule?: string): TriageExplanation => ({
      route: caution ? { ...route, caution } : route,
      rule,
      routeProbabilities,
    });
    // Like a crisis pattern, a hand-off or off-topic pattern may be vetoed by a model that knows
    // the phrasing for something else; an injection pattern never is.
    const handoff = handoffReason(normalized);
    if (handoff && (!model || model.route.handoff >= th.handoffWithPattern)) return decided({ kind: 'handoff', reason: handoff });
    if (isInjection(normalized)) return decided({ kind: 'out_of_scope', reason: 'injection' });
    if (isOffTopic(normalized) && (!model || model.route.out_of_scope >= th.offTopicWithPattern)) return decided({ kind: 'out_of_scope', reason: 'off_topic' });
    if (model) {
      const { route: p } = model;
      if (p.handoff >= th.handoff && p.handoff > p.answer) return decided({ kind: 'handoff', reason: model.handoffReason }, 'model');
      // An injection is declined on the model's word; an off-topic guess is not: the documents have
      // the last word (a city question in unusual words is still answered, see `maybeOutOfScope`).
      if (p.out_of_scope >= th.outOfScope && p.out_of_scope > p.answer && model.injection) {
        return decided({ kind: 'out_of_scope', reason: 'injection' }, 'model');
      }
    }
    if (this.isEligibilityRequest?.(normalized.cased, lang)) return decided({ kind: 'eligibility' });
    if (model && model.route.out_of_scope >= th.scopeDoubt) return decided({ kind: 'answer', maybeOutOfScope: Math.round(model.route.out_of_scope * 1000) / 1000 });
    return decided({ kind: 'answer' });
  }
}

/** Whether `route` is at least as likely as every other route. */
function leads(p: Record<'crisis' | 'handoff' | 'out_of_scope' | 'answer', number>, route: keyof typeof p): boolean {
  return Object.values(p).every((q) => p[route] >= q);
}

/** The model's label probabilities added up per route, with the likeliest reason within each. */
function summarize(probabilities: LabelProbabilities) {
  const route = { crisis: 0, handoff: 0, out_of_scope: 0, answer: 0 };
  let crisisLabel = 'crisis.danger';
  let handoffLabel = 'handoff.asked_for_person';
  let best = { crisis: -1, handoff: -1 };
  let injection = 0;
  for (const [label, p] of probabilities) {
    const family = routeOfLabel(label);
    route[family] += p;
    if (family === 'crisis' && p > best.crisis) [crisisLabel, best] = [label, { ...best, crisis: p }];
    if (family === 'handoff' && p > best.handoff) [handoffLabel, best] = [label, { ...best, handoff: p }];
    if (label === 'out_of_scope.injection') injection = p;
  }
  return {
    route,
    crisisCategory: crisisCategoryOf(crisisLabel),
    handoffReason: handoffReasonOf(handoffLabel),
    injection: injection > route.out_of_scope / 2,
  };
}

function crisisOf(text: NormalizedText): { category: CrisisCategory; rule: string } | null {
  for (const { category, patterns } of CRISIS_RULES) {
    const rule = firstMatch(text, patterns);
    if (rule) return { category, rule };
  }
  return null;
}
