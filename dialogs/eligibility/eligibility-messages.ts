/**
 * The texts of the eligibility dialog: questions (with suggested answers), the recommendation
 * with reasons, citations and how to apply, and the consent question. Pure functions over the
 * engine's results and the locale catalogue.
 */
import { ActionTypes, MessageFactory, type Activity, type CardAction } from 'botbuilder';
import { t } from '../../locales/i18n';
import type { Lang } from '../../locales/lang';
import { areaName, formatReason, summarizeProfile } from '../../eligibility/format-reason';
import { EMPLOYMENT_STATUSES, type FactKey, type Profile } from '../../eligibility/profile';
import type { EligibilitySettings } from '../../eligibility/references';
import type { EligibilityProgram, ProgramEvaluation } from '../../eligibility/types';

const YES_NO_FACTS: ReadonlySet<FactKey> = new Set(['singleParent', 'disability', 'pregnant']);

function buttons(labels: string[]): CardAction[] {
  return labels.map((title) => ({ type: ActionTypes.ImBack, title, value: title }));
}

/** A message in `lang` with quick-reply buttons (channels without them just show the text). */
export function withActions(text: string, labels: string[], lang: Lang): Partial<Activity> {
  const activity = labels.length > 0 ? MessageFactory.suggestedActions(buttons(labels), text) : MessageFactory.text(text);
  activity.locale = lang;
  return activity;
}

/** The areas a residence question offers, in the order of `areas.yaml`. */
export function areaChoices(programs: readonly EligibilityProgram[], settings: EligibilitySettings): string[] {
  const used = new Set<string>();
  const visit = (c: EligibilityProgram['criteria']): void => {
    if (!c) return;
    if (c.residency) used.add(c.residency.area);
    [...(c.anyOf ?? []), ...(c.allOf ?? [])].forEach(visit);
  };
  programs.forEach((p) => visit(p.criteria));
  return settings.areas.filter((a) => used.has(a.id)).map((a) => a.id);
}

/** The question for a fact, with its suggested answers. */
export function questionActivity(fact: FactKey, lang: Lang, profile: Profile, settings: EligibilitySettings, programs: readonly EligibilityProgram[], prefix: string[]): Partial<Activity> {
  let labels: string[] = [];
  let vars: Record<string, string> = {};
  if (fact === 'residence') {
    const names = areaChoices(programs, settings).map((id) => areaName(id, lang, settings));
    labels = [...names, t(lang, 'eligibility.action.other')];
    vars = { areas: names.join(', ') };
  } else if (fact === 'residenceYears') {
    vars = { area: areaName(profile.residence?.area ?? 'other', lang, settings) };
  } else if (fact === 'employment') {
    labels = EMPLOYMENT_STATUSES.map((s) => t(lang, `eligibility.employment.${s}`));
  } else if (YES_NO_FACTS.has(fact)) {
    labels = [t(lang, 'eligibility.action.yes'), t(lang, 'eligibility.action.no')];
  }
  const text = [...prefix, t(lang, `eligibility.question.${fact}`, vars)].join('\n\n');
  return withActions(text, labels, lang);
}

/** A program the dialog recommends, with everything the message shows. */
export interface Recommendation {
  program: EligibilityProgram;
  evaluation: ProgramEvaluation;
}

/** How many programs one message lists (long lists are unreadable in chat). */
const MAX_LISTED = 5;

/** The recommendation message: matches with reasons, apply and source; possible ones; final-decision line. */
export function recommendationText(eligible: Recommendation[], possible: Recommendation[], lang: Lang, settings: EligibilitySettings, withOfficerOffer: boolean): string {
  const lines: string[] = [];
  if (eligible.length > 0) {
    lines.push(t(lang, 'eligibility.result.header'));
    eligible.slice(0, MAX_LISTED).forEach(({ program, evaluation }, i) => {
      lines.push('', t(lang, 'eligibility.result.item', { n: i + 1, title: program.title }));
      const reasons = evaluation.reasons.filter((r) => r.verdict === 'met').map((r) => formatReason(r, lang, settings, false));
      if (reasons.length > 0) lines.push(t(lang, 'eligibility.result.why', { reasons: reasons.join('; ') }));
      if (program.apply) lines.push(t(lang, 'eligibility.result.apply', { apply: program.apply }));
      lines.push(t(lang, 'eligibility.result.source', { title: program.title, url: program.sourceUrl ?? '' }).trimEnd());
    });
  } else {
    lines.push(t(lang, 'eligibility.result.none'));
  }
  if (possible.length > 0) {
    lines.push('', t(lang, 'eligibility.result.possibleHeader'));
    for (const { program, evaluation } of possible.slice(0, MAX_LISTED)) {
      const missing = evaluation.missing.map((f) => t(lang, `eligibility.fact.${f}`)).join(', ');
      lines.push(t(lang, 'eligibility.result.possibleItem', { title: program.title, missing }));
    }
  }
  lines.push('', t(lang, 'eligibility.result.finalDecision'));
  if (withOfficerOffer) lines.push(t(lang, 'eligibility.result.offerOfficer'));
  return lines.join('\n');
}

/** The consent question, listing exactly what would be kept. */
export function consentActivity(profile: Profile, lang: Lang, settings: EligibilitySettings): Partial<Activity> {
  return withActions(t(lang, 'eligibility.consent.question', { facts: summarizeProfile(profile, lang, settings) }), [t(lang, 'eligibility.action.yes'), t(lang, 'eligibility.action.no')], lang);
}

/** The closing offer to talk to an officer (a suggested action the main dialog's triage recognises). */
export function officerOffer(lead: string, lang: Lang): Partial<Activity> {
  return withActions([lead, t(lang, 'eligibility.result.offerOfficer')].filter(Boolean).join('\n'), [t(lang, 'eligibility.action.officer')], lang);
}
