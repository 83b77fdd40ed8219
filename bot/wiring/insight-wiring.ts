/**
 * Builds the demand-insight module: the turn-outcome observer that leaves a demand event per turn,
 * the store behind residents' 👍 / 👎 (and the reason or Skip after a 👎), the roll-up — hourly, and
 * before every retention purge (so the counts, and the knowledge-gap topics of the days purged,
 * outlive the events and transcripts the purge deletes) — the report builder
 * and the console's insight API (supervisors and up, every view and export audited).
 */
import type { RequestHandler, Response } from 'express';
import type { Logger } from 'pino';
import type { Config } from '../config';
import type { Database } from '../../storage/database';
import type { Retriever } from '../../knowledge/ports';
import { DemandRecorder } from '../../insight/demand-recorder';
import { FeedbackStore } from '../../insight/feedback-store';
import { DemandRollup } from '../../insight/demand-rollup';
import { DemandReportBuilder } from '../../insight/demand-report';
import type { OfficeCalendar } from '../../insight/handoff-figures';
import type { ClosestDocuments } from '../../insight/gap-topics';
import { createInsightRouter, type InsightAuditEntry } from '../../insight/insight-routes';

/** How often the roll-up runs while the server is up (the report and the purge also run it). */
const ROLLUP_INTERVAL_MS = 60 * 60 * 1000;
/** The console's views bring today's roll-up up to date at most this often (per instance). */
const REFRESH_INTERVAL_MS = 30 * 1000;

type ReportConfig = Pick<Config, 'INSIGHT_MIN_RESIDENTS' | 'INSIGHT_PARITY_GAP' | 'INSIGHT_TOPIC_QUESTIONS' | 'OFFICE_TIMEZONE' | 'OFFICE_OPEN' | 'OFFICE_CLOSE' | 'OFFICE_DAYS' | 'OFFICE_HOLIDAYS'>;

/** The office's calendar for hand-offs by weekday, hour and office hours. */
export function officeCalendar(config: ReportConfig): OfficeCalendar {
  const list = (v: string) => v.split(',').map((d) => d.trim()).filter(Boolean);
  return { timeZone: config.OFFICE_TIMEZONE, open: config.OFFICE_OPEN, close: config.OFFICE_CLOSE, days: list(config.OFFICE_DAYS).map(Number), holidays: list(config.OFFICE_HOLIDAYS) };
}

/** The report settings from the configuration (shared by the server and `madoguchi report`). */
export function reportSettings(config: ReportConfig, extra: { closest?: ClosestDocuments } = {}) {
  return { minResidents: config.INSIGHT_MIN_RESIDENTS, parityGap: config.INSIGHT_PARITY_GAP, topicLimit: config.INSIGHT_TOPIC_QUESTIONS, calendar: officeCalendar(config), ...extra };
}

/** The knowledge base's search as the topics' "closest documents" (best document first, three at most). */
export function closestDocuments(retriever: Retriever): ClosestDocuments {
  return async (text, lang) => {
    const { passages } = await retriever.retrieve({ text, lang, limit: 8 });
    const seen = new Map<string, string>();
    for (const p of passages) if (!seen.has(p.docId)) seen.set(p.docId, p.title);
    return [...seen.entries()].slice(0, 3).map(([docId, title]) => ({ docId, title }));
  };
}

/** Builds the insight module. */
export function buildInsight(config: Config, deps: { db: Database; log: Logger; mask: (text: string) => string; closest?: ClosestDocuments }) {
  const { db, log } = deps;
  const recorder = new DemandRecorder(db, log);
  const feedback = new FeedbackStore(db, { settled: () => recorder.settled(), log, mask: deps.mask });
  // Before a purge, the topics of the days it cuts into are archived, with the documents retrieval finds closest.
  const rollup = new DemandRollup(db, { closest: deps.closest });
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> = Promise.resolve();
  let refreshing: Promise<unknown> | undefined;
  let refreshedAt = 0;
  const tick = (): void => {
    // Incremental: the days since the last complete roll-up (on the embedded database a full one
    // over a million turns would hold the only connection for most of a minute).
    running = rollup.refresh().catch((err: unknown) => log.error({ err }, 'demand roll-up failed'));
  };
  return {
    recorder,
    feedback,
    rollup,
    /** The console's insight API (mount it at /api/officer/insight, before the officer API). */
    router: (route: {
      guards: RequestHandler[];
      actor: (res: Response) => { actorId: string; actorRole: string };
      audit: { append(entry: InsightAuditEntry): Promise<void> };
      retriever?: Retriever;
    }) => {
      const reports = new DemandReportBuilder(db, reportSettings(config, { closest: route.retriever ? closestDocuments(route.retriever) : undefined }));
      return createInsightRouter({
        guards: route.guards,
        actor: route.actor,
        audit: route.audit,
        build: (query, options) => reports.build(query, options),
        refresh: () => {
          // Views at the same moment share one refresh; a failed one leaves the last roll-up on the page (logged).
          if (refreshing) return refreshing;
          if (Date.now() - refreshedAt < REFRESH_INTERVAL_MS) return Promise.resolve();
          refreshedAt = Date.now();
          refreshing = rollup
            .refresh()
            .catch((err: unknown) => log.warn({ err }, 'demand refresh failed'))
            .finally(() => (refreshing = undefined));
          return refreshing;
        },
      });
    },
    start: (): void => {
      timer = setInterval(tick, ROLLUP_INTERVAL_MS);
      timer.unref();
    },
    stop: async (): Promise<void> => {
      if (timer) clearInterval(timer);
      await running;
      await recorder.settled();
    },
  };
}
