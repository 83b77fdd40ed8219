/**
 * Builds the safety module: triage (with the eligibility detector), PII masking, the hotline
 * directory of the region, database rate limits and flood handling, the audit log, the
 * retention purge and its daily schedule, and the middleware every channel runs — masking
 * first, so nothing unmasked reaches the limits' logs, the transcript, the bot or the LLM.
 */
import type { Middleware } from 'botbuilder';
import type { RequestHandler } from 'express';
import type { Logger } from 'pino';
import type { Config } from '../config';
import type { Database } from '../../storage/database';
import { isEligibilityRequest } from '../../eligibility/eligibility-intent';
import { Triage } from '../../safety/triage/triage';
import { PiiMasker } from '../../safety/pii/pii-masker';
import { RegionalHotlineDirectory } from '../../safety/hotlines/regional-hotline-directory';
import { RateLimiter } from '../../safety/limits/rate-limiter';
import { DEFAULT_FLOOD_SETTINGS, FloodGuard } from '../../safety/limits/flood-guard';
import { AuditLog } from '../../safety/audit/audit-log';
import { RetentionPurger } from '../../safety/retention/retention-purger';
import { RetentionScheduler } from '../../safety/retention/retention-scheduler';
import { ResidentData } from '../../safety/retention/resident-data';
import { MaskingMiddleware } from '../middleware/masking-middleware';
import { LimitsMiddleware } from '../middleware/limits-middleware';
import { ipRateLimit } from '../middleware/ip-rate-limit';

/** What the safety module gives the container. */
export interface Safety {
  triage: Triage;
  masker: PiiMasker;
  /** `TextMasker` shape for the officer side (officer-written text). */
  textMasker: { mask(text: string): string };
  hotlines: RegionalHotlineDirectory;
  limiter: RateLimiter;
  audit: AuditLog;
  purger: RetentionPurger;
  residentData: ResidentData;
  /** Masking, then limits: register before the transcript middleware. */
  middleware: Middleware[];
  /** Per-IP limit for the resident-facing HTTP endpoints. */
  ipLimiter: RequestHandler;
  /** Starts the daily retention purge. */
  start(): void;
  stop(): void;
}

/** Builds the safety module from the configuration. */
export function buildSafety(config: Config, deps: { db: Database; log: Logger }): Safety {
  const log = deps.log.child({ module: 'safety' });
  const masker = new PiiMasker();
  const limiter = new RateLimiter(deps.db);
  const audit = new AuditLog(deps.db);
  const purger = new RetentionPurger(deps.db);
  const scheduler = new RetentionScheduler({ purger, days: config.RETENTION_DAYS, log });
  const middleware: Middleware[] = [
    new MaskingMiddleware(masker),
    new LimitsMiddleware({
      limiter,
      flood: new FloodGuard(limiter, DEFAULT_FLOOD_SETTINGS),
      maxChars: config.MAX_MESSAGE_CHARS,
      perResidentPerMinute: config.RATE_LIMIT_PER_RESIDENT_PER_MINUTE,
      perIpPerMinute: config.RATE_LIMIT_PER_IP_PER_MINUTE,
      defaultLang: config.DEFAULT_LANGUAGE,
      log,
    }),
  ];
  return {
    triage: new Triage({ isEligibilityRequest }),
    masker,
    textMasker: { mask: (text) => masker.mask(text).text },
    hotlines: new RegionalHotlineDirectory({ region: config.REGION, file: config.HOTLINES_FILE }),
    limiter,
    audit,
    purger,
    residentData: new ResidentData(deps.db, audit),
    middleware,
    ipLimiter: ipRateLimit({ limiter, limit: config.RATE_LIMIT_PER_IP_PER_MINUTE, log }),
    start: () => scheduler.start(),
    stop: () => scheduler.stop(),
  };
}
