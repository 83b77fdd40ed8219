import assert from 'node:assert/strict';
import { Glossary } from '../../../knowledge/retrieval/glossary';
import { HybridRetriever } from '../../../knowledge/retrieval/hybrid-retriever';
import type { KbChunk } from '../../../knowledge/retrieval/kb-chunk';
import { analyze } from '../../../knowledge/retrieval/text-analyzer';

const chunk = (docId: string, lang: KbChunk['lang'], title: string, text: string, region = 'KR'): KbChunk => ({ docId, ordinal: 0, title, lang, domain: 'civil', region, tags: [], section: title, text });

describe('bundled glossary: the general vocabulary of city services', () => {
  const glossary = Glossary.load();
  /** The words of every concept a text mentions, in one language. */
  const wordsFor = (text: string, lang: 'ko' | 'ja' | 'en'): string[] => [...glossary.match(text)].flatMap((i) => glossary.entries[i][lang]);

  it('when it loads, then it covers hundreds of concepts, each in all three languages', () => {
    const topics = glossary.entries.filter((e) => !e.region);
    assert.ok(topics.length >= 600, `${topics.length} concepts`);
    const missing = topics.filter((e) => !e.ko.length || !e.ja.length || !e.en.length).map((e) => e.en[0] ?? e.ko[0]);
    assert.deepEqual(missing, []);
  });

  it('when a resident names a service in one language, then the official words of the other two are found', () => {
    assert.ok(wordsFor('how do I register a disability', 'ko').includes('장애인등록'));
    assert.ok(wordsFor('장애인 등록 하려면', 'ja').includes('障害者手帳'));
    assert.ok(wordsFor('주거급여 신청', 'ja').includes('住居確保給付金'));
    assert.ok(wordsFor('粗大ごみの出し方', 'ko').includes('대형폐기물'));
    assert.ok(wordsFor('where is the evacuation shelter', 'ja').includes('避難所'));
    assert.ok(wordsFor('住民税の納付', 'ko').includes('주민세'));
    assert.ok(wordsFor('실업급여 얼마', 'en').includes('unemployment benefit'));
  });

  it('when a Korean or Japanese word hides inside another word, then the concept is not matched', () => {
    const traps: [text: string, concept: string][] = [
      ['혼자 살아요', 'suicide'], // 자살 inside 혼자살아요
      ['지금 연락이 안 돼요', 'quit smoking'], // 금연 inside 지금연락
      ['검진 자기부담 얼마', 'donation'], // 기부 inside 자기부담
      ['창구직원이 불친절해요', 'job search'], // 구직 inside 창구직원
      ['별도로 신청해요', 'road'], // 도로 inside 별도로
      ['청소년 요금', 'street cleaning'], // 청소 inside 청소년
      ['수면제를 먹었어요', 'exemption'], // 면제 inside 수면제
      ['후견인이 필요해요', 'towed'], // 견인 inside 후견인
      ['認知症の相談', 'recognition of paternity'], // 認知 inside 認知症
      ['児童扶養手当', 'dependant'], // 扶養 inside 児童扶養手当
      ['アパートの家賃', 'part-time job'], // パート inside アパート
    ];
    for (const [text, concept] of traps) {
      const found = [...glossary.match(text)].map((i) => glossary.entries[i].en[0]);
      assert.ok(!found.includes(concept), `"${text}" matched ${concept}`);
    }
  });

  it('when English words share a stem, then an unrelated concept is not matched', () => {
    const found = (text: string): string[] => [...glossary.match(text, analyze(text))].map((i) => glossary.entries[i].en[0]);
    assert.ok(!found('job training for carers').includes('subway'), 'training is not train');
    assert.ok(!found('appeal against my support plan').includes('airport'), 'plan is not plane');
    assert.ok(!found('housing benefit phone number').includes('what you get'));
  });
});

describe('glossary expansion limited to the documents’ vocabulary', () => {
  it('when a filter is given, then only terms it accepts are returned', () => {
    const g = new Glossary([{ en: ['renewal'], ko: ['갱신', '재신청'], ja: ['更新'] }]);
    const all = g.expand('renewal', ['renewal'], { ko: 0.6, ja: 0.6, en: 0.5 }).map((e) => e.term);
    assert.ok(all.includes('재신'));
    const kept = g.expand('renewal', ['renewal'], { ko: 0.6, ja: 0.6, en: 0.5 }, (t) => t !== '재신').map((e) => e.term);
    assert.ok(kept.includes('갱신') && !kept.includes('재신'));
  });

  it('when a concept has many synonyms no document uses, then retrieval confidence is what the document’s own words earn', async () => {
    const chunks = [
      chunk('pass', 'en', 'Senior Transit Pass (Riverton)', 'The senior transit pass must be renewed every two years at the transit office.', 'US'),
      chunk('library', 'en', 'Library Card (Riverton)', 'A library card is free for every resident.', 'US'),
      chunk('meal', 'ko', '경로식당 (Senior Meals, Hanbit)', '어르신에게 점심을 드립니다.'),
    ];
    const narrow = new Glossary([{ en: ['renew', 'renewal'], ko: ['갱신'], ja: ['更新'] }]);
    const broad = new Glossary([{ en: ['renew', 'renewal', 'extension', 'extend', 'prolongation', 'reapplication'], ko: ['갱신', '연장', '재신청'], ja: ['更新', '延長', '再申請'] }]);
    const ask = async (glossary: Glossary): Promise<{ top?: string; confidence: number }> => {
      const r = await new HybridRetriever(chunks, { glossary }).retrieve({ text: '交通パスの更新', lang: 'ja' });
      return { top: r.passages[0]?.docId, confidence: r.confidence };
    };
    const a = await ask(narrow);
    const b = await ask(broad);
    assert.equal(a.top, 'pass');
    assert.equal(b.top, 'pass');
    assert.ok(Math.abs(a.confidence - b.confidence) < 1e-9, `narrow ${a.confidence} vs broad ${b.confidence}`);
  });
});
