/**
 * LINE Messaging API channel. The webhook is verified on the raw body before parsing, answered
 * with 200 at once (LINE expects a fast answer and redelivers otherwise) and processed in the
 * background. A turn's replies are collected and sent together with the single-use reply token
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
import type { WebhookDeduper } from '../shared/webhook-deduper';
import { LineApiClient } from './line-api-client';
import { activitiesToLineMessages, isLineWebhookBody, lineEventToActivity, LINE_LIMITS, type LineEvent, type LineTextMessage } from './line-mapping';
import { verifyLineSignature } from './line-signature';

/** Settings of the LINE channel. */
export interface LineAdapterOptions {
  /** LINE_CHANNEL_SECRET; empty turns the channel off. */
  channelSecret: string;
  /** LINE_CHANNEL_ACCESS_TOKEN; empty turns the channel off. */
  channelAccessToken: string;
  /** LINE_API_BASE_URL (a local fake in tests). */
  apiBaseUrl: string;
  log: Logger;
  /** Shared across instances (SqlWebhookDeduper) so redeliveries are processed once. */
  dedupe: WebhookDeduper;
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

/** The LINE endpoint mounted at `/webhooks/line`. */
export class LineAdapter extends PlatformAdapter {
  private readonly api: LineApiClient;

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
  }

  /** @inheritdoc */
  router(bot: BotLogic): Router {
    const router = express.Router();
    // Raw body on this route only: the signature is over the exact bytes LINE sent.
    router.post('/', express.raw({ type: () => true, limit: this.options.bodyLimit ?? '1mb' }), (req, res) => {
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
      if (!isLineWebhookBody(body)) {
        res.status(400).json({ error: 'expected a LINE webhook body with an events array' });
        return;
      }
      res.status(200).json({});
      const ip = clientIpOf(req);
      for (const event of body.events) this.track(this.processEvent(event, body.destination ?? '', ip, bot), 'line event');
    });
    router.use(jsonBodyErrors(this.log));
    return router;
  }

  private async processEvent(event: LineEvent, destination: string, clientIp: string, bot: BotLogic): Promise<void> {
    if (event.deliveryContext?.isRedelivery) {
      // Only skip when we really saw it: a redelivery whose first delivery never reached us is new.
      if (!event.webhookEventId || !(await this.options.dedupe.firstSeen('line', event.webhookEventId))) return;
    } else if (event.webhookEventId && !(await this.options.dedupe.firstSeen('line', event.webhookEventId))) {
      return;
    }
    if (event.mode === 'standby') return; // another module owns the chat
    const activity = lineEventToActivity(event, destination, clientIp);
    if (!activity) {
      this.log.debug({ type: event.type }, 'LINE event ignored');
      return;
    }
    const receivedAt = Date.now();
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
    if (token && !token.used && Date.now() - token.receivedAt < ttl && batches[0]) {
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
