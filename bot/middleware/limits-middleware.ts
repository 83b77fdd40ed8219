/**
 * Abuse limits on every incoming resident message: flood (many messages in a few seconds: one
 * reply, then silence until it calms), maximum length, and per-resident and per-IP rate limits,
 * each answered once with a clear message in the resident's language and without calling the bot.
 * The counters live in the shared database, so the limits hold across instances. The client IP is
 * not part of a Bot Framework Activity: it is used when an adapter puts it in
 * `channelData.clientIp` (the web chat can); otherwise per-IP limiting happens at the HTTP level
 * (bot/middleware/ip-rate-limit.ts). A database failure lets messages through (logged): a broken
 * limiter must not silence the service.
 */
import { MessageFactory, type Middleware, type TurnContext } from 'botbuilder';
import { detectLanguage } from '../../locales/detect-language';
import { t } from '../../locales/i18n';
import type { Lang } from '../../locales/lang';
import type { FloodGuard } from '../../safety/limits/flood-guard';
import type { HitRequest, RateDecision, RateLimits } from '../../safety/limits/sliding-window';
import { TURN_AUTHOR_KEY } from './transcript-middleware';

/** Turn-state key set to the limit that stopped the turn. */
export const LIMIT_TURN_KEY = 'madoguchi.limited';

/** Which limit stopped a turn. */
export type LimitKind = 'flood' | 'too_long' | 'rate_resident' | 'rate_ip';

/** Where the middleware reports (a pino logger fits). */
export interface LimitsLog {
  warn(obj: object, msg: string): void;
}

/** Settings of the limits middleware. */
export interface LimitsMiddlewareOptions {
  limiter: RateLimits;
  /** Flood detection; omitted = no flood handling. */
  flood?: FloodGuard;
  /** MAX_MESSAGE_CHARS (counted in characters, not UTF-16 units). */
  maxChars: number;
  /** RATE_LIMIT_PER_RESIDENT_PER_MINUTE. */
  perResidentPerMinute: number;
  /** RATE_LIMIT_PER_IP_PER_MINUTE; used only when the adapter supplies `channelData.clientIp`. */
  perIpPerMinute?: number;
  /** Language when the text gives no signal (DEFAULT_LANGUAGE). */
  defaultLang: Lang;
  log?: LimitsLog;
}

const MINUTE = 60_000;

/** Flood, length and rate limits. */
export class LimitsMiddleware implements Middleware {
  constructor(private readonly options: LimitsMiddlewareOptions) {}

  async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
    const a = context.activity;
    if (a.type !== 'message' || !a.from?.id || context.turnState.get(TURN_AUTHOR_KEY)) return next();
    const text = a.text ?? '';
    const lang = detectLanguage(text, this.options.defaultLang);
    const resident = `${a.channelId}:${a.from.id}`;
    const stop = async (kind: LimitKind, reply: string | null) => {
      context.turnState.set(LIMIT_TURN_KEY, kind);
      if (reply) await context.sendActivity({ ...MessageFactory.text(reply), locale: lang });
    };
    try {
      const chars = [...text].length;
      const tooLong = chars > this.options.maxChars;
      // One statement counts every limit of this message. A too-long message counts only
      // towards a flood: it is refused before it could use the resident's allowance.
      const ip = (a.channelData as { clientIp?: unknown } | undefined)?.clientIp;
      const perIpLimit = this.options.perIpPerMinute ?? 0;
      const countIp = !tooLong && typeof ip === 'string' && ip !== '' && perIpLimit > 0;
      const requests: HitRequest[] = [];
      if (this.options.flood) requests.push(this.options.flood.request(resident));
      if (!tooLong) requests.push({ key: `resident:${resident}`, limit: this.options.perResidentPerMinute, windowMs: MINUTE });
      if (countIp) requests.push({ key: `ip:${String(ip)}`, limit: perIpLimit, windowMs: MINUTE });
      const decisions = await this.options.limiter.hitAll(requests);
      if (this.options.flood) {
        const verdict = await this.options.flood.verdict(resident, decisions.shift() as RateDecision);
        if (verdict !== 'ok') return stop('flood', verdict === 'flood_reply_once' ? t(lang, 'safety.limits.flood') : null);
      }
      if (tooLong) return stop('too_long', t(lang, 'safety.limits.tooLong', { max: this.options.maxChars, chars }));
      const [perResident, perIp] = decisions;
      if (!perResident.allowed) {
        return stop('rate_resident', perResident.firstRejection ? t(lang, 'safety.limits.rateLimited', { seconds: Math.ceil(perResident.retryAfterMs / 1000) }) : null);
      }
      if (perIp && !perIp.allowed) return stop('rate_ip', perIp.firstRejection ? t(lang, 'safety.limits.rateLimited', { seconds: Math.ceil(perIp.retryAfterMs / 1000) }) : null);
    } catch (err) {
      this.options.log?.warn({ err, channelId: a.channelId }, 'rate limiter unavailable; message let through');
    }
    return next();
  }
}
