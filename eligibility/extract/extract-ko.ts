/**
 * Rule-based fact extraction from Korean free text ("67살이고 혼자 살아요", "아니 68살이요",
 * "월 150만 원 벌어요", "5살이랑 8살 아이 키우는 한부모예요").
 */
import type { Profile } from '../profile';
import type { ExtractedFacts } from './helpers';
import { isElsewhere, parseYesNo } from './control-words';
import { allNumbers, applyAgeMentions, findAgeMentions, findArea, findMoney, firstMatchValue, flagFrom, lastHouseholdSize, toIncome, type HouseholdPattern, type ExtractionContext } from './helpers';
import { normalizeKorean } from './numbers';

const CHILD_WORD = '(?:아이|애기|애|자녀|아들|딸|아기|손주|손자|손녀|쌍둥이|첫째|둘째|셋째|막내|큰애|작은애|남자아이|여자아이)';
const CHILD_AFTER = new RegExp(`^\\s*(?:짜리|된|인|이\\s*된)?\\s*${CHILD_WORD}`);
const CHILD_BEFORE = new RegExp(`${CHILD_WORD}(?:가|는|이|은|도|랑|하고)?\\s*(?:이제|올해|지금)?\\s*$`);
const CONJ = /^\s*(?:이랑|랑|과|와|하고|이고|,|、|및|그리고)\s*$/;

const EMPLOYMENT: [RegExp, NonNullable<Profile['employment']>][] = [
  [/실직|실업|무직|일자리[를가]?\s*(?:잃|없)|일[을이]?\s*(?:안|못)\s*(?:해|하|하고)|일[을이]?\s*없|직장[을이]?\s*(?:잃|그만|없)|해고|폐업|구직\s*중|일\s*그만/, 'unemployed'],
  [/자영업|장사[를]?\s*(?:해|하고)|가게[를]?\s*(?:운영|해)|프리랜서|개인\s*사업/, 'self_employed'],
  [/은퇴|퇴직|연금\s*생활/, 'retired'],
  [/전업\s*주부|주부|살림만/, 'homemaker'],
  [/(?:^|\s|저는\s*|제가\s*)(?:대학생|대학원생|학생)(?:이|입니다|이에요|예요|$)/, 'student'],
  [/회사[에를]?\s*다녀|회사\s*다니|직장인|회사원|직장[에을]?\s*다니|일하고\s*있|일해요|일합니다|일을\s*해|근무|알바|아르바이트|정규직|비정규직|계약직|취업\s*(?:했|중)|맞벌이|일\s*다니/, 'employed'],
];

/** Extracts facts from Korean text. Later statements win (so corrections override). */
export function extractKorean(raw: string, ctx: ExtractionContext): ExtractedFacts {
  const text = normalizeKorean(raw);
  const out: ExtractedFacts = {};
  const expected = ctx.expected;

  // Ages: the resident's and the children's.
  const mentions = findAgeMentions(
    text,
    /(?:만\s*)?(\d{1,3})\s*(?:세|살)(?!\s*(?:이상|이하|미만|부터|까지))/g,
    (before, after) => CHILD_AFTER.test(after) || CHILD_BEFORE.test(before),
    CONJ,
  );
  if (expected === 'childrenAges') mentions.forEach((m) => (m.child = true));
  applyAgeMentions(out, mentions);
  if (/(?:갓난|신생아|아기(?:가|를)?\s*(?:낳|태어))/.test(text) && !out.childrenAges) out.childrenAges = [0];
  if (/(?:아이|애|자녀|자식)[가는도]?\s*(?:없|안\s*키|안\s*키워)|무자녀/.test(text)) out.childrenAges = [];

  // Household size.
  const household: HouseholdPattern[] = [
    [/혼자\s*(?:살|지내|사는|삽)|독거|홀로\s*(?:살|지내)|1\s*인\s*가구|1\s*인가구/, () => 1],
    [/(?:둘이|둘이서|부부\s*둘이|부부끼리|부부만)\s*(?:살|지내|사는|삽)?/, () => 2],
    [/(\d+)\s*인\s*(?:가구|가족)/, (m) => Number(m[1])],
    [/(?:가족|식구|가구원)[이은는도]?\s*(?:모두|다|총|전부)?\s*(\d+)\s*(?:명|식구|인)/, (m) => Number(m[1])],
    [/(\d+)\s*식구/, (m) => Number(m[1])],
    [/(\d+)\s*명[이]?(?:서)?\s*(?:살|함께|같이|지내|사는)/, (m) => Number(m[1])],
  ];
  const size = lastHouseholdSize(text, household);
  if (size !== undefined) out.householdSize = size;
  if (expected === 'householdSize' && out.householdSize === undefined) {
    const n = allNumbers(text)[0];
    if (n !== undefined && Number.isInteger(n) && n >= 1 && n <= 30 && !out.age) out.householdSize = n;
    else if (/^\s*(?:둘|두)/.test(raw)) out.householdSize = 2;
    else if (/^\s*(?:셋|세)/.test(raw)) out.householdSize = 3;
    else if (/^\s*(?:넷|네\s*명)/.test(raw)) out.householdSize = 4;
  }

  // Income.
  const incomeWord = /소득|수입|벌어|벌이|번다|벌고|월급|연봉|급여|받아|받고|생활비|월\s*\d|연\s*\d/.test(text);
  const money = findMoney(text, expected === 'income' ? 0 : 10000).filter((m) => m.currency || incomeWord || expected === 'income');
  if (/(?:소득|수입|벌이|월급|돈)[이은는가]?\s*(?:전혀|하나도|거의)?\s*(?:없|0\s*원)|무소득|무수입/.test(text)) {
    out.income = { amount: 0, currency: ctx.settings.defaultCurrency.ko, period: 'month' };
  } else if (money.length > 0) {
    const m = money[money.length - 1];
    // "150" as an answer to the income question means 150만 원.
    if (!m.currency && expected === 'income' && m.amount > 0 && m.amount < 10000) m.amount *= 10000;
    out.income = toIncome(m, text, 'ko', ctx, { year: /연봉|연\s*소득|연\s*수입|연\s*\d|1\s*년|일\s*년|한\s*해|년에|연간/, month: /월|달|매달/, fallback: 'month' });
  } else if (expected === 'income' && /^\s*(?:없|0|전혀)/.test(text)) {
    out.income = { amount: 0, currency: ctx.settings.defaultCurrency.ko, period: 'month' };
  }

  // Residence and years.
  const area = findArea(text, ctx.settings);
  if (area) out.residence = { area };
  else if ((expected === 'residence' && isElsewhere(text)) || /(?:[가-힣]{2,}(?:시|군|도))에\s*(?:살|거주|사는)/.test(text)) out.residence = { area: 'other' };
  const years = /(\d+)\s*년\s*(?:째|동안|정도|넘게|이상|전부터|가까이)?\s*(?:살|거주|됐|되었|지냈)/.exec(text);
  if (years) out.residenceYears = Number(years[1]);
  else if (expected === 'residenceYears') {
    const n = allNumbers(text)[0];
    if (n !== undefined) out.residenceYears = n;
    else if (/1\s*년\s*(?:안|미만)|얼마\s*안|최근|이사\s*온\s*지\s*얼마/.test(text)) out.residenceYears = 0;
  }

  // Children answers ("3살, 7살" / "3, 7" / "없어요").
  if (expected === 'childrenAges' && out.childrenAges === undefined) {
    const nums = allNumbers(text).filter((n) => n <= 30);
    if (nums.length > 0) out.childrenAges = nums;
    else if (parseYesNo(raw, 'ko') === false) out.childrenAges = [];
  }

  // Flags.
  const single = flagFrom(text, /한부모|싱글\s*맘|싱글\s*대디|미혼모|미혼부|혼자(?:서)?\s*(?:아이|애|자녀|아들|딸)[^.]{0,8}(?:키우|기르|양육)/, /한부모(?:가|는)?\s*아니/);
  if (single !== undefined) out.singleParent = single;
  const disability = flagFrom(text, /장애[가를]?\s*(?:있|등록|판정)|장애인|장애\s*\d\s*급|장애\s*등급|장애\s*(?:아동|수당)/, /장애[는가]?\s*(?:없|아니)/);
  if (disability !== undefined) out.disability = disability;
  const pregnant = flagFrom(text, /임신|임산부|출산\s*예정|뱃속/, /임신[은]?\s*(?:안|아니|않)/);
  if (pregnant !== undefined) out.pregnant = pregnant;
  const employment = firstMatchValue(text, EMPLOYMENT);
  if (employment !== undefined) out.employment = employment;
  return out;
}
