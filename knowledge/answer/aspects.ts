/**
 * What a resident asks *about* a program (who can get it, how much, how to apply, which
 * documents, where to ask, when, at what hours, what it costs), recognised in Korean, Japanese
 * and English — both in the resident's question and in a document's own section headings.
 * Headings are matched by their words, not as fixed strings, so any city's headings ("지원 대상",
 * "対象となる方", "Who can apply", "Eligibility criteria") map to the same aspect.
 *
 * A question is read the way its grammar asks it:
 * - a question word or noun that names an aspect ("얼마", "뭐가 필요", "いつ", "where",
 *   "what do I need") asks for it; a yes/no phrase ("받을 수 있나요", "もらえますか", "can I get")
 *   asks about the program as a whole, and only hints at an aspect;
 * - an aspect word inside a purpose or time clause ("신청하려면", "申請するには", "to apply",
 *   "when applying") frames the question rather than asking it: "기초연금 신청하려면 뭐가
 *   필요해요?" asks for the documents, not for the application steps.
 */

/** An aspect of a program a question can ask about and a section can cover. */
export type Aspect = 'eligibility' | 'benefit' | 'apply' | 'documents' | 'contact' | 'hours' | 'deadline' | 'cost';

/** Every aspect, in the order a document usually presents them. */
export const ASPECTS: readonly Aspect[] = ['eligibility', 'benefit', 'apply', 'documents', 'contact', 'hours', 'deadline', 'cost'];

/**
 * Heading words per aspect. Checked in this order, so that the more specific aspect wins when a
 * heading has words of two ("신청 서류" is documents, "지원 대상" eligibility, not benefit).
 */
const HEADING_WORDS: readonly [Aspect, RegExp][] = [
  ['documents', /서류|준비물|지참|제출|書類|持ち物|持参|提出|document|paperwork|what to bring|bring/i],
  ['eligibility', /대상|자격|조건|요건|기준|対象|資格|条件|要件|基準|eligib|who (?:is|can|may|qualif)|qualif|criteria/i],
  ['cost', /비용|요금|수수료|가격|본인\s*부담|費用|料金|手数料|値段|価格|自己負担|cost|fee|price|charge/i],
  ['contact', /문의|연락|담당|장소|위치|찾아|問い?合わ?せ|問合せ|連絡|窓口|担当|場所|相談|contact|where|enquir|inquir|phone|office|location|help/i],
  ['hours', /운영\s*시간|이용\s*시간|개방\s*시간|영업\s*시간|開所時間|開館時間|利用時間|受付時間|営業時間|opening hours|opening times|hours/i],
  ['deadline', /기한|기간|마감|일정|시기|지급일|지급\s*시기|입금일|납기|期限|期間|締切|締め切り|日程|スケジュール|時期|支給日|支払日|振込日|納期|deadline|date|when|schedule|period|timeline|payment days?/i],
  ['apply', /신청|접수|절차|방법|申請|申込|申し込|手続|方法|流れ|apply|application|how to|procedure|steps|register/i],
  ['benefit', /내용|혜택|금액|급여|지원|支援|内容|給付|金額|支給|助成|受けられる|what you get|benefit|amount|how much|support|services|what.*(?:get|receive)|payment/i],
];

/** A heading phrased as a question: a question mark, or a Korean or Japanese question ending. */
const QUESTION_HEADING = /[?？]\s*$|(?:나요|까요|가요|세요|ですか|ますか)\s*$/u;

/** The aspect a section heading names, or null when its words name none. */
export function headingAspect(heading: string): Aspect | null {
  return headingAspects(heading)[0] ?? null;
}

/**
 * Every aspect a heading names: one per part of a heading that joins two ("Opening hours and
 * contact": contact, hours; "신청 방법 및 구비 서류": apply, documents), the most specific first; a
 * heading phrased as a question ("누가 받을 수 있나요") names what it asks.
 * Within one part only its most specific aspect counts: "신청 대상" is who is eligible, not how to
 * apply.
 */
export function headingAspects(heading: string): Aspect[] {
  const parts = heading.normalize('NFKC').split(/\s+(?:and|&|및|과|와)\s+|\s*[/・·、,]\s*|(?<=[\u3040-\u9fff])と(?=[\u3040-\u9fff])/iu);
  const out: Aspect[] = [];
  for (const part of parts) {
    // A heading written as a resident's question ("누가 받을 수 있나요", "地域包括支援センターはどこですか？")
    // is read as one: its question word says what it answers, whatever nouns it names.
    const asked = QUESTION_HEADING.test(part) ? questionAspects(part)[0] : undefined;
    const first = asked ?? HEADING_WORDS.find(([, words]) => words.test(part))?.[0] ?? questionAspects(part)[0] ?? questionHints(part)[0];
    if (first && !out.includes(first)) out.push(first);
  }
  return out;
}

/**
 * Question cues per aspect. `ask`: words that ask for the aspect (question words, the aspect's
 * own nouns); `hint`: yes/no phrases that suggest it ("can I get …?"), which only favour that
 * aspect's section when the question's own words point to it.
 */
const QUESTION_CUES: Record<Aspect, { ask: RegExp; hint?: RegExp }> = {
  eligibility: {
    ask: /대상|자격|조건|요건|기준|누가|누구(?:나|한테|에게)?\s*(?:받|신청|해당|가능)|해당(?:되|돼|하)|받을\s*수\s*있는지|(?:もらえる|受けられる|対象)か(?:どうか)|whether (?:i|we|he|she|they|my \w+) (?:can|qualif|am|is|are)|if (?:i|we|he|she|they) (?:qualify|am eligible|is eligible|are eligible)|対象|資格|条件|要件|基準|所得制限|誰が|該当|eligib|qualif|income (?:limit|threshold|cap)s?|who (?:can|is|may|gets?)|entitled|criteria|requirements?\b|too old|too young|age limit|나이\s*제한|몇\s*살(?:까지|부터)|몇\s*세(?:까지|부터)|何歳(?:まで|から)/i,
    hint: /받을\s*수\s*있|받을\s*수\s*있나|되나요|될까요|돼요\?|가능한가요|가능할까요|가능해요|할\s*수\s*있나요|受けられ|もらえ(?:ます|る)(?:か|の)|できますか|使えますか|can i (?:get|receive|apply|use|join)|could i get|am i|do i (?:get|qualify)|is (?:my|our) \w+ eligible/i,
  },
  benefit: {
    ask: /얼마(?!나?\s*(?:걸|오래|동안|기다|있다가|후에|뒤에))|금액|혜택|지원\s*내용|무슨\s*지원|어떤\s*지원|뭘\s*받|무엇을\s*받|뭐\s*받|내주|지급액|몇\s*(?:권|개|번|회)|いくら(?!かか)|金額|内容|どんな支援|何がもらえ|何をもらえ|何が受けられ|助成額|支給額|何冊|何回|최대|한도|上限|月額|how much|how many|hw much|how mch|amount|max(?:imum)?\b|per month|a month|monthly|what do i get|what will i get|what does it (?:give|cover|pay)|benefits?\b|covered|covers/i,
    hint: /지원해|지원돼|포함|받나요|나와요|나오나요|もらえ|含まれ|出る|出ます|pay|paid|cover/i,
  },
  apply: {
    ask: /(?:どこで|어디서|어디에서)\s*\S{0,4}?(?:受け|もらえ|取れ|買え|받|발급|뽑|살\s*수)|where (?:can|do|should|could) (?:i|we|you|my \w+) (?:get|take|receive|pick up|buy)\b|신청|접수|절차|(?:어떻게|어케|어캐|어떡게|어떻케)\s*(?:하|해|받|신청|발급|만들|가입|버리|내|이용|타)|뭘\s*해야|뭐\s*해야|무엇을\s*해야|방법|申請|申し込|申込|手続|どうすれば|どうやって|どうしたら|方法|apply|application|sign up|register|how do i|how can i (?:get|apply|sign|register|book|join|use|throw|dispose)|how to (?:get|apply|sign|register|book|join|use|throw|dispose)|procedure|book(?:ing)? (?:a|an|the)/i,
    hint: /how\b/i,
  },
  documents: {
    ask: /서류|준비물|뭐가\s*필요|뭐\s*필요|무엇이\s*필요|무엇을\s*준비|필요한\s*(?:것|거|게|건|서류|물건)|(?:뭘|뭐를?|무엇을|머)\s*(?:챙|준비|가져|가지고|들고)|머(?:가)?\s*필요|챙겨(?:야|가)|가져가|가지고\s*가|들고\s*가|지참|준비해야|書類|必要なもの|必要な物|何が必要|なにが必要|何がいる|何いる|なにいる|何(?:を|が)(?:持って|用意|準備)|持ち物|持って(?:いく|行く|くる|来る)|持参|用意する(?:もの|物)|準備する(?:もの|物)|documents?|docs\b|paperwork|papers\b|wat (?:do|should) i (?:need|bring)|what (?:do|does|would|will|should|must) (?:i|we|you|one|my \w+) (?:need|bring|take|prepare|have)(?! to do)|what (?:is|are|'s) (?:needed|required|necessary)|need to (?:bring|show|take|provide|submit)|\bbring\b|proof of|identification|\bid\b/i,
  },
  contact: {
    ask: /어디|문의|전화|연락처|담당|위치|창구|찾아가|どこ|問い?合わ?せ|電話|連絡先|窓口(?!負担)|担当|where|contact|phone|call\b|office|who do i ask|e-?mail|(?:what(?:'s| is)|which|the|their|a|telephone) number\b(?! of)/i,
  },
  hours: {
    ask: /몇\s*시|운영\s*시간|이용\s*시간|영업\s*시간|문\s*(?:열|닫|여)|휴관|쉬는\s*날|주말에도|何時(?!間)|開所時間|開館時間|営業時間|受付時間|利用時間|開いて|休館|休み|土日|what time|opening hours|open(?:s|ing)? (?:on|at|until|till)|hours\b|closed on|is it open/i,
  },
  deadline: {
    ask: /언제|기한|마감|며칠|기간|얼마나\s*(?:걸|오래|있다가|후에|뒤에)|걸리|いつ|期限|締め?切り?|期間|何日|どのくらい(?:かか|で|後)|どれくらい(?:かか|で)|when\b|deadline|how long|due date|by what date|how soon|how quickly|how fast|quickly|too late/i,
    hint: /까지|までに|until/i,
  },
  cost: {
    ask: /비용|요금|운임|수수료|돈(?:이|은|을)?\s*(?:얼마나\s*)?(?:드|들|내|나가)|무료|유료|공짜|참가비|입장료|이용료|연체료|費用|料金|運賃|手数料|無料|有料|ただ(?:です|で)|いくらかか|お金|入館料|保育料|出店料|自己負担|延滞|할인|감면|경감|割引|減免|軽減|cost|fee|price|charge|\bfares?\b|\bfree\b|pay for|fines?\b|discount|reduc|cheaper/i,
  },
};

/** An amount of money as documents write it, or its absence (무료, 無料, free). */
const AMOUNT = /\d[\d,.]*\s*(?:만\s*)?(?:원|円|엔|万|千|dollars?|cents?|%|割)|[$€£¥₩]\s?\d|무료|無料|\bfree\b/;

/** A phone number as documents write them ("063-555-3180", "(02) 555-0100", "☎ 1366"). */
export const PHONE_NUMBER = /☎|📞|\d{2,4}[-‐–]\d{3,4}(?:[-‐–]\d{4})?|\(\d{2,4}\)\s?\d{3,4}[-‐–]?\d{4}/;

/**
 * The kind of value a question wants back, where its words name one: a phone number ("전화번호",
 * "what's their number"), an amount of money ("얼마", "いくら", "how much"), a count ("몇 장",
 * "何枚", "how many"), a date or a period ("언제", "いつ", "how long"). Whatever the headings say,
 * only a block that gives such a value answers.
 */
export type AnswerType = 'phone' | 'money' | 'count' | 'time';

const ANSWER_TYPE_CUES: readonly [AnswerType, RegExp][] = [
  ['phone', /전화|연락처|電話|連絡先|phone|\btel\b|\bcall\b|\bring\b|(?:what(?:'s| is)|which|the|their|a|contact|telephone) number\b(?! of)/i],
  ['count', /몇\s*(?:개|장|권|번|회|매|명|포대|봉투|자루|가지|통)|何(?:枚|冊|回|個|本|人|袋|点|通)|how many/i],
  ['time', /언제|며칠|몇\s*일|몇\s*달|いつ|何日|何か月|何ヶ月|how long|how soon|when\b|what date|which day/i],
  ['money', /얼마(?!나?\s*(?:걸|오래|동안|기다|있다가|후에|뒤에|자주))|いくら|how much(?! time)|금액|金額|비용|요금|費用|料金|値段|가격|\bcosts?\b|\bfees?\b|\bprice\b/i],
];

/** The value of each answer type as documents write it. */
const ANSWER_TYPE_VALUES: Record<AnswerType, RegExp> = {
  phone: PHONE_NUMBER,
  money: new RegExp(`${AMOUNT.source}|免除|면제|no (?:charge|fee)`, 'i'),
  time: /\d+\s*(?:일|日|월|月|개월|か月|ヶ月|주|週|시간|時間|days?|weeks?|months?|years?|hours?)|(?:January|February|March|April|May|June|July|August|September|October|November|December)|以内|이내|within|until/i,
  // A number with its unit or counted noun ("10 bags", "15 items", "24枚", "3권").
  count: /\d+\s*(?:[^\s\d.,:;/%()~-]|[a-z]{2,})/i,
};

/** The aspects whose answer an answer type decides: a phone number where to ask, an amount or count what one gets or pays. */
const ANSWER_TYPE_ASPECTS: Record<AnswerType, readonly Aspect[]> = {
  phone: ['contact'],
  money: ['benefit', 'cost'],
  count: ['benefit', 'cost'],
  time: ['deadline'],
};

/** What a question wants back: the kind of value, and the pattern of a text that gives one. */
export interface WantedValue {
  type: AnswerType;
  value: RegExp;
}

/** A Korean or Japanese counter the question asks with ("몇 권" → 권, "何枚" → 枚). */
const ASKED_COUNTER = /몇\s*([가-힣]{1,2})|何\s*([\u4e00-\u9fff])/u;

/**
 * The values a question wants back (see {@link AnswerType}); a count asked with its counter ("몇
 * 권", "何枚") is given only by a number with that counter.
 */
export function wantedValues(question: string): WantedValue[] {
  const q = question.normalize('NFKC');
  return ANSWER_TYPE_CUES.filter(([, re]) => re.test(q)).map(([type]) => {
    const counter = type === 'count' ? ASKED_COUNTER.exec(q) : null;
    const unit = counter ? (counter[1] ?? counter[2]) : null;
    return { type, value: unit ? new RegExp(`\\d+\\s*${unit}`, 'u') : ANSWER_TYPE_VALUES[type] };
  });
}

/**
 * For an aspect the wanted values decide, the pattern of a text that answers it (null: the aspect
 * is not decided by them).
 */
export function answerValue(wanted: readonly WantedValue[], aspect: Aspect): RegExp | null {
  // Asked for every block of every section: built once per question and aspect.
  let perAspect = answerValues.get(wanted);
  if (!perAspect) answerValues.set(wanted, (perAspect = new Map<Aspect, RegExp | null>()));
  let value = perAspect.get(aspect);
  if (value === undefined) {
    const deciding = wanted.filter((w) => ANSWER_TYPE_ASPECTS[w.type].includes(aspect));
    value = deciding.length === 0 ? null : new RegExp(deciding.map((w) => w.value.source).join('|'), 'iu');
    perAspect.set(aspect, value);
  }
  return value;
}

const answerValues = new WeakMap<readonly WantedValue[], Map<Aspect, RegExp | null>>();

/**
 * Purpose and time clauses around an aspect word: they frame the question ("to apply, what do I
 * need?"), so the aspect word inside them is not what is asked when something else is.
 */
const FRAME_CLAUSES: RegExp[] = [
  /(?:신청|접수|등록|발급|가입|이용|예약|방문|출생신고|전입)(?:을|를)?\s*(?:하려면|하려고|하려는데|하러|할\s*때|할때|하는\s*데|하는데|하기\s*(?:전에|위해)|시에?|에\s*필요|에\s*뭐|하고\s*싶은데|할\s*건데)/g,
  /(?:申請|申し込み|申込み?|手続き?|登録|加入|利用|予約|交付|届出?)(?:を)?(?:する|して|したい)?(?:には|時|とき|際|ために|のに|に必要|で必要|に何|の際|に行く|場合)/g,
  /\b(?:to|for|when|before|while) (?:apply|applying|the application|an application|my application|register|registering|sign(?:ing)? up|renew(?:ing)?|book(?:ing)?)\b/gi,
  /\bin order to apply\b/gi,
  // Conditions and sequels: "신청하면 언제", "申請したら", "after I apply".
  /(?:신청|접수|등록|발급|가입)(?:을|를)?\s*(?:하면|하고\s*나서|한\s*(?:후|뒤)|했는데)/g,
  /(?:申請|申し込み|申込み?|手続き?|登録)(?:を)?(?:したら|した後|後|してから)/g,
  /\bafter (?:i |we )?(?:apply|applying|register|registering)\b/gi,
  // The subject of a deadline or hours question: "when do applications close".
  /\bapplications? (?=(?:open|close|start|end|are due|is due)\b)/gi,
  // The topic of a question word: "申込みはいつ？", "신청은 언제".
  /(?:申請|申込み?|申し込み|手続き?)(?:は|って)(?=\s*(?:いつ|どこ|いくら|何))/g,
  /(?:신청|접수)(?:은|는)\s*(?=언제|어디|얼마|뭐)/g,
  // An aspect word modifying another's noun: "신청 기간", "申請期限", "application deadline".
  /(?:신청|접수|申請|申込み?|申し込み|application|apply|registration)\s*(?:の)?\s*(?=기간|기한|마감|서류|장소|期限|期間|締切|締め切り|書類|場所|deadline|period|dates?|documents?|forms?|fee|office)/gi,
];

interface Cue {
  aspect: Aspect;
  at: number;
  framed: boolean;
}

/** Every `ask` cue in the question, with whether it sits inside a framing clause. */
function askCues(q: string): Cue[] {
  const frames: [number, number][] = [];
  for (const re of FRAME_CLAUSES) for (const m of q.matchAll(re)) frames.push([m.index, m.index + m[0].length]);
  const cues: Cue[] = [];
  for (const aspect of ASPECTS) {
    const re = new RegExp(QUESTION_CUES[aspect].ask.source, 'gi');
    for (const m of q.matchAll(re)) {
      const end = m.index + m[0].length;
      cues.push({ aspect, at: m.index, framed: frames.some(([a, b]) => m.index >= a && end <= b) });
    }
  }
  return cues;
}

/**
 * The aspects a question asks about, most clearly named first (at most two: "Two aspects asked,
 * two short parts"); empty when it names none (a plain "기초연금?"), which gets the summary.
 */
export function questionAspects(question: string, programName?: string): Aspect[] {
  const q = withoutProgramName(question.normalize('NFKC'), programName);
  const cues = askCues(q);
  // Framed words count only when nothing else is asked ("신청하려면 어떻게 해요?" still asks how).
  const asked = cues.some((c) => !c.framed) ? cues.filter((c) => !c.framed) : cues;
  const first = new Map<Aspect, number>();
  for (const c of asked) if (!first.has(c.aspect) || c.at < (first.get(c.aspect) ?? 0)) first.set(c.aspect, c.at);
  // "How much does it cost" asks the cost, not the benefit; "몇 시까지" the hours, not a deadline.
  if (first.has('cost')) first.delete('benefit');
  if (first.has('hours')) first.delete('deadline');
  // "Where do I apply" asks how to apply (the steps say where) before the office's address; with
  // a third thing asked, the steps alone answer the "where".
  if (first.has('apply') && first.has('contact')) {
    first.set('apply', Math.min(first.get('apply') ?? 0, (first.get('contact') ?? 0) - 0.5));
    if (first.size > 2) first.delete('contact');
  }
  // A yes/no question ("받을 수 있나요?", "免除できますか") names no aspect: it gets the summary
  // (what the program is, who gets it, what it gives) or the section its own words point to.
  return [...first].sort((a, b) => a[1] - b[1]).map(([aspect]) => aspect).slice(0, 2);
}

/**
 * The question without its aspect words and framing clauses ("기초연금 신청하려면 뭐가
 * 필요해요?" → "기초연금"): what is left says which thing the resident asks about ("処理券",
 * "월요일"), and only that should tie the question to a block of text.
 */
export function withoutAspectWords(question: string): string {
  let q = question.normalize('NFKC');
  const blank = (m: string): string => ' '.repeat(m.length);
  for (const re of FRAME_CLAUSES) q = q.replace(re, blank);
  for (const aspect of ASPECTS) {
    q = q.replace(new RegExp(QUESTION_CUES[aspect].ask.source, 'gi'), blank);
    const hint = QUESTION_CUES[aspect].hint;
    if (hint) q = q.replace(new RegExp(hint.source, 'gi'), blank);
  }
  return q;
}

/**
 * The words with which the question asks each aspect ("軽減", "discount", "월요일" is not one):
 * within a section whose heading does not name the aspect, a block holding the same word is the
 * one that answers it.
 */
export function aspectCueWords(question: string): Map<Aspect, string[]> {
  const q = question.normalize('NFKC');
  const out = new Map<Aspect, string[]>();
  for (const aspect of ASPECTS) {
    const found = [...q.matchAll(new RegExp(QUESTION_CUES[aspect].ask.source, 'gi'))].map((m) => m[0]);
    if (found.length > 0) out.set(aspect, found);
  }
  return out;
}

/**
 * The question with the program's own name blanked out: "housing benefit phone number" asks for
 * a phone number, not for the benefit; "Child Care Subsidy" names the program, not its amount.
 * Latin words of the name are blanked where two or more stand together; a Korean or Japanese name
 * where it appears whole.
 */
function withoutProgramName(q: string, programName: string | undefined): string {
  if (!programName) return q;
  const name = programName.normalize('NFKC');
  let out = q;
  // Runs of two or more of the name's Latin words ("housing benefit", not the "long" of "how long").
  const nameWords = new Set(name.toLowerCase().match(/[a-z]{2,}/g) ?? []);
  const words = [...out.matchAll(/[a-z]+/gi)];
  for (let i = 0; i < words.length; ) {
    let j = i;
    while (j < words.length && nameWords.has(words[j][0].toLowerCase()) && (j === i || /^[\s-]+$/.test(out.slice(words[j - 1].index + words[j - 1][0].length, words[j].index)))) j++;
    if (j - i >= 2) {
      const from = words[i].index;
      const to = words[j - 1].index + words[j - 1][0].length;
      out = out.slice(0, from) + ' '.repeat(to - from) + out.slice(to);
    }
    i = Math.max(j, i + 1);
  }
  for (const run of name.split(/[\s(),（）・·、]+/u).filter((w) => /[\u3040-\u30ff\u4e00-\u9fff\uac00-\ud7af]{3,}/u.test(w))) {
    out = out.split(run).join(' '.repeat(run.length));
  }
  return out;
}

/**
 * Aspects a question only hints at ("can I …?", "…까지"): not enough to pick a section by its
 * heading, but enough to prefer that section when the question's words point nowhere else.
 */
export function questionHints(question: string): Aspect[] {
  const q = question.normalize('NFKC');
  return ASPECTS.filter((a) => QUESTION_CUES[a].hint?.test(q) && !new RegExp(QUESTION_CUES[a].ask.source, 'i').test(q));
}

/**
 * Where to look when a document has no section for an aspect: a deadline usually sits in the
 * application steps, a cost in what the program gives, opening hours in what it offers or where
 * to ask.
 */
export const ASPECT_FALLBACKS: Record<Aspect, readonly Aspect[]> = {
  eligibility: [],
  benefit: ['cost'],
  apply: ['contact'],
  documents: ['apply'],
  contact: ['apply'],
  hours: ['benefit', 'contact'],
  deadline: ['apply', 'benefit'],
  cost: ['benefit'],
};

/**
 * The kind of fact a block must state to answer an aspect — an amount, a date or period, a time
 * of day, a phone number or office, an age or income limit — in any of the three languages. A
 * block that states it is preferred within the chosen section, and a block elsewhere in the
 * document that states it and shares the question's words can answer instead of the section
 * the headings point to.
 */
export const ASPECT_FACTS: Partial<Record<Aspect, RegExp>> = {
  benefit: new RegExp(`${AMOUNT.source}|\\d+\\s*(?:권|冊|items?|회|回)`, 'i'),
  cost: new RegExp(`${AMOUNT.source}|免除|면제|no (?:late )?fines?`, 'i'),
  deadline: /\d+\s*(?:일|日|월|月|개월|か月|ヶ月|주|週|시간|時間|days?|weeks?|months?|years?|hours?)|(?:January|February|March|April|May|June|July|August|September|October|November|December)|以内|이내|안에|까지|まで|within|until|before|close[sd]? on|open[sd]? on/i,
  hours: /\d{1,2}\s*(?:시|時)|\d{1,2}:\d{2}|오전|오후|午前|午後|\b[ap]\.?m\b|휴관|休館|閉館|closed|weekdays?|평일|平日/i,
  contact: /☎|電話|phone|\d{2,4}-\d{3,4}(?:-\d{4})?|\b311\b|센터|과\b|課|窓口|office|centre|center|desk|@/i,
  eligibility: /\d+\s*(?:세|살|歳)|\d+\s*(?:years? old|or older|and over|and older|or under|and under)|aged \d|이상|이하|미만|以上|以下|未満|income|소득|所得/i,
};
