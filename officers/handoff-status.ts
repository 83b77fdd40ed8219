/**
 * The hand-off lifecycle: bot → queued → assigned → active → resolved, or cancelled (the resident
 * asked for the bot back). `bot` is never stored: a conversation without an open hand-off is the bot's.
 */
import { InvalidTransitionError } from './officer-errors';

/** Every state of a hand-off. */
export type HandoffStatus = 'bot' | 'queued' | 'assigned' | 'active' | 'resolved' | 'cancelled';

/** States in which an officer (or the queue) has the conversation and the bot stays silent. */
export const OPEN_STATUSES = ['queued', 'assigned', 'active'] as const;

/** States that can be listed. */
export const LISTABLE_STATUSES = ['queued', 'assigned', 'active', 'resolved', 'cancelled'] as const;

const TRANSITIONS: Record<HandoffStatus, readonly HandoffStatus[]> = {
  // An escalation queues; an officer taking over a conversation assigns at once.
  bot: ['queued', 'assigned'],
  // Queued: claimed, cancelled by the resident, or handed back to the bot by an officer.
  queued: ['assigned', 'cancelled', 'resolved'],
  // Assigned: the officer's first message makes it active.
  assigned: ['active', 'resolved', 'cancelled'],
  active: ['resolved', 'cancelled'],
  resolved: [],
  cancelled: [],
};

/** True when the lifecycle allows `from → to`. */
export function canTransition(from: HandoffStatus, to: HandoffStatus): boolean {
  return TRANSITIONS[from].includes(to);
}

/** Throws {@link InvalidTransitionError} unless the lifecycle allows `from → to`. */
export function assertTransition(handoffId: string, from: HandoffStatus, to: HandoffStatus): void {
  if (!canTransition(from, to)) throw new InvalidTransitionError(handoffId, from, to);
}

/** True for queued, assigned and active. */
export function isOpen(status: HandoffStatus): status is (typeof OPEN_STATUSES)[number] {
  return (OPEN_STATUSES as readonly string[]).includes(status);
}
