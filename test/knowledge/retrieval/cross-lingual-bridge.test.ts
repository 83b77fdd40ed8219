import assert from 'node:assert/strict';
import path from 'node:path';
import { BUNDLED_KB_DIR } from '../../../bot/config';
import { loadEvalCases } from '../../../knowledge/eval/eval-cases';
import { evaluateRetrieval } from '../../../knowledge/eval/retrieval-eval';
import { readKbDir } from '../../../knowledge/ingest/read-kb-dir';
import { chunksFromDocuments } from '../../../knowledge/retrieval/chunks-from-documents';
import { DocumentLexicon } from '../../../knowledge/retrieval/document-lexicon';
import { Glossary } from '../../../knowledge/retrieval/glossary';
import { HybridRetriever, type HybridRetrieverOptions } from '../../../knowledge/retrieval/hybrid-retriever';
import { hangulReadings } from '../../../knowledge/retrieval/sino-korean-bridge';
import type { KbChunk } from '../../../knowledge/retrieval/kb-chunk';

const SHARED = path.resolve(__dirname, '..', '..', '..', '..', 'shared', 'eval-sample');
const DEV_XLING = path.join(__dirname, '..', '..', '..', 'eval', 'dev', 'xling.jsonl');

/** Place words only: what a city has before anyone writes glossary entries for its programs. */
const placesOnly = (): Glossary => new Glossary(Glossary.load().entries.filter((e) => e.region));

const chunk = (docId: string, lang: KbChunk['lang'], title: string, tags: string[], text: string, region = 'KR'): KbChunk => ({ docId, ordinal: 0, title, lang, domain: 'civil', region, tags, section: title, text });

describe('glossary synonym phrases', () => {
  it('when a concept has an English synonym phrase, then its words share one word’s weight', () => {
    const g = new Glossary([{ en: ['senior', 'elderly', 'older people'], ko: ['노인'], ja: [] }]);
    const w = Object.fromEntries(g.expand('senior bus', ['senior', 'bus'], { ko: 0.6, ja: 0.6, en: 0.5 }).map((e) => [e.term, e.weight]));
    assert.equal(w.elderly, 0.3);
    assert.equal(w.older, 0.15);
    assert.equal(w.peopl, 0.15);
    assert.equal(w['노인'], 0.6);
  });
});

describe('cross-lingual bridge from the documents’ own bilingual titles and tags', () => {
  it('when documents name themselves in two languages, then words that keep appearing together translate each other, and place names do not', () => {
    const places = new Set(['hanbit', 'city']);
    const lexicon = new DocumentLexicon(
      [
        { lang: 'ko', title: '똑버스 (On-Demand Bus, Hanbit City)', tags: ['버스', '교통', 'bus', 'transport'] },
        { lang: 'ko', title: '어르신 교통카드 (Senior Transit Card, Hanbit City)', tags: ['어르신', '교통', 'senior', 'transport'] },
        { lang: 'ko', title: '기초연금 (Basic Pension, Hanbit City)', tags: ['어르신', '연금', 'senior', 'pension'] },
        { lang: 'en', title: 'Library Card', tags: ['library'] },
      ],
      places,
    );
    const to = (term: string): string[] => lexicon.translate(term).map((t) => t.term);
    assert.ok(to('교통').includes('transport'), to('교통').join());
    assert.equal(lexicon.translate('교통').find((t) => t.term === 'transport')?.strength, 1);
    assert.ok(to('어르').includes('senior'));
    assert.ok(!to('어르').includes('bus'), 'a coincidence is not a translation');
    assert.ok(to('senior').includes('어르'), 'both ways');
    assert.ok(!to('교통').includes('hanbit') && !to('교통').includes('city'), 'place names left out');
    assert.deepEqual(lexicon.translate('library'), [], 'English documents have nothing to pair with');
  });

  it('when the glossary already pairs words of a title, then they pair with each other only: a shared title does not make 고령자 mean "flu"', () => {
    const docs = [
      { lang: 'ko' as const, title: '고령자 독감 예방접종 (Flu Vaccination for Seniors, Hanbit City)', tags: [] },
      { lang: 'ko' as const, title: '고령자 건강검진 (Health Check-up for Seniors, Hanbit City)', tags: [] },
      { lang: 'ko' as const, title: '똑버스 (Demand Bus, Hanbit City)', tags: [] },
    ];
    const g = new Glossary([
      { en: ['senior', 'seniors'], ko: ['고령자'], ja: [] },
      { en: ['flu'], ko: ['독감'], ja: [] },
      { en: ['bus'], ko: ['버스'], ja: [] },
    ]);
    const to = (lexicon: DocumentLexicon, term: string): string[] => lexicon.translate(term).map((t) => t.term);
    assert.ok(to(new DocumentLexicon(docs), '고령').includes('flu'), 'without the glossary the shared title pairs them');
    const lexicon = new DocumentLexicon(docs, new Set(['hanbit', 'city']), g);
    assert.ok(!to(lexicon, '고령').includes('flu'), to(lexicon, '고령').join());
    assert.ok(to(lexicon, '고령').includes('senior'), to(lexicon, '고령').join());
    assert.ok(to(lexicon, '똑버').includes('demand'), 'a word the glossary lacks still pairs with the unexplained English words');
    assert.ok(!to(lexicon, '똑버').includes('bus'), 'but not with a word the glossary gives to another');
  });

  it('when a Korean question asks about an English-only document no glossary entry covers, then the Korean documents’ English names carry the question there', async () => {
    const chunks = [
      chunk('ko-library', 'ko', '한빛도서관 회원증 (Public Library Card, Hanbit City)', ['도서관', '회원증', 'library'], '도서관 회원증으로 책을 빌립니다. 연체하면 대출이 정지됩니다.'),
      chunk('ko-bus', 'ko', '똑버스 (On-Demand Bus, Hanbit City)', ['버스', 'bus'], '앱으로 부르는 버스입니다.'),
      chunk('en-library', 'en', 'Library Card and Borrowing (Maple Bay)', ['library', 'books'], 'Borrow up to 30 items. Adult items are 25 cents a day late.', 'XX'),
      chunk('en-festival', 'en', 'Summer Festival (Maple Bay)', ['festival'], 'Concerts and a night market.', 'XX'),
    ];
    const ask = async (options: HybridRetrieverOptions): Promise<string[]> =>
      (await new HybridRetriever(chunks, { glossary: placesOnly(), ...options }).retrieve({ text: '메이플베이 도서관 카드 만들기', lang: 'ko' })).passages.map((p) => p.docId);
    const bridged = await ask({});
    assert.ok(bridged.indexOf('en-library') >= 0 && bridged.indexOf('en-library') < 2, bridged.join());
    assert.ok(bridged.indexOf('en-festival') < 0, 'nothing else is carried over');
    assert.deepEqual(await ask({ lexiconWeight: 0, bridgeWeight: 0 }), ['ko-library'], 'without the bridge the English document is not found at all');
  });

  it('when a question names glossary concepts, then the retrieval result carries their words in the other languages (not place names)', async () => {
    const g = new Glossary([
      { en: ['income'], ko: ['소득'], ja: ['所得'] },
      { en: ['Hanbit'], ko: ['한빛'], ja: ['ハンビッ'], region: 'KR' },
    ]);
    const chunks = [chunk('ko-pension', 'ko', '기초연금 (Basic Pension, Hanbit City)', ['연금'], '소득인정액이 선정기준액 이하인 분')];
    const result = await new HybridRetriever(chunks, { glossary: g }).retrieve({ text: 'income limit in Hanbit', lang: 'en' });
    assert.deepEqual(result.bridge, { ko: [['소득']], ja: [['所得']] });
  });

  it('when a resident names a city no glossary entry knows, then the place its documents’ titles name steers retrieval there', async () => {
    const chunks = [
      chunk('dasom-youth-rent', 'ko', '청년 월세 지원 (Youth Rent Support, Dasom-gu)', ['청년', '월세', 'rent'], '다솜구에 사는 만 19~34세 청년에게 월세를 최대 20만 원씩 12개월 지원합니다.'),
      chunk('dasom-energy', 'ko', '에너지 바우처 (Energy Voucher, Dasom-gu)', ['에너지', 'energy'], '다솜구 저소득 가구의 난방비를 바우처로 지원합니다.'),
      chunk('riverton-rental', 'en', 'Rental Assistance (Riverton)', ['rent', 'housing'], 'Up to 300 dollars a month of rent support for low-income renters.', 'US'),
      chunk('riverton-utility', 'en', 'Utility Assistance (Riverton)', ['utility'], 'Help with energy and water bills.', 'US'),
      chunk('town-hall', 'en', 'Town Hall Hours (Riverton)', ['hours'], 'The town hall opens at 9.', 'US'),
    ];
    const retriever = new HybridRetriever(chunks, { glossary: placesOnly() });
    assert.deepEqual([...retriever.places.keys()].sort(), ['dasom', 'gu', 'riverton']);
    const first = async (q: string): Promise<string | undefined> => (await retriever.retrieve({ text: q, lang: 'en' })).passages[0]?.docId;
    assert.equal(await first('rent support for young people in Dasom-gu'), 'dasom-youth-rent');
    assert.equal(await first('rent support for young people'), 'riverton-rental', 'without the place, the English document');
  });

  it('when only place words are in the glossary (a new city’s programs), then the bridge lifts cross-lingual hit@3 on our cross-lingual questions', async () => {
    const docs = [...readKbDir(path.join(SHARED, 'kb')).documents, ...readKbDir(BUNDLED_KB_DIR).documents];
    const cases = loadEvalCases(DEV_XLING);
    const hit3 = async (options: HybridRetrieverOptions): Promise<number> =>
      (await evaluateRetrieval(new HybridRetriever(chunksFromDocuments(docs), { glossary: placesOnly(), ...options }), cases)).report.xling['hit@3'];
    const bridged = await hit3({});
    const bare = await hit3({ lexiconWeight: 0, bridgeWeight: 0, sinoKoreanWeight: 0 });
    assert.ok(bridged >= bare + 0.15, `bridged ${bridged} vs bare ${bare}`);
  });

  it('when only place words are in the glossary, then Korean and Japanese questions reach each other’s documents through the Korean reading of kanji words', async () => {
    const docs = [...readKbDir(path.join(SHARED, 'kb')).documents, ...readKbDir(BUNDLED_KB_DIR).documents];
    const cases = loadEvalCases(DEV_XLING);
    const hit3 = async (sinoKoreanWeight: number): Promise<number> =>
      (await evaluateRetrieval(new HybridRetriever(chunksFromDocuments(docs), { glossary: placesOnly(), sinoKoreanWeight }), cases)).report.xling['hit@3'];
    const read = await hit3(0.5);
    const unread = await hit3(0);
    assert.ok(read >= unread + 0.08, `with readings ${read} vs without ${unread}`);
  });
});

describe('Sino-Korean readings', () => {
  it('when two kanji are read in Hangul, then both the word-initial and the inner reading are given, for Japanese simplified forms too', () => {
    assert.deepEqual(hangulReadings('年金'), ['연금', '년금']);
    assert.deepEqual(hangulReadings('児童'), ['아동']);
    assert.deepEqual(hangulReadings('医療'), ['의료']);
  });

  it('when a Korean question names a program only the Japanese document has, then its reading finds the document with no glossary entry, and back', async () => {
    const chunks = [
      chunk('jp-care', 'ja', '介護保険 (Long-Term Care Insurance, Sakuradai City)', [], '要介護認定の申請は市役所の介護保険課で受け付けます。', 'JP'),
      chunk('jp-library', 'ja', '図書館 (Library, Sakuradai City)', [], '図書館の利用カードを作れます。', 'JP'),
      chunk('kr-bus', 'ko', '마을버스 (Village Bus, Hanbit City)', [], '마을버스 노선 안내입니다.'),
      chunk('kr-pension', 'ko', '국민연금 (National Pension, Hanbit City)', [], '국민연금 납부 예외 안내입니다.'),
    ];
    const retriever = new HybridRetriever(chunks, { glossary: placesOnly() });
    const care = await retriever.retrieve({ text: '개호보험 인정 신청은 어디서 해요?', lang: 'ko' });
    assert.equal(care.passages[0]?.docId, 'jp-care');
    // The answer finds the part asked about with the same readings.
    assert.ok(care.bridge?.ja?.flat().includes('介護') && care.bridge.ja.flat().includes('申請'), JSON.stringify(care.bridge));
    assert.equal((await retriever.retrieve({ text: '国民年金の納付について', lang: 'ja' })).passages[0]?.docId, 'kr-pension');
    const unread = new HybridRetriever(chunks, { glossary: placesOnly(), sinoKoreanWeight: 0, lexiconWeight: 0, bridgeWeight: 0 });
    assert.notEqual((await unread.retrieve({ text: '개호보험 인정 신청은 어디서 해요?', lang: 'ko' })).passages[0]?.docId, 'jp-care');
  });
});
