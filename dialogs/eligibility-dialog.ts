/**
 * Eligibility screening as a slot-filling dialog: reads what the resident already said, asks only
 * the facts still needed (most informative first, at most MAX_QUESTIONS), then recommends the
 * programs the deterministic rules say fit, with reasons, citations and how to apply. Stops on
 * "그만" / "やめる" / "stop"; deletes the stored profile on "delete my information"; keeps
 * facts only after the resident says yes.
 */
import { ComponentDialog, DialogTurnStatus, TextPrompt, WaterfallDialog, type DialogContext, type DialogTurnResult, type PromptValidatorContext, type WaterfallStepContext } from 'botbuilder-dialogs';
import { t } from '../locales/i18n';
import { isLang, type Lang } from '../locales/lang';
import { isDeleteRequest, isDontKnow, isStopRequest, parseYesNo } from '../eligibility/extract/control-words';
import { applyFacts, changedKeys, extractFacts, isEmptyFacts, type ExtractedFacts } from '../eligibility/extract/extract-facts';
import { evaluatePrograms } from '../eligibility/engine';
import { summarizeProfile } from '../eligibility/format-reason';
import { sanitizeProfile, type FactKey, type Profile } from '../eligibility/profile';
import { selectQuestion } from '../eligibility/question-selection';
import { loadEligibilitySettings, type EligibilitySettings } from '../eligibility/references';
import type { EligibilityProgram } from '../eligibility/types';
import type { EligibilityDialogOptions, EligibilityResult, ProfileExtractor, ProfileStore } from '../eligibility/ports';
import { consentActivity, officerOffer, questionActivity, recommendationText, withActions, type Recommendation } from './eligibility/eligibility-messages';

export type { EligibilityDialogOptions, EligibilityResult, ProfileExtractor, ProfileStore } from '../eligibility/ports';

/** What the eligibility dialog needs. */
export interface EligibilityDialogDeps {
  /** The programs (knowledge documents with eligibility blocks); called once per turn. */
  programs: () => Promise<EligibilityProgram[]> | EligibilityProgram[];
  profiles: ProfileStore;
  /** Optional LLM extraction; the rules are used alone when absent or unavailable. */
  extractor?: ProfileExtractor;
  /** Income references and areas; defaults to the bundled YAML files. */
  settings?: EligibilitySettings;
  /** Most questions in one screening (default 5). */
  maxQuestions?: number;
}

/** The screening's progress, kept in dialog state between turns (plain JSON). */
interface ScreeningState {
  lang: Lang;
  profile: Profile;
  asked: FactKey[];
  questionsAsked: number;
  /** The resident consented earlier (a stored profile exists). */
  consented: boolean;
  /** Lines to put in front of the next question (acknowledgements). */
  prefix: string[];
  expected?: FactKey;
  result?: EligibilityResult;
}

const MAIN = 'eligibility.main';
const ASK = 'eligibility.ask';
const ANSWER = 'eligibility.answer';
const CONSENT = 'eligibility.consent';

/** The eligibility screening dialog (id `eligibility`). */
export class EligibilityDialog extends ComponentDialog {
  private readonly settings: EligibilitySettings;
  private readonly maxQuestions: number;

  constructor(private readonly deps: EligibilityDialogDeps) {
    super('eligibility');
    this.settings = deps.settings ?? loadEligibilitySettings();
    this.maxQuestions = deps.maxQuestions ?? 5;
    this.addDialog(new TextPrompt(ANSWER, (pc) => this.validateAnswer(pc)));
    this.addDialog(new TextPrompt(CONSENT, (pc) => Promise.resolve(parseYesNo(pc.recognized.value ?? '', this.langOf(pc.options.validations)) !== null || pc.attemptCount >= 3)));
    this.addDialog(new WaterfallDialog(MAIN, [(s) => this.start(s), (s) => this.recommend(s), (s) => this.afterConsent(s)]));
    this.addDialog(new WaterfallDialog(ASK, [(s) => this.ask(s), (s) => this.afterAnswer(s)]));
    this.initialDialogId = MAIN;
  }

  /** Stop and delete work at any point of the screening. */
  protected override async onContinueDialog(innerDc: DialogContext): Promise<DialogTurnResult> {
    const text = innerDc.context.activity.text ?? '';
    const lang = this.currentLang(innerDc);
    if (isStopRequest(text)) {
      await innerDc.cancelAllDialogs();
      await innerDc.context.sendActivity(withActions(t(lang, 'eligibility.stopped'), [], lang));
      return { status: DialogTurnStatus.complete, result: this.result('stopped', [], [], 0, false, false) };
    }
    if (isDeleteRequest(text)) {
      await innerDc.cancelAllDialogs();
      await this.deleteProfile(innerDc, lang);
      return { status: DialogTurnStatus.complete, result: this.result('deleted', [], [], 0, false, false) };
    }
    return super.onContinueDialog(innerDc);
  }

  private async start(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const options = (step.options ?? {}) as EligibilityDialogOptions;
    const text = options.text ?? step.context.activity.text ?? '';
    const lang: Lang = options.lang ?? (isLang(step.context.activity.locale?.slice(0, 2)) ? (step.context.activity.locale.slice(0, 2) as Lang) : 'en');
    if (isDeleteRequest(text)) {
      await this.deleteProfile(step, lang);
      return step.endDialog(this.result('deleted', [], [], 0, false, false));
    }
    const stored = await this.loadProfile(step);
    const facts = await this.read(text, lang, undefined);
    const profile = applyFacts(stored ?? {}, facts);
    const prefix: string[] = [];
    if (stored) prefix.push(t(lang, 'eligibility.usingSaved', { facts: summarizeProfile(profile, lang, this.settings) }));
    else if (!isEmptyFacts(facts)) prefix.push(t(lang, 'eligibility.noted', { facts: summarizeProfile(applyFacts({}, facts), lang, this.settings) }));
    else prefix.push(t(lang, 'eligibility.intro'));
    const state: ScreeningState = { lang, profile, asked: [], questionsAsked: 0, consented: stored !== null, prefix };
    return step.beginDialog(ASK, state);
  }

  private async ask(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const state = step.options as ScreeningState;
    const programs = await this.deps.programs();
    const next = state.questionsAsked >= this.maxQuestions ? null : selectQuestion(evaluatePrograms(programs, state.profile, this.settings), new Set(state.asked));
    if (next === null) return step.endDialog(state);
    state.asked.push(next);
    state.questionsAsked += 1;
    state.expected = next;
    const prompt = questionActivity(next, state.lang, state.profile, this.settings, programs, state.prefix);
    const retry = questionActivity(next, state.lang, state.profile, this.settings, programs, [t(state.lang, 'eligibility.reask')]);
    state.prefix = [];
    return step.prompt(ANSWER, { prompt, retryPrompt: retry, validations: { lang: state.lang, expected: next } });
  }

  private async afterAnswer(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const state = step.options as ScreeningState;
    const text = typeof step.result === 'string' ? step.result : '';
    const expected = state.expected;
    const facts = await this.read(text, state.lang, expected);
    const before = state.profile;
    state.profile = applyFacts(before, facts);
    const changed = changedKeys(before, state.profile).filter((k) => k !== expected && !(expected === 'residenceYears' && k === 'residence'));
    const answered = expected !== undefined && (expected === 'residenceYears' ? facts.residenceYears !== undefined : facts[expected] !== undefined);
    // Acknowledge facts given besides the answer: corrections ("아니 68살이요") and new ones.
    const pick = (keys: (keyof Profile)[]): Profile => Object.fromEntries(keys.map((k) => [k, state.profile[k]]));
    const corrected = changed.filter((k) => before[k] !== undefined);
    const added = changed.filter((k) => before[k] === undefined);
    if (corrected.length > 0) state.prefix.push(t(state.lang, 'eligibility.updated', { facts: summarizeProfile(pick(corrected), state.lang, this.settings) }));
    if (added.length > 0) state.prefix.push(t(state.lang, 'eligibility.noted', { facts: summarizeProfile(pick(added), state.lang, this.settings) }));
    if (!answered && expected && !isEmptyFacts(facts)) {
      // A correction instead of an answer: ask the same question again without using up the budget.
      state.asked = state.asked.filter((f) => f !== expected);
      state.questionsAsked -= 1;
    } else if (!answered) {
      state.prefix.push(t(state.lang, 'eligibility.skipped'));
    }
    state.expected = undefined;
    return step.replaceDialog(ASK, state);
  }

  private async recommend(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const state = step.result as ScreeningState;
    const programs = await this.deps.programs();
    const evaluations = evaluatePrograms(programs, state.profile, this.settings);
    const byId = new Map(programs.map((p) => [p.id, p]));
    const rank = (r: Recommendation) => (r.program.lang === state.lang ? 0 : 1);
    const pick = (status: string): Recommendation[] =>
      evaluations
        .filter((e) => e.status === status && (status !== 'unknown' || e.missing.length > 0))
        .map((e) => ({ program: byId.get(e.id)!, evaluation: e }))
        .sort((a, b) => rank(a) - rank(b) || a.program.id.localeCompare(b.program.id));
    const eligible = pick('eligible');
    const possible = pick('unknown');
    const hasFacts = Object.keys(state.profile).length > 0;
    const askConsent = hasFacts && !state.consented;
    if (state.consented && hasFacts) await this.saveProfile(step, state.profile);
    const text = [...state.prefix, recommendationText(eligible, possible, state.lang, this.settings, !askConsent)].join('\n\n');
    state.prefix = [];
    await step.context.sendActivity(withActions(text, askConsent ? [] : [t(state.lang, 'eligibility.action.officer')], state.lang));
    state.result = this.result(eligible.length > 0 ? 'recommended' : 'no_match', eligible.map((r) => r.program.id), possible.map((r) => r.program.id), state.questionsAsked, true, false);
    (step.values as { state?: ScreeningState }).state = state;
    if (!askConsent) return step.endDialog(state.result);
    return step.prompt(CONSENT, {
      prompt: consentActivity(state.profile, state.lang, this.settings),
      retryPrompt: withActions(t(state.lang, 'eligibility.consent.reask'), [t(state.lang, 'eligibility.action.yes'), t(state.lang, 'eligibility.action.no')], state.lang),
      validations: { lang: state.lang },
    });
  }

  private async afterConsent(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const state = (step.values as { state: ScreeningState }).state;
    const yes = parseYesNo(typeof step.result === 'string' ? step.result : '', state.lang) === true;
    const saved = yes && (await this.saveProfile(step, state.profile));
    await step.context.sendActivity(officerOffer(t(state.lang, saved ? 'eligibility.consent.saved' : 'eligibility.consent.notSaved'), state.lang));
    return step.endDialog({ ...(state.result as EligibilityResult), saved });
  }

  private async validateAnswer(pc: PromptValidatorContext<string>): Promise<boolean> {
    const { lang, expected } = (pc.options.validations ?? {}) as { lang?: Lang; expected?: FactKey };
    // After two re-asks, or on "I don't know", the step skips the question instead of insisting.
    if (pc.attemptCount >= 3 || isDontKnow(pc.recognized.value ?? '')) return true;
    const facts = await this.read(pc.recognized.value ?? '', lang ?? 'en', expected);
    return !isEmptyFacts(facts);
  }

  /** Rules first; the LLM (when wired and reachable) only fills facts the rules did not find. */
  private async read(text: string, lang: Lang, expected: FactKey | undefined): Promise<ExtractedFacts> {
    const rules = extractFacts(text, lang, { settings: this.settings, expected });
    if (!this.deps.extractor || text.trim() === '' || (expected !== undefined && !isEmptyFacts(rules))) return rules;
    let llm: Partial<Profile> = {};
    try {
      llm = sanitizeProfile(await this.deps.extractor.extract(text, lang));
    } catch {
      llm = {}; // the port promises null on failure; a throwing adapter must not break the turn
    }
    return { ...llm, ...Object.fromEntries(Object.entries(rules).filter(([, v]) => v !== undefined)) };
  }

  private async loadProfile(dc: DialogContext): Promise<Profile | null> {
    const { channelId, from } = dc.context.activity;
    try {
      const stored = await this.deps.profiles.get(channelId, from?.id ?? '');
      return stored ? (sanitizeProfile(stored.profile)) : null;
    } catch {
      return null; // without storage the screening still works, just without memory
    }
  }

  private async saveProfile(dc: DialogContext, profile: Profile): Promise<boolean> {
    const { channelId, from } = dc.context.activity;
    try {
      await this.deps.profiles.save(channelId, from?.id ?? '', profile);
      return true;
    } catch {
      return false;
    }
  }

  private async deleteProfile(dc: DialogContext, lang: Lang): Promise<void> {
    const { channelId, from } = dc.context.activity;
    const existed = await this.deps.profiles.delete(channelId, from?.id ?? '').catch(() => false);
    await dc.context.sendActivity(withActions(t(lang, existed ? 'eligibility.deleted' : 'eligibility.nothingToDelete'), [], lang));
  }

  private result(outcome: EligibilityResult['outcome'], eligible: string[], possible: string[], questionsAsked: number, offerHandoff: boolean, saved: boolean): EligibilityResult {
    return { outcome, eligible, possible, offerHandoff, questionsAsked, saved };
  }

  private langOf(validations: unknown): Lang {
    const lang = (validations as { lang?: unknown } | undefined)?.lang;
    return isLang(lang) ? lang : 'en';
  }

  /** The language of the running screening (from the active prompt's options), for stop/delete replies. */
  private currentLang(innerDc: DialogContext): Lang {
    for (const entry of innerDc.stack) {
      const options = (entry.state as { options?: { lang?: unknown; validations?: { lang?: unknown } } } | undefined)?.options;
      const lang = options?.validations?.lang ?? options?.lang;
      if (isLang(lang)) return lang;
    }
    const locale = innerDc.context.activity.locale?.slice(0, 2);
    return isLang(locale) ? locale : 'en';
  }
}
