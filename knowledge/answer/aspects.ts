/**
 * What a resident asks *about* a program (who can get it, how much, how to apply, which
 * documents, where to ask, when, what it costs), recognised in Korean, Japanese and English —
 * both in the resident's question and in a document's own section headings. Headings are matched
 * by their words, not as fixed strings, so any city's headings ("지원 대상", "対象となる方",
 * "Who can apply", "Eligibility criteria") map to the same aspect.
 */

/** An aspect of a program a question can ask about and a section can cover. */
export type Aspect = 'eligibility' | 'benefit' | 'apply' | 'documents' | 'contact' | 'deadline' | 'cost';

/** Every aspect, in the order a document usually presents them. */
export const ASPECTS: readonly Aspect[] = ['eligibility', 'benefit', 'apply', 'documents', 'contact', 'deadline', 'cost'];

/**
 * Heading words per aspect. Checked in this order, so that the more specific aspect wins when a
 * heading has words of two ("신청 서류" is documents, "지원 대상" eligibility, not benefit).
 */
const HEADING_WORDS: readonly [Aspect, RegExp][] = [
  ['documents', /서류|준비물|지참|제출|書類|持ち物|持参|提出|document|paperwork|what to bring|bring/i],
  ['eligibility', /대상|자격|조건|요건|対象|資格|条件|要件|eligib|who (?:is|can|may|qualif)|qualif|criteria/i],
  ['cost', /비용|요금|수수료|본인\s*부담|費用|料金|手数料|自己負担|cost|fee|price|charge/i],
  ['deadline', /기한|기간|마감|일정|시기|期限|期間|締切|締め切り|日程|スケジュール|時期|deadline|date|when|schedule|period|timeline/i],
  ['contact', /문의|연락|담당|장소|위치|찾아|운영\s*시간|問い?合わ?せ|問合せ|連絡|窓口|担当|場所|相談|contact|where|enquir|inquir|phone|office|location|opening hours|help/i],
  ['apply', /신청|접수|절차|방법|申請|申込|申し込|手続|方法|流れ|apply|application|how to|procedure|steps|register/i],
  ['benefit', /내용|혜택|금액|급여|지원|支援|内容|給付|金額|助成|受けられる|what you get|benefit|amount|support|what.*(?:get|receive)|payment/i],
];

/** The aspect a section heading names, or null when its words name none. */
export function headingAspect(heading: string): Aspect | null {
  const h = heading.normalize('NFKC');
  for (const [aspect, words] of HEADING_WORDS) if (words.test(h)) return aspect;
  return null;
}

/** Question words per aspect; `strong` words name the aspect, `weak` ones only hint at it. */
const QUESTION_WORDS: Record<Aspect, { strong: RegExp; weak?: RegExp }> = {
  eligibility: {
    strong: /대상|자격|조건|요건|받을\s*수\s*있|해당(?:되|돼|하)|누가|対象|資格|条件|要件|受けられ(?:ます|る)か|該当|誰が|eligib|qualif|who can|entitled|criteria|can i (?:get|receive|apply)|am i/i,
    weak: /가능한가요|되나요|될까요|돼요\?|できますか|もらえますか|can i|do i get/i,
  },
  benefit: {
    strong: /얼마|금액|혜택|지원\s*내용|무슨\s*지원|어떤\s*지원|뭘\s*받|무엇을\s*받|내주|지급액|いくら|金額|内容|どんな支援|何がもらえ|助成額|支給額|how much|amount|what do i get|what will i get|benefit|covered|covers/i,
    weak: /지원해|지원돼|포함|もらえ|含まれ|pay|paid|cover/i,
  },
  apply: {
    strong: /신청|접수|절차|어떻게\s*(?:하|해|받)|뭘\s*해야|申請|申し込|申込|手続|どうすれば|どうやって|apply|application|sign up|register|how do i|how can i get|how to get|procedure/i,
    weak: /방법|方法|how/i,
  },
  documents: {
    strong: /서류|준비물|뭐가\s*필요|무엇이\s*필요|뭘\s*챙|가져가|지참|書類|必要なもの|何が必要|持ち物|持って(?:いく|行く)|document|paperwork|papers|what (?:do i|should i) (?:need|bring)|bring|proof of/i,
  },
  contact: {
    strong: /어디|문의|전화|연락처|담당|위치|창구|몇\s*시|운영\s*시간|どこ|問い?合わ?せ|電話|連絡先|窓口(?!負担)|担当|何時|where|contact|phone|call|office|opening hours|who do i ask/i,
  },
  deadline: {
    strong: /언제|기한|마감|며칠|기간|いつ|期限|締め?切り?|期間|when|deadline|how long|due date|by what date/i,
    weak: /까지|までに|until/i,
  },
  cost: {
    strong: /비용|요금|수수료|돈이\s*드|무료|유료|費用|料金|手数料|無料|有料|いくらかかる|cost|fee|price|charge|free/i,
  },
};

/**
 * The aspects a question asks about, most clearly named first (at most two: "Two aspects asked,
 * two short parts"); empty when it names none (a plain "기초연금?"), which gets the summary.
 */
export function questionAspects(question: string): Aspect[] {
  const q = question.normalize('NFKC');
  const scored: { aspect: Aspect; score: number; at: number }[] = [];
  for (const aspect of ASPECTS) {
    const s = QUESTION_WORDS[aspect].strong.exec(q);
    if (s) scored.push({ aspect, score: 1, at: s.index });
  }
  // "How much does it cost" is a cost question, not a question about the benefit.
  if (scored.some((x) => x.aspect === 'cost' && x.score === 1)) removeAspect(scored, 'benefit');
  scored.sort((a, b) => b.score - a.score || a.at - b.at);
  return scored.filter((x) => x.score === 1).slice(0, 2).map((x) => x.aspect);
}

/**
 * Aspects a question only hints at ("can I …?", "…까지"): not enough to pick a section by its
 * heading, but enough to prefer that section when the question's words point nowhere else.
 */
export function questionHints(question: string): Aspect[] {
  const q = question.normalize('NFKC');
  return ASPECTS.filter((a) => QUESTION_WORDS[a].weak?.test(q) && !QUESTION_WORDS[a].strong.test(q));
}

function removeAspect(list: { aspect: Aspect }[], aspect: Aspect): void {
  const i = list.findIndex((x) => x.aspect === aspect);
  if (i >= 0) list.splice(i, 1);
}

/**
 * Where to look when a document has no section for an aspect: a deadline usually sits in the
 * application steps, a cost in what the program gives, an office in the application steps.
 */
export const ASPECT_FALLBACKS: Record<Aspect, readonly Aspect[]> = {
  eligibility: [],
  benefit: ['cost'],
  apply: ['contact'],
  documents: ['apply'],
  contact: ['apply'],
  deadline: ['apply', 'benefit'],
  cost: ['benefit'],
};
