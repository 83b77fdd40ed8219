/**
 * The safety net under crisis escalations. A resident in crisis gets the hotline numbers first;
 * the urgent hand-off that follows must not be lost to a passing database error, nor fail
 * quietly: it is tried again a few times with growing pauses, every failure is logged at error
 * level and counted (`madoguchi_crisis_escalation_failures_total`), and when every attempt failed
 * the officers' webhook (HANDOFF_NOTIFY_WEBHOOK_URL) is told which conversation to reach by
 * hand, before the error goes on to the turn error handler. Ordinary hand-offs pass straight
 * through: a resident who asked for a person can simply ask again.
 */
import type { Logger } from 'pino';
import type { EscalationRequest, HandoffGateway, HandoffPhase, HandoffTicket, Lang, ResidentMessageOutcome } from '../dialogs/ports';
import { t } from '../locales/i18n';
import type { HandoffNotifier } from './handoff-notifier';

/** Pauses between attempts (so 1 + this many attempts in all): about 3.75 s before giving up. */
export const CRISIS_RETRY_DELAYS_MS: readonly number[] = [250, 1000, 2500];

/** Every attempt to store an urgent hand-off failed; `cause` is the last attempt's error. */
export class CrisisEscalationError extends Error {
  constructor(
    readonly channelId: string,
    readonly conversationId: string,
    readonly attempts: number,
    options: { cause: unknown },
  ) {
    super(`urgent hand-off for ${channelId} conversation could not be stored after ${attempts} attempts`, options);
    this.name = 'CrisisEscalationError';
  }
}

/** What {@link CrisisEscalationGuard} needs. */
export interface CrisisEscalationGuardDeps {
  /** The gateway that stores hand-offs (with its limits). */
  inner: HandoffGateway;
  log: Pick<Logger, 'error' | 'warn'>;
  /** Counts each failed attempt: `retried` when another follows, `gave_up` after the last. */
  onFailure?: (outcome: 'retried' | 'gave_up') => void;
  /** The officers' webhook, told when every attempt failed (when configured). */
  notifier?: HandoffNotifier;
  /** Language of the alarm for officers (default: the resident's). */
  officerLang?: Lang;
  /** Pauses between attempts (default {@link CRISIS_RETRY_DELAYS_MS}). */
  retryDelaysMs?: readonly number[];
  /** Waits (tests). */
  sleep?: (ms: number) => Promise<void>;
}

/** Retries urgent escalations and raises the alarm when they cannot be stored (see file comment). */
export class CrisisEscalationGuard implements HandoffGateway {
  private readonly delays: readonly number[];
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(private readonly deps: CrisisEscalationGuardDeps) {
    this.delays = deps.retryDelaysMs ?? CRISIS_RETRY_DELAYS_MS;
    this.sleep = deps.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  /** @inheritdoc */
  async escalate(request: EscalationRequest): Promise<HandoffTicket> {
    if (request.priority !== 'urgent') return this.deps.inner.escalate(request);
    const attempts = this.delays.length + 1;
    const where = { channelId: request.channelId, conversationId: request.conversationId, reason: request.reason };
    for (let attempt = 1; ; attempt++) {
      try {
        const ticket = await this.deps.inner.escalate(request);
        if (attempt > 1) this.deps.log.warn({ ...where, attempt, handoffId: ticket.handoffId }, 'urgent hand-off stored after retrying');
        return ticket;
      } catch (err) {
        const last = attempt >= attempts;
        this.deps.onFailure?.(last ? 'gave_up' : 'retried');
        if (!last) {
          this.deps.log.error({ err, ...where, attempt, attempts }, 'urgent hand-off could not be stored; retrying');
          await this.sleep(this.delays[attempt - 1]);
          continue;
        }
        this.deps.log.error(
          { err, ...where, attempt, attempts, alarm: 'crisis_escalation_failed' },
          'CRISIS ESCALATION FAILED: the urgent hand-off could not be stored; the resident got the hotlines but is not in the queue',
        );
        this.alarm(request);
        throw new CrisisEscalationError(request.channelId, request.conversationId, attempts, { cause: err });
      }
    }
  }

  /** @inheritdoc */
  openPhase(channelId: string, conversationId: string): Promise<HandoffPhase | null> {
    return this.deps.inner.openPhase(channelId, conversationId);
  }

  /** @inheritdoc */
  onResidentMessage(channelId: string, conversationId: string, text: string, lang: Lang): Promise<ResidentMessageOutcome> {
    return this.deps.inner.onResidentMessage(channelId, conversationId, text, lang);
  }

  /** Tells the officers' webhook, which needs no database, which conversation to reach by hand. */
  private alarm(request: EscalationRequest): void {
    const notifier = this.deps.notifier;
    if (!notifier?.enabled) return;
    notifier.notify({
      text: t(this.deps.officerLang ?? request.lang, 'officer.notify.escalationFailed', {
        lang: request.lang,
        channel: request.channelId,
        conversation: request.conversationId,
      }),
      handoffId: '',
      priority: 'urgent',
      lang: request.lang,
      channel: request.channelId,
      summary: '',
      alert: 'crisis_escalation_failed',
      conversationId: request.conversationId,
    });
  }
}
