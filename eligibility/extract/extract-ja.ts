/**
 * Rule-based fact extraction from Japanese free text ("二人暮らしです", "67歳です",
 * "年収300万円", "3歳の子どもがいるシングルマザーです").
 */
import type { Profile } from '../profile';
import { isElsewhere, parseYesNo } from './control-words';
import { allNumbers, applyAgeMentions, findAgeMentions, findArea, findMoney, firstMatchValue, flagFrom, lastHouseholdSize, toIncome, type HouseholdPattern, type ExtractedFacts, type ExtractionContext } from './helpers';
import { normalizeJapanese } from './numbers';

const CHILD_WORD = '(?:子ども|子供|こども|子|息子|娘|長男|長女|次男|次女|上の子|下の子|赤ちゃん|男の子|女の子|双子|孫)';
const CHILD_AFTER = new RegExp(`^\\s*(?:の|になる|になった|と)?\\s*${CHILD_WORD}`);
const CHILD_BEFORE = new RegExp(`${CHILD_WORD}(?:が|は|も|、)?\\s*(?:\\d+\\s*人\\s*[、,]?)?\\s*(?:今|いま|今年)?\\s*$`);
const CONJ = /^\s*(?:と|、|,|や|および)\s*$/;

const EMPLOYMENT: [RegExp, NonNullable<Profile['employment']>][] = [
  [/無職|失業|仕事を?(?:失|辞め|なくし|クビ)|働いていません|働いてない|働いていない|求職中|解雇|リストラ|職を失/, 'unemployed'],
  [/自営業|個人事業|フリーランス|店を(?:経営|やって)/, 'self_employed'],
  [/退職|年金生活|引退|定年/, 'retired'],
  [/専業主婦|専業主夫|主婦|主夫/, 'homemaker'],
  [/(?:^|私は|僕は)\s*(?:大学生|大学院生|学生)/, 'student'],
  [/会社員|正社員|パート|アルバイト|バイト|派遣|契約社員|働いています|働いてる|働いており|勤め|勤務|共働き/, 'employed'],
];

/** Extracts facts from Japanese text. Later statements win (so corrections override). */
export function extractJapanese(raw: string, ctx: ExtractionContext): ExtractedFacts {
  const text = normalizeJapanese(raw);
  const out: ExtractedFacts = {};
  const expected = ctx.expected;

  const mentions = findAgeMentions(text, /(\d{1,3})\s*(?:歳|才)(?!\s*(?:以上|以下|未満|から|まで))/g, (before, after) => CHILD_AFTER.test(after) || CHILD_BEFORE.test(before), CONJ);
  if (expected === 'childrenAges') mentions.forEach((m) => (m.child = true));
  applyAgeMentions(out, mentions);
  if (/新生児|生まれたばかり|0歳児/.test(text) && !out.childrenAges) out.childrenAges = [0];
  if (/子(?:ども|供)?(?:は|が)?\s*(?:い|おり)ません|子(?:ども|供)?(?:は)?いない|子(?:ども|供)?なし/.test(text)) out.childrenAges = [];

  const household: HouseholdPattern[] = [
    [/単身|1人暮らし|1人で(?:住|暮ら)/, () => 1],
    [/夫婦\s*(?:2人|のみ|だけ)/, () => 2],
    [/(\d+)\s*人暮らし/, (m) => Number(m[1])],
    [/(\d+)\s*人(?:家族|世帯)/, (m) => Number(m[1])],
    [/(?:家族|世帯|世帯員)(?:は|が)?\s*(?:全部で|合わせて|全員で)?\s*(\d+)\s*人/, (m) => Number(m[1])],
  ];
  const size = lastHouseholdSize(text, household);
  if (size !== undefined) out.householdSize = size;
  if (expected === 'householdSize' && out.householdSize === undefined) {
    const n = allNumbers(text)[0];
    if (n !== undefined && Number.isInteger(n) && n >= 1 && n <= 30) out.householdSize = n;
  }

  const incomeWord = /収入|所得|年収|月収|手取り|給料|給与|稼ぎ|稼い|もらって|年金/.test(text);
  const money = findMoney(text, expected === 'income' ? 0 : 10000).filter((m) => m.currency || incomeWord || expected === 'income');
  if (/(?:収入|所得|稼ぎ)(?:は|が)?\s*(?:ほとんど|全く|まったく)?\s*(?:ない|ありません|なし|0\s*円)|無収入/.test(text)) {
    out.income = { amount: 0, currency: ctx.settings.defaultCurrency.ja, period: 'year' };
  } else if (money.length > 0) {
    const m = money[money.length - 1];
    // "300" as an answer to the income question means 300万円.
    if (!m.currency && expected === 'income' && m.amount > 0 && m.amount < 10000) m.amount *= 10000;
    out.income = toIncome(m, text, 'ja', ctx, { year: /年収|年間|年に|1年|年額/, month: /月収|月に|毎月|月額|手取り|月/, fallback: 'year' });
  } else if (expected === 'income' && /^\s*(?:ない|ありません|0|なし)/.test(text)) {
    out.income = { amount: 0, currency: ctx.settings.defaultCurrency.ja, period: 'year' };
  }

  const area = findArea(text, ctx.settings);
  if (area) out.residence = { area };
  else if ((expected === 'residence' && isElsewhere(text)) || /[一-龯ぁ-んァ-ヴ]{2,}(?:市|町|村|区)に(?:住|在住)/.test(text)) out.residence = { area: 'other' };
  const years = /(\d+)\s*年(?:間|前から|以上|ほど|くらい|ぐらい)?\s*(?:住ん|暮らし|在住|になり|経ち)/.exec(text);
  if (years) out.residenceYears = Number(years[1]);
  else if (expected === 'residenceYears') {
    const n = allNumbers(text)[0];
    if (n !== undefined) out.residenceYears = n;
    else if (/1年未満|最近|引っ越してきたばかり/.test(text)) out.residenceYears = 0;
  }

  if (expected === 'childrenAges' && out.childrenAges === undefined) {
    const nums = allNumbers(text).filter((n) => n <= 30);
    if (nums.length > 0) out.childrenAges = nums;
    else if (parseYesNo(raw, 'ja') === false) out.childrenAges = [];
  }

  const single = flagFrom(text, /シングルマザー|シングルファーザー|シングルママ|1人親|ひとり親|母子家庭|父子家庭|1人で子(?:ども|供)?を?育て/, /(?:ひとり親|1人親)では(?:ない|ありません)/);
  if (single !== undefined) out.singleParent = single;
  const disability = flagFrom(text, /障(?:害|がい|碍)(?:が|を)?\s*(?:あり|ある|持って|抱え)|障(?:害|がい)者|障害者手帳|身体障|精神障|知的障|療育手帳/, /障(?:害|がい)(?:は|が)?\s*(?:ありません|ない)/);
  if (disability !== undefined) out.disability = disability;
  const pregnant = flagFrom(text, /妊娠|妊婦|出産予定|おなかに赤ちゃん/, /妊娠(?:は)?\s*(?:していません|してない|していない)/);
  if (pregnant !== undefined) out.pregnant = pregnant;
  const employment = firstMatchValue(text, EMPLOYMENT);
  if (employment !== undefined) out.employment = employment;
  return out;
}
