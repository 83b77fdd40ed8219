/**
 * The main dialog: the router every resident message goes through. It detects the language, shows
 * the privacy notice once, keeps the bot silent while an officer has the conversation, and routes
 * the typed triage decision to the crisis protocol, a hand-off, a polite decline, eligibility
 * screening or a knowledge answer. Interrupts (crisis, "talk to a person") win even in the middle
 * of a child dialog.
 */
import type { StatePropertyAccessor, TurnContext } from 'botbuilder';
import { ComponentDialog, DialogTurnStatus, type Dialog, type DialogContext, type DialogTurnResult } from 'botbuilder-dialogs';
import { detectLanguage } from '../locales/detect-language';
import { t } from '../locales/i18n';
import { answerActivity, feedbackPress, feedbackReplies, isFeedbackSkip, textActivity } from './answer-reply';
import { AnswerStreamer } from './answer-streamer';
import { ALERTS_DIALOG_ID, alertRequestOf, exactAlertCommand, type AlertsDialogOptions } from './alerts-dialog';
import { TypingIndicator } from './typing-indicator';
import { TURN_DEADLINE_KEY, TURN_LANG_KEY, TURN_OPEN_PHASE_KEY, type ConversationData } from './conversation-data';
import type {
  Answer,
  AnswerService,
  CrisisCategory,
  FeedbackRecorder,
  HandoffGateway,
  HandoffPhase,
  HandoffReason,
  HandoffTicket,
  HotlineDirectory,
  Lang,
  MessageTriage,
  NewQuestionDetector,
  PrivacyNoticeLedger,
  Route,
  SafetyReviewer,
  ScreeningGate,
  TurnOutcome,
  TurnOutcomeSink,
} from './ports';

/** Retrieval confidence below which the documents do not answer a message whose scope is in doubt. */
const CLEAR_ANSWER_CONFIDENCE = 0.5;
/**
 * How much more a wrongly declined city question costs than a loosely related passage: the
 * documents' odds of answering need only reach the triage's odds of "out of scope" divided by this.
 */
const ANSWER_BIAS = 2;

/**
 * The most a retrieval confidence is believed: it measures how well words match, and a question
 * about photosynthesis "for my essay" can match a job centre's "work" perfectly.
 */
const MAX_BELIEVED_CONFIDENCE = 0.95;

/** Whether the retrieval's confidence outweighs the triage's doubt that a message is in scope. */
function documentsOutweighDoubt(confidence: number, outOfScopeChance: number): boolean {
  if (confidence < CLEAR_ANSWER_CONFIDENCE) return false;
  const odds = (p: number, max: number) => Math.min(p, max) / (1 - Math.min(p, max));
  return odds(confidence, MAX_BELIEVED_CONFIDENCE) * ANSWER_BIAS >= odds(outOfScopeChance, 0.999);
}

/** Id of the main dialog. */
export const MAIN_DIALOG_ID = 'main';
/** Id the eligibility dialog must have to be started by the router. */
export const ELIGIBILITY_DIALOG_ID = 'eligibility';

/** Everything the main dialog needs, injected by the composition root. */
export interface MainDialogDeps {
  triage: MessageTriage;
  answers: AnswerService;
  handoff: HandoffGateway;
  hotlines: HotlineDirectory;
  conversationData: StatePropertyAccessor<ConversationData>;
  outcomes?: TurnOutcomeSink;
  /** Stores 👍 / 👎 under answers (absent: answers offer no feedback buttons). */
  feedback?: FeedbackRecorder;
  /** Tells a new question from a 👎's reason (absent: every message after the prompt is the reason). */
  newQuestion?: NewQuestionDetector;
  /** Started for "which benefits can I get?" (id must be `eligibility`). */
  eligibilityDialog?: Dialog;
  /** Opt-in alerts: started by "notify me" / "stop alerts" / "my alerts" and the "Tell me when this changes" button under answers (id `alerts`). */
  alertsDialog?: Dialog;
  /** Sends a described situation to the knowledge base instead when it names an unscreenable program. */
  screeningGate?: ScreeningGate;
  /** Shared record of shown privacy notices (several instances); without it, conversation state alone decides. */
  noticeLedger?: PrivacyNoticeLedger;
  /** A second opinion on danger (the LLM, when reachable): may raise a message to a crisis, never lower one. */
  safetyReviewer?: SafetyReviewer;
  /** The longest the safety review may delay a reply, in milliseconds (default 4,000). */
  safetyReviewTimeoutMs?: number;
  defaultLang: Lang;
  retentionDays: number;
  /** The city's name for the privacy notice ('' = a neutral phrase). */
  cityName: string;
  /** IANA time zone used to show the office's next opening time. */
  officeTimeZone: string;
  /** Channels that render streamed answers (typing activities with streaminfo). */
  streamingChannels: readonly string[];
  /**
   * Milliseconds an answer may take before the typing indicator is sent (TYPING_DELAY_MS; 0 or
   * absent = at once). A quick answer then arrives without an indicator flashing first, and the
   * channel (a LINE, Telegram or Bot Framework call) is spared a request.
   */
  typingDelayMs?: number;
}

/** Routes each resident message (see file comment). */
export class MainDialog extends ComponentDialog {
  constructor(private readonly deps: MainDialogDeps) {
    super(MAIN_DIALOG_ID);
    if (deps.eligibilityDialog) {
      if (deps.eligibilityDialog.id !== ELIGIBILITY_DIALOG_ID) throw new Error(`eligibility dialog must have id "${ELIGIBILITY_DIALOG_ID}"`);
      this.addDialog(deps.eligibilityDialog);
    }
    if (deps.alertsDialog) {
      if (deps.alertsDialog.id !== ALERTS_DIALOG_ID) throw new Error(`alerts dialog must have id "${ALERTS_DIALOG_ID}"`);
      this.addDialog(deps.alertsDialog);
    }
  }

  protected override async onBeginDialog(innerDc: DialogContext): Promise<DialogTurnResult> {
    return this.route(innerDc, false);
  }

  protected override async onContinueDialog(innerDc: DialogContext): Promise<DialogTurnResult> {
    return this.route(innerDc, true);
  }

  private async route(innerDc: DialogContext, childActive: boolean): Promise<DialogTurnResult> {
    const context = innerDc.context;
    const text = (context.activity.text ?? '').trim();
    if (context.activity.type !== 'message' || text === '') {
      return childActive ? super.onContinueDialog(innerDc) : done();
    }
    const data = await this.deps.conversationData.get(context, {});
    const helpful = this.deps.feedback ? feedbackPress(text) : null;
    // After a 👎 the next message may be the resident's reason (asked for once, never insisted on).
    const awaitingReason = data.awaitingFeedbackReason === true;
    const ratedDocs = data.ratedDocs ?? [];
    data.awaitingFeedbackReason = false;
    data.ratedDocs = undefined;
    if (helpful !== null) {
      await this.feedback(context, data, data.lang ?? this.deps.defaultLang, helpful);
      return childActive ? { status: DialogTurnStatus.waiting } : done();
    }
    // "Skip" at the reason prompt is counted with the 👎; an older Skip button pressed later is answered alike, never triaged.
    if (this.deps.feedback && isFeedbackSkip(text)) {
      const lang = data.lang ?? this.deps.defaultLang;
      const { channelId, conversation, from } = context.activity;
      if (awaitingReason) await this.deps.feedback.skip?.({ channelId, conversationId: conversation.id, userId: from?.id ?? '', lang });
      await context.sendActivity(textActivity(t(lang, 'feedback.skipped'), lang, [t(lang, 'core.notSureActions.officer')], 'feedback'));
      return childActive ? { status: DialogTurnStatus.waiting } : done();
    }
    const lang = detectLanguage(text, data.lang ?? this.deps.defaultLang);
    data.lang = lang;
    context.turnState.set(TURN_LANG_KEY, lang);
    if (!data.noticeShown) {
      data.noticeShown = true;
      // First messages may reach two instances at once: only the one that claims the notice shows it.
      const { activity } = context;
      const claimed = (await this.deps.noticeLedger?.claim(activity.channelId, activity.conversation.id, activity.from?.id ?? '')) ?? true;
      const city = this.deps.cityName || t(lang, 'core.cityFallback');
      if (claimed) await context.sendActivity(textActivity(t(lang, 'core.privacyNotice', { city, days: this.deps.retentionDays }), lang));
    }

    const { channelId } = context.activity;
    const conversationId = context.activity.conversation.id;
    const phase = await (context.turnState.get<Promise<HandoffPhase | null> | undefined>(TURN_OPEN_PHASE_KEY) ?? this.deps.handoff.openPhase(channelId, conversationId));
    // An alerts command or button, exactly ("notify me", "🔔 Tell me when this changes", "Yes, send me alerts"),
    // is not a message to triage (like a 👍 / 👎 press); longer messages that ask for alerts are triaged first.
    const command = this.deps.alertsDialog && !phase ? exactAlertCommand(text, innerDc.activeDialog?.id === ALERTS_DIALOG_ID) : null;
    if (command === 'answer') return super.onContinueDialog(innerDc);
    if (command) {
      if (childActive) await innerDc.cancelAllDialogs();
      return innerDc.beginDialog(ALERTS_DIALOG_ID, { request: command, lang, docId: data.lastAnswerDoc } satisfies AlertsDialogOptions);
    }
    const triaged = this.deps.triage.classify(text, lang);
    const decision = await this.reviewed(context, triaged, text, lang, phase !== null);
    if (decision.kind !== 'crisis' && decision.caution) await this.caution(context, lang, decision.caution);

    if (decision.kind === 'crisis') {
      if (childActive) await innerDc.cancelAllDialogs();
      await this.crisis(context, lang, decision.category, text);
      return done();
    }
    if (phase) {
      const outcome = await this.deps.handoff.onResidentMessage(channelId, conversationId, text, lang);
      if (outcome.kind === 'forwarded_with_ack') {
        await context.sendActivity(textActivity(t(lang, 'core.handoff.stillWaiting', { position: outcome.position }), lang));
      } else if (outcome.kind === 'cancelled') {
        data.notSureStreak = 0;
        await context.sendActivity(textActivity(t(lang, 'core.handoff.cancelled'), lang, this.helpActions(lang)));
      }
      this.record(context, lang, 'with_officer', false);
      return childActive ? (await innerDc.cancelAllDialogs(), done()) : done();
    }
    // Alerts requests ("notify me", "stop alerts", the button under an answer) interrupt anything but the alerts dialog itself.
    const alertRequest = this.deps.alertsDialog && innerDc.activeDialog?.id !== ALERTS_DIALOG_ID ? alertRequestOf(text) : null;
    if (alertRequest) {
      if (childActive) await innerDc.cancelAllDialogs();
      return innerDc.beginDialog(ALERTS_DIALOG_ID, { request: alertRequest, lang, docId: data.lastAnswerDoc } satisfies AlertsDialogOptions);
    }
    if (decision.kind === 'handoff') {
      if (childActive) await innerDc.cancelAllDialogs();
      await this.escalate(context, lang, decision.reason, 'normal', text);
      this.record(context, lang, 'handoff', true);
      return done();
    }
    // A reason after a 👎 is stored, not answered — unless it is a crisis or a request for a person
    // (above), a greeting, a call for help, a request for screening, or a new question the documents
    // clearly answer from another document: those are answered, and the 👎 stays without a reason.
    if (awaitingReason && decision.kind !== 'greeting' && decision.kind !== 'help' && decision.kind !== 'eligibility') {
      if (!(decision.kind === 'answer' && (await this.isNewQuestion(text, lang, ratedDocs)))) {
        await this.feedbackReason(context, lang, text);
        return childActive ? { status: DialogTurnStatus.waiting } : done();
      }
    }
    if (childActive) return super.onContinueDialog(innerDc);

    switch (decision.kind) {
      case 'out_of_scope':
        await context.sendActivity(
          textActivity(t(lang, decision.reason === 'injection' ? 'core.injection' : 'core.outOfScope'), lang, this.helpActions(lang), 'out_of_scope'),
        );
        this.record(context, lang, 'out_of_scope', false);
        return done();
      case 'eligibility':
        if (this.deps.screeningGate && !(await this.deps.screeningGate.shouldScreen(text, lang))) {
          const offer = this.deps.screeningGate.canScreen?.() ?? true;
          await this.answer(context, lang, text, data, offer ? [t(lang, 'core.helpActions.benefits')] : []);
          return done();
        }
        this.record(context, lang, 'eligibility', false);
        if (this.deps.eligibilityDialog) return innerDc.beginDialog(ELIGIBILITY_DIALOG_ID, { text, lang });
        await context.sendActivity(textActivity(t(lang, 'core.help'), lang, this.helpActions(lang)));
        return done();
      case 'greeting':
      case 'help':
        await context.sendActivity(textActivity(t(lang, decision.kind === 'greeting' ? 'core.greeting' : 'core.help'), lang, this.helpActions(lang)));
        this.record(context, lang, decision.kind, false);
        return done();
      case 'answer':
        await this.answer(context, lang, text, data, [], decision.maybeOutOfScope);
        return done();
    }
  }

  private async answer(context: TurnContext, lang: Lang, text: string, data: ConversationData, extraActions: string[] = [], outOfScopeChance?: number): Promise<void> {
    const typing = new TypingIndicator(() => context.sendActivity({ type: 'typing' }), this.deps.typingDelayMs ?? 0);
    const streamer = this.deps.streamingChannels.includes(context.activity.channelId) ? new AnswerStreamer(context) : null;
    const deadlineAt = context.turnState.get<number | undefined>(TURN_DEADLINE_KEY);
    // Leave the channel a second to deliver: past the deadline the answer is extractive.
    const signal = deadlineAt === undefined ? undefined : AbortSignal.timeout(Math.max(0, deadlineAt - Date.now() - 1000));
    const queued: { notice?: Promise<unknown> } = {};
    let answer: Answer;
    try {
      answer = await this.deps.answers.answer(
        { question: text, lang, channelId: context.activity.channelId, conversationId: context.activity.conversation.id },
        streamer
          ? (partial) => {
              typing.cancel(); // the streamed text shows the bot is at work
              return streamer.partial(partial);
            }
          : undefined,
        {
          signal,
          onQueued: (position) => {
            // Told once: the resident waits, never dropped.
            if (position > 0 && !queued.notice) queued.notice = context.sendActivity(textActivity(t(lang, 'answer.queued', { position }), lang));
          },
        },
      );
    } finally {
      typing.cancel();
    }
    if (queued.notice) await queued.notice;
    await typing.settle();
    const summary = { status: answer.status, mode: answer.mode, confidence: answer.confidence, citations: answer.citations };
    // Answerability: a message the triage doubts is in scope is answered only when the documents
    // clearly cover it; a loose match or none gets the out-of-scope reply, not a stray passage.
    if (outOfScopeChance !== undefined && !(answer.status === 'answered' && documentsOutweighDoubt(answer.confidence, outOfScopeChance))) {
      await context.sendActivity(textActivity(t(lang, 'core.outOfScope'), lang, this.helpActions(lang), 'out_of_scope'));
      this.record(context, lang, 'out_of_scope', false, summary);
      return;
    }
    if (answer.status === 'answered') {
      data.notSureStreak = 0;
      // "Tell me when this changes" follows the document quoted first.
      data.lastAnswerDoc = answer.citations[0]?.docId;
      const follow = this.deps.alertsDialog && data.lastAnswerDoc ? [t(lang, 'alerts.follow.button')] : [];
      const reply = answerActivity(answer, lang, this.deps.feedback ? [...extraActions, ...follow, ...feedbackReplies(lang)] : [...extraActions, ...follow]);
      await context.sendActivity(streamer ? streamer.finalize(reply) : reply);
      this.record(context, lang, 'answer', false, summary);
      return;
    }
    data.notSureStreak = (data.notSureStreak ?? 0) + 1;
    if (data.notSureStreak >= 2) {
      data.notSureStreak = 0;
      await this.escalate(context, lang, 'low_confidence', 'normal', text);
      this.record(context, lang, 'handoff', true, summary);
      return;
    }
    await context.sendActivity(textActivity(t(lang, 'core.notSure'), lang, [t(lang, 'core.notSureActions.officer')], 'not_sure'));
    this.record(context, lang, 'answer', false, summary);
  }

  /**
   * A 👍 / 👎 under an answer (before triage): stored with what the answer cited. A 👎 asks what the
   * resident was looking for (optional: Skip) and offers an officer.
   */
  private async feedback(context: TurnContext, data: ConversationData, lang: Lang, helpful: boolean): Promise<void> {
    const { channelId, conversation, from } = context.activity;
    const rated = await this.deps.feedback?.record({ channelId, conversationId: conversation.id, userId: from?.id ?? '', lang, helpful });
    const actions = helpful ? [] : [t(lang, 'core.notSureActions.officer'), ...(this.deps.feedback?.reason ? [t(lang, 'feedback.skip')] : [])];
    data.awaitingFeedbackReason = !helpful && this.deps.feedback?.reason !== undefined;
    if (data.awaitingFeedbackReason) data.ratedDocs = [...new Set([...(rated?.docIds ?? []), ...(data.lastAnswerDoc ? [data.lastAnswerDoc] : [])])];
    await context.sendActivity(textActivity(t(lang, helpful ? 'feedback.thanks' : data.awaitingFeedbackReason ? 'feedback.askReason' : 'feedback.sorry'), lang, actions, 'feedback'));
  }

  /** Whether the message after a 👎 is a new question rather than its reason (no detector, or a failing one: the reason). */
  private async isNewQuestion(text: string, lang: Lang, ratedDocs: string[]): Promise<boolean> {
    try {
      return (await this.deps.newQuestion?.isNewQuestion(text, lang, ratedDocs)) ?? false;
    } catch {
      return false;
    }
  }

  /** The message after a 👎: the resident's reason, stored masked with the press. */
  private async feedbackReason(context: TurnContext, lang: Lang, text: string): Promise<void> {
    const { channelId, conversation, from } = context.activity;
    await this.deps.feedback?.reason?.({ channelId, conversationId: conversation.id, userId: from?.id ?? '', lang, text });
    await context.sendActivity(textActivity(t(lang, 'feedback.reasonThanks'), lang, [t(lang, 'core.notSureActions.officer')], 'feedback'));
  }

  /**
   * Asks the safety reviewer (the LLM) about a message the triage did not call a crisis; its "danger
   * now" makes it one. Greetings, help requests and messages for an officer already in the
   * conversation are not reviewed; the review is bounded in time and its silence changes nothing.
   */
  private async reviewed(context: TurnContext, decision: Route, text: string, lang: Lang, withOfficer: boolean): Promise<Route> {
    const reviewer = this.deps.safetyReviewer;
    if (!reviewer || withOfficer || decision.kind === 'crisis' || decision.kind === 'greeting' || decision.kind === 'help') return decision;
    const deadlineAt = context.turnState.get<number | undefined>(TURN_DEADLINE_KEY);
    const budget = Math.min(this.deps.safetyReviewTimeoutMs ?? 4000, deadlineAt === undefined ? Infinity : deadlineAt - Date.now() - 2500);
    if (budget <= 0) return decision;
    const raised = await reviewer.review(text, lang, AbortSignal.timeout(budget));
    return raised ? { kind: 'crisis', category: raised } : decision;
  }

  /** Danger signals below a crisis: the emergency numbers go out before anything else. */
  private async caution(context: TurnContext, lang: Lang, category: CrisisCategory): Promise<void> {
    const lines = this.deps.hotlines.hotlines(category, lang).map((h) => t(lang, 'core.crisis.line', { name: h.name, phone: h.phone, hours: h.hours }));
    await context.sendActivity(textActivity([t(lang, 'core.caution'), ...lines].join('\n'), lang, [], 'caution'));
  }

  private async crisis(context: TurnContext, lang: Lang, category: CrisisCategory, text: string): Promise<void> {
    // The hotlines go out first and at once; the escalation follows.
    const lines = this.deps.hotlines
      .hotlines(category, lang)
      .map((h) => t(lang, 'core.crisis.line', { name: h.name, phone: h.phone, hours: h.hours }));
    await context.sendActivity(textActivity([t(lang, `core.crisis.intro.${category}`), ...lines].join('\n'), lang, [], 'crisis'));
    const ticket = await this.deps.handoff.escalate(this.escalationRequest(context, lang, 'crisis', 'urgent', text));
    // Never promise a call-back "as soon as possible" while the office is closed: say when it opens,
    // and send the resident to the round-the-clock numbers above.
    const escalated = ticket.withinOfficeHours
      ? t(lang, 'core.crisis.escalated')
      : t(lang, 'core.crisis.escalatedClosed', { nextOpening: this.formatOpening(ticket, lang) });
    await context.sendActivity(textActivity(escalated, lang));
    this.record(context, lang, 'crisis', true);
  }

  private async escalate(context: TurnContext, lang: Lang, reason: HandoffReason, priority: 'urgent' | 'normal', text: string): Promise<void> {
    const ticket = await this.deps.handoff.escalate(this.escalationRequest(context, lang, reason, priority, text));
    await context.sendActivity(textActivity(this.ticketText(ticket, lang), lang, [], 'handoff'));
  }

  private escalationRequest(context: TurnContext, lang: Lang, reason: HandoffReason, priority: 'urgent' | 'normal', text: string) {
    const activity = context.activity;
    return {
      reference: {
        channelId: activity.channelId,
        serviceUrl: activity.serviceUrl,
        conversation: activity.conversation,
        user: activity.from,
        bot: activity.recipient,
        locale: activity.locale,
      },
      channelId: activity.channelId,
      conversationId: activity.conversation.id,
      userId: activity.from?.id ?? '',
      lang,
      reason,
      priority,
      triggerText: text,
    };
  }

  private ticketText(ticket: HandoffTicket, lang: Lang): string {
    if (ticket.withinOfficeHours) {
      return t(lang, 'core.handoff.queuedWithinHours', { position: ticket.position, minutes: ticket.expectedWaitMinutes });
    }
    return t(lang, 'core.handoff.queuedOutsideHours', { nextOpening: this.formatOpening(ticket, lang) });
  }

  private formatOpening(ticket: HandoffTicket, lang: Lang): string {
    return ticket.nextOpening
      ? new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeStyle: 'short', timeZone: this.deps.officeTimeZone }).format(new Date(ticket.nextOpening))
      : '';
  }

  private helpActions(lang: Lang): string[] {
    return [t(lang, 'core.helpActions.benefits'), t(lang, 'core.helpActions.officer')];
  }

  private record(context: TurnContext, lang: Lang, route: TurnOutcome['route'], escalated: boolean, answer?: TurnOutcome['answer']): void {
    this.deps.outcomes?.record({
      channelId: context.activity.channelId,
      conversationId: context.activity.conversation.id,
      userId: context.activity.from?.id,
      activityId: context.activity.id,
      lang,
      route,
      escalated,
      answer,
    });
  }
}

function done(): DialogTurnResult {
  return { status: DialogTurnStatus.complete };
}
