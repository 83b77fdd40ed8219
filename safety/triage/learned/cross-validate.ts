/**
 * Situation-held-out evaluation of the whole triage (patterns + model): the corpus's situations
 * are dealt into folds, a model is trained on all folds but one, and the triage built on it routes
 * the messages of the situations it never saw. Splitting by situation rather than by line is the
 * point: a rewording of a training message is easy, a new situation is what residents bring.
 */
import { createHash } from 'node:crypto';
import { Triage, type TriageOptions } from '../triage';
import { LinearModel, toModelFile } from './linear-model';
import type { CorpusMessage } from './triage-corpus';
import { TRIAGE_LABELS, routeOfLabel, type LabelRoute } from './triage-labels';
import { trainLinearModel, type TrainOptions } from './train-linear-model';

/** Routes the evaluation distinguishes (greeting and help count as answer). */
const ROUTES: readonly LabelRoute[] = ['crisis', 'handoff', 'out_of_scope', 'answer'];

/** Precision, recall and support of one route. */
export interface RouteFigures {
  precision: number;
  recall: number;
  n: number;
}

/** Held-out figures of one slice (all, one language, one tag). */
export interface SliceFigures {
  n: number;
  accuracy: number;
  routes: Record<LabelRoute, RouteFigures>;
}

/** The cross-validation report. */
export interface CrossValidationReport {
  folds: number;
  messages: number;
  situations: number;
  all: SliceFigures;
  byLang: Record<string, SliceFigures>;
  byTag: Record<string, SliceFigures>;
  /** expected route → observed route → count. */
  confusion: Record<LabelRoute, Record<LabelRoute, number>>;
  /** Held-out crisis messages the triage did not call a crisis. */
  missedCrises: { text: string; situation: string; routed: string }[];
}

/** The route family the triage's decision counts as. */
export function routeFamily(kind: string): LabelRoute {
  return kind === 'crisis' || kind === 'handoff' || kind === 'out_of_scope' ? kind : 'answer';
}

/** Deals situations into `folds` folds, label by label, in an order fixed by a hash. */
export function foldsBySituation(messages: readonly CorpusMessage[], folds: number): Map<string, number> {
  const labelOf = new Map<string, string>();
  for (const m of messages) if (!labelOf.has(m.situation)) labelOf.set(m.situation, routeOfLabel(m.label));
  const hash = (s: string) => createHash('sha1').update(s).digest('hex');
  const fold = new Map<string, number>();
  for (const route of ROUTES) {
    const situations = [...labelOf].filter(([, r]) => r === route).map(([s]) => s).sort((a, b) => hash(a).localeCompare(hash(b)));
    situations.forEach((s, i) => fold.set(s, i % folds));
  }
  return fold;
}

/** Figures of a list of (expected, observed) pairs. */
function slice(pairs: readonly { expected: LabelRoute; observed: LabelRoute }[]): SliceFigures {
  const routes = {} as Record<LabelRoute, RouteFigures>;
  for (const r of ROUTES) {
    const tp = pairs.filter((p) => p.expected === r && p.observed === r).length;
    const predicted = pairs.filter((p) => p.observed === r).length;
    const actual = pairs.filter((p) => p.expected === r).length;
    routes[r] = { precision: predicted ? tp / predicted : 1, recall: actual ? tp / actual : 1, n: actual };
  }
  const correct = pairs.filter((p) => p.expected === p.observed).length;
  return { n: pairs.length, accuracy: pairs.length ? correct / pairs.length : 0, routes };
}

/** Runs the situation-held-out cross-validation. */
export function crossValidate(
  messages: readonly CorpusMessage[],
  options: { folds?: number; train?: TrainOptions; triage?: Omit<TriageOptions, 'model'>; onFold?: (done: number, total: number) => void } = {},
): CrossValidationReport {
  const folds = options.folds ?? 5;
  const foldOf = foldsBySituation(messages, folds);
  const results: { m: CorpusMessage; expected: LabelRoute; observed: LabelRoute; kind: string }[] = [];
  for (let f = 0; f < folds; f++) {
    const train = messages.filter((m) => foldOf.get(m.situation) !== f);
    const test = messages.filter((m) => foldOf.get(m.situation) === f);
    const weights = trainLinearModel(train, TRIAGE_LABELS, options.train);
    const model = LinearModel.fromFile(toModelFile(TRIAGE_LABELS, weights.bias, weights.features, weights.weights));
    const triage = new Triage({ ...options.triage, model });
    for (const m of test) {
      const route = triage.classify(m.text, m.lang);
      // A question the triage doubts is in scope is declined unless the documents clearly answer
      // it; without documents here, count it as declined (pessimistic for answers).
      const kind = route.kind === 'answer' && route.maybeOutOfScope !== undefined ? 'out_of_scope' : route.kind;
      results.push({ m, expected: routeOfLabel(m.label), observed: routeFamily(kind), kind });
    }
    options.onFold?.(f + 1, folds);
  }
  const confusion = Object.fromEntries(ROUTES.map((e) => [e, Object.fromEntries(ROUTES.map((o) => [o, 0]))])) as CrossValidationReport['confusion'];
  for (const r of results) confusion[r.expected][r.observed]++;
  const byLang: Record<string, SliceFigures> = {};
  for (const lang of ['ko', 'ja', 'en']) byLang[lang] = slice(results.filter((r) => r.m.lang === lang));
  const tags = [...new Set(results.flatMap((r) => r.m.tags ?? []))].sort();
  const byTag: Record<string, SliceFigures> = {};
  for (const tag of tags) byTag[tag] = slice(results.filter((r) => r.m.tags?.includes(tag)));
  return {
    folds,
    messages: messages.length,
    situations: foldOf.size,
    all: slice(results),
    byLang,
    byTag,
    confusion,
    missedCrises: results.filter((r) => r.expected === 'crisis' && r.observed !== 'crisis').map((r) => ({ text: r.m.text, situation: r.m.situation, routed: r.kind })),
  };
}
