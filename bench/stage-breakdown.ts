/**
 * Turns a server's Prometheus exposition into per-turn figures for the bench report: how many
 * storage calls, retrievals, LLM calls and channel sends a turn makes, and how long each stage
 * takes on average — the "why are we slower than the echo bot" part.
 */

/** Per-turn averages by stage, and turns by outcome. */
export interface StageBreakdown {
  /** Turns the metrics saw (the `turn` stage count, else the outcome counter). */
  turns: number;
  per_turn: Record<string, { calls: number; ms: number; ms_per_call: number }>;
  outcomes: Record<string, number>;
}

const round = (n: number, d = 3) => Math.round(n * 10 ** d) / 10 ** d;

/** Computes the breakdown from exposition text. */
export function stageBreakdown(exposition: string): StageBreakdown {
  const sums = new Map<string, number>();
  const counts = new Map<string, number>();
  const outcomes: Record<string, number> = {};
  for (const line of exposition.split('\n')) {
    const m = /^(madoguchi_stage_duration_seconds_(?:sum|count)|madoguchi_turns_total)\{([^}]*)\} (\S+)$/.exec(line);
    if (!m) continue;
    const labels = Object.fromEntries([...m[2].matchAll(/(\w+)="([^"]*)"/g)].map((x) => [x[1], x[2]]));
    const value = Number(m[3]);
    if (m[1] === 'madoguchi_turns_total') {
      outcomes[labels.outcome] = (outcomes[labels.outcome] ?? 0) + value;
    } else {
      const target = m[1].endsWith('_sum') ? sums : counts;
      target.set(labels.stage, (target.get(labels.stage) ?? 0) + value);
    }
  }
  const turns = counts.get('turn') ?? Object.values(outcomes).reduce((a, b) => a + b, 0);
  const perTurn: StageBreakdown['per_turn'] = {};
  if (turns > 0) {
    for (const [stage, count] of counts) {
      const sum = sums.get(stage) ?? 0;
      perTurn[stage] = { calls: round(count / turns, 2), ms: round((sum * 1000) / turns), ms_per_call: count > 0 ? round((sum * 1000) / count) : 0 };
    }
  }
  return { turns, per_turn: perTurn, outcomes };
}
