/**
 * Base class for the non-Bot-Framework channels: a botbuilder `BotAdapter` that fulfils the
 * {@link ChannelEndpoint} contract. Subclasses verify and map the platform's webhook, then call
 * {@link PlatformAdapter.runTurn}, which runs the registered middleware and the bot logic.
 */
import { randomUUID } from 'node:crypto';
import { BotAdapter, TurnContext, type Activity, type ConversationReference, type ResourceResponse } from 'botbuilder';
import type { Request, Router } from 'express';
import type { Logger } from 'pino';
import { ChannelNotSupportedError } from './adapter-errors';
import type { BotLogic, ChannelEndpoint } from './channel-endpoint';

/** Settings common to every platform adapter. */
export interface PlatformAdapterBase {
  readonly channelId: string;
  readonly mountPath: string;
  /** Names the missing settings when the channel is off; undefined when it is on. */
  readonly disabledReason?: string;
  readonly log: Logger;
}

/** The synthetic service URL of a channel (kept for ConversationReference; never called). */
export function syntheticServiceUrl(channelId: string): string {
  return `https://${channelId}.madoguchi.local`;
}

/** The request's client IP for per-IP limits (Express honours `trust proxy` when set by the host). */
export function clientIpOf(req: Request): string {
  return req.ip ?? req.socket.remoteAddress ?? '';
}

/** Shared behaviour of LINE, Kakao, Telegram and web chat adapters. */
export abstract class PlatformAdapter extends BotAdapter implements ChannelEndpoint {
  readonly channelId: string;
  readonly mountPath: string;
  readonly enabled: boolean;
  readonly disabledReason?: string;
  protected readonly log: Logger;
  private readonly inFlight = new Set<Promise<unknown>>();

  protected constructor(base: PlatformAdapterBase) {
    super();
    this.channelId = base.channelId;
    this.mountPath = base.mountPath;
    this.enabled = base.disabledReason === undefined;
    if (base.disabledReason !== undefined) this.disabledReason = base.disabledReason;
    this.log = base.log.child({ channel: base.channelId });
    // A turn error is logged with the conversation id; the lead's handler may replace this.
    this.onTurnError = (context, error) => {
      this.log.error({ err: error, conversationId: context.activity.conversation?.id }, 'turn failed');
      return Promise.resolve();
    };
  }

  /** @inheritdoc */
  abstract router(bot: BotLogic): Router;

  /** Runs middleware and the bot for one incoming activity. */
  protected async runTurn(activity: Partial<Activity>, bot: BotLogic, prepare?: (context: TurnContext) => void): Promise<TurnContext> {
    const context = new TurnContext(this, activity);
    prepare?.(context);
    await this.runMiddleware(context, bot);
    return context;
  }

  /**
   * Runs `work` in the background and remembers it so {@link drain} can wait for it (graceful
   * shutdown); its failure is logged, never thrown into the request that started it.
   */
  protected track(work: Promise<unknown>, what: string): void {
    const p = work.catch((err: unknown) => this.log.error({ err, what }, 'background work failed'));
    this.inFlight.add(p);
    void p.finally(() => this.inFlight.delete(p));
  }

  /** Resolves when every webhook accepted so far has been processed. */
  async drain(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  /** The activity a proactive turn starts from (an event bound to the stored reference). */
  protected proactiveActivity(reference: Partial<ConversationReference>): Partial<Activity> {
    const activity = TurnContext.applyConversationReference({ type: 'event', name: 'proactive', id: randomUUID() }, reference, true);
    activity.channelId = this.channelId;
    activity.serviceUrl = syntheticServiceUrl(this.channelId);
    return activity;
  }

  /** Platforms here cannot edit sent messages. */
  updateActivity(_context: TurnContext, _activity: Partial<Activity>): Promise<ResourceResponse | void> {
    return Promise.reject(new ChannelNotSupportedError(this.channelId, 'updateActivity'));
  }

  /** Platforms here cannot delete sent messages. */
  deleteActivity(_context: TurnContext, _reference: Partial<ConversationReference>): Promise<void> {
    return Promise.reject(new ChannelNotSupportedError(this.channelId, 'deleteActivity'));
  }
}
