/**
 * Bot Framework channels (Teams, Direct Line, Web Chat through Azure, the Emulator) at
 * `POST /api/messages` through botbuilder's CloudAdapter: anonymous when MicrosoftAppId is empty,
 * Azure Bot credentials otherwise.
 *
 * The endpoint checks the request itself and hands the activity to the adapter's
 * `processActivity` (authentication, the turn, the invoke response) instead of calling
 * `CloudAdapter.process`. That method builds its zod schemas anew for every request and writes
 * refused requests to stderr with `console.error`; here a refused request is one structured log
 * line and a JSON error.
 */
import express, { type Router } from 'express';
import type { Logger } from 'pino';
import { z } from 'zod';
import {
  type Activity,
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  type ConfigurationBotFrameworkAuthenticationOptions,
  type ConversationReference,
  type InvokeResponse,
  type Middleware,
  type TurnContext,
} from 'botbuilder';
import { AuthenticationError } from 'botframework-connector';
import type { BotLogic, ChannelEndpoint } from '../shared/channel-endpoint';
import { ReusingConnectorAuthentication } from './reusing-connector-authentication';

/**
 * What the endpoint requires of an incoming activity; the rest of the Bot Framework schema is
 * botbuilder's business and passes through unchanged.
 */
const IncomingActivity = z.looseObject({
  type: z.string().min(1),
  timestamp: z.string().optional(),
  localTimestamp: z.string().optional(),
  expiration: z.string().optional(),
});

/** CloudAdapter with its turn entry point open to the endpoint. */
export class EndpointCloudAdapter extends CloudAdapter {
  /** Authenticates the request (throws AuthenticationError) and runs the turn. */
  runActivity(authHeader: string, activity: Activity, logic: BotLogic): Promise<InvokeResponse | undefined> {
    return this.processActivity(authHeader, activity, logic);
  }
}

/**
 * The activity as botbuilder expects it: its time stamps as dates, the sent text kept alongside
 * (what `CloudAdapter.process` does before a turn).
 */
export function toActivity(body: z.infer<typeof IncomingActivity>): Activity {
  const activity = body as unknown as Activity;
  if (body.timestamp !== undefined) Object.assign(activity, { rawTimestamp: body.timestamp, timestamp: new Date(body.timestamp) });
  if (body.localTimestamp !== undefined) Object.assign(activity, { rawLocalTimestamp: body.localTimestamp, localTimestamp: new Date(body.localTimestamp) });
  if (body.expiration !== undefined) Object.assign(activity, { rawExpiration: body.expiration, expiration: new Date(body.expiration) });
  return activity;
}

/** Azure Bot credentials (all empty for the Emulator). */
export interface BotFrameworkCredentials {
  appId: string;
  appPassword: string;
  appType: string;
  tenantId: string;
}

/** The `/api/messages` endpoint. */
export class BotFrameworkEndpoint implements ChannelEndpoint {
  /** Bot Framework serves several channel ids; this one names the endpoint itself. */
  readonly channelId = 'botframework';
  readonly mountPath = '/api/messages';
  readonly enabled = true;
  readonly adapter: EndpointCloudAdapter;

  constructor(
    private readonly credentials: BotFrameworkCredentials,
    private readonly bodyLimit: string,
    onTurnError: (context: TurnContext, error: Error) => Promise<void>,
    private readonly log: Logger,
  ) {
    const options: ConfigurationBotFrameworkAuthenticationOptions = {
      MicrosoftAppId: credentials.appId,
      MicrosoftAppPassword: credentials.appPassword,
      MicrosoftAppType: credentials.appType,
      MicrosoftAppTenantId: credentials.tenantId,
    };
    // Outbound clients are kept across turns (see reusing-connector-authentication.ts).
    this.adapter = new EndpointCloudAdapter(new ReusingConnectorAuthentication(new ConfigurationBotFrameworkAuthentication(options)));
    this.adapter.onTurnError = onTurnError;
  }

  use(...middleware: Middleware[]): void {
    this.adapter.use(...middleware);
  }

  async continueConversation(reference: Partial<ConversationReference>, logic: BotLogic): Promise<void> {
    await this.adapter.continueConversationAsync(this.credentials.appId, reference, logic);
  }

  router(bot: BotLogic): Router {
    const router = express.Router();
    router.post('/', express.json({ limit: this.bodyLimit }), async (req, res) => {
      const parsed = IncomingActivity.safeParse(req.body);
      if (!parsed.success) {
        res.status(400).json({ error: 'expected a Bot Framework Activity (JSON with a "type")' });
        return;
      }
      const activity = toActivity(parsed.data);
      let response: InvokeResponse | undefined;
      try {
        response = await this.adapter.runActivity(req.headers.authorization ?? '', activity, bot);
      } catch (err) {
        if (err instanceof AuthenticationError) {
          // No token or message text in the log: the reason and where the request claims to come from.
          this.log.warn({ reason: err.message, channelId: activity.channelId, conversationId: activity.conversation?.id }, 'Bot Framework request refused');
          res.status(401).json({ error: 'unauthorized' });
          return;
        }
        this.log.error({ err, channelId: activity.channelId, conversationId: activity.conversation?.id }, 'Bot Framework turn failed');
        res.status(500).json({ error: 'internal error' });
        return;
      }
      res.status(response?.status ?? 200);
      if (response?.body !== undefined) res.json(response.body);
      else res.end();
    });
    return router;
  }
}
