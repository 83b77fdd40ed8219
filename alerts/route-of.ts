/**
 * Which sender reaches a conversation. LINE, Telegram, KakaoTalk and the city's own web chat are
 * this server's adapters (their references carry the adapter's synthetic service URL); anything
 * else (Teams, Direct Line, the Emulator, Azure's web chat) is a Bot Framework conversation.
 */
import { syntheticServiceUrl } from '../adapters/shared/platform-adapter';
import type { Route } from './ports';

const PLATFORM: readonly Route[] = ['line', 'telegram', 'kakao', 'webchat'];

/** The outbox route of a conversation. */
export function routeOf(channelId: string, serviceUrl: string | undefined): Route {
  const platform = PLATFORM.find((r) => r === channelId);
  return platform && serviceUrl === syntheticServiceUrl(platform) ? platform : 'botframework';
}
