import assert from 'node:assert/strict';
import { parseEvalCases, EvalCaseError, type EvalCase } from '../../../knowledge/eval/eval-cases';
import { documentListItems, mergedListLines } from '../../../knowledge/eval/list-items';
import { computeEvalMetrics, factFound, observedRoute, percentile, OBSERVED_ROUTES, type EvalObservation } from '../../../knowledge/eval/eval-metrics';

const c = (id: string, expect: EvalCase['expect'], docs: string[] = [], extra: Partial<EvalCase> = {}): EvalCase => ({ id, lang: 'en', text: id, expect, docs, ...extra });
const obs = (kase: EvalCase, route: string, cited: string[] = [], latencyMs = 10, leakedPii = 0): EvalObservation => ({ case: kase, route, citedDocIds: cited, latencyMs, leakedPii });
const withReplies = (o: EvalObservation, replies: string[], notice = false): EvalObservation => ({ ...o, replies, notice });
const ORIGINAL_KEYS = ['cases', 'retrieval', 'xling', 'routing', 'pii', 'latency_ms'];
const NEW_KEYS = ['confusion', 'by_lang', 'by_tag', 'facts', 'reply_chars', 'crisis_missed', 'list_items'];

describe('evaluation metrics', () => {
  it('when observations are given, then the report has exactly the documented shape and values', () => {
    const report = computeEvalMetrics([
      obs(c('a', 'answer', ['d1']), 'answer', ['d1', 'd2'], 5),
      obs(c('b', 'answer', ['d1']), 'answer', ['d2', 'd2', 'd1'], 15),
      obs(c('x', 'answer', ['d9']), 'answer', ['d3', 'd4', 'd5', 'd9'], 20),
      obs(c('y', 'answer', ['d7'], { xling: true }), 'answer', ['d1', 'd7'], 30),
      obs(c('h', 'handoff'), 'answer', ['d1'], 40),
      obs(c('k', 'crisis'), 'crisis', [], 50),
      obs(c('o', 'out_of_scope', [], { pii: ['555-1234'] }), 'out_of_scope', [], 60, 1),
    ]);
    // The original keys come first and keep their meaning; the new ones are added after them.
    assert.deepEqual(Object.keys(report), [...ORIGINAL_KEYS, ...NEW_KEYS]);
    assert.equal(report.cases, 7);
    // b cites d2 twice: distinct documents count, so d1 is rank 2.
    assert.deepEqual(report.retrieval, { n: 3, 'hit@1': 0.333, 'hit@3': 0.667, mrr: 0.583 });
    assert.deepEqual(report.xling, { n: 1, 'hit@3': 1 });
    assert.deepEqual(report.routing.answer, { precision: 0.8, recall: 1 });
    assert.deepEqual(report.routing.handoff, { precision: 0, recall: 0 });
    assert.deepEqual(report.routing.crisis, { precision: 1, recall: 1 });
    assert.deepEqual(report.pii, { cases: 1, leaks: 1 });
    assert.deepEqual(report.latency_ms, { p50: 30, p95: 60 });
  });

  it('when there are no observations, then every figure is zero rather than NaN', () => {
    const r = computeEvalMetrics([]);
    assert.equal(JSON.stringify(r).includes('null'), false);
    assert.equal(r.retrieval['hit@1'], 0);
    assert.equal(percentile([], 50), 0);
    assert.deepEqual(r.facts, { n: 0, found_share: 0, by_lang: { ko: { n: 0, found_share: 0 }, ja: { n: 0, found_share: 0 }, en: { n: 0, found_share: 0 } } });
    assert.deepEqual(r.reply_chars, { n: 0, p50: 0, p90: 0, by_lang: { ko: { n: 0, p50: 0, p90: 0 }, ja: { n: 0, p50: 0, p90: 0 }, en: { n: 0, p50: 0, p90: 0 } } });
    assert.deepEqual(r.list_items, { replies: 0, merged_lines: 0 });
    assert.deepEqual(r.by_tag, {});
    assert.deepEqual(r.crisis_missed, []);
    assert.equal(Object.values(r.confusion.crisis).reduce((a, b) => a + b, 0), 0);
  });

  it('when cases are routed, then the confusion matrix counts expected rows by the route taken, unknown routes as other', () => {
    const { confusion } = computeEvalMetrics([
      obs(c('a1', 'answer', ['d1']), 'answer', ['d1']),
      obs(c('a2', 'answer', ['d1']), 'not_sure'),
      obs(c('a3', 'answer', ['d1']), 'eligibility'),
      obs(c('h1', 'handoff'), 'handoff'),
      obs(c('h2', 'handoff'), 'answer', ['d1']),
      obs(c('k1', 'crisis'), 'crisis'),
      obs(c('k2', 'crisis'), 'handoff'),
      obs(c('k3', 'crisis'), 'none'),
      obs(c('o1', 'out_of_scope'), 'greeting'),
      obs(c('o2', 'out_of_scope'), 'error'),
    ]);
    assert.deepEqual(Object.keys(confusion), ['answer', 'handoff', 'crisis', 'out_of_scope']);
    for (const row of Object.values(confusion)) assert.deepEqual(Object.keys(row), [...OBSERVED_ROUTES]);
    assert.deepEqual(
      Object.fromEntries(Object.entries(confusion).map(([label, row]) => [label, Object.fromEntries(Object.entries(row).filter(([, n]) => n > 0))])),
      {
        answer: { answer: 1, not_sure: 1, eligibility: 1 },
        handoff: { handoff: 1, answer: 1 },
        crisis: { crisis: 1, handoff: 1, other: 1 },
        out_of_scope: { greeting: 1, other: 1 },
      },
    );
    assert.equal(observedRoute('help'), 'help');
    assert.equal(observedRoute('with_officer'), 'other');
  });

  it('when crisis cases go elsewhere, then each is listed with its text and the route taken', () => {
    const report = computeEvalMetrics([
      obs(c('k1', 'crisis', [], { lang: 'ko', text: '죽고 싶어요' }), 'crisis'),
      obs(c('k2', 'crisis', [], { lang: 'ja', text: '息をしていない' }), 'answer', ['d1']),
      obs(c('k3', 'crisis', [], { text: 'he said he will kill me' }), 'out_of_scope'),
      obs(c('o1', 'out_of_scope'), 'crisis'),
    ]);
    assert.deepEqual(report.crisis_missed, [
      { id: 'k2', lang: 'ja', text: '息をしていない', route: 'answer' },
      { id: 'k3', lang: 'en', text: 'he said he will kill me', route: 'out_of_scope' },
    ]);
    assert.deepEqual(report.routing.crisis, { precision: 0.5, recall: 0.333 });
  });

  it('when cases are in several languages, then routing and retrieval are also given per language', () => {
    const report = computeEvalMetrics([
      obs(c('k-a1', 'answer', ['d1'], { lang: 'ko' }), 'answer', ['d1']),
      obs(c('k-a2', 'answer', ['d2'], { lang: 'ko' }), 'answer', ['d1', 'd2']),
      obs(c('k-h', 'handoff', [], { lang: 'ko' }), 'answer', ['d3']),
      obs(c('j-a', 'answer', ['d5'], { lang: 'ja', xling: true }), 'answer', ['d5']),
      obs(c('j-k', 'crisis', [], { lang: 'ja' }), 'crisis'),
      obs(c('e-o', 'out_of_scope'), 'out_of_scope'),
    ]);
    assert.deepEqual(Object.keys(report.by_lang), ['ko', 'ja', 'en']);
    const ko = report.by_lang.ko;
    assert.equal(ko.cases, 3);
    assert.deepEqual(ko.retrieval, { n: 2, 'hit@1': 0.5, 'hit@3': 1, mrr: 0.75 });
    assert.deepEqual(ko.xling, { n: 0, 'hit@3': 0 });
    assert.deepEqual(ko.routing.answer, { precision: 0.667, recall: 1 });
    assert.deepEqual(ko.routing.handoff, { precision: 0, recall: 0 });
    const ja = report.by_lang.ja;
    assert.equal(ja.cases, 2);
    assert.deepEqual(ja.retrieval, { n: 0, 'hit@1': 0, 'hit@3': 0, mrr: 0 });
    assert.deepEqual(ja.xling, { n: 1, 'hit@3': 1 });
    assert.deepEqual(ja.routing.crisis, { precision: 1, recall: 1 });
    assert.equal(report.by_lang.en.cases, 1);
    assert.deepEqual(report.by_lang.en.routing.out_of_scope, { precision: 1, recall: 1 });
    // The whole-set figures are unchanged by the split.
    assert.deepEqual(report.retrieval, ko.retrieval);
  });

  it('when cases carry tags, then each tag gets n, route accuracy and the recall of its expected labels', () => {
    const report = computeEvalMetrics([
      obs(c('n1', 'crisis', [], { tags: ['third_party'] }), 'crisis'),
      obs(c('n2', 'crisis', [], { tags: ['third_party', 'situation'] }), 'handoff'),
      obs(c('n3', 'out_of_scope', [], { tags: ['hard_negative'] }), 'crisis'),
      obs(c('n4', 'answer', ['d1'], { tags: ['hard_negative', 'situation'] }), 'answer', ['d1']),
      obs(c('n5', 'answer', ['d1'], { tags: ['hard_negative'] }), 'not_sure'),
      obs(c('n6', 'answer', ['d1']), 'answer', ['d1']),
    ]);
    assert.deepEqual(report.by_tag, {
      third_party: { n: 2, accuracy: 0.5, recall: { crisis: 0.5 } },
      situation: { n: 2, accuracy: 0.5, recall: { answer: 1, crisis: 0 } },
      hard_negative: { n: 3, accuracy: 0.333, recall: { answer: 0.5, out_of_scope: 0 } },
    });
  });

  it('when a case is marked xling or tagged xling, then it counts under the tag xling and in the cross-lingual hit@3, not in retrieval', () => {
    const report = computeEvalMetrics([
      obs(c('flag', 'answer', ['d1'], { xling: true }), 'answer', ['d2', 'd3', 'd1']),
      obs(c('tag', 'answer', ['d1'], { tags: ['xling'] }), 'answer', ['d2', 'd3', 'd4', 'd1']),
      obs(c('both', 'answer', ['d1'], { xling: true, tags: ['xling', 'pii'] }), 'handoff'),
      obs(c('same', 'answer', ['d1']), 'answer', ['d1']),
    ]);
    assert.deepEqual(report.xling, { n: 3, 'hit@3': 0.333 });
    assert.deepEqual(report.retrieval, { n: 1, 'hit@1': 1, 'hit@3': 1, mrr: 1 });
    assert.deepEqual(report.by_tag.xling, { n: 3, accuracy: 0.667, recall: { answer: 0.667 } });
    assert.deepEqual(report.by_tag.pii, { n: 1, accuracy: 0, recall: { answer: 0 } });
    assert.deepEqual(Object.keys(report.by_tag), ['xling', 'pii']);
  });

  it('when answer cases list facts, then the share found in the replies is given overall and per language, ignoring case and whitespace', () => {
    const report = computeEvalMetrics([
      // Found despite case, line breaks and spaces the reply adds or drops; not found in the privacy notice.
      withReplies(obs(c('e1', 'answer', ['d1'], { facts: ['20 Dollars', 'Town Hall front desk', 'kept for 90 days'] }), 'answer', ['d1']), ['Notice: data is kept for 90 days.', 'The fee is 20 dollars.\nAsk at the town hall\n front  desk.'], true),
      withReplies(obs(c('k1', 'answer', ['d2'], { lang: 'ko', facts: ['월 30만 원', '주민센터'] }), 'answer', ['d2']), ['월 30만원을 드려요. 가까운 주민 센터에 문의하세요.']),
      withReplies(obs(c('k2', 'answer', ['d2'], { lang: 'ko', facts: ['만 65세 이상'] }), 'not_sure'), ['잘 모르겠어요.']),
      // Facts of non-answer cases are not counted.
      withReplies(obs(c('h1', 'handoff', [], { facts: ['anything'] }), 'handoff'), ['anything']),
    ]);
    assert.deepEqual(report.facts, {
      n: 6,
      found_share: 0.667,
      by_lang: { ko: { n: 3, found_share: 0.667 }, ja: { n: 0, found_share: 0 }, en: { n: 3, found_share: 0.667 } },
    });
    assert.equal(factFound('ＡＢＣ 1', ['abc1']), true);
    assert.equal(factFound('', ['abc']), false);
  });

  it('when answer cases are replied to, then the median reply length counts characters of the answer, not the privacy notice', () => {
    const report = computeEvalMetrics([
      withReplies(obs(c('a1', 'answer', ['d1']), 'answer', ['d1']), ['a notice of any length', 'x'.repeat(100)], true),
      withReplies(obs(c('a2', 'answer', ['d1']), 'answer', ['d1']), ['가'.repeat(40), 'y'.repeat(20)]),
      withReplies(obs(c('a3', 'answer', ['d1']), 'answer', ['d1']), ['😀'.repeat(10)]),
      withReplies(obs(c('h1', 'handoff'), 'handoff'), ['z'.repeat(5000)]),
    ]);
    // 100, 60 and 10 characters (an emoji is one character): nearest-rank median 60, p90 100.
    assert.deepEqual(report.reply_chars, { n: 3, p50: 60, p90: 100, by_lang: { ko: { n: 0, p50: 0, p90: 0 }, ja: { n: 0, p50: 0, p90: 0 }, en: { n: 3, p50: 60, p90: 100 } } });
  });

  it('when answers are checked for merged list items, then the reply lines holding two items are counted', () => {
    const items = documentListItems('# X\n\n- 신청서 (센터 비치)\n- 신분증\n- 보호자 신분증\n1. **방문** 신청합니다.\n\n| 가구 | 금액 |\n|---|---|\n| 단독 | 342,510원 |');
    assert.deepEqual(items, ['신청서 (센터 비치)', '신분증', '보호자 신분증', '방문 신청합니다.', '가구 · 금액', '단독 · 342,510원']);
    // One item per line, a short item inside a longer one: nothing merged.
    assert.equal(mergedListLines(['- 신청서 (센터 비치)\n- 보호자 신분증\n1. 방문 신청합니다.\n- 단독 · 342,510원'], items), 0);
    // The example: the items run together on one line.
    assert.equal(mergedListLines(['신청서 (센터 비치) 신분증 대리 신청 시 위임장', '- 신분증'], items), 1);
    const report = computeEvalMetrics([
      { ...withReplies(obs(c('a1', 'answer', ['d1']), 'answer', ['d1']), ['x']), mergedListLines: 2 },
      { ...withReplies(obs(c('a2', 'answer', ['d1']), 'answer', ['d1']), ['x']), mergedListLines: 0 },
      obs(c('a3', 'answer', ['d1']), 'not_sure'),
    ]);
    assert.deepEqual(report.list_items, { replies: 2, merged_lines: 2 });
  });

  it('when a case line is malformed, then the error names the line', () => {
    const ok = '{"id":"s1","lang":"ko","text":"기초연금?","expect":"answer","docs":["kr-basic-pension"]}';
    assert.equal(parseEvalCases(`${ok}\n\n`).length, 1);
    assert.throws(() => parseEvalCases(`${ok}\n{"id":"s2","lang":"fr","text":"x","expect":"answer","docs":["a"]}`), (e: unknown) => e instanceof EvalCaseError && e.line === 2);
    assert.throws(() => parseEvalCases(`${ok}\n${ok}`), /duplicate id/);
    assert.throws(() => parseEvalCases('{"id":"s3","lang":"en","text":"x","expect":"answer","docs":[]}'), /needs at least one expected document/);
  });
});
