/**
 * What the simulated residents say in the load bench: questions about the bundled sample
 * knowledge base in the three languages, phrased as "how/where/what" questions so the triage
 * routes them to the answer path (not to the eligibility interview or a hand-off).
 */

/**
 * Questions per language. A simulated resident keeps to one language, as residents do; each asks
 * the questions of its language in turn.
 */
export const LOAD_QUESTIONS_BY_LANGUAGE: readonly (readonly string[])[] = [
  [
    'How do I apply for the senior transit pass?',
    'What documents do I need for the child care subsidy?',
    'When is the heating assistance application period?',
    'How do I book a bulky item pickup?',
  ],
  ['기초연금 신청은 어디에서 하나요?', '도서관 회원증은 어떻게 만들어요?', '수요응답형 버스는 어떻게 예약하나요?', '대형 폐기물은 어떻게 버리나요?'],
  ['児童手当の申請方法を教えてください', '就学援助の申請に必要な書類は何ですか', 'コミュニティバスの運賃はいくらですか', '粗大ごみの出し方を教えてください'],
];

/** All load questions (warm-up, retrieval checks). */
export const LOAD_QUESTIONS: readonly string[] = LOAD_QUESTIONS_BY_LANGUAGE.flat();

/**
 * A distinct question per resident for the LLM pool phase (so no answer cache can serve one
 * resident with another's answer and every turn really waits for the model).
 */
export function distinctQuestion(n: number): string {
  const topics = ['the senior transit pass', 'the child care subsidy', 'heating assistance', 'disability support'];
  return `How do I apply for ${topics[n % topics.length]}? (case ${n})`;
}
