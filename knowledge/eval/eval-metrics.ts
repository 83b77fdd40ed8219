/**
 * Turns per-case observations into the evaluation report of `madoguchi eval --json`:
 * `{"cases","retrieval":{"n","hit@1","hit@3","mrr"},"xling":{"n","hit@3"},
 *   "routing":{"answer":{"precision","recall"},"handoff":…,"crisis":…,"out_of_scope":…},
 *   "pii":{"cases","leaks"},"latency_ms":{"p50","p95"},
 *   "confusion":{"<expected>":{"<route taken>":count,…},…},
 *   "by_lang":{"ko":{"cases","retrieval","xling","routing"},"ja":…,"en":…},
 *   "by_tag":{"<tag>":{"n","accuracy","recall":{"<expected>":…}},…},
 *   "facts":{"n","found_share","by_lang":{"ko":{"n","found_share"},…}},
 *   "reply_chars":{"n","p50","p90","by_lang":{"ko":{"n","p50","p90"},…}},
 *   "crisis_missed":[{"id","lang","text","route"},…],"list_items":{"replies","merged_lines"}}`.
 * Pure: no I/O, so the runner and the tests share it.
 */
import { EVAL_LANGS, EXPECTATIONS, caseTags, isCrossLingual, type EvalCase, type Expectation } from './eval-cases';

/** What the bot did with one case. */
export interface EvalObservation {
  case: EvalCase;
  /** The route taken; anything else (e.g. 'error') counts as a miss for every label. */
  route: 'answer' | 'handoff' | 'crisis' | 'out_of_scope' | (string & {});
  /** Document ids the reply cites, in citation order. */
  citedDocIds: string[];
  latencyMs: number;
  /** How many of the case's PII substrings were found in text sent to the LLM or stored. */
  leakedPii: number;
  /** The bot's reply messages (for facts and reply length; none when absent). */
  replies?: string[];
  /** The first reply is the privacy notice of a new conversation: not part of the answer. */
  notice?: boolean;
  /** Reply lines holding two or more list items of a cited document (absent: not checked). */
  mergedListLines?: number;
  /** Retrieval confidence of the answer path (absent: the message never reached the documents). */
  confidence?: number;
}

/** Precision and recall of one label. */
export interface PrecisionRecall {
  precision: number;
  recall: number;
}

/** Columns of the confusion matrix: the routes the bot can take; anything else is `other`. */
export const OBSERVED_ROUTES = ['answer', 'not_sure', 'handoff', 'crisis', 'out_of_scope', 'eligibility', 'greeting', 'help', 'other'] as const;

/** One column of the confusion matrix. */
export type ObservedRoute = (typeof OBSERVED_ROUTES)[number];

/** Rows: expected label; columns: route taken; cells: case counts. */
export type ConfusionMatrix = Record<Expectation, Record<ObservedRoute, number>>;

/** Retrieval, cross-lingual retrieval and routing of one slice of the cases. */
export interface SliceReport {
  cases: number;
  retrieval: { n: number; 'hit@1': number; 'hit@3': number; mrr: number };
  xling: { n: number; 'hit@3': number };
  routing: Record<Expectation, PrecisionRecall>;
}

/** Figures of the cases carrying one tag. */
export interface TagReport {
  n: number;
  /** Share of the tagged cases routed as expected. */
  accuracy: number;
  /** Per expected label present among the tagged cases: share of those routed to it. */
  recall: Partial<Record<Expectation, number>>;
}

/** Share of required facts found in the replies. */
export interface FactsShare {
  /** Facts checked (not cases). */
  n: number;
  found_share: number;
}

/** A crisis case the bot routed elsewhere. */
export interface MissedCrisis {
  id: string;
  lang: string;
  text: string;
  route: string;
}

/** The evaluation report. */
export interface EvalReport extends SliceReport {
  pii: { cases: number; leaks: number };
  latency_ms: { p50: number; p95: number };
  confusion: ConfusionMatrix;
  by_lang: Record<(typeof EVAL_LANGS)[number], SliceReport>;
  by_tag: Record<string, TagReport>;
  facts: FactsShare & { by_lang: Record<(typeof EVAL_LANGS)[number], FactsShare> };
  /** Length in characters of the bot's replies (all messages but the privacy notice, together) to `answer` cases. */
  reply_chars: ReplyChars & { by_lang: Record<(typeof EVAL_LANGS)[number], ReplyChars> };
  crisis_missed: MissedCrisis[];
  /** Answered cases whose replies were checked for merged list items, and the reply lines holding two or more items. */
  list_items: { replies: number; merged_lines: number };
}

/** Median and 90th percentile of reply lengths. */
export interface ReplyChars {
  n: number;
  p50: number;
  p90: number;
}

const round = (x: number, digits = 3): number => Math.round(x * 10 ** digits) / 10 ** digits;
const share = (part: number, whole: number): number => (whole ? round(part / whole) : 0);

/** Nearest-rank percentile of a list (0 when empty). */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
}

/** Distinct cited documents in first-citation order. */
function distinctDocs(ids: readonly string[]): string[] {
  return [...new Set(ids)];
}

/** The confusion-matrix column of a route. */
export function observedRoute(route: string): ObservedRoute {
  return (OBSERVED_ROUTES as readonly string[]).includes(route) ? (route as ObservedRoute) : 'other';
}

/** Case-insensitive, whitespace-insensitive form for fact matching (also NFKC: full-width digits match). */
function normalizeForFacts(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/\s+/gu, '');
}

/** The replies that make up the answer (without the privacy notice). */
function answerReplies(o: EvalObservation): string[] {
  const replies = o.replies ?? [];
  return o.notice ? replies.slice(1) : replies;
}

/** Whether `fact` appears in the replies, ignoring case and whitespace. */
export function factFound(fact: string, replies: readonly string[]): boolean {
  const needle = normalizeForFacts(fact);
  return needle.length > 0 && normalizeForFacts(replies.join('\n')).includes(needle);
}

/** Retrieval (same-language answer cases), cross-lingual hit@3 and routing of a slice. */
function sliceReport(observations: readonly EvalObservation[]): SliceReport {
  let n = 0;
  let hit1 = 0;
  let hit3 = 0;
  let rr = 0;
  let xn = 0;
  let xhit3 = 0;
  for (const o of observations) {
    if (o.case.expect !== 'answer') continue;
    const expected = o.case.docs[0];
    const cited = distinctDocs(o.citedDocIds);
    const rank = expected === undefined ? -1 : cited.indexOf(expected);
    if (isCrossLingual(o.case)) {
      xn++;
      if (rank >= 0 && rank < 3) xhit3++;
      continue;
    }
    n++;
    if (rank === 0) hit1++;
    if (rank >= 0 && rank < 3) hit3++;
    if (rank >= 0) rr += 1 / (rank + 1);
  }
  const routing = {} as SliceReport['routing'];
  for (const label of EXPECTATIONS) {
    const predicted = observations.filter((o) => o.route === label);
    const actual = observations.filter((o) => o.case.expect === label);
    const tp = predicted.filter((o) => o.case.expect === label).length;
    routing[label] = { precision: share(tp, predicted.length), recall: share(tp, actual.length) };
  }
  return {
    cases: observations.length,
    retrieval: { n, 'hit@1': share(hit1, n), 'hit@3': share(hit3, n), mrr: share(rr, n) },
    xling: { n: xn, 'hit@3': share(xhit3, xn) },
    routing,
  };
}

/** Share of the facts of `answer` cases found in their replies. */
function factsShare(observations: readonly EvalObservation[]): FactsShare {
  let n = 0;
  let found = 0;
  for (const o of observations) {
    if (o.case.expect !== 'answer') continue;
    for (const fact of o.case.facts ?? []) {
      n++;
      if (factFound(fact, answerReplies(o))) found++;
    }
  }
  return { n, found_share: share(found, n) };
}

/** Rows = expected label, columns = route taken. */
export function confusionMatrix(observations: readonly EvalObservation[]): ConfusionMatrix {
  const matrix = {} as ConfusionMatrix;
  for (const label of EXPECTATIONS) matrix[label] = Object.fromEntries(OBSERVED_ROUTES.map((r) => [r, 0])) as Record<ObservedRoute, number>;
  for (const o of observations) matrix[o.case.expect][observedRoute(o.route)]++;
  return matrix;
}

/** Figures per tag (tags in first-seen order). */
function tagReports(observations: readonly EvalObservation[]): Record<string, TagReport> {
  const byTag = new Map<string, EvalObservation[]>();
  for (const o of observations) for (const tag of caseTags(o.case)) byTag.set(tag, [...(byTag.get(tag) ?? []), o]);
  const out: Record<string, TagReport> = {};
  for (const [tag, list] of byTag) {
    const recall: TagReport['recall'] = {};
    for (const label of EXPECTATIONS) {
      const actual = list.filter((o) => o.case.expect === label);
      if (actual.length) recall[label] = share(actual.filter((o) => o.route === label).length, actual.length);
    }
    out[tag] = { n: list.length, accuracy: share(list.filter((o) => o.route === o.case.expect).length, list.length), recall };
  }
  return out;
}

const perLang = <T>(observations: readonly EvalObservation[], f: (slice: EvalObservation[]) => T): Record<(typeof EVAL_LANGS)[number], T> =>
  Object.fromEntries(EVAL_LANGS.map((lang) => [lang, f(observations.filter((o) => o.case.lang === lang))])) as Record<(typeof EVAL_LANGS)[number], T>;

/** Characters (code points) of the answer's reply messages together (the privacy notice left out). */
const replyChars = (o: EvalObservation): number => answerReplies(o).reduce((a, r) => a + [...r].length, 0);

/**
 * Computes the report. A hit@k is an `answer` case whose first expected document is among the
 * first k distinct documents the reply cites; MRR uses the rank of that document (0 if absent).
 * Retrieval covers same-language answer cases, `xling` the cross-lingual ones (`"xling": true` or
 * tagged `xling`). Routing counts a route equal to the expected label (`not_sure` is not `answer`).
 */
export function computeEvalMetrics(observations: readonly EvalObservation[]): EvalReport {
  const all = sliceReport(observations);
  const piiCases = observations.filter((o) => (o.case.pii?.length ?? 0) > 0);
  const latencies = observations.map((o) => o.latencyMs);
  const lengths = (slice: readonly EvalObservation[]): ReplyChars => {
    const chars = slice.filter((o) => o.case.expect === 'answer').map(replyChars);
    return { n: chars.length, p50: percentile(chars, 50), p90: percentile(chars, 90) };
  };
  const checked = observations.filter((o) => o.mergedListLines !== undefined && o.route === 'answer');
  return {
    cases: all.cases,
    retrieval: all.retrieval,
    xling: all.xling,
    routing: all.routing,
    pii: { cases: piiCases.length, leaks: observations.reduce((a, o) => a + o.leakedPii, 0) },
    latency_ms: { p50: round(percentile(latencies, 50), 1), p95: round(percentile(latencies, 95), 1) },
    confusion: confusionMatrix(observations),
    by_lang: perLang(observations, sliceReport),
    by_tag: tagReports(observations),
    facts: { ...factsShare(observations), by_lang: perLang(observations, factsShare) },
    reply_chars: { ...lengths(observations), by_lang: perLang(observations, lengths) },
    crisis_missed: observations
      .filter((o) => o.case.expect === 'crisis' && o.route !== 'crisis')
      .map((o) => ({ id: o.case.id, lang: o.case.lang, text: o.case.text, route: o.route })),
    list_items: { replies: checked.length, merged_lines: checked.reduce((a, o) => a + (o.mergedListLines ?? 0), 0) },
  };
}
