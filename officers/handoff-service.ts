/**
 * What officers do with hand-offs: list, read (audited), claim, reply on the resident's channel,
 * note, transfer, resolve, return to the bot, draft a reply, take over a conversation. Every action
 * is written to the audit log and announced to every console through {@link OfficerEvents}.
 */
import type { Logger } from 'pino';
import type { ConversationRefStore } from '../storage/conversation-ref-store';
import type { StoredTranscriptEntry, TranscriptStore } from '../storage/transcript-store';
import { isLang, type Lang } from '../locales/lang';
import { detectLanguage } from '../locales/detect-language';
import { t } from '../locales/i18n';
import type { Handoff, HandoffMessage, HandoffRepository } from './handoff-repository';
import type { HandoffStatus } from './handoff-status';
import type { OfficerEvents } from './officer-events';
import { DeliveryError, ForbiddenActionError, InvalidTransitionError, NotFoundError } from './officer-errors';
import { roleAtLeast, type Officer, type OfficerRepository } from './officer-repository';
import type { AuditSink, ReplySuggester, TextMasker } from './ports';
import { draftQuestion, type DraftQuestion } from './draft-question';
import { composeDraft, type DraftFrame, type ReplyDraft } from './reply-draft';
import type { ResidentMessenger } from './resident-messenger';
import { stripControlCharacters } from '../safety/text/control-characters';

/** What {@link HandoffService} needs. */
export interface HandoffServiceDeps {
  handoffs: HandoffRepository;
  officers: OfficerRepository;
  events: OfficerEvents;
  audit: AuditSink;
  transcript: TranscriptStore;
  refs: ConversationRefStore;
  messenger: ResidentMessenger;
  suggester?: ReplySuggester;
  /** The greeting and closing of drafted replies (a team's reply templates); the locale's when absent. */
  draftFrame?: (lang: Lang, team: string | undefined) => Promise<DraftFrame>;
  /** Masks what officers write before it is stored (optional). */
  masker?: TextMasker;
  log?: Logger;
  now?: () => Date;
}

/** A hand-off as the queue shows it. */
export interface HandoffListItem extends Handoff {
  /** Seconds since it was queued (or created). */
  waitingSeconds: number;
  /** 1-based place in the queue; 0 when not queued. */
  position: number;
  assignedOfficerName: string | null;
}

/** A hand-off with its transcript and messages. */
export interface HandoffDetail {
  handoff: HandoffListItem;
  transcript: StoredTranscriptEntry[];
  messages: HandoffMessage[];
}

/** Officer actions on hand-offs. */
export class HandoffService {
  private readonly now: () => Date;

  constructor(private readonly deps: HandoffServiceDeps) {
    this.now = deps.now ?? (() => new Date());
  }

  /** Hand-offs in one status (the queue: urgent first, then oldest). */
  async list(status: Exclude<HandoffStatus, 'bot'>, actor: Officer): Promise<HandoffListItem[]> {
    const rows = await this.deps.handoffs.list(status);
    const names = new Map((await this.deps.officers.list()).map((o) => [o.id, o.name]));
    await this.audit(actor, 'handoff.list', `handoffs:${status}`, { count: rows.length });
    return rows.map((h, i) => this.item(h, status === 'queued' ? i + 1 : 0, names));
  }

  /** One hand-off with its (masked) transcript, scoped to the hand-off's own conversation. Audited. */
  async detail(id: string, actor: Officer): Promise<HandoffDetail> {
    const handoff = await this.deps.handoffs.require(id);
    const [transcript, messages, position, officers] = await Promise.all([
      this.deps.transcript.list(handoff.channelId, handoff.conversationId, 200),
      this.deps.handoffs.messages(id),
      this.deps.handoffs.position(handoff),
      this.deps.officers.list(),
    ]);
    await this.audit(actor, 'handoff.read', `handoff:${id}`, { transcriptLines: transcript.length });
    return { handoff: this.item(handoff, position, new Map(officers.map((o) => [o.id, o.name]))), transcript, messages };
  }

  /** Takes a queued hand-off; the resident is told an officer joined. */
  async claim(id: string, actor: Officer): Promise<Handoff> {
    const current = await this.deps.handoffs.require(id);
    if (current.status !== 'queued') throw new InvalidTransitionError(id, current.status, 'assigned');
    const claimed = await this.deps.handoffs.transition(current, 'assigned', this.now(), { assignedOfficerId: actor.id });
    await this.audit(actor, 'handoff.claim', `handoff:${id}`);
    await this.changed(claimed);
    await this.systemMessage(claimed, 'handoff.officerJoined');
    return claimed;
  }

  /**
   * Sends a reply to the resident on their channel; the first reply makes the hand-off active.
   * `fromDraft` marks, in the audit log, a reply the officer began from a drafted one.
   */
  async sendMessage(id: string, actor: Officer, text: string, options: { fromDraft?: boolean } = {}): Promise<HandoffMessage> {
    let handoff = await this.deps.handoffs.require(id);
    if (handoff.status !== 'assigned' && handoff.status !== 'active') throw new InvalidTransitionError(id, handoff.status, 'active');
    if (handoff.assignedOfficerId !== actor.id) throw new ForbiddenActionError('only the assigned officer can reply; claim or transfer first');
    if (handoff.status === 'assigned') {
      handoff = await this.deps.handoffs.transition(handoff, 'active', this.now());
      await this.changed(handoff);
    }
    const message = await this.deps.handoffs.addMessage(
      { handoffId: id, author: 'officer', officerId: actor.id, text: this.mask(text), delivery: 'pending' },
      this.now(),
    );
    await this.audit(actor, 'handoff.message', `handoff:${id}`, { messageId: message.id, chars: text.length, ...(options.fromDraft ? { fromDraft: true } : {}) });
    return this.deliver(handoff, message, text);
  }

  /** Sends a kept, undelivered officer message again. */
  async retryMessage(id: string, messageId: number, actor: Officer): Promise<HandoffMessage> {
    const handoff = await this.deps.handoffs.require(id);
    const message = await this.deps.handoffs.getMessage(id, messageId);
    if (!message || message.author !== 'officer' || message.internal) throw new NotFoundError('message not found');
    if (message.delivery === 'sent') return message;
    if (handoff.assignedOfficerId !== actor.id) throw new ForbiddenActionError('only the assigned officer can resend');
    if (handoff.status !== 'active' && handoff.status !== 'assigned') throw new InvalidTransitionError(id, handoff.status, 'active');
    await this.audit(actor, 'handoff.message_retry', `handoff:${id}`, { messageId });
    // The stored copy is masked; resend that (the original is not kept).
    return this.deliver(handoff, message, message.text);
  }

  /** Adds an internal note (never sent to the resident). */
  async addNote(id: string, actor: Officer, text: string): Promise<HandoffMessage> {
    await this.deps.handoffs.require(id);
    const note = await this.deps.handoffs.addMessage({ handoffId: id, author: 'officer', officerId: actor.id, text: this.mask(text), internal: true }, this.now());
    await this.audit(actor, 'handoff.note', `handoff:${id}`, { messageId: note.id });
    await this.deps.events.publish({ type: 'handoff.message', handoffId: id, author: 'officer' });
    return note;
  }

  /** Gives the hand-off to another officer (supervisors, or the current assignee). */
  async transfer(id: string, actor: Officer, officerId: string): Promise<Handoff> {
    const current = await this.deps.handoffs.require(id);
    const target = await this.deps.officers.get(officerId);
    if (!target) throw new NotFoundError('officer not found');
    const supervisor = roleAtLeast(actor.role, 'supervisor');
    if (!supervisor && current.assignedOfficerId !== actor.id) throw new ForbiddenActionError('only a supervisor or the assigned officer can transfer');
    const updated =
      current.status === 'queued'
        ? await this.deps.handoffs.transition(current, 'assigned', this.now(), { assignedOfficerId: target.id })
        : current.status === 'assigned' || current.status === 'active'
          ? await this.deps.handoffs.reassign(current, target.id, this.now())
          : (() => {
              throw new InvalidTransitionError(id, current.status, 'assigned');
            })();
    await this.audit(actor, 'handoff.transfer', `handoff:${id}`, { from: current.assignedOfficerId, to: target.id });
    await this.changed(updated);
    return updated;
  }

  /** Closes the case with an outcome; the resident is told they are back with the bot. */
  async resolve(id: string, actor: Officer, outcome: string): Promise<Handoff> {
    const current = await this.deps.handoffs.require(id);
    this.requireAssigneeOrSupervisor(current, actor);
    const resolved = await this.deps.handoffs.transition(current, 'resolved', this.now(), { outcome });
    await this.audit(actor, 'handoff.resolve', `handoff:${id}`, { outcome });
    await this.changed(resolved);
    await this.systemMessage(resolved, 'handoff.backToBot');
    return resolved;
  }

  /** Hands the conversation back to the bot without an officer answer (any officer while queued). */
  async returnToBot(id: string, actor: Officer): Promise<Handoff> {
    const current = await this.deps.handoffs.require(id);
    if (current.status !== 'queued') this.requireAssigneeOrSupervisor(current, actor);
    const resolved = await this.deps.handoffs.transition(current, 'resolved', this.now(), { outcome: 'returned_to_bot' });
    await this.audit(actor, 'handoff.return_to_bot', `handoff:${id}`);
    await this.changed(resolved);
    await this.systemMessage(resolved, 'handoff.backToBot');
    return resolved;
  }

  /**
   * A reply drafted from the knowledge base for what the resident needs, read from the whole
   * conversation (the bot's transcript and the messages since the hand-off; "a person, please"
   * and greetings skipped), in the resident's language. Only returned to the officer: the draft is
   * audited as such and nothing is sent.
   */
  async suggestion(id: string, actor: Officer, team?: string): Promise<ReplyDraft | null> {
    const { need, lang } = await this.residentNeed(id);
    const answer = need && this.deps.suggester ? await this.deps.suggester.suggest(need.question, lang) : null;
    const draft: ReplyDraft | null =
      need && answer ? { ...answer, text: composeDraft(lang, answer, await this.deps.draftFrame?.(lang, team)), draft: true, lang, basedOn: need.basedOn } : null;
    await this.audit(actor, 'handoff.draft', `handoff:${id}`, { draft: true, sent: false, lang, found: draft !== null, mode: answer?.mode ?? null, basedOnLines: need?.basedOn.length ?? 0 });
    return draft;
  }

  /**
   * What the resident needs, read from the whole conversation: the bot's transcript and the
   * messages since the hand-off (masked), "a person, please" and greetings skipped; with the
   * language they wrote it in (the hand-off's when they said nothing substantive). With `actor`,
   * the read is audited (`handoff.question`).
   */
  async residentNeed(id: string, actor?: Officer): Promise<{ need: DraftQuestion | null; lang: Lang }> {
    const handoff = await this.deps.handoffs.require(id);
    const [transcript, messages] = await Promise.all([
      this.deps.transcript.list(handoff.channelId, handoff.conversationId, 100),
      this.deps.handoffs.messages(id),
    ]);
    const lines = [
      ...transcript.filter((l) => l.author === 'resident').map((l) => ({ at: l.createdAt, text: l.text })),
      ...messages.filter((m) => m.author === 'resident').map((m) => ({ at: m.createdAt, text: m.text })),
    ].sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
    const need = draftQuestion(lines.map((l) => l.text));
    if (actor) await this.audit(actor, 'handoff.question', `handoff:${id}`, { basedOnLines: need?.basedOn.length ?? 0 });
    return { need, lang: need ? detectLanguage(need.basedOn.join(' '), handoff.lang) : handoff.lang };
  }

  /** Takes over any conversation the bot has (or claims its open hand-off). */
  async takeover(channelId: string, conversationId: string, actor: Officer): Promise<Handoff> {
    const ref = await this.deps.refs.get(channelId, conversationId);
    if (!ref) throw new NotFoundError('conversation not found');
    const { handoff, created } = await this.deps.handoffs.createOrReuse(
      {
        channelId,
        conversationId,
        userId: ref.userId,
        lang: isLang(ref.lang) ? ref.lang : 'en',
        reason: 'officer_takeover',
        priority: 'normal',
        status: 'assigned',
        summary: '',
        reference: ref.reference,
        assignedOfficerId: actor.id,
      },
      this.now(),
    );
    let result = handoff;
    if (!created) {
      if (handoff.status === 'queued') result = await this.deps.handoffs.transition(handoff, 'assigned', this.now(), { assignedOfficerId: actor.id });
      else if (handoff.assignedOfficerId !== actor.id) {
        if (!roleAtLeast(actor.role, 'supervisor')) throw new ForbiddenActionError('another officer has this conversation; ask a supervisor to transfer it');
        result = await this.deps.handoffs.reassign(handoff, actor.id, this.now());
      }
    }
    await this.audit(actor, 'conversation.takeover', `handoff:${result.id}`, { created });
    if (created) await this.deps.events.publish({ type: 'handoff.created', handoffId: result.id, status: result.status, priority: result.priority });
    else await this.changed(result);
    if (created || handoff.status === 'queued') await this.systemMessage(result, 'handoff.officerJoined');
    return result;
  }

  private async deliver(handoff: Handoff, message: HandoffMessage, text: string): Promise<HandoffMessage> {
    try {
      await this.deps.messenger.send(handoff, text, 'officer');
    } catch (err) {
      const reason = err instanceof Error ? err.message : 'unknown error';
      await this.deps.handoffs.setDelivery(message.id, 'failed', reason);
      await this.deps.events.publish({ type: 'handoff.message', handoffId: handoff.id, author: 'officer' });
      this.deps.log?.warn({ err, handoffId: handoff.id, conversationId: handoff.conversationId }, 'officer message not delivered');
      throw new DeliveryError(handoff.id, message.id, reason, { cause: err });
    }
    await this.deps.handoffs.setDelivery(message.id, 'sent', null);
    await this.deps.events.publish({ type: 'handoff.message', handoffId: handoff.id, author: 'officer' });
    return { ...message, delivery: 'sent', deliveryError: null };
  }

  /** Sends a localized system line to the resident; a failure is logged, never fatal to the action. */
  private async systemMessage(handoff: Handoff, key: string): Promise<void> {
    const text = t(handoff.lang, key);
    try {
      await this.deps.messenger.send(handoff, text, 'system');
      await this.deps.handoffs.addMessage({ handoffId: handoff.id, author: 'system', text, delivery: 'sent' }, this.now());
    } catch (err) {
      await this.deps.handoffs.addMessage({ handoffId: handoff.id, author: 'system', text, delivery: 'failed' }, this.now());
      this.deps.log?.warn({ err, handoffId: handoff.id, conversationId: handoff.conversationId }, 'resident notice not delivered');
    }
  }

  private requireAssigneeOrSupervisor(handoff: Handoff, actor: Officer): void {
    if (handoff.assignedOfficerId !== actor.id && !roleAtLeast(actor.role, 'supervisor')) {
      throw new ForbiddenActionError('only the assigned officer or a supervisor can do this');
    }
  }

  private item(h: Handoff, position: number, names: Map<string, string>): HandoffListItem {
    const since = new Date(h.queuedAt ?? h.createdAt).getTime();
    const until = h.resolvedAt ? new Date(h.resolvedAt).getTime() : this.now().getTime();
    return {
      ...h,
      reference: null,
      waitingSeconds: Math.max(0, Math.round((until - since) / 1000)),
      position,
      assignedOfficerName: h.assignedOfficerId ? (names.get(h.assignedOfficerId) ?? null) : null,
    };
  }

  private mask(text: string): string {
    // PostgreSQL refuses a NUL; cleaned before masking, so a number a control character splits is found.
    const clean = stripControlCharacters(text);
    return this.deps.masker ? this.deps.masker.mask(clean) : clean;
  }

  private async changed(h: Handoff): Promise<void> {
    await this.deps.events.publish({ type: 'handoff.updated', handoffId: h.id, status: h.status, priority: h.priority });
  }

  private audit(actor: Officer, action: string, target: string, detail?: Record<string, unknown>): Promise<void> {
    return this.deps.audit.append({ actorId: actor.id, actorRole: actor.role, action, target, detail });
  }
}
