/**
 * Typed errors raised by channel adapters. Each carries the context needed to log it usefully
 * (platform, HTTP status) and the original `cause`, never a resident's message text.
 */

/** A platform API answered with a non-2xx status, or could not be reached (`status` 0). */
export class PlatformHttpError extends Error {
  /**
   * @param platform which API (for example `line`)
   * @param operation what was attempted (for example `push`)
   * @param status HTTP status, or 0 when no response arrived (network error, timeout)
   * @param body the first part of the response body, for diagnosis
   * @param retryAfterMs how long the platform asked us to wait, when it said so
   */
  constructor(
    readonly platform: string,
    readonly operation: string,
    readonly status: number,
    readonly body: string = '',
    options?: { cause?: unknown; retryAfterMs?: number },
  ) {
    super(`${platform} ${operation} failed with status ${status}${body ? `: ${body.slice(0, 200)}` : ''}`, { cause: options?.cause });
    this.name = 'PlatformHttpError';
    this.retryAfterMs = options?.retryAfterMs;
  }

  /** Delay the platform requested (Telegram `retry_after`, HTTP `Retry-After`). */
  readonly retryAfterMs: number | undefined;

  /** True for failures worth retrying: network errors, 408, 429 and 5xx. */
  get retryable(): boolean {
    return this.status === 0 || this.status === 408 || this.status === 429 || this.status >= 500;
  }
}

/** The platform cannot do what was asked (edit or delete a sent message, push on Kakao…). */
export class ChannelNotSupportedError extends Error {
  constructor(
    readonly channelId: string,
    readonly operation: string,
  ) {
    super(`${operation} is not supported on channel ${channelId}`);
    this.name = 'ChannelNotSupportedError';
  }
}
