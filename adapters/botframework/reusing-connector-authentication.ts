/**
 * Bot Framework authentication that reuses outbound clients across turns.
 *
 * CloudAdapter asks its BotFrameworkAuthentication for a new ConnectorClient and a new
 * UserTokenClient in every turn. Each one builds a fresh HTTP pipeline: policies, sanitiser,
 * user agent. In load profiles of a bare echo bot that was about 9 % of a turn's CPU.
 *
 * This wrapper hands out the client it built earlier for the same bot app id, service URL and
 * audience. botbuilder's older BotFrameworkAdapter cached clients the same way. A client holds
 * its credentials, which fetch and refresh their tokens per request, and its pipeline; it keeps
 * no per-turn state. Authentication of each incoming request is unchanged: every call goes to the
 * wrapped instance, and only the outbound client objects are kept.
 *
 * Each kept connector sends activities as plain JSON bodies (see activity-json-body.ts), and its
 * retries can be turned off by the caller (see connector-retries.ts).
 *
 * Both caches are bounded, least recently used dropped first. With authentication disabled (the
 * Emulator), senders choose the service URL, so its number must not grow without limit.
 */
import { type Activity } from 'botbuilder';
import { LRUCache } from 'lru-cache';
import {
  AuthenticationConstants,
  BotFrameworkAuthentication,
  type AuthenticateRequestResult,
  type BotFrameworkClient,
  type ClaimsIdentity,
  type ConnectorClient,
  type ConnectorFactory,
  type UserTokenClient,
} from 'botframework-connector';
import { sendActivitiesAsJson } from './activity-json-body';
import { retriesOptional } from './connector-retries';

/** Outbound clients kept (service URLs × audiences × app ids). */
export const MAX_CACHED_CLIENTS = 64;

/** The app id the connector factory and token client are built for (as botframework-connector does). */
function appIdOf(identity: ClaimsIdentity): string {
  return identity.getClaimValue(AuthenticationConstants.AudienceClaim) ?? identity.getClaimValue(AuthenticationConstants.AppIdClaim) ?? '';
}

/** Wraps a BotFrameworkAuthentication (see file comment). */
export class ReusingConnectorAuthentication extends BotFrameworkAuthentication {
  private readonly connectors: LRUCache<string, ConnectorClient>;
  private readonly tokenClients: LRUCache<string, UserTokenClient>;

  constructor(
    private readonly inner: BotFrameworkAuthentication,
    capacity = MAX_CACHED_CLIENTS,
  ) {
    super();
    this.connectors = new LRUCache({ max: capacity });
    this.tokenClients = new LRUCache({ max: capacity });
  }

  /** Clients kept now (for tests). */
  get cachedClients(): { connectors: number; tokenClients: number } {
    return { connectors: this.connectors.size, tokenClients: this.tokenClients.size };
  }

  async authenticateRequest(activity: Activity, authHeader: string): Promise<AuthenticateRequestResult> {
    const result = await this.inner.authenticateRequest(activity, authHeader);
    return this.withReusingFactory(result);
  }

  async authenticateStreamingRequest(authHeader: string, channelIdHeader: string): Promise<AuthenticateRequestResult> {
    const result = await this.inner.authenticateStreamingRequest(authHeader, channelIdHeader);
    return this.withReusingFactory(result);
  }

  createConnectorFactory(claimsIdentity: ClaimsIdentity): ConnectorFactory {
    return this.reusingFactory(claimsIdentity, this.inner.createConnectorFactory(claimsIdentity));
  }

  async createUserTokenClient(claimsIdentity: ClaimsIdentity): Promise<UserTokenClient> {
    const key = appIdOf(claimsIdentity);
    const kept = this.tokenClients.get(key);
    if (kept) return kept;
    const client = await this.inner.createUserTokenClient(claimsIdentity);
    this.tokenClients.set(key, client);
    return client;
  }

  override createBotFrameworkClient(): BotFrameworkClient {
    return this.inner.createBotFrameworkClient();
  }

  override getOriginatingAudience(): string {
    return this.inner.getOriginatingAudience();
  }

  override authenticateChannelRequest(authHeader: string): Promise<ClaimsIdentity> {
    return this.inner.authenticateChannelRequest(authHeader);
  }

  private withReusingFactory(result: AuthenticateRequestResult): AuthenticateRequestResult {
    return result.connectorFactory ? { ...result, connectorFactory: this.reusingFactory(result.claimsIdentity, result.connectorFactory) } : result;
  }

  private reusingFactory(identity: ClaimsIdentity, factory: ConnectorFactory): ConnectorFactory {
    const appId = appIdOf(identity);
    return {
      create: async (serviceUrl: string, audience?: string): Promise<ConnectorClient> => {
        const key = `${appId}\n${serviceUrl}\n${audience ?? ''}`;
        const kept = this.connectors.get(key);
        if (kept) return kept;
        const client = retriesOptional(sendActivitiesAsJson(await factory.create(serviceUrl, audience)));
        this.connectors.set(key, client);
        return client;
      },
    };
  }
}
