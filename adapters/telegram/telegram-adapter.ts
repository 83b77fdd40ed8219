/**
 * Telegram channel. Updates carry the webhook secret in a header (checked before the body is
 * parsed); they are acknowledged at once and processed in the background, each `update_id`
 * once. Replies go through `sendMessage` with an inline keyboard for suggested actions.
 */
import { randomUUID } from 'node:crypto';
import express, { type Router } from 'express';
import type { Logger } from 'pino';
import type { Activity, ConversationReference, ResourceResponse, TurnContext } from 'botbuilder';
import type { Lang } from '../../locales/lang';
import type { BotLogic } from '../shared/channel-endpoint';
import { jsonBodyErrors } from '../shared/json-errors';
import { langOf } from '../shared/locale-of';
import { actionsOf } from '../shared/outgoing-activity';
import { clientIpOf, PlatformAdapter } from '../shared/platform-adapter';
import { retryWithBackoff } from '../shared/retry';
import { MemoryWebhookDeduper, type WebhookDeduper } from '../shared/webhook-deduper';
import { TelegramApiClient } from './telegram-api-client';
import { activityToTelegramMessages, callbackDataFor, isTelegramUpdate, telegramUpdateToActivity, type TelegramMessage, type TelegramUpdate } from './telegram-mapping';
import { verifyTelegramSecret } from './telegram-signature';

/** Settings of the Telegram channel. */
export interface TelegramAdapterOptions {
  /** TELEGRAM_BOT_TOKEN; empty turns the channel off. */
  botToken: string;
  /** TELEGRAM_WEBHOOK_SECRET (the `secret_token` given to setWebhook); empty turns the channel off. */
  webhookSecret: string;
  /** TELEGRAM_API_BASE_URL (a local fake in tests). */
  apiBaseUrl: string;
  log: Logger;
  /** Processes each update_id once across instances (default: in this process only). */
  dedupe?: WebhookDeduper;
  /** Largest update accepted (default 256kb). */
  bodyLimit?: string;
  /** Language for adapter-made text when nothing else says (default `en`). */
  defaultLang?: Lang;
  retry?: { attempts?: number; baseDelayMs?: number };
}

/** The Telegram endpoint mounted at `/webhooks/telegram`. */
export class TelegramAdapter extends PlatformAdapter {
  private readonly api: TelegramApiClient;
  /** Long button values by hash (bounded); a miss falls back to the pressed button's label. */
  private readonly longValues = new Map<string, string>();
  private readonly dedupe: WebhookDeduper;

  constructor(private readonly options: TelegramAdapterOptions) {
    super({
      channelId: 'telegram',
      mountPath: '/webhooks/telegram',
      log: options.log,
      disabledReason:
        options.botToken && options.webhookSecret ? undefined : 'channel telegram is not configured (set TELEGRAM_BOT_TOKEN and TELEGRAM_WEBHOOK_SECRET)',
    });
    this.api = new TelegramApiClient(options.apiBaseUrl, options.botToken);
    this.dedupe = options.dedupe ?? new MemoryWebhookDeduper();
  }

  /** @inheritdoc */
  router(bot: BotLogic): Router {
    const router = express.Router();
    router.post(
      '/',
      (req, res, next) => {
        // The secret is checked before the body is read or parsed.
        if (!verifyTelegramSecret(this.options.webhookSecret, req.get('x-telegram-bot-api-secret-token'))) {
          this.log.warn({ ip: clientIpOf(req) }, 'Telegram webhook with a wrong secret rejected');
          res.status(401).json({ error: 'invalid X-Telegram-Bot-Api-Secret-Token' });
          return;
        }
        next();
      },
      express.json({ limit: this.options.bodyLimit ?? '256kb', type: () => true }),
      (req, res) => {
        const update: unknown = req.body;
        if (!isTelegramUpdate(update)) {
          res.status(400).json({ error: 'expected a Telegram Update with an update_id' });
          return;
        }
        res.status(200).json({});
        this.track(this.processUpdate(update, clientIpOf(req), bot), 'telegram update');
      },
    );
    router.use(jsonBodyErrors(this.log));
    return router;
  }

  private resolveCallback = (data: string, message: TelegramMessage | undefined): string | undefined => {
    if (data.startsWith('v:')) return data.slice(2);
    if (data.startsWith('h:')) {
      const known = this.longValues.get(data);
      if (known) return known;
      for (const row of message?.reply_markup?.inline_keyboard ?? []) for (const b of row) if (b.callback_data === data) return b.text;
    }
    return undefined;
  };

  private async processUpdate(update: TelegramUpdate, clientIp: string, bot: BotLogic): Promise<void> {
    if (!(await this.dedupe.firstSeen('telegram', String(update.update_id)))) return;
    if (update.callback_query) {
      // Stops the spinner on the pressed button; a failure here must not stop the turn.
      await this.api.call('answerCallbackQuery', { callback_query_id: update.callback_query.id }).catch((err: unknown) => this.log.warn({ err }, 'answerCallbackQuery failed'));
    }
    const activity = telegramUpdateToActivity(update, clientIp, this.resolveCallback);
    if (!activity) {
      this.log.debug({ updateId: update.update_id }, 'Telegram update ignored');
      return;
    }
    await this.runTurn(activity, bot);
  }

  /** @inheritdoc */
  async sendActivities(context: TurnContext, activities: Partial<Activity>[]): Promise<ResourceResponse[]> {
    const responses: ResourceResponse[] = [];
    for (const activity of activities) {
      responses.push({ id: randomUUID() });
      const chatId = activity.conversation?.id ?? context.activity.conversation.id;
      if (activity.type === 'typing') {
        await this.send('sendChatAction', { chat_id: chatId, action: 'typing' }, 1);
      } else if (activity.type === 'delay') {
        await new Promise((r) => setTimeout(r, typeof activity.value === 'number' ? activity.value : 1000));
      } else if ((activity.type ?? 'message') === 'message') {
        for (const a of actionsOf(activity)) this.remember(a.value);
        const lang = langOf(activity.locale ?? context.activity.locale, activity.text, this.options.defaultLang ?? 'en');
        for (const body of activityToTelegramMessages(activity, chatId, lang)) await this.send('sendMessage', body);
      }
    }
    return responses;
  }

  private remember(value: string): void {
    const data = callbackDataFor(value);
    if (!data.startsWith('h:')) return;
    this.longValues.set(data, value);
    if (this.longValues.size > 5000) {
      const oldest = this.longValues.keys().next().value;
      if (oldest !== undefined) this.longValues.delete(oldest);
    }
  }

  private async send(method: string, body: unknown, attempts?: number): Promise<void> {
    try {
      await retryWithBackoff(() => this.api.call(method, body), {
        attempts: attempts ?? this.options.retry?.attempts ?? 4,
        baseDelayMs: this.options.retry?.baseDelayMs ?? 500,
        log: this.log,
        what: `telegram ${method}`,
      });
    } catch (err) {
      this.log.error({ err, method }, 'Telegram call failed after retries');
    }
  }

  /** Proactive send: Telegram bots may message a chat that has talked to them. */
  async continueConversation(reference: Partial<ConversationReference>, logic: BotLogic): Promise<void> {
    await this.runTurn(this.proactiveActivity(reference), logic);
  }
}
