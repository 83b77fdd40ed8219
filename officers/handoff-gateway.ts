/**
 * The bot's side of hand-offs (the {@link HandoffGateway} port MainDialog calls): opens or reuses a
 * conversation's hand-off, tells the resident their place and expected wait, keeps the bot silent
 * while an officer has the conversation, and lets the resident cancel back to the bot.
 */
import type { Logger } from 'pino';
import type { EscalationRequest, HandoffGateway, HandoffPhase, HandoffTicket, Lang, ResidentMessageOutcome } from '../dialogs/ports';
import type { TranscriptStore } from '../storage/transcript-store';
import { storableReference } from '../storage/conversation-ref-store';
import { stripControlCharacters } from '../safety/text/control-characters';
import { t } from '../locales/i18n';
import { isCancelRequest } from './cancel-phrases';
import { extractiveSummary } from './case-summary';
import type { Handoff, HandoffRepository } from './handoff-repository';
import type { HandoffNotifier } from './handoff-notifier';
import type { OfficeHours } from './office-hours';
import type { OfficerEvents } from './officer-events';
import type { CaseSummarizer } from './ports';

/** What {@link HandoffGatewayImpl} needs. */
export interface HandoffGatewayDeps {
  handoffs: HandoffRepository;
  events: OfficerEvents;
  officeHours: OfficeHours;
  transcript: TranscriptStore;
  /** MINUTES_PER_HANDOFF: expected minutes per case ahead in the queue. */
  minutesPerHandoff: number;
  /** LLM summaries (optional; the extractive summary is always written first). */
  summarizer?: CaseSummarizer;
  /** Webhook notices of new and urgent hand-offs (optional). */
  notifier?: HandoffNotifier;
  /**
   * Masks personal data in the resident's display name kept with the hand-off's conversation
   * reference (the masking middleware does it for turns; this covers every other caller).
   */
  maskText?: (text: string) => string;
  /** Language of summaries and notices for officers (default: the resident's). */
  officerLang?: Lang;
  log?: Logger;
  /** At most one "still waiting" acknowledgement per this interval (default 5 minutes). */
  ackIntervalMs?: number;
  /** Clock (tests). */
  now?: () => Date;
}

/** Database-backed hand-off gateway; stateless, so any instance can serve any conversation. */
export class HandoffGatewayImpl implements HandoffGateway {
  private readonly background = new Set<Promise<void>>();
  private readonly now: () => Date;

  constructor(private readonly deps: HandoffGatewayDeps) {
    this.now = deps.now ?? (() => new Date());
  }

  /** @inheritdoc */
  async escalate(request: EscalationRequest): Promise<HandoffTicket> {
    const now = this.now();
    const lines = await this.deps.transcript.list(request.channelId, request.conversationId, 40);
    const residentLines = lines.filter((l) => l.author === 'resident').map((l) => l.text);
    // A control character (a NUL) in the message once made PostgreSQL refuse a crisis hand-off.
    const trigger = stripControlCharacters(request.triggerText ?? '');
    if (trigger && residentLines[residentLines.length - 1] !== trigger) residentLines.push(trigger);
    const { handoff: found, created } = await this.deps.handoffs.createOrReuse(
      {
        channelId: request.channelId,
        conversationId: request.conversationId,
        userId: request.userId,
        lang: request.lang,
        reason: request.reason,
        priority: request.priority,
        status: 'queued',
        summary: extractiveSummary(residentLines),
        reference: storableReference(request.reference, this.deps.maskText),
      },
      now,
    );
    let handoff = found;
    if (created) {
      await this.deps.events.publish({ type: 'handoff.created', handoffId: handoff.id, status: handoff.status, priority: handoff.priority });
      this.announce(handoff);
      // The resident's own (masked) lines: what they need, in their words.
      if (this.deps.summarizer && residentLines.length > 0) this.inBackground(this.llmSummary(handoff, residentLines));
    } else if (request.priority === 'urgent' && handoff.priority !== 'urgent') {
      // A crisis during an ordinary wait moves the case to the front.
      handoff = await this.deps.handoffs.makeUrgent(handoff.id, now);
      await this.deps.events.publish({ type: 'handoff.updated', handoffId: handoff.id, status: handoff.status, priority: 'urgent' });
      this.announce(handoff);
    }
    return this.ticket(handoff, now);
  }

  /** @inheritdoc */
  async openPhase(channelId: string, conversationId: string): Promise<HandoffPhase | null> {
    const open = await this.deps.handoffs.findOpen(channelId, conversationId);
    return open ? (open.status as HandoffPhase) : null;
  }

  /** @inheritdoc */
  async onResidentMessage(channelId: string, conversationId: string, text: string, _lang: Lang): Promise<ResidentMessageOutcome> {
    const now = this.now();
    const open = await this.deps.handoffs.findOpen(channelId, conversationId);
    if (!open) return { kind: 'forwarded_silently' };
    if (isCancelRequest(text)) {
      const cancelled = await this.deps.handoffs.transition(open, 'cancelled', now, { outcome: 'cancelled_by_resident' });
      await this.deps.handoffs.addMessage({ handoffId: open.id, author: 'system', text: 'cancelled_by_resident' }, now);
      await this.deps.events.publish({ type: 'handoff.updated', handoffId: open.id, status: cancelled.status, priority: cancelled.priority });
      return { kind: 'cancelled' };
    }
    await this.deps.handoffs.addMessage({ handoffId: open.id, author: 'resident', text: stripControlCharacters(text) }, now);
    await this.deps.events.publish({ type: 'handoff.message', handoffId: open.id, status: open.status, author: 'resident' });
    if (open.status === 'queued' && (await this.deps.handoffs.claimAck(open.id, now, this.deps.ackIntervalMs ?? 5 * 60_000))) {
      return { kind: 'forwarded_with_ack', position: Math.max(1, await this.deps.handoffs.position(open)) };
    }
    return { kind: 'forwarded_silently' };
  }

  /** Waits for background summaries (tests, shutdown). */
  async drain(): Promise<void> {
    while (this.background.size > 0) await Promise.allSettled([...this.background]);
  }

  private async ticket(handoff: Handoff, now: Date): Promise<HandoffTicket> {
    const queued = handoff.status === 'queued';
    const position = queued ? Math.max(1, await this.deps.handoffs.position(handoff)) : 1;
    const open = this.deps.officeHours.isOpen(now);
    const next = open ? null : this.deps.officeHours.nextOpening(now);
    return {
      handoffId: handoff.id,
      priority: handoff.priority,
      position,
      withinOfficeHours: open,
      expectedWaitMinutes: open && queued ? position * this.deps.minutesPerHandoff : 0,
      nextOpening: next ? next.toISOString() : undefined,
    };
  }

  private announce(handoff: Handoff): void {
    const notifier = this.deps.notifier;
    if (!notifier?.enabled) return;
    const lang = this.deps.officerLang ?? handoff.lang;
    const key = handoff.priority === 'urgent' ? 'officer.notify.urgent' : 'officer.notify.new';
    notifier.notify({
      text: t(lang, key, { lang: handoff.lang, channel: handoff.channelId, summary: handoff.summary || '-' }),
      handoffId: handoff.id,
      priority: handoff.priority,
      lang: handoff.lang,
      channel: handoff.channelId,
      summary: handoff.summary,
    });
  }

  private async llmSummary(handoff: Handoff, lines: string[]): Promise<void> {
    try {
      const text = await this.deps.summarizer?.summarize(lines, this.deps.officerLang ?? handoff.lang);
      if (!text) return;
      await this.deps.handoffs.setSummary(handoff.id, text.trim(), 'llm', this.now());
      await this.deps.events.publish({ type: 'handoff.updated', handoffId: handoff.id });
    } catch (err) {
      this.deps.log?.warn({ err, handoffId: handoff.id }, 'LLM case summary failed; keeping the extractive one');
    }
  }

  private inBackground(task: Promise<void>): void {
    const tracked = task.finally(() => this.background.delete(tracked));
    this.background.add(tracked);
  }
}
