/**
 * Builds the demand-insight module: the turn-outcome observer that leaves a demand event per turn,
 * the store behind residents' 👍 / 👎, and the roll-up — hourly, and before every retention purge
 * (so the counts outlive the events the purge deletes).
 */
import type { Logger } from 'pino';
import type { Database } from '../../storage/database';
import { DemandRecorder } from '../../insight/demand-recorder';
import { FeedbackStore } from '../../insight/feedback-store';
import { DemandRollup } from '../../insight/demand-rollup';

/** How often the roll-up runs while the server is up (the report and the purge also run it). */
const ROLLUP_INTERVAL_MS = 60 * 60 * 1000;

/** Builds the insight module. */
export function buildInsight(deps: { db: Database; log: Logger }) {
  const { db, log } = deps;
  const recorder = new DemandRecorder(db, log);
  const feedback = new FeedbackStore(db, { settled: () => recorder.settled(), log });
  const rollup = new DemandRollup(db);
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> = Promise.resolve();
  const tick = (): void => {
    running = rollup.rollup().catch((err: unknown) => log.error({ err }, 'demand roll-up failed'));
  };
  return {
    recorder,
    feedback,
    rollup,
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
