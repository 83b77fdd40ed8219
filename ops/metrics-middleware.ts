/**
 * A botbuilder middleware that times every turn and every batch of outgoing activities (the
 * channel send: the connector POST for Bot Framework, the platform API call for LINE/Telegram,
 * collecting the synchronous answer for Kakao), labelled by channel only.
 *
 * Register it first on every adapter so the turn time covers the other middleware (masking,
 * transcript, state) as well as the bot.
 */
import type { Activity, Middleware, ResourceResponse, TurnContext } from 'botbuilder';
import type { Metrics } from './metrics';

/** Times turns and channel sends. */
export class MetricsMiddleware implements Middleware {
  constructor(private readonly metrics: Metrics) {}

  async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
    const channelId = context.activity.channelId;
    context.onSendActivities(async (_ctx, activities: Partial<Activity>[], sendNext: () => Promise<ResourceResponse[]>) => {
      // Typing indicators are sent too; they cost a round trip like any other activity.
      if (activities.length === 0) return sendNext();
      return this.metrics.time('channel_send', sendNext, channelId);
    });
    const started = process.hrtime.bigint();
    this.metrics.turnStarted(channelId);
    try {
      await next();
    } catch (err) {
      this.metrics.error('turn');
      throw err;
    } finally {
      this.metrics.turnFinished(channelId);
      this.metrics.observe('turn', Number(process.hrtime.bigint() - started) / 1e9, channelId);
    }
  }
}
