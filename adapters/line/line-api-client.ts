/**
 * The LINE Messaging API calls the adapter (and the alerts' sender) makes, over `fetch`, so the base URL can point
 * at a local fake in tests. Every failure becomes a {@link PlatformHttpError} with the status.
 */
import { PlatformHttpError } from '../shared/adapter-errors';
import type { LineTextMessage } from './line-mapping';

/** Thin LINE API client. */
export class LineApiClient {
  /**
   * @param apiBaseUrl e.g. `https://api.line.me`
   * @param channelAccessToken long-lived channel access token
   * @param timeoutMs per-request timeout
   */
  constructor(
    private readonly apiBaseUrl: string,
    private readonly channelAccessToken: string,
    private readonly timeoutMs = 10000,
  ) {}

  private async post(operation: string, path: string, body: unknown, headers: Record<string, string> = {}): Promise<void> {
    let res: Response;
    try {
      res = await fetch(`${this.apiBaseUrl.replace(/\/+$/, '')}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${this.channelAccessToken}`, ...headers },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (cause) {
      throw new PlatformHttpError('line', operation, 0, '', { cause });
    }
    const text = await res.text().catch(() => '');
    // 409 on a push with a retry key means an earlier attempt was already accepted.
    if (res.ok || (res.status === 409 && headers['x-line-retry-key'])) return;
    const retryAfter = Number(res.headers.get('retry-after'));
    throw new PlatformHttpError('line', operation, res.status, text, Number.isFinite(retryAfter) && retryAfter > 0 ? { retryAfterMs: retryAfter * 1000 } : undefined);
  }

  /** Replies with a single-use reply token (at most 5 messages). */
  reply(replyToken: string, messages: LineTextMessage[]): Promise<void> {
    return this.post('reply', '/v2/bot/message/reply', { replyToken, messages });
  }

  /** Pushes messages; the same `retryKey` across retries makes LINE accept them once. */
  push(to: string, messages: LineTextMessage[], retryKey: string): Promise<void> {
    return this.post('push', '/v2/bot/message/push', { to, messages }, { 'x-line-retry-key': retryKey });
  }

  /**
   * Sends the same messages to up to 500 users in one request (user ids only, no groups); the same
   * `retryKey` across retries makes LINE accept it once. Used for alerts to many residents.
   */
  multicast(to: string[], messages: LineTextMessage[], retryKey: string): Promise<void> {
    return this.post('multicast', '/v2/bot/message/multicast', { to, messages }, { 'x-line-retry-key': retryKey });
  }

  /** Shows the loading animation in a one-to-one chat (5–60 s, cleared by the next message). */
  startLoading(chatId: string, loadingSeconds: number): Promise<void> {
    return this.post('loading', '/v2/bot/chat/loading/start', { chatId, loadingSeconds });
  }
}
