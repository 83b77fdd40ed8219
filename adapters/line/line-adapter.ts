/**
 * LINE Messaging API channel. The webhook is verified on the raw body before parsing; each event
 * is checked for age (older than `maxEventAgeMs`: a replay, ignored), stored in the webhook inbox,
 * and only then answered with 200 (LINE expects a fast answer and redelivers otherwise); the events
 * are processed from the inbox in the background, so one acknowledged just before a crash is
 * processed after the restart, and each is processed once (by `webhookEventId`, or by a content
 * key when LINE sent none). A turn's replies are collected and sent together with the single-use reply token
 * (free, unlike push); when the token is used or stale, they go by push with an
 * `X-Line-Retry-Key` that is reused across retries so LINE accepts the push only once.
 */
import { randomUUID } from 'node:crypto';
import express, { type Router } from 'express';
import type { Logger } from 'pino';
import type { Activity, ConversationReference, ResourceResponse, TurnContext } from 'botbuilder';
import type { Lang } from '../../locales/lang';
import { PlatformHttpError } from '../shared/adapter-errors';
import type { BotLogic } from '../shared/channel-endpoint';
import { jsonBodyErrors } from '../shared/json-errors';
import { langOf } from '../shared/locale-of';
import { clientIpOf, PlatformAdapter } from '../shared/platform-adapter';
import { retryWithBackoff } from '../shared/retry';
import { DEFAULT_MAX_EVENT_AGE_MS, isStaleEvent } from '../shared/event-age';
import { InboxRunner } from '../shared/inbox-runner';
import { MemoryWebhookInbox, type WebhookInbox } from '../shared/webhook-inbox';
import { storablePayload, type MaskText } from '../shared/payload-masking';
import { LineApiClient } from './line-api-client';
import { activitiesToLineMessages, lineEventToActivity, LINE_LIMITS, type LineEvent, type LineTextMessage } from './line-mapping';
import { lineEventKey } from './line-event-key';
import { verifyLineSignature } from './line-signature';
import { parseLineWebhook } from './line-webhook-schema';

/** Settings of the LINE channel. */
export interface LineAdapterOptions {
  /** LINE_CHANNEL_SECRET; empty turns the channel off. */
  channelSecret: string;
  /** LINE_CHANNEL_ACCESS_TOKEN; empty turns the channel off. */
  channelAccessToken: string;
  /** LINE_API_BASE_URL (a local fake in tests). */
  apiBaseUrl: string;
  log: Logger;
  /** Where events wait until processed; shared across instances (SqlWebhookInbox). Default: this process only. */
  inbox?: WebhookInbox;
  /**
   * Masks personal data in each event before the inbox stores it (message text; the turn masks it
   * again). Without it events are stored as LINE sent them, less control characters.
   */
  maskText?: MaskText;
  /** Events whose `timestamp` is further than this from now are ignored (default 10 minutes). */
  maxEventAgeMs?: number;
  /** Attempts per event and claim lease of the inbox (defaults: INBOX_DEFAULTS). */
  inboxMaxAttempts?: number;
  inboxLeaseMs?: number;
  /** The clock (tests). */
  now?: () => number;
  /** Largest webhook body accepted (default 1mb; LINE batches events). */
  bodyLimit?: string;
  /** Reply tokens older than this are not tried (LINE: valid about a minute; default 50 s). */
  replyTokenTtlMs?: number;
  /** Language for adapter-made text when nothing else says (default `ja`). */
  defaultLang?: Lang;
  /** Push retry attempts and first backoff (defaults 4 and 500 ms). */
  retry?: { attempts?: number; baseDelayMs?: number };
}

interface ReplyTokenState {
  token: string;
  receivedAt: number;
  used: boolean;
}

/** Turn state keys (symbols: no other code can collide with them). */
const OUTBOX = Symbol('line.outbox');
const REPLY_TOKEN = Symbol('line.replyToken');

/** What the inbox keeps of one event until it is processed. */
interface StoredLineEvent {
  event: LineEvent;
  destination: string;
  clientIp: string;
  /** When the webhook arrived (epoch ms): the reply token's age counts from here. */
  receivedAt: number;
}

function isStoredLineEvent(v: unknown): v is StoredLineEvent {
  const s = v as Partial<StoredLineEvent> | null;
  return typeof s === 'object' && s !== null && typeof s.event === 'object' && s.event !== null && typeof s.receivedAt === 'number';
}

/** The LINE endpoint mounted at `/webhooks/line`. */
export class LineAdapter extends PlatformAdapter {
  private readonly api: LineApiClient;
  private readonly runner: InboxRunner;
  private readonly now: () => number;
  /** The bot logic, known once {@link router} has been built (the inbox's resumed events need it). */
  private bot: BotLogic | undefined;

  constructor(private readonly options: LineAdapterOptions) {
    super({
      channelId: 'line',
      mountPath: '/webhooks/line',
      log: options.log,
      disabledReason:
        options.channelSecret && options.channelAccessToken
          ? undefined
          : 'channel line is not configured (set LINE_CHANNEL_SECRET and LINE_CHANNEL_ACCESS_TOKEN)',
    });
    this.api = new LineApiClient(options.apiBaseUrl, options.channelAccessToken);
    this.now = options.now ?? Date.now;
    this.runner = new InboxRunner({
      inbox: options.inbox ?? new MemoryWebhookInbox(),
      platform: 'line',
      log: this.log,
      handle: (payload) => this.processStored(payload),
      track: (work, what) => this.track(work, what),
      ...(options.inboxMaxAttempts !== undefined ? { maxAttempts: options.inboxMaxAttempts } : {}),
      ...(options.inboxLeaseMs !== undefined ? { leaseMs: options.inboxLeaseMs } : {}),
    });
  }

  /**
   * Processes the events a previous run acknowledged but did not finish, then keeps sweeping for
   * events left by a dead instance, in the background. Call once {@link router} is mounted.
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
    // Raw body on this route only: the signature is over the exact bytes LINE sent.
    router.post('/', express.raw({ type: () => true, limit: this.options.bodyLimit ?? '1mb' }), async (req, res) => {
      const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      if (!verifyLineSignature(raw, this.options.channelSecret, req.get('x-line-signature'))) {
        this.log.warn({ ip: clientIpOf(req) }, 'LINE webhook with a missing or wrong signature rejected');
        res.status(401).json({ error: 'invalid X-Line-Signature' });
        return;
      }
      let body: unknown;
      try {
        body = JSON.parse(raw.toString('utf8'));
      } catch {
        res.status(400).json({ error: 'invalid JSON body' });
        return;
      }
      const webhook = parseLineWebhook(body);
      if (!webhook.ok) {
        res.status(400).json({ error: `expected a LINE webhook body with an events array (${webhook.problem})` });
        return;
      }
      const ip = clientIpOf(req);
      const receivedAt = this.now();
      const maxAge = this.options.maxEventAgeMs ?? DEFAULT_MAX_EVENT_AGE_MS;
      const accepted: string[] = [];
      try {
        for (const event of webhook.events) {
          if (isStaleEvent(event.timestamp, receivedAt, maxAge)) {
            this.log.warn({ type: event.type, ageMs: receivedAt - event.timestamp }, 'LINE event older than the maximum age ignored (replay?)');
            continue;
          }
          const key = lineEventKey(event);
          // Masked before it is stored: the row waits, possibly across a crash, until processed.
          const stored: StoredLineEvent = { event: storablePayload(event, this.options.maskText) as LineEvent, destination: webhook.destination ?? '', clientIp: ip, receivedAt };
          if (await this.runner.accept(key, stored)) accepted.push(key);
        }
      } catch (err) {
        // Not stored, so not acknowledged: LINE redelivers (when redelivery is on).
        this.log.error({ err }, 'LINE events could not be stored in the inbox');
        res.status(503).json({ error: 'temporarily unavailable' });
        return;
      }
      res.status(200).json({});
      for (const key of accepted) this.runner.process(key);
    });
    router.use(jsonBodyErrors(this.log));
    return router;
  }

  /** Handles one event from the inbox. */
  private async processStored(payload: unknown): Promise<void> {
    const bot = this.bot;
    if (!bot) throw new Error('LINE router not mounted');
    if (!isStoredLineEvent(payload)) {
      this.log.warn('LINE inbox entry of an unknown shape ignored');
      return;
    }
    const { event, destination, clientIp, receivedAt } = payload;
    if (event.mode === 'standby') return; // another module owns the chat
    const activity = lineEventToActivity(event, destination, clientIp);
    if (!activity) {
      this.log.debug({ type: event.type }, 'LINE event ignored');
      return;
    }
    // The loading animation starts when the bot sends `typing` (it is about to answer), not on
    // receipt: while an officer has the conversation the bot stays silent and must not look busy.
    const context = await this.runTurn(activity, bot, (ctx) => {
      ctx.turnState.set(OUTBOX, [] as Partial<Activity>[]);
      if (event.replyToken) ctx.turnState.set(REPLY_TOKEN, { token: event.replyToken, receivedAt, used: false } satisfies ReplyTokenState);
    });
    await this.flush(context);
  }

  private async startLoading(userId: string): Promise<void> {
    try {
      await this.api.startLoading(userId, 20);
    } catch (err) {
      this.log.warn({ err }, 'LINE loading animation failed');
    }
  }

  /** @inheritdoc */
  async sendActivities(context: TurnContext, activities: Partial<Activity>[]): Promise<ResourceResponse[]> {
    const outbox = context.turnState.get<Partial<Activity>[] | undefined>(OUTBOX);
    const responses: ResourceResponse[] = [];
    for (const activity of activities) {
      responses.push({ id: randomUUID() });
      if (activity.type === 'typing') {
        const conv = activity.conversation ?? context.activity.conversation;
        if (conv && !conv.isGroup) await this.startLoading(conv.id);
      } else if (activity.type === 'delay') {
        await new Promise((r) => setTimeout(r, typeof activity.value === 'number' ? activity.value : 1000));
      } else if ((activity.type ?? 'message') === 'message') {
        if (outbox) outbox.push(activity);
        else await this.deliver(context, [activity]);
      }
    }
    return responses;
  }

  /** Sends what the turn collected (called once the bot logic finished). */
  private async flush(context: TurnContext): Promise<void> {
    const outbox = context.turnState.get<Partial<Activity>[] | undefined>(OUTBOX);
    if (!outbox?.length) return;
    context.turnState.set(OUTBOX, []);
    await this.deliver(context, outbox);
  }

  private async deliver(context: TurnContext, activities: Partial<Activity>[]): Promise<void> {
    const first = activities[0];
    const lang = langOf(first?.locale ?? context.activity.locale, first?.text, this.options.defaultLang ?? 'ja');
    const messages = activitiesToLineMessages(activities, lang);
    if (!messages.length) return;
    const to = activities[0]?.conversation?.id ?? context.activity.conversation.id;
    const batches: LineTextMessage[][] = [];
    for (let i = 0; i < messages.length; i += LINE_LIMITS.messagesPerCall) batches.push(messages.slice(i, i + LINE_LIMITS.messagesPerCall));
    const token = context.turnState.get<ReplyTokenState | undefined>(REPLY_TOKEN);
    const ttl = this.options.replyTokenTtlMs ?? 50000;
    if (token && !token.used && this.now() - token.receivedAt < ttl && batches[0]) {
      token.used = true; // single use whatever the outcome
      try {
        await this.api.reply(token.token, batches[0]);
        batches.shift();
      } catch (err) {
        this.log.warn({ err, status: err instanceof PlatformHttpError ? err.status : undefined }, 'LINE reply failed; falling back to push');
      }
    }
    for (const batch of batches) await this.push(to, batch);
  }

  private async push(to: string, messages: LineTextMessage[]): Promise<void> {
    const retryKey = randomUUID(); // one key for all attempts of this push
    try {
      await retryWithBackoff(() => this.api.push(to, messages, retryKey), {
        attempts: this.options.retry?.attempts ?? 4,
        baseDelayMs: this.options.retry?.baseDelayMs ?? 500,
        log: this.log,
        what: 'line push',
      });
    } catch (err) {
      // The resident's message is in the transcript; the answer could not be delivered.
      this.log.error({ err, conversationId: to, retryKey }, 'LINE push failed after retries');
    }
  }

  /** Proactive send (officer replies): always by push, since there is no reply token. */
  async continueConversation(reference: Partial<ConversationReference>, logic: BotLogic): Promise<void> {
    const activity = this.proactiveActivity(reference);
    const context = await this.runTurn(activity, logic, (ctx) => ctx.turnState.set(OUTBOX, [] as Partial<Activity>[]));
    await this.flush(context);
  }
}
