/**
 * Fans turn outcomes out to any number of observers (metrics, evaluation); an observer that
 * throws never breaks a turn.
 */
import type { TurnOutcome, TurnOutcomeSink } from '../dialogs/ports';

/** A TurnOutcomeSink that forwards to registered sinks. */
export class CompositeOutcomeSink implements TurnOutcomeSink {
  private readonly sinks = new Set<TurnOutcomeSink>();

  /** Adds an observer; returns a function that removes it. */
  add(sink: TurnOutcomeSink): () => void {
    this.sinks.add(sink);
    return () => this.sinks.delete(sink);
  }

  record(outcome: TurnOutcome): void {
    for (const sink of this.sinks) {
      try {
        sink.record(outcome);
      } catch {
        // Observers are best-effort by design.
      }
    }
  }
}
