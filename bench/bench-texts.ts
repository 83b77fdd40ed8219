/**
 * What the simulated residents say in the load bench: questions about the bundled sample
 * knowledge base in the three languages, phrased as "how/where/what" questions so the triage
 * routes them to the answer path (not to the eligibility interview or a hand-off).
 */

/** Questions used round-robin by the extractive load phases. */
export const LOAD_QUESTIONS: readonly string[] = [
  'How do I apply for the senior transit pass?',
  '기초연금 신청은 어디에서 하나요?',
  '児童手当の申請方法を教えてください',
  'What documents do I need for the child care subsidy?',
  '도서관 회원증은 어떻게 만들어요?',
  '就学援助の申請に必要な書類は何ですか',
  'When is the heating assistance application period?',
  '수요응답형 버스는 어떻게 예약하나요?',
];

/**
 * A distinct question per resident for the LLM pool phase (so no answer cache can serve one
 * resident with another's answer and every turn really waits for the model).
 */
export function distinctQuestion(n: number): string {
  const topics = ['the senior transit pass', 'the child care subsidy', 'heating assistance', 'disability support'];
  return `How do I apply for ${topics[n % topics.length]}? (case ${n})`;
}
