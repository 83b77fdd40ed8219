/**
 * Bot Framework channels (Teams, Direct Line, Web Chat through Azure, the Emulator) at
 * `POST /api/messages` through botbuilder's CloudAdapter: anonymous when MicrosoftAppId is empty,
 * Azure Bot credentials otherwise.
 */
import express, { type Router } from 'express';
import {
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  type ConfigurationBotFrameworkAuthenticationOptions,
  type ConversationReference,
  type Middleware,
  type TurnContext,
} from 'botbuilder';
import type { BotLogic, ChannelEndpoint } from '../shared/channel-endpoint';
import { ReusingConnectorAuthentication } from './reusing-connector-authentication';

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
  readonly adapter: CloudAdapter;

  constructor(
    private readonly credentials: BotFrameworkCredentials,
    private readonly bodyLimit: string,
    onTurnError: (context: TurnContext, error: Error) => Promise<void>,
  ) {
    const options: ConfigurationBotFrameworkAuthenticationOptions = {
      MicrosoftAppId: credentials.appId,
      MicrosoftAppPassword: credentials.appPassword,
      MicrosoftAppType: credentials.appType,
      MicrosoftAppTenantId: credentials.tenantId,
    };
    // Outbound clients are kept across turns (see reusing-connector-authentication.ts).
    this.adapter = new CloudAdapter(new ReusingConnectorAuthentication(new ConfigurationBotFrameworkAuthentication(options)));
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
      const body = req.body as { type?: unknown } | undefined;
      if (!body || typeof body !== 'object' || typeof body.type !== 'string') {
        res.status(400).json({ error: 'expected a Bot Framework Activity (JSON with a "type")' });
        return;
      }
      await this.adapter.process(req, res, bot);
    });
    return router;
  }
}
