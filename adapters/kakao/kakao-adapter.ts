/**
 * KakaoTalk channel (Kakao i Open Builder skill). Kakao waits at most 5 seconds for the skill
 * response, in the same HTTP exchange, so the turn's outgoing activities are collected in
 * turnState and written as one version-2.0 response when the turn ends. If the turn is not done
 * within `syncBudgetMs`:
 * - with callback mode (needs the bot's AI-chatbot approval in Open Builder) and a
 *   `userRequest.callbackUrl`, the adapter answers `useCallback: true` and POSTs the final
 *   response to the callback URL (single use, valid one minute);
 * - otherwise it answers a localized "please ask again" and queues the late answer for the
 *   resident's next utterance.
 * The bot can read the deadline from `context.turnState.get('madoguchi.deadlineMs')` (epoch ms)
 * and choose a faster, extractive answer when it is near.
 *
 * Replays: Kakao requests carry no id and no time, so a request identical to one received within
 * `replayWindowMs` (see kakao-request-key.ts) is not processed again; it is answered with the
 * late answer waiting for the resident if there is one, else "still preparing" or "already answered".
 * Kakao is not put through the inbox that LINE and Telegram use: its acknowledgement is the answer
 * itself, so a crash before answering leaves Kakao without a 200 (the resident sees Kakao's error and
 * asks again) rather than an acknowledged event that is lost.
 */
import express, { type Router } from 'express';
import type { Logger } from 'pino';
import type { Activity, ConversationReference, ResourceResponse, TurnContext } from 'botbuilder';
import { randomUUID } from 'node:crypto';
import { t } from '../../locales/i18n';
import { PlatformHttpError } from '../shared/adapter-errors';
import type { BotLogic } from '../shared/channel-endpoint';
import { jsonBodyErrors } from '../shared/json-errors';
import { langOf } from '../shared/locale-of';
import { clientIpOf, PlatformAdapter } from '../shared/platform-adapter';
import { retryWithBackoff } from '../shared/retry';
import { activitiesToSkillResponse, callbackAck, isKakaoSkillRequest, kakaoRequestToActivity, type KakaoSkillResponse } from './kakao-mapping';
import { MemoryKakaoPendingStore, toStored, type KakaoPendingStore, type StoredKakaoActivity } from './kakao-pending-store';
import { kakaoRequestKey } from './kakao-request-key';
import { verifyKakaoSecret } from './kakao-signature';
import { DEFAULT_MAX_EVENT_AGE_MS } from '../shared/event-age';
import { MemoryWebhookInbox, type RequestRecord, type WebhookInbox } from '../shared/webhook-inbox';

/** Turn state key the bot reads: the epoch-ms time by which the turn should have answered. */
export const DEADLINE_TURN_STATE_KEY = 'madoguchi.deadlineMs';

/** Settings of the Kakao channel. */
export interface KakaoAdapterOptions {
  /** KAKAO_SKILL_SECRET, expected in `X-Skill-Secret`; empty turns the channel off. */
  skillSecret: string;
  /** KAKAO_CALLBACK_ENABLED: the bot is approved for callback mode in Open Builder. */
  callbackEnabled: boolean;
  log: Logger;
  /** How long to wait for the turn before answering (Kakao's limit is 5 s; default 4000). */
  syncBudgetMs?: number;
  /** How long a callback turn may take (the callback URL is valid 1 minute; default 50000). */
  callbackBudgetMs?: number;
  /** Where officer replies and late answers wait (use SqlKakaoPendingStore with several instances). */
  pending?: KakaoPendingStore;
  /** Hosts a callback may be POSTed to (default Kakao's own domains; guards against SSRF). */
  allowedCallbackHosts?: RegExp;
  /** Largest skill request accepted (default 256kb). */
  bodyLimit?: string;
  /** Remembers requests to recognise replays; shared across instances (SqlWebhookInbox). Default: this process only. */
  inbox?: WebhookInbox;
  /** An identical request within this time is a replay (default 10 minutes, WEBHOOK_MAX_AGE_SECONDS). */
  replayWindowMs?: number;
}

const OUTBOX = Symbol('kakao.outbox');

/** The Kakao endpoint mounted at `/webhooks/kakao`. */
export class KakaoAdapter extends PlatformAdapter {
  private readonly pending: KakaoPendingStore;
  private readonly inbox: WebhookInbox;

  constructor(private readonly options: KakaoAdapterOptions) {
    super({
      channelId: 'kakao',
      mountPath: '/webhooks/kakao',
      log: options.log,
      disabledReason: options.skillSecret ? undefined : 'channel kakao is not configured (set KAKAO_SKILL_SECRET)',
    });
    this.pending = options.pending ?? new MemoryKakaoPendingStore();
    this.inbox = options.inbox ?? new MemoryWebhookInbox();
  }

  /** @inheritdoc */
  router(bot: BotLogic): Router {
    const router = express.Router();
    router.post(
      '/',
      (req, res, next) => {
        if (!verifyKakaoSecret(this.options.skillSecret, req.get('x-skill-secret'))) {
          this.log.warn({ ip: clientIpOf(req) }, 'Kakao skill request without the right X-Skill-Secret rejected');
          res.status(401).json({ error: 'missing or wrong X-Skill-Secret header' });
          return;
        }
        next();
      },
      express.json({ limit: this.options.bodyLimit ?? '256kb', type: () => true }),
      async (req, res) => {
        const body: unknown = req.body;
        if (!isKakaoSkillRequest(body)) {
          res.status(400).json({ error: 'expected a Kakao skill request with userRequest.utterance and userRequest.user.id' });
          return;
        }
        const activity = kakaoRequestToActivity(body, clientIpOf(req));
        const key = kakaoRequestKey(body);
        const seen = await this.inbox.recordRequest('kakao', key, this.options.replayWindowMs ?? DEFAULT_MAX_EVENT_AGE_MS).catch((err: unknown) => {
          // Answering matters more than replay protection here: the resident is waiting.
          this.log.warn({ err }, 'could not record the Kakao request; processing it');
          return 'new' as const;
        });
        if (seen !== 'new') {
          this.log.info({ conversationId: activity.from?.id }, 'Kakao request identical to a recent one (a replay); not processed again');
          res.status(200).json(await this.answerReplay(activity, seen));
          return;
        }
        const callbackUrl = this.usableCallbackUrl(body.userRequest.callbackUrl);
        const finished = (): Promise<void> => this.inbox.complete('kakao', key);
        res.status(200).json(await this.handle(activity, callbackUrl, bot, finished));
      },
    );
    router.use(jsonBodyErrors(this.log));
    return router;
  }

  private usableCallbackUrl(url: string | undefined): string | undefined {
    if (!this.options.callbackEnabled || !url) return undefined;
    try {
      const parsed = new URL(url);
      const allowed = this.options.allowedCallbackHosts ?? /(^|\.)kakao\.com$|(^|\.)kakaoenterprise\.com$/;
      if ((parsed.protocol === 'https:' || parsed.protocol === 'http:') && allowed.test(parsed.hostname)) return url;
    } catch {
      // fall through
    }
    this.log.warn('Kakao callbackUrl not on an allowed host; answering synchronously');
    return undefined;
  }

  /**
   * The answer to a replayed request: the late answer waiting for the resident (the "ask again"
   * flow tells them to resend the same question), else "still preparing" while the first is not
   * finished, else "already answered".
   */
  private async answerReplay(activity: Partial<Activity>, seen: Exclude<RequestRecord, 'new'>): Promise<KakaoSkillResponse> {
    const lang = langOf(activity.locale, activity.text, 'ko');
    const askAgain = t(lang, 'channels.kakao.askAgain');
    const waiting = await this.pending.takeAll(activity.from?.id ?? '').catch((err: unknown) => {
      this.log.warn({ err }, 'could not read pending Kakao messages');
      return [] as StoredKakaoActivity[];
    });
    if (waiting.length) return activitiesToSkillResponse([{ type: 'message', text: t(lang, 'channels.kakao.pendingHeading') }, ...waiting], lang, askAgain);
    const text = seen === 'duplicate-unfinished' ? askAgain : t(lang, 'channels.kakao.alreadyAnswered');
    return activitiesToSkillResponse([{ type: 'message', text }], lang, askAgain);
  }

  private async handle(
    activity: Partial<Activity>,
    callbackUrl: string | undefined,
    bot: BotLogic,
    finished: () => Promise<void>,
  ): Promise<KakaoSkillResponse | ReturnType<typeof callbackAck>> {
    const userId = activity.from?.id ?? '';
    const lang = langOf(activity.locale, activity.text, 'ko');
    const waiting = await this.pending.takeAll(userId).catch((err: unknown) => {
      this.log.warn({ err }, 'could not read pending Kakao messages');
      return [] as StoredKakaoActivity[];
    });
    const earlier: Partial<Activity>[] = waiting.length ? [{ type: 'message', text: t(lang, 'channels.kakao.pendingHeading') }, ...waiting] : [];
    const budget = this.options.syncBudgetMs ?? 4000;
    const outbox: Partial<Activity>[] = [];
    const deadline = Date.now() + (callbackUrl ? (this.options.callbackBudgetMs ?? 50000) : budget);
    const turn = this.runTurn(activity, bot, (ctx) => {
      ctx.turnState.set(OUTBOX, outbox);
      ctx.turnState.set(DEADLINE_TURN_STATE_KEY, deadline);
    });
    // Marked finished when the turn ends (also when it ends after the synchronous answer).
    this.track(turn.then(finished), 'kakao request finished');
    let timer: NodeJS.Timeout | undefined;
    const timedOut = await Promise.race([
      turn.then(() => false),
      new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(true), budget))),
    ]).finally(() => clearTimeout(timer));
    const askAgain = t(lang, 'channels.kakao.askAgain');
    if (!timedOut) return activitiesToSkillResponse([...earlier, ...outbox], lang, askAgain);
    if (callbackUrl) {
      this.track(
        turn.then(() => this.postCallback(callbackUrl, activitiesToSkillResponse([...earlier, ...outbox], lang, askAgain))),
        'kakao callback',
      );
      return callbackAck(t(lang, 'channels.kakao.thinking'));
    }
    // No callback: answer now; what the turn sends later waits for the next utterance.
    const sentSoFar = outbox.length;
    this.track(
      turn.then(async () => {
        const late = outbox.slice(sentSoFar).filter((a) => (a.type ?? 'message') === 'message');
        if (late.length) await this.pending.enqueue(userId, late.map(toStored));
      }),
      'kakao late answer',
    );
    return activitiesToSkillResponse([...earlier, ...outbox.slice(0, sentSoFar), { type: 'message', text: askAgain }], lang, askAgain);
  }

  private async postCallback(url: string, response: KakaoSkillResponse): Promise<void> {
    try {
      await retryWithBackoff(
        async () => {
          let res: Response;
          try {
            res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(response), signal: AbortSignal.timeout(10000) });
          } catch (cause) {
            throw new PlatformHttpError('kakao', 'callback', 0, '', { cause });
          }
          const text = await res.text().catch(() => '');
          if (!res.ok) throw new PlatformHttpError('kakao', 'callback', res.status, text);
        },
        { attempts: 3, baseDelayMs: 300, log: this.log, what: 'kakao callback' },
      );
    } catch (err) {
      this.log.error({ err }, 'Kakao callback failed after retries');
    }
  }

  /** @inheritdoc */
  sendActivities(context: TurnContext, activities: Partial<Activity>[]): Promise<ResourceResponse[]> {
    const outbox = context.turnState.get<Partial<Activity>[] | undefined>(OUTBOX);
    // Typing has no Kakao equivalent; messages are written into the skill response.
    for (const a of activities) if ((a.type ?? 'message') === 'message') outbox?.push(a);
    return Promise.resolve(activities.map(() => ({ id: randomUUID() })));
  }

  /**
   * Proactive send. Kakao skills cannot push (that needs Kakao's event API or BizMessage), so the
   * messages are queued and delivered with the skill response to the resident's next utterance.
   */
  async continueConversation(reference: Partial<ConversationReference>, logic: BotLogic): Promise<void> {
    const outbox: Partial<Activity>[] = [];
    await this.runTurn(this.proactiveActivity(reference), logic, (ctx) => ctx.turnState.set(OUTBOX, outbox));
    const userId = reference.user?.id ?? reference.conversation?.id;
    if (!userId || !outbox.length) return;
    await this.pending.enqueue(userId, outbox.map(toStored), 'proactive');
    this.log.info({ conversationId: userId, count: outbox.length }, 'Kakao proactive message queued for the next utterance');
  }
}
