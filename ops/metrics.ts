/**
 * Prometheus metrics for one bot instance, on a registry of its own (never prom-client's global
 * one, so tests and benchmarks can build several side by side).
 *
 * Labels are limited to fixed vocabularies — `channel`, `outcome`, `stage`, `kind` — and every
 * value is mapped onto a known set before it reaches prom-client: a label never carries a
 * conversation id, a user id, text or anything else a resident typed, and a misbehaving caller
 * cannot blow up the series count.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { TurnOutcome, TurnOutcomeSink } from '../dialogs/ports';

/** Timed stages of a turn. */
export type Stage = 'masking' | 'retrieval' | 'llm' | 'storage' | 'channel_send' | 'turn';
/** Every stage, in display order. */
export const STAGES: readonly Stage[] = ['masking', 'retrieval', 'llm', 'storage', 'channel_send', 'turn'];

/** Kinds of counted errors. */
export type ErrorKind = Stage | 'llm_unavailable' | 'webhook' | 'other';
/** Every error kind. */
export const ERROR_KINDS: readonly ErrorKind[] = [...STAGES, 'llm_unavailable', 'webhook', 'other'];

/** Gauges whose value is read from a callback at scrape time. */
export type GaugeName = 'ollama_queue_depth' | 'ollama_slots_busy' | 'ollama_hosts_up' | 'handoffs_waiting';
/** Every callback gauge. */
export const GAUGE_NAMES: readonly GaugeName[] = ['ollama_queue_depth', 'ollama_slots_busy', 'ollama_hosts_up', 'handoffs_waiting'];

/** Turn outcomes as counted: the route, with answers split by how they were produced. */
export type OutcomeLabel =
  | Exclude<TurnOutcome['route'], 'answer'>
  | 'answer_llm'
  | 'answer_extractive'
  | 'answer_cache'
  | 'answer_not_sure';
/** Every outcome label value. */
export const OUTCOME_LABELS: readonly OutcomeLabel[] = [
  'crisis',
  'handoff',
  'out_of_scope',
  'eligibility',
  'greeting',
  'help',
  'with_officer',
  'rate_limited',
  'answer_llm',
  'answer_extractive',
  'answer_cache',
  'answer_not_sure',
];

/**
 * Channel ids kept as label values; anything else is counted as `other`. Bot Framework reports
 * its own sub-channels (msteams, directline, emulator…) in `activity.channelId`.
 */
export const KNOWN_CHANNELS: readonly string[] = [
  'line',
  'kakao',
  'telegram',
  'webchat',
  'msteams',
  'directline',
  'emulator',
  'botframework',
  'slack',
  'facebook',
  'test',
];

/** The `channel` label value for an arbitrary channel id. */
export function channelLabel(channelId: string | undefined): string {
  if (channelId === undefined || channelId === '') return 'none';
  const id = channelId.toLowerCase();
  return KNOWN_CHANNELS.includes(id) ? id : 'other';
}

/** Latency buckets in seconds: sub-millisecond storage calls up to slow LLM answers. */
const BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20, 30, 60];

/** Options of {@link Metrics}. */
export interface MetricsOptions {
  /** Collect Node's default process metrics (CPU, memory, event-loop lag, GC); default true. */
  defaultMetrics?: boolean;
  /** Constant labels added to every series (e.g. `{ instance: 'bot-1' }`); values must not be personal data. */
  defaultLabels?: Record<string, string>;
}

/** The bot's metrics; also the {@link TurnOutcomeSink} the main dialog reports to. */
export class Metrics implements TurnOutcomeSink {
  /** The registry holding every series of this instance (served by `metricsHandler`). */
  readonly registry = new Registry();
  private readonly turns: Counter<'channel' | 'outcome'>;
  private readonly escalations: Counter<'channel'>;
  private readonly durations: Histogram<'stage' | 'channel'>;
  private readonly tokens: Counter<'kind'>;
  private readonly llmRequests: Counter<'outcome'>;
  private readonly errors: Counter<'kind'>;
  private readonly inFlight: Gauge<'channel'>;
  private readonly crisisEscalationFailures: Counter<'outcome'>;
  private readonly gaugeSources = new Map<GaugeName, () => number | Promise<number>>();

  constructor(options: MetricsOptions = {}) {
    const registers = [this.registry];
    if (options.defaultLabels) this.registry.setDefaultLabels(options.defaultLabels);
    if (options.defaultMetrics ?? true) collectDefaultMetrics({ register: this.registry });
    for (const name of GAUGE_NAMES) this.callbackGauge(name);
    this.turns = new Counter({
      name: 'madoguchi_turns_total',
      help: 'Resident message turns by channel and outcome (route; answers split by llm/extractive/cache/not_sure).',
      labelNames: ['channel', 'outcome'],
      registers,
    });
    this.escalations = new Counter({
      name: 'madoguchi_escalations_total',
      help: 'Turns that handed the conversation to an officer, by channel.',
      labelNames: ['channel'],
      registers,
    });
    this.durations = new Histogram({
      name: 'madoguchi_stage_duration_seconds',
      help: 'Latency per stage (masking, retrieval, llm, storage, channel_send, turn); channel is "none" where not known.',
      labelNames: ['stage', 'channel'],
      buckets: BUCKETS,
      registers,
    });
    this.tokens = new Counter({
      name: 'madoguchi_llm_tokens_total',
      help: 'LLM tokens as reported by Ollama: kind="prompt" (prompt_eval_count) or "completion" (eval_count).',
      labelNames: ['kind'],
      registers,
    });
    this.llmRequests = new Counter({
      name: 'madoguchi_llm_requests_total',
      help: 'LLM generations by outcome: ok, or the reason it was unavailable.',
      labelNames: ['outcome'],
      registers,
    });
    this.errors = new Counter({
      name: 'madoguchi_errors_total',
      help: 'Errors by kind (the stage that failed, llm_unavailable, webhook, other).',
      labelNames: ['kind'],
      registers,
    });
    this.crisisEscalationFailures = new Counter({
      name: 'madoguchi_crisis_escalation_failures_total',
      help: 'Failed attempts to store an urgent (crisis) hand-off: outcome="retried" (tried again) or "gave_up" (the resident is not in the queue: alert on any).',
      labelNames: ['outcome'],
      registers,
    });
    this.inFlight = new Gauge({
      name: 'madoguchi_turns_in_flight',
      help: 'Turns being processed right now, by channel.',
      labelNames: ['channel'],
      registers,
    });
  }

  /** Counts one turn outcome (called by the main dialog). */
  record(outcome: TurnOutcome): void {
    const channel = channelLabel(outcome.channelId);
    this.turns.inc({ channel, outcome: outcomeLabel(outcome) });
    if (outcome.escalated) this.escalations.inc({ channel });
  }

  /** Records a measured duration of a stage. */
  observe(stage: Stage, seconds: number, channelId?: string): void {
    if (!Number.isFinite(seconds) || seconds < 0) return;
    this.durations.observe({ stage: stageLabel(stage), channel: channelLabel(channelId) }, seconds);
  }

  /**
   * Runs `fn`, records how long it took under `stage` (also when it throws), and counts an error
   * of kind `stage` when it throws; the error is rethrown unchanged.
   */
  async time<T>(stage: Stage, fn: () => Promise<T> | T, channelId?: string): Promise<T> {
    const started = process.hrtime.bigint();
    try {
      return await fn();
    } catch (err) {
      this.error(stage);
      throw err;
    } finally {
      this.observe(stage, Number(process.hrtime.bigint() - started) / 1e9, channelId);
    }
  }

  /** Adds LLM token counts of one generation. */
  addTokens(promptTokens: number, completionTokens: number): void {
    if (Number.isFinite(promptTokens) && promptTokens > 0) this.tokens.inc({ kind: 'prompt' }, promptTokens);
    if (Number.isFinite(completionTokens) && completionTokens > 0) this.tokens.inc({ kind: 'completion' }, completionTokens);
  }

  /** Counts one LLM generation: `ok` or the reason it was unavailable (a fixed vocabulary). */
  llmRequest(outcome: string): void {
    this.llmRequests.inc({ outcome: /^[a-z_]{1,32}$/.test(outcome) ? outcome : 'error' });
  }

  /** Counts one error of a kind. */
  error(kind: ErrorKind): void {
    this.errors.inc({ kind: ERROR_KINDS.includes(kind) ? kind : 'other' });
  }

  /** Counts one failed attempt to store an urgent hand-off (see the officers' crisis escalation guard). */
  crisisEscalationFailed(outcome: 'retried' | 'gave_up'): void {
    this.crisisEscalationFailures.inc({ outcome });
  }

  /** Marks a turn started/finished (the turns-in-flight gauge). */
  turnStarted(channelId: string | undefined): void {
    this.inFlight.inc({ channel: channelLabel(channelId) });
  }

  /** See {@link turnStarted}. */
  turnFinished(channelId: string | undefined): void {
    this.inFlight.dec({ channel: channelLabel(channelId) });
  }

  /**
   * Sets where a gauge's value comes from; the callback runs at every scrape (so a value that
   * lives in PostgreSQL, such as the hand-off queue, is read once per scrape, not per change).
   * A gauge without a source, or whose callback throws or returns a non-number, reads 0 for
   * that scrape (a failing callback also counts an `other` error).
   */
  setGaugeSource(name: GaugeName, source: () => number | Promise<number>): void {
    if (!GAUGE_NAMES.includes(name)) throw new RangeError(`unknown gauge ${String(name)}`);
    this.gaugeSources.set(name, source);
  }

  /** The exposition in Prometheus text format. */
  async exposition(): Promise<string> {
    return this.registry.metrics();
  }

  /** The content type to answer `/metrics` with. */
  get contentType(): string {
    return this.registry.contentType;
  }

  private callbackGauge(name: GaugeName): void {
    const sources = this.gaugeSources;
    const countFailure = () => this.error('other');
    new Gauge({
      name: `madoguchi_${name}`,
      help: GAUGE_HELP[name],
      registers: [this.registry],
      async collect() {
        const source = sources.get(name);
        this.reset();
        if (!source) return;
        try {
          const value = await source();
          if (typeof value === 'number' && Number.isFinite(value)) this.set(value);
        } catch {
          // A failing source must not break the whole scrape; it shows up as a missing sample.
          countFailure();
        }
      },
    });
  }
}

const GAUGE_HELP: Record<GaugeName, string> = {
  ollama_queue_depth: 'Callers waiting for an Ollama slot.',
  ollama_slots_busy: 'Ollama slots in use across all hosts.',
  ollama_hosts_up: 'Ollama hosts currently usable (health check passing, circuit closed).',
  handoffs_waiting: 'Hand-offs queued and not yet taken by an officer.',
};

function stageLabel(stage: Stage): Stage {
  return STAGES.includes(stage) ? stage : 'turn';
}

function outcomeLabel(outcome: TurnOutcome): OutcomeLabel {
  if (outcome.route !== 'answer') {
    return OUTCOME_LABELS.includes(outcome.route) ? outcome.route : 'answer_not_sure';
  }
  if (!outcome.answer || outcome.answer.status === 'not_sure') return 'answer_not_sure';
  switch (outcome.answer.mode) {
    case 'llm':
      return 'answer_llm';
    case 'cache':
      return 'answer_cache';
    default:
      return 'answer_extractive';
  }
}
