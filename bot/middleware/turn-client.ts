/**
 * Which client a turn comes from, for limits applied deep inside the turn (the hand-off creation
 * limit) where only the dialog's request, not the activity, is at hand.
 *
 * For channels whose requests come from the resident's own device (the web chat), the client is
 * the request's address (`channelData.clientIp`), so one browser opening many conversations is
 * one client. Platform webhooks (LINE, Kakao, Telegram, Bot Framework) all arrive from the
 * platform's few servers: there the client is the resident's account on the channel.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Activity, Middleware, TurnContext } from 'botbuilder';

/** The client key of an activity (see file comment). */
export function clientKeyOf(activity: Partial<Activity>, addressChannels: readonly string[]): string {
  const ip = (activity.channelData as { clientIp?: unknown } | undefined)?.clientIp;
  if (typeof ip === 'string' && ip !== '' && addressChannels.includes(activity.channelId ?? '')) return `ip:${ip}`;
  return `user:${activity.channelId ?? ''}:${activity.from?.id ?? ''}`;
}

/** Middleware that makes the turn's client key available to code the turn calls. */
export class TurnClient implements Middleware {
  private readonly store = new AsyncLocalStorage<string>();

  /** @param addressChannels channel ids whose `channelData.clientIp` is the resident's own address */
  constructor(private readonly addressChannels: readonly string[]) {}

  onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
    return this.store.run(clientKeyOf(context.activity, this.addressChannels), next);
  }

  /** The client key of the turn this call runs in; undefined outside a turn. */
  current(): string | undefined {
    return this.store.getStore();
  }
}
