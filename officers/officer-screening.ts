/**
 * Eligibility screening for officers: the rule engine run on facts the officer enters (or the
 * resident gave, with their consent). `bot/wiring/eligibility-wiring.ts` implements the port with
 * the same engine, programs and reason texts as `madoguchi eligibility`, so both give the same verdicts.
 */
import { t } from '../locales/i18n';
import type { Lang } from '../locales/lang';

/** One programme's verdict. */
export interface ScreeningRow {
  id: string;
  title: string;
  status: 'eligible' | 'not_eligible' | 'unknown';
  /** Why, in the requested language. */
  reasons: string[];
  /** Facts still needed to decide (empty unless `unknown`). */
  missing: string[];
}

/** The verdicts, or why the facts were refused. */
export type ScreeningOutcome = { ok: true; results: ScreeningRow[] } | { ok: false; problem: string };

/** Runs the screening; never stores the facts. */
export interface OfficerScreener {
  screen(facts: unknown, lang: Lang): ScreeningOutcome;
}

/**
 * The verdicts as the resident would read them (the bot's own screening wording, in `lang`): the
 * programmes that fit with why, those that need more facts, and the reminder that the office
 * decides. For the officer to paste into a reply and edit.
 */
export function screeningReplyText(results: readonly ScreeningRow[], lang: Lang): string {
  const fit = results.filter((r) => r.status === 'eligible');
  const open = results.filter((r) => r.status === 'unknown');
  const lines: string[] = [];
  if (fit.length > 0) {
    lines.push(t(lang, 'eligibility.result.header'));
    fit.forEach((r, i) => {
      lines.push(t(lang, 'eligibility.result.item', { n: i + 1, title: r.title }));
      if (r.reasons.length > 0) lines.push(t(lang, 'eligibility.result.why', { reasons: r.reasons.join(', ') }));
    });
  }
  if (open.length > 0) {
    lines.push(t(lang, 'eligibility.result.possibleHeader'));
    for (const r of open) lines.push(t(lang, 'eligibility.result.possibleItem', { title: r.title, missing: r.missing.map((m) => t(lang, `eligibility.fact.${m}`)).join(', ') }));
  }
  if (lines.length === 0) lines.push(t(lang, 'eligibility.result.none'));
  lines.push(t(lang, 'eligibility.result.finalDecision'));
  return lines.join('\n');
}
