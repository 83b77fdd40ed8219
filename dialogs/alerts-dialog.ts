/**
 * Opt-in alerts in the conversation (id `alerts`). Subscribing: the resident picks a topic (or the
 * "Tell me when this changes" button names the document just quoted), is shown exactly what is
 * stored and why, and agrees or not; only a yes stores anything, with the time and the version of
 * the wording shown. Listing shows each subscription, since when and under which wording, and what
 * is stored to reach them. Stopping asks which (when there are several) and asks to confirm. Every
 * path goes through the {@link AlertSubscriptions} port; nothing here touches storage.
 */
import { TurnContext } from 'botbuilder';
import { ComponentDialog, TextPrompt, WaterfallDialog, type DialogTurnResult, type WaterfallStepContext } from 'botbuilder-dialogs';
import { t } from '../locales/i18n';
import { parseYesNo } from '../eligibility/extract/control-words';
import { textActivity } from './answer-reply';
import type { AlertRequest } from './alerts/alert-phrases';
import type { AlertSubscriptions, AlertTopicChoice, Lang, ResidentSubscription } from './ports';

export { alertRequestOf, exactAlertCommand, type AlertRequest } from './alerts/alert-phrases';

/** Id the main dialog starts. */
export const ALERTS_DIALOG_ID = 'alerts';

/** How the main dialog starts it: `beginDialog('alerts', { request, lang, docId })`. */
export interface AlertsDialogOptions {
  request: AlertRequest;
  lang: Lang;
  /** The document the last answer quoted (for "Tell me when this changes"). */
  docId?: string;
}

/** What a waterfall keeps between its steps. */
interface AlertsState {
  lang: Lang;
  choices: AlertTopicChoice[];
  topic?: AlertTopicChoice;
  subscriptions: ResidentSubscription[];
  stopping: string[];
}

const SUBSCRIBE = 'alerts.subscribe';
const STOP = 'alerts.stop';
const PICK = 'alerts.pick';
const CONFIRM = 'alerts.confirm';

/** Lower case without spaces or punctuation, for matching a typed answer against a label. */
const squash = (s: string): string => s.toLowerCase().normalize('NFKC').replace(/[\s\p{P}\p{S}]+/gu, '');

/** The choice a resident's answer names: a button's label, the same words typed, or its number. */
export function pickChoice<T extends { label: string }>(answer: string, choices: readonly T[]): T | undefined {
  const typed = squash(answer);
  const n = /^\d{1,2}$/.test(answer.trim()) ? Number(answer.trim()) : NaN;
  if (n >= 1 && n <= choices.length) return choices[n - 1];
  return choices.find((c) => squash(c.label) === typed) ?? choices.find((c) => typed.length >= 2 && squash(c.label).includes(typed));
}

/** The alerts dialog. */
export class AlertsDialog extends ComponentDialog {
  constructor(private readonly subscriptions: AlertSubscriptions) {
    super(ALERTS_DIALOG_ID);
    this.addDialog(new TextPrompt(PICK));
    this.addDialog(new TextPrompt(CONFIRM));
    this.addDialog(new WaterfallDialog(SUBSCRIBE, [(s) => this.askTopic(s), (s) => this.askConsent(s), (s) => this.afterConsent(s)]));
    this.addDialog(new WaterfallDialog(STOP, [(s) => this.askWhich(s), (s) => this.askStop(s), (s) => this.afterStop(s)]));
  }

  /** Starts the flow the request names. */
  protected override async onBeginDialog(innerDc: Parameters<ComponentDialog['onBeginDialog']>[0], options?: AlertsDialogOptions): Promise<DialogTurnResult> {
    const request = options?.request ?? 'subscribe';
    const lang = options?.lang ?? 'en';
    if (request === 'list') {
      await this.list(innerDc.context, lang);
      return innerDc.endDialog();
    }
    if (request === 'unsubscribe') return innerDc.beginDialog(STOP, { lang });
    return innerDc.beginDialog(SUBSCRIBE, { lang, docId: request === 'follow' ? options?.docId : undefined });
  }

  private state(step: WaterfallStepContext): AlertsState {
    return step.values as AlertsState;
  }

  private async askTopic(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const { lang, docId } = step.options as { lang: Lang; docId?: string };
    const state = this.state(step);
    state.lang = lang;
    if (docId) {
      const topic = `program:${docId}`;
      state.topic = { topic, label: await this.subscriptions.label(topic, lang) };
      return step.next();
    }
    state.choices = await this.subscriptions.topics(lang);
    return step.prompt(PICK, { prompt: textActivity(t(lang, 'alerts.choose'), lang, state.choices.map((c) => c.label)) });
  }

  private async askConsent(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const state = this.state(step);
    const { lang } = state;
    state.topic ??= pickChoice(String(step.result ?? ''), state.choices);
    if (!state.topic) {
      await step.context.sendActivity(textActivity(t(lang, 'alerts.notUnderstood'), lang));
      return step.endDialog();
    }
    const { activity } = step.context;
    const text = t(lang, 'alerts.consent.text', {
      topic: state.topic.label,
      channel: channelName(activity.channelId, lang),
      language: t(lang, `alerts.languages.${lang}`),
      version: t(lang, 'alerts.consent.version'),
    });
    return step.prompt(CONFIRM, { prompt: textActivity(text, lang, [t(lang, 'alerts.consent.yes'), t(lang, 'alerts.consent.no')]) });
  }

  private async afterConsent(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const state = this.state(step);
    const { lang } = state;
    const topic = state.topic!;
    if (!isYes(String(step.result ?? ''), lang, 'alerts.consent.yes', 'alerts.consent.no')) {
      await step.context.sendActivity(textActivity(t(lang, 'alerts.declined'), lang));
      return step.endDialog();
    }
    const { activity } = step.context;
    const result = await this.subscriptions.subscribe({
      channelId: activity.channelId,
      userId: activity.from?.id ?? activity.conversation.id,
      conversationId: activity.conversation.id,
      reference: TurnContext.getConversationReference(activity),
      lang,
      topic: topic.topic,
      wordingVersion: t(lang, 'alerts.consent.version'),
    });
    await step.context.sendActivity(textActivity(t(lang, result === 'created' ? 'alerts.subscribed' : 'alerts.already', { topic: topic.label }), lang));
    return step.endDialog();
  }

  private async list(context: TurnContext, lang: Lang): Promise<void> {
    const { activity } = context;
    const subs = await this.subscriptions.list(activity.channelId, activity.from?.id ?? activity.conversation.id, lang);
    if (subs.length === 0) {
      await context.sendActivity(textActivity(t(lang, 'alerts.list.none'), lang));
      return;
    }
    const channel = channelName(activity.channelId, lang);
    const date = new Intl.DateTimeFormat(lang, { dateStyle: 'medium' });
    const lines = [
      t(lang, 'alerts.list.heading', { channel }),
      ...subs.map((s) => t(lang, 'alerts.list.item', { topic: s.label, date: date.format(s.consentedAt), version: s.wordingVersion })),
      '',
      t(lang, 'alerts.list.stored', { channel, language: t(lang, `alerts.languages.${lang}`) }),
    ];
    await context.sendActivity(textActivity(lines.join('\n'), lang));
  }

  private async askWhich(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const { lang } = step.options as { lang: Lang };
    const state = this.state(step);
    state.lang = lang;
    const { activity } = step.context;
    state.subscriptions = await this.subscriptions.list(activity.channelId, activity.from?.id ?? activity.conversation.id, lang);
    if (state.subscriptions.length === 0) {
      await step.context.sendActivity(textActivity(t(lang, 'alerts.stop.none'), lang));
      return step.endDialog();
    }
    if (state.subscriptions.length === 1) {
      state.stopping = [state.subscriptions[0].topic];
      return step.next();
    }
    const labels = [...state.subscriptions.map((s) => s.label), t(lang, 'alerts.stop.all')];
    return step.prompt(PICK, { prompt: textActivity(t(lang, 'alerts.stop.which'), lang, labels) });
  }

  private async askStop(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const state = this.state(step);
    const { lang } = state;
    if (!state.stopping) {
      const answer = String(step.result ?? '');
      const all = { label: t(lang, 'alerts.stop.all'), topic: '*' };
      const picked = pickChoice(answer, [...state.subscriptions, all]);
      if (!picked) {
        await step.context.sendActivity(textActivity(t(lang, 'alerts.notUnderstood'), lang));
        return step.endDialog();
      }
      state.stopping = picked.topic === '*' ? state.subscriptions.map((s) => s.topic) : [picked.topic];
    }
    const topics = this.labelsOf(state);
    return step.prompt(CONFIRM, { prompt: textActivity(t(lang, 'alerts.stop.confirm', { topics }), lang, [t(lang, 'alerts.stop.yes'), t(lang, 'alerts.stop.no')]) });
  }

  private async afterStop(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const state = this.state(step);
    const { lang } = state;
    if (!isYes(String(step.result ?? ''), lang, 'alerts.stop.yes', 'alerts.stop.no')) {
      await step.context.sendActivity(textActivity(t(lang, 'alerts.stop.kept'), lang));
      return step.endDialog();
    }
    const { activity } = step.context;
    const everything = state.stopping.length === state.subscriptions.length;
    await this.subscriptions.unsubscribe(activity.channelId, activity.from?.id ?? activity.conversation.id, everything ? 'all' : state.stopping);
    await step.context.sendActivity(textActivity(t(lang, 'alerts.stop.done', { topics: this.labelsOf(state) }), lang));
    return step.endDialog();
  }

  private labelsOf(state: AlertsState): string {
    return state.subscriptions
      .filter((s) => state.stopping.includes(s.topic))
      .map((s) => `“${s.label}”`)
      .join(', ');
  }
}

/** The channel's name in the resident's language ("LINE", "this web chat"). */
function channelName(channelId: string, lang: Lang): string {
  const key = `alerts.channels.${channelId}`;
  const name = t(lang, key);
  return name === key ? t(lang, 'alerts.channels.default') : name;
}

/** A yes: the yes button, or a yes in words (the no button and anything else is a no). */
function isYes(answer: string, lang: Lang, yesKey: string, noKey: string): boolean {
  const typed = squash(answer);
  if (typed === squash(t(lang, noKey))) return false;
  if (typed === squash(t(lang, yesKey))) return true;
  return parseYesNo(answer, lang) === true;
}
