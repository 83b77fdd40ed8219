/**
 * Recognises a request for eligibility screening ("what benefits can I get?", "どんな支援が受けら
 * れますか", "받을 수 있는 복지 알려줘", or a situation plus "what help is there?"), as opposed to
 * a knowledge question about a named program ("how do I apply for 기초연금?").
 */
import type { Lang } from '../locales/lang';
import { extractFacts, isEmptyFacts } from './extract/extract-facts';
import type { EligibilitySettings } from './references';

const GENERIC: Record<Lang, RegExp[]> = {
  ko: [
    /받을\s*수\s*있는\s*(?:복지|지원|혜택|제도|수당|서비스|게|것|거|돈|도움)/,
    /(?:어떤|무슨|뭔|어느)\s*(?:복지|지원|혜택|제도|도움|서비스|지원금|수당)/,
    /(?:복지|지원|혜택|지원금|제도)\s*(?:뭐|뭘|무엇|어떤\s*게)/,
    /(?:해당|대상이?)\s*(?:되는|될\s*수\s*있는)\s*(?:복지|지원|혜택|제도|사업)/,
    /(?:복지|지원|혜택|지원금)\s*(?:좀\s*)?(?:알려|추천|찾아|조회)/,
    /(?:도움|지원)\s*(?:을|를)?\s*받을\s*(?:수\s*있|만한|방법)/,
    /(?:자격|대상)\s*(?:이|을)?\s*(?:확인|알아보|조회)/,
  ],
  ja: [
    /(?:受けられる|もらえる|使える|利用できる|申請できる|対象になる)(?:支援|制度|手当|サービス|給付|助成|補助|もの)/,
    /(?:どんな|どのような|何か|なにか|どういう)(?:支援|制度|手当|サービス|給付|助成|補助|援助|助け)/,
    /(?:支援|制度|手当|給付)(?:は|が)?(?:何か)?(?:あります|ありますか|ある|ない|ないか|教えて)/,
    /(?:受給|対象)(?:資格|者)?(?:か|を)?(?:どうか)?(?:調べ|確認|知りたい)/,
  ],
  en: [
    /\bwhat\s+(?:benefits?|support|help|assistance|aid|programs?|programmes?|services?)\b.{0,30}\b(?:can|could|am|do|is|are|available|there|for me|get|qualify|eligible|entitled)/i,
    /\b(?:am i|are we|would i|could i)\s+(?:be\s+)?(?:eligible|entitled|qualified)\b/i,
    /\bwhich\s+(?:benefits?|programs?|programmes?|support|services?)\b/i,
    /\bwhat\s+(?:can|could)\s+i\s+(?:get|claim|apply for|receive)\b/i,
    /\b(?:any|is there any|are there any)\s+(?:benefits?|support|help|assistance|financial help|aid)\b/i,
    /\bwhat\s+help\b|\bwhat\s+(?:am i|are we)\s+entitled\b|\bbenefits?\s+(?:check|finder|screening)\b/i,
  ],
};

/** A help-seeking phrase that, together with facts about the resident, asks for screening. */
const HELP_ASK: Record<Lang, RegExp> = {
  ko: /(?:지원|도움|혜택|복지|받을\s*수|있을까|있나요|있어요\?|뭐가\s*있)/,
  ja: /(?:支援|助け|手当|制度|受けられ|もらえ|ありますか|ある\?|ないでしょうか)/,
  en: /\b(?:help|support|benefits?|assistance|aid|qualify|eligible|entitled)\b/i,
};

/**
 * Names of specific programs: a knowledge question about one of them is not a screening request.
 * Generic words (지원금, 支援, benefits) are not names.
 */
const NAMED_PROGRAM: Record<Lang, RegExp> = {
  ko: /[가-힣]{2,}(?:연금|수당|급여|바우처|장려금|보험료|지원금|정기권|이용권|패스)/,
  ja: /[一-龯ァ-ヴー]{2,}(?:手当|年金|給付金|医療費助成|援助|補助金|助成金|扶養手当|パス)/,
  en: /\b(?:[A-Z][a-z]+\s+){1,4}(?:Pension|Allowance|Benefit|Pass|Subsidy|Assistance|Support|Grant|Program|Programme)\b|\b(?:apply for|how (?:do|can) i (?:apply|get)) (?:the )?[A-Z]/,
};
const GENERIC_NAME_PREFIX: Record<Lang, RegExp> = {
  ko: /^(?:받을수있는|있는|어떤|무슨|받을|정부|나라|해당되는|되는|이런|그런|저런|무슨|어느)(?:연금|수당|급여|바우처|장려금|지원금)$/,
  ja: /^$/,
  en: /^(?:What|Which|Any|Financial|Government|City|Public)\s/,
};

/** Global copies of NAMED_PROGRAM for `matchAll` (made once; `matchAll` clones them per call). */
const NAMED_PROGRAM_ALL = Object.fromEntries(
  (Object.entries(NAMED_PROGRAM) as [Lang, RegExp][]).map(([lang, re]) => [lang, new RegExp(re.source, re.flags.includes('g') ? re.flags : `${re.flags}g`)]),
) as Record<Lang, RegExp>;

/** True when one of the program-name matches is a real name rather than a generic phrase. */
function namesProgram(text: string, lang: Lang): boolean {
  for (const m of text.matchAll(NAMED_PROGRAM_ALL[lang])) if (!GENERIC_NAME_PREFIX[lang].test(m[0].replace(/\s+/g, lang === 'en' ? ' ' : ''))) return true;
  return false;
}

/** Facts are read only to see whether a situation is described; areas and references are not needed. */
const INTENT_SETTINGS: EligibilitySettings = { incomeReferences: new Map(), areas: [], defaultCurrency: { ko: 'KRW', ja: 'JPY', en: 'USD' } };

/** How a message asks for screening: in so many words, or by a situation plus a call for help. */
export type ScreeningRequest = 'generic' | 'situation';

/**
 * Whether the message asks which programs the resident can get — `generic`: in so many words
 * ("what benefits can I get?"); `situation`: it describes the resident's situation and asks what
 * help exists — or `null`, also for a question about a named program.
 */
export function screeningRequest(text: string, lang: Lang): ScreeningRequest | null {
  const s = text.trim();
  if (s.length === 0 || s.length > 600) return null;
  if (namesProgram(s, lang)) return null;
  if (GENERIC[lang].some((re) => re.test(s))) return 'generic';
  if (!HELP_ASK[lang].test(s)) return null;
  const facts = extractFacts(s, lang, { settings: INTENT_SETTINGS });
  return isEmptyFacts(facts) ? null : 'situation';
}

/**
 * True when the message asks which programs the resident can get (or describes their situation
 * and asks what help exists), and false for a question about a named program.
 */
export function isEligibilityRequest(text: string, lang: Lang): boolean {
  return screeningRequest(text, lang) !== null;
}
