/**
 * Bot Framework channels (Teams, Direct Line, Web Chat through Azure, the Emulator) at
 * `POST /api/messages` through botbuilder's CloudAdapter, with Azure Bot credentials; without a
 * MicrosoftAppId every request is refused unless anonymous development access is switched on,
 * and then only from loopback (see service-url-policy.ts). The activity is validated with a
 * schema and its `serviceUrl` must be a trusted channel host before the bot may call it.
 *
 * The endpoint checks the request itself and hands the activity to the adapter's
 * `processActivity` (authentication, the turn, the invoke response) instead of calling
 * `CloudAdapter.process`. That method builds its zod schemas anew for every request and writes
 * refused requests to stderr with `console.error`; here a refused request is one structured log
 * line and a JSON error.
 */
import express, { type Router } from 'express';
import type { Logger } from 'pino';
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
import { describeIssue, IncomingActivity } from './incoming-activity';
import { type BotFrameworkAccess, isDirectLoopbackRequest, isTrustedServiceUrl, UntrustedServiceUrlError } from './service-url-policy';

export type { BotFrameworkAccess } from './service-url-policy';

/** Closed by default: no anonymous access, no trusted hosts. */
const CLOSED: BotFrameworkAccess = { allowAnonymous: false, trustedServiceHosts: [] };

/** The time stamps {@link toActivity} turns into dates. */
interface TimeStamped {
  type: string;
  timestamp?: string | undefined;
  localTimestamp?: string | undefined;
  expiration?: string | undefined;
}

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
export function toActivity(body: TimeStamped): Activity {
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
  /** No app id: requests are unauthenticated, so only the development switch lets them in. */
  readonly anonymous: boolean;

  constructor(
    private readonly credentials: BotFrameworkCredentials,
    private readonly bodyLimit: string,
    onTurnError: (context: TurnContext, error: Error) => Promise<void>,
    private readonly log: Logger,
    private readonly access: BotFrameworkAccess = CLOSED,
  ) {
    this.anonymous = credentials.appId === '';
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
    // Stored references came from accepted activities; checked again in case the list was narrowed.
    if (!this.trusted(reference.serviceUrl)) throw new UntrustedServiceUrlError(String(reference.serviceUrl));
    await this.adapter.continueConversationAsync(this.credentials.appId, reference, logic);
  }

  router(bot: BotLogic): Router {
    const router = express.Router();
    router.post('/', express.json({ limit: this.bodyLimit }), async (req, res) => {
      if (this.anonymous && !(this.access.allowAnonymous && isDirectLoopbackRequest(req.socket.remoteAddress, req.headers))) {
        res.status(401).json({
          error: this.access.allowAnonymous
            ? 'anonymous Bot Framework access is accepted from loopback only'
            : 'the Bot Framework endpoint needs MicrosoftAppId; for local development set BOTFRAMEWORK_ALLOW_ANONYMOUS=true (loopback only)',
        });
        return;
      }
      const parsed = IncomingActivity.safeParse(req.body);
      if (!parsed.success) {
        res.status(400).json({ error: `expected a Bot Framework Activity (${describeIssue(parsed.error)})` });
        return;
      }
      if (!this.trusted(parsed.data.serviceUrl)) {
        // The host is logged (not the whole URL): enough to add a legitimate one to the list.
        this.log.warn({ serviceHost: hostOf(parsed.data.serviceUrl), channelId: parsed.data.channelId }, 'Bot Framework activity with an untrusted serviceUrl refused');
        res.status(400).json({ error: 'serviceUrl is not a trusted Bot Framework channel host (see BOTFRAMEWORK_TRUSTED_SERVICE_HOSTS)' });
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

  private trusted(serviceUrl: unknown): boolean {
    return isTrustedServiceUrl(serviceUrl, this.access.trustedServiceHosts, this.anonymous && this.access.allowAnonymous);
  }
}

function hostOf(serviceUrl: string): string {
  try {
    return new URL(serviceUrl).host;
  } catch {
    return '(not a URL)';
  }
}
