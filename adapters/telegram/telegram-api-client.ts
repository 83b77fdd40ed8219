/**
 * The Telegram Bot API calls the adapter makes (`/bot<token>/<method>`), over `fetch` so the
 * base URL can point at a local fake. Failures become {@link PlatformHttpError}, carrying
 * Telegram's `retry_after` when it rate-limits.
 */
import { PlatformHttpError } from '../shared/adapter-errors';

interface TelegramResponse {
  ok?: boolean;
  description?: string;
  parameters?: { retry_after?: number };
}

/** Thin Telegram Bot API client. */
export class TelegramApiClient {
  constructor(
    private readonly apiBaseUrl: string,
    private readonly botToken: string,
    private readonly timeoutMs = 10000,
  ) {}

  /** Calls a Bot API method with a JSON body. */
  async call(method: string, body: unknown): Promise<void> {
    let res: Response;
    try {
      res = await fetch(`${this.apiBaseUrl.replace(/\/+$/, '')}/bot${this.botToken}/${method}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (cause) {
      throw new PlatformHttpError('telegram', method, 0, '', { cause });
    }
    const text = await res.text().catch(() => '');
    let parsed: TelegramResponse = {};
    try {
      parsed = JSON.parse(text) as TelegramResponse;
    } catch {
      // Not JSON (a proxy error page): keep the status.
    }
    if (res.ok && parsed.ok !== false) return;
    const retryAfter = parsed.parameters?.retry_after;
    throw new PlatformHttpError('telegram', method, res.status, parsed.description ?? text, retryAfter ? { retryAfterMs: retryAfter * 1000 } : undefined);
  }
}
