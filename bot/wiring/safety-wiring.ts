/**
 * Builds the safety module: deterministic triage (with the eligibility intent), personal-data
 * masking, crisis hotlines, rate and flood limits, the append-only audit log and the daily
 * retention purge.
 */
import type { Middleware } from 'botbuilder';
import type { RequestHandler } from 'express';
import type { Logger } from 'pino';
import type { Config } from '../config';
import type { Lang } from '../../locales/lang';
import type { Database } from '../../storage/database';
import { Triage } from '../../safety/triage/triage';
import { loadTriageModel } from '../../safety/triage/learned/bundled-model';
import { PiiMasker } from '../../safety/pii/pii-masker';
import { RegionalHotlineDirectory } from '../../safety/hotlines/regional-hotline-directory';
import { RateLimiter } from '../../safety/limits/rate-limiter';
import { MemoryRateLimiter } from '../../safety/limits/memory-rate-limiter';
import { FloodGuard } from '../../safety/limits/flood-guard';
import { LoginBackoff } from '../../safety/limits/login-backoff';
import { AuditLog } from '../../safety/audit/audit-log';
import { RetentionPurger } from '../../safety/retention/retention-purger';
import { RetentionScheduler } from '../../safety/retention/retention-scheduler';
import { screeningRequest } from '../../eligibility/eligibility-intent';
import { questionAspects } from '../../knowledge/answer/aspects';
import { isDeleteRequest } from '../../eligibility/extract/control-words';
import { MaskingMiddleware } from '../middleware/masking-middleware';
import { LimitsMiddleware } from '../middleware/limits-middleware';
import { ipRateLimit } from '../middleware/ip-rate-limit';

/** Triage decisions kept for repeated messages. */
const TRIAGE_MEMO_SIZE = 2000;

/**
 * A request for eligibility screening: asked in so many words, or a situation with a call for help
 * that asks no question a document answers — a question word for an aspect ("얼마", "소득 기준",
 * "どこで", "what documents"; see {@link questionAspects}) asks for a fact of a program, which the
 * documents give and screening would not.
 */
function isScreening(text: string, lang: Lang): boolean {
  const kind = screeningRequest(text, lang);
  if (kind !== 'situation') return kind === 'generic';
  return questionAspects(text).length === 0;
}

/** Builds the safety module. */
export function buildSafety(
  config: Config,
  deps: {
    db: Database;
    log: Logger;
    mentionsProgram: (text: string) => boolean;
    titlesGeneration?: () => number;
    observeMasking?: (seconds: number, channelId: string) => void;
    /** Runs before each retention purge with its cutoff (the demand roll-up). */
    beforePurge?: (cutoff: Date) => Promise<unknown>;
  },
) {
  const { db, log } = deps;
  const masker = new PiiMasker();
  // Embedded PGlite serves one process, so its counters need not be shared: in memory they cost no
  // statement per message. PostgreSQL deployments may run several instances: shared counters.
  const limiter = db.driver === 'pglite' ? new MemoryRateLimiter() : new RateLimiter(db);
  const triage = new Triage({
    // A message naming a program is a question about it, even when it describes a situation;
    // "delete my information" goes to the eligibility dialog, which owns the stored profile.
    // A situation followed by a question about how, when or where ("…신청하면 언제 와요?") asks
    // about a program's procedure: the documents answer it, screening would not.
    isEligibilityRequest: (text, lang) => (isScreening(text, lang) && !deps.mentionsProgram(text)) || isDeleteRequest(text),
    // Repeated questions skip the rules; a reload of the program titles starts afresh.
    memoSize: TRIAGE_MEMO_SIZE,
    generation: deps.titlesGeneration,
    // The learned layer (trained by `madoguchi triage train` from safety/triage/corpus).
    model: loadTriageModel(),
  });
  const hotlines = new RegionalHotlineDirectory({ region: config.REGION, file: config.HOTLINES_FILE });
  const audit = new AuditLog(db);
  const retention = new RetentionScheduler({ purger: new RetentionPurger(db, { beforePurge: deps.beforePurge }), days: config.RETENTION_DAYS, log });
  // Masking runs first so nothing unmasked reaches limits, logs, storage or the LLM.
  const middleware: Middleware[] = [
    new MaskingMiddleware(masker, deps.observeMasking),
    new LimitsMiddleware({
      limiter,
      flood: new FloodGuard(limiter),
      maxChars: config.MAX_MESSAGE_CHARS,
      perResidentPerMinute: config.RATE_LIMIT_PER_RESIDENT_PER_MINUTE,
      defaultLang: config.DEFAULT_LANGUAGE,
      log,
    }),
  ];
  const ipLimiter: RequestHandler = ipRateLimit({ limiter, limit: config.RATE_LIMIT_PER_IP_PER_MINUTE, log });
  // Login attempts per address, across all accounts (password spraying meets this), and failed
  // ones per address and account with a growing wait: never a lockout that strangers could cause.
  const loginLimiter = ipRateLimit({ limiter, limit: config.OFFICER_LOGIN_PER_IP_PER_MINUTE, keyPrefix: 'login-ip', log });
  const officerLoginLimiter: RequestHandler = (req, res, next) => (req.method === 'POST' ? loginLimiter(req, res, next) : next());
  const loginThrottle = new LoginBackoff(limiter);
  return {
    triage,
    masker,
    hotlines,
    audit,
    middleware,
    ipLimiter,
    officerLoginLimiter,
    loginThrottle,
    start: () => retention.start(),
    stop: () => retention.stop(),
  };
}
