/**
 * The labels of the learned triage model: a route and, for crises and hand-offs, why. The model
 * learns the fine labels (a self-harm message reads differently from a gas leak); the triage adds
 * them up per route.
 */
import type { CrisisCategory, HandoffReason } from '../../ports';

/** Every label, in the model's order. */
export const TRIAGE_LABELS = [
  'crisis.self_harm',
  'crisis.abuse',
  'crisis.danger',
  'crisis.no_shelter_or_food',
  'handoff.asked_for_person',
  'handoff.own_case',
  'handoff.appeal_or_complaint',
  'out_of_scope.off_topic',
  'out_of_scope.injection',
  'answer',
] as const;

/** One label of {@link TRIAGE_LABELS}. */
export type TriageLabel = (typeof TRIAGE_LABELS)[number];

/** The route family of a label. */
export type LabelRoute = 'crisis' | 'handoff' | 'out_of_scope' | 'answer';

/** The route family of a label (`crisis.abuse` → `crisis`). */
export function routeOfLabel(label: string): LabelRoute {
  const family = label.split('.')[0];
  if (family === 'crisis' || family === 'handoff' || family === 'out_of_scope') return family;
  return 'answer';
}

/** The crisis category of a `crisis.*` label. */
export function crisisCategoryOf(label: string): CrisisCategory {
  const sub = label.slice('crisis.'.length);
  return sub === 'self_harm' || sub === 'abuse' || sub === 'no_shelter_or_food' ? sub : 'danger';
}

/** The hand-off reason of a `handoff.*` label. */
export function handoffReasonOf(label: string): HandoffReason {
  const sub = label.slice('handoff.'.length);
  return sub === 'own_case' || sub === 'appeal_or_complaint' ? sub : 'asked_for_person';
}
