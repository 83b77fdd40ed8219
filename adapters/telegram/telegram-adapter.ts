/**
 * Telegram channel. Updates carry the webhook secret in a header (checked before the body is
 * parsed); a message older than `maxEventAgeMs` (its `date`) is a replay and ignored; the others are
 * stored in the webhook inbox, then acknowledged, and processed from the inbox in the background,
 * each `update_id` once, also after a crash between acknowledgement and processing. Replies go through `sendMessage` with an inline keyboard for suggested actions.
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
import { DEFAULT_MAX_EVENT_AGE_MS, isStaleEvent } from '../shared/event-age';
import { InboxRunner } from '../shared/inbox-runner';
import { MemoryWebhookInbox, type WebhookInbox } from '../shared/webhook-inbox';
import { storablePayload, type MaskText } from '../shared/payload-masking';
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
  /** Where updates wait until processed, each update_id once; shared across instances (SqlWebhookInbox). Default: this process only. */
  inbox?: WebhookInbox;
  /**
   * Masks personal data in each update before the inbox stores it (text, captions, names; the turn
   * masks them again). Without it updates are stored as Telegram sent them, less control characters.
   */
  maskText?: MaskText;
  /** Messages whose `date` is further than this from now are ignored (default 10 minutes). */
  maxEventAgeMs?: number;
  /** Attempts per update and claim lease of the inbox (defaults: INBOX_DEFAULTS). */
  inboxMaxAttempts?: number;
  inboxLeaseMs?: number;
  /** The clock (tests). */
  now?: () => number;
  /** Largest update accepted (default 256kb). */
  bodyLimit?: string;
  /** Language for adapter-made text when nothing else says (default `en`). */
  defaultLang?: Lang;
  retry?: { attempts?: number; baseDelayMs?: number };
}

/**
 * Fields of an update kept exactly as sent: callback data and the keyboard it is looked up in were
 * made by the bot (a long value is found again by its hash), not written by the resident.
 */
const VERBATIM_KEYS: ReadonlySet<string> = new Set(['data', 'reply_markup']);

/** What the inbox keeps of one update until it is processed. */
interface StoredTelegramUpdate {
  update: TelegramUpdate;
  clientIp: string;
}

function isStoredTelegramUpdate(v: unknown): v is StoredTelegramUpdate {
  const s = v as Partial<StoredTelegramUpdate> | null;
  return typeof s === 'object' && s !== null && isTelegramUpdate(s.update) && typeof s.clientIp === 'string';
}

/**
 * When the update's content was sent (epoch ms): a message's `date`, an edit's `edit_date`. A
 * button press (callback_query) carries no time of its own (its message's date is when the
 * keyboard was sent, possibly long ago): undefined, and only its update_id protects it.
 */
export function telegramUpdateTime(update: TelegramUpdate): number | undefined {
  const edited = update.edited_message as { date?: unknown; edit_date?: unknown } | undefined;
  const seconds = update.message?.date ?? edited?.edit_date ?? edited?.date;
  return typeof seconds === 'number' ? seconds * 1000 : undefined;
}

/** The Telegram endpoint mounted at `/webhooks/telegram`. */
export class TelegramAdapter extends PlatformAdapter {
  private readonly api: TelegramApiClient;
  /** Long button values by hash (bounded); a miss falls back to the pressed button's label. */
  private readonly longValues = new Map<string, string>();
  private readonly runner: InboxRunner;
  private readonly now: () => number;
  /** The bot logic, known once {@link router} has been built (the inbox's resumed updates need it). */
  private bot: BotLogic | undefined;

  constructor(private readonly options: TelegramAdapterOptions) {
    super({
      channelId: 'telegram',
      mountPath: '/webhooks/telegram',
      log: options.log,
      disabledReason:
        options.botToken && options.webhookSecret ? undefined : 'channel telegram is not configured (set TELEGRAM_BOT_TOKEN and TELEGRAM_WEBHOOK_SECRET)',
    });
    this.api = new TelegramApiClient(options.apiBaseUrl, options.botToken);
    this.now = options.now ?? Date.now;
    this.runner = new InboxRunner({
      inbox: options.inbox ?? new MemoryWebhookInbox(),
      platform: 'telegram',
      log: this.log,
      handle: (payload) => this.processStored(payload),
      track: (work, what) => this.track(work, what),
      ...(options.inboxMaxAttempts !== undefined ? { maxAttempts: options.inboxMaxAttempts } : {}),
      ...(options.inboxLeaseMs !== undefined ? { leaseMs: options.inboxLeaseMs } : {}),
    });
  }

  /**
   * Processes the updates a previous run acknowledged but did not finish, then keeps sweeping for
   * updates left by a dead instance, in the background. Call once {@link router} is mounted.
   * @param orphaned true when no other process can be working on them (the embedded database)
   */
  resume(orphaned: boolean, sweepIntervalMs?: number): void {
    if (!this.enabled || !this.bot) return;
    this.runner.start(orphaned, sweepIntervalMs);
  }

  /** @inheritdoc */
  override async drain(): Promise<void> {
    this.runner.stopSweeping();
    await super.drain();
  }

  /** @inheritdoc */
  router(bot: BotLogic): Router {
    this.bot = bot;
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
      async (req, res) => {
        const update: unknown = req.body;
        if (!isTelegramUpdate(update)) {
          res.status(400).json({ error: 'expected a Telegram Update with an update_id' });
          return;
        }
        const sentAt = telegramUpdateTime(update);
        if (sentAt !== undefined && isStaleEvent(sentAt, this.now(), this.options.maxEventAgeMs ?? DEFAULT_MAX_EVENT_AGE_MS)) {
          // 200, not an error: Telegram would otherwise redeliver it for hours.
          this.log.warn({ updateId: update.update_id, ageMs: this.now() - sentAt }, 'Telegram update older than the maximum age ignored (replay?)');
          res.status(200).json({});
          return;
        }
        const key = String(update.update_id);
        let accepted: boolean;
        try {
          // Masked before it is stored: the row waits, possibly across a crash, until processed.
          const stored = storablePayload(update, this.options.maskText, VERBATIM_KEYS) as TelegramUpdate;
          accepted = await this.runner.accept(key, { update: stored, clientIp: clientIpOf(req) } satisfies StoredTelegramUpdate);
        } catch (err) {
          // Not stored, so not acknowledged: Telegram retries.
          this.log.error({ err }, 'Telegram update could not be stored in the inbox');
          res.status(503).json({ error: 'temporarily unavailable' });
          return;
        }
        res.status(200).json({});
        if (accepted) this.runner.process(key);
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

  /** Handles one update from the inbox. */
  private async processStored(payload: unknown): Promise<void> {
    const bot = this.bot;
    if (!bot) throw new Error('Telegram router not mounted');
    if (!isStoredTelegramUpdate(payload)) {
      this.log.warn('Telegram inbox entry of an unknown shape ignored');
      return;
    }
    const { update, clientIp } = payload;
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
