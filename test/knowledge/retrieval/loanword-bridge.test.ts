import assert from 'node:assert/strict';
import path from 'node:path';
import { BUNDLED_KB_DIR } from '../../../bot/config';
import { loadEvalCases } from '../../../knowledge/eval/eval-cases';
import { evaluateRetrieval } from '../../../knowledge/eval/retrieval-eval';
import { readKbDir } from '../../../knowledge/ingest/read-kb-dir';
import { chunksFromDocuments } from '../../../knowledge/retrieval/chunks-from-documents';
import { Glossary } from '../../../knowledge/retrieval/glossary';
import { HybridRetriever, type HybridRetrieverOptions } from '../../../knowledge/retrieval/hybrid-retriever';
import type { KbChunk } from '../../../knowledge/retrieval/kb-chunk';
import { LoanwordBridge, couldBeSinoKorean } from '../../../knowledge/retrieval/loanword-bridge';
import { englishForm, formDistance, hangulSyllables, katakanaMorae, romanForm, romanizeHangul, romanizeKatakana, skeletonOf } from '../../../knowledge/retrieval/loanword-phonetics';

const SHARED = path.resolve(__dirname, '..', '..', '..', '..', 'shared', 'eval-sample');
const DEV_XLING = path.join(__dirname, '..', '..', '..', 'eval', 'dev', 'xling.jsonl');

/** Place words only: what a city has before anyone writes glossary entries for its programs. */
const placesOnly = (): Glossary => new Glossary(Glossary.load().entries.filter((e) => e.region));

const chunk = (docId: string, lang: KbChunk['lang'], title: string, tags: string[], text: string, region = 'XX'): KbChunk => ({ docId, ordinal: 0, title, lang, domain: 'welfare', region, tags, section: title, text });

/** A knowledge base's names and text, as the retriever hands them over. */
const bridge = (): LoanwordBridge =>
  new LoanwordBridge(
    [
      'Memory Clinic and Dementia Caregiver Support (Maple Bay)',
      'Community Food Bank (Maple Bay)',
      'StoneLink Transit Card (Maple Bay)',
      'さくら台コミュニティバス (Community Bus, Sakuradai City)',
      '매트리스 배출 (Mattress Disposal, Hanbit City)',
      'bus',
      'card',
    ],
    ['The Maple Bay Memory Clinic helps people who are worried about their memory.', 'Tap your card on the bus. 포인트 적립은 앱에서.'],
  );

const terms = (found: readonly { term: string }[]): string[] => found.map((b) => b.term).sort();

describe('loanword phonetics', () => {
  it('when Hangul is romanised, then it is read jamo by jamo (Revised Romanization), ㄹㄹ as ll', () => {
    assert.equal(romanizeHangul('메이플베이'), 'meipeulbei');
    assert.equal(romanizeHangul('클리닉'), 'keullinik');
    assert.equal(romanizeHangul('푸드뱅크'), 'pudeubaengkeu');
  });

  it('when katakana is romanised, then it is Hepburn: ー lengthens, ッ doubles, small kana join the mora before', () => {
    assert.equal(romanizeKatakana('フードバンク'), 'fuudobanku');
    assert.equal(romanizeKatakana('メープルベイ'), 'meepurubei');
    assert.equal(romanizeKatakana('ティッシュ'), 'tisshu');
    assert.equal(romanizeKatakana('ヴァイオリン'), 'vaiorin');
  });

  it('when a loanword and its English source are reduced to consonant classes, then the skeletons agree and the vowels adaptation inserted cost nothing', () => {
    const ko = (w: string): string => romanForm(hangulSyllables(w), 'ko');
    const ja = (w: string): string => romanForm(katakanaMorae(w), 'ja');
    for (const [borrowed, english] of [
      [ko('클리닉'), 'clinic'],
      [ko('센터'), 'centre'],
      [ko('매트리스'), 'mattress'],
      [ja('フード'), 'food'],
      [ja('インフルエンザ'), 'influenza'],
      [ja('サービス'), 'service'],
      [ja('ミーティング'), 'meeting'],
    ]) {
      assert.equal(skeletonOf(borrowed), skeletonOf(englishForm(english)), `${borrowed} ${english}`);
      assert.equal(formDistance(borrowed, englishForm(english)), 0, `${borrowed} ${english}`);
    }
    // Same consonants, but no English o is read as 이: 포인트 is "point", not "find".
    assert.ok(formDistance(ko('포인트'), englishForm('find')) > 0);
  });
});

describe('loanword bridge', () => {
  it('when a Korean question writes an English program name in Hangul, then the English words of that name are proposed, the two-word name whole', () => {
    const found = bridge().latinFor('메이플베이 메모리 클리닉 전화번호 알려주세요');
    assert.deepEqual(terms(found), ['bay', 'clinic', 'mapl', 'memory']);
    // "Memory Clinic" as one name counts fully; 메모리 alone (three consonants) would count less.
    assert.equal(found.find((b) => b.term === 'memory')?.share, 1);
    assert.ok((bridge().latinFor('메모리')[0]?.share ?? 0) < 1);
  });

  it('when one katakana or Hangul word is a two-word English name, then both words are proposed (フードバンク, 푸드뱅크 → food bank)', () => {
    assert.deepEqual(terms(bridge().latinFor('フードバンクはどこ')), ['bank', 'food']);
    assert.deepEqual(terms(bridge().latinFor('푸드뱅크 운영 시간')), ['bank', 'food']);
  });

  it('when a question names a foreign city by sound, then the place name is found (메이플베이, メープルベイ, 사쿠라다이)', () => {
    assert.deepEqual(terms(bridge().latinFor('メープルベイの図書館')), ['bay', 'mapl']);
    assert.deepEqual(terms(bridge().latinFor('사쿠라다이 시청')), ['sakuradai']);
  });

  it('when the spelling differs by a sound, then a long name still matches, with less weight (스톤링크 ↔ StoneLink)', () => {
    const found = bridge().latinFor('스톤링크 교통카드');
    assert.deepEqual(terms(found), ['stonelink']);
    assert.ok(found[0].share < 1 && found[0].share > 0.5, String(found[0].share));
  });

  it('when a word is short (버스, カード, バス), then nothing is proposed even though the knowledge base has bus and card', () => {
    assert.deepEqual(bridge().latinFor('버스 카드'), []);
    assert.deepEqual(bridge().latinFor('バスのカード'), []);
  });

  it('when a Korean word could be Sino-Korean (연금 sounds like "income"), then it is not taken for a loanword', () => {
    assert.equal(couldBeSinoKorean('연금'), true);
    assert.equal(couldBeSinoKorean('메모리'), false);
    const withIncome = new LoanwordBridge(['Income Support'], []);
    assert.deepEqual(withIncome.latinFor('기초연금 신청'), []);
    assert.deepEqual(terms(withIncome.latinFor('인컴 서포트')), ['incom', 'support'], 'the loanword itself is heard');
  });

  it('when a word sounds like nothing the knowledge base has, then nothing is proposed', () => {
    assert.deepEqual(bridge().latinFor('스마트폰 앱 다운로드'), []);
    assert.deepEqual(new LoanwordBridge(['Library Card'], []).latinFor('스톤링크'), []);
  });

  it('when an English question names a loanword the Korean or Japanese documents use, then their Hangul or katakana index terms are proposed', () => {
    assert.deepEqual(terms(bridge().foreignFor('community bus timetable')), ['ィバ', 'コミ', 'ティ', 'ニテ', 'バス', 'ミュ', 'ュニ']);
    assert.deepEqual(terms(bridge().foreignFor('how to throw away a mattress')), ['리스', '매트', '트리']);
    assert.deepEqual(terms(bridge().foreignFor('point')), ['인트', '포인']);
    assert.deepEqual(bridge().foreignFor('I cannot find it'), [], 'same consonants, other vowels');
  });
});

describe('loanword bridge between Korean and Japanese', () => {
  /** A Japanese city's names in katakana, a Korean city's in Hangul. */
  const kj = (): LoanwordBridge =>
    new LoanwordBridge(
      ['インフルエンザ予防接種', 'ケアマネジャーに相談', 'マイナンバーカード', 'コンピューター教室', 'バス', '전입신고 (Moving-in Report, Dasom District)', '다솜구 복지관', '인플루엔자 예방접종', '기초연금'],
      ['ネンキンの手続き。', '버스 카드'],
    );

  it('when a Korean question writes a loanword in Hangul, then the Japanese documents’ katakana words for it are proposed (인플루엔자 → インフルエンザ, 마이넘버 카드 → マイナンバーカード)', () => {
    assert.deepEqual(terms(kj().acrossFor('인플루엔자 접종 언제')), ['イン', 'エン', 'フル', 'ルエ', 'ンザ', 'ンフ']);
    assert.deepEqual(terms(kj().acrossFor('컴퓨터 교실')), ['ピュ', 'ュー', 'ンピ', 'ータ', 'コン', 'ター'].sort(), 'ン before ピ is heard as ㅁ');
    assert.ok(terms(kj().acrossFor('마이넘버 카드 신청')).includes('マイ'), 'two Hangul words, one katakana word');
    assert.deepEqual(terms(kj().acrossFor('케어매니저')), ['アマ', 'ケア', 'ジャ', 'ネジ', 'マネ', 'ャー'], 'ㅐ/ア and 이/エ differ a little');
  });

  it('when a Japanese question writes a word of the Korean documents in katakana, then their Hangul words are proposed, a Sino-Korean word too (チョニプシンゴ → 전입신고, ダソム区 → 다솜구)', () => {
    assert.deepEqual(terms(kj().acrossFor('インフルエンザの予防接種')), ['루엔', '엔자', '인플', '플루']);
    assert.deepEqual(terms(kj().acrossFor('チョニプシンゴはどこでしますか')), ['입신', '전입']);
    assert.deepEqual(terms(kj().acrossFor('ダソム区の福祉館')), ['다솜', '솜구'], 'the kanji after the katakana read in Korean');
  });

  it('when a Hangul word could be Sino-Korean, then it proposes no katakana word (연금 is not ネンキン), and the English paths are untouched', () => {
    assert.deepEqual(kj().acrossFor('기초연금 신청'), []);
    assert.deepEqual(kj().latinFor('チョニプシンゴ'), []);
    assert.deepEqual(new LoanwordBridge(['Income Support', '전입신고'], []).latinFor('전입신고'), [], 'a Sino-Korean word is still not matched to English');
  });

  it('when a word is near but not the same, or short, then nothing is proposed (코로나 ↔ クリーナー, 버스 ↔ バス)', () => {
    // Same consonants (k, r, n), other vowels: "cleaner" is not "corona".
    assert.deepEqual(new LoanwordBridge(['クリーナー貸出'], []).acrossFor('코로나'), []);
    assert.deepEqual(terms(new LoanwordBridge(['コロナ'], []).acrossFor('코로나')), ['コロ', 'ロナ']);
    assert.deepEqual(new LoanwordBridge(['インフルエンザ'], []).acrossFor('인플레이션'), []);
    assert.deepEqual(kj().acrossFor('버스 카드'), []);
    assert.deepEqual(kj().acrossFor('バスのカード'), []);
  });
});

describe('loanword bridge in retrieval', () => {
  it('when a Korean question names an English-only program by its loanwords, then the English document is found, and without the bridge it is not', async () => {
    const chunks = [
      chunk('en-memory', 'en', 'Memory Clinic (Maple Bay)', ['memory', 'dementia'], 'The Maple Bay Memory Clinic assesses memory problems. Call 555-0100 to book.'),
      chunk('en-festival', 'en', 'Summer Festival (Maple Bay)', ['festival'], 'Concerts and a night market in July.'),
      chunk('ko-bus', 'ko', '한빛 마을버스 (Village Bus, Hanbit City)', ['버스'], '마을버스 노선과 요금 안내입니다.', 'KR'),
    ];
    const ask = async (options: HybridRetrieverOptions): Promise<string | undefined> =>
      (await new HybridRetriever(chunks, { glossary: placesOnly(), ...options }).retrieve({ text: '메모리 클리닉 예약 방법', lang: 'ko' })).passages[0]?.docId;
    assert.equal(await ask({}), 'en-memory');
    assert.notEqual(await ask({ loanwordWeight: 0 }), 'en-memory');
  });

  it('when a Korean question writes by sound a city the glossary does not know, then its documents’ region is preferred as if it were named in English', async () => {
    const glossary = new Glossary([{ en: ['pension'], ko: ['연금'], ja: ['年金'] }]);
    const chunks = [
      chunk('en-pension', 'en', 'Senior Pension (Riverton)', ['pension'], 'A monthly pension for residents over 65.', 'US'),
      chunk('en-library', 'en', 'Library Card (Riverton)', ['library'], 'Borrow up to 30 books.', 'US'),
      chunk('ko-pension', 'ko', '기초연금 (Basic Pension, Hanbit City)', ['연금', 'pension'], '만 65세 이상 어르신께 매달 연금을 드립니다.', 'KR'),
    ];
    const ask = async (options: HybridRetrieverOptions): Promise<string | undefined> =>
      (await new HybridRetriever(chunks, { glossary, ...options }).retrieve({ text: '리버턴 연금 얼마', lang: 'ko' })).passages[0]?.docId;
    assert.equal(await ask({}), 'en-pension');
    assert.equal(await ask({ loanwordWeight: 0 }), 'ko-pension');
  });

  it('when a Korean question names a Japanese town by sound with its suffix, or in syllables that could all be Sino-Korean, then that town’s documents are preferred', async () => {
    const glossary = new Glossary([{ en: ['dental checkup'], ko: ['치과 검진'], ja: ['歯科健診'] }]);
    const chunks = [
      chunk('jp-dental', 'ja', '歯周病検診 (Dental Checkup, Narihama City)', ['歯科健診'], '40歳以上の方の歯科健診です。自己負担500円。', 'JP'),
      chunk('jp-bus', 'ja', 'コミュニティバス (Community Bus, Narihama City)', ['バス'], '1回100円です。', 'JP'),
      chunk('jp-aoba', 'ja', '歯科健診 (Dental Checkup, Aoba Town)', ['歯科健診'], '20歳以上の方。無料です。', 'JP2'),
      chunk('jp-aoba-bus', 'ja', 'バス (Bus, Aoba Town)', ['バス'], '無料です。', 'JP2'),
      chunk('ko-dental', 'ko', '치과 검진 (Dental Checkup, Solmoru-gun)', ['치과 검진'], '만 40세 이상 무료 치과 검진입니다.', 'KR'),
      chunk('ko-bus', 'ko', '버스 (Bus, Solmoru-gun)', ['버스'], '군내 버스 요금 천원.', 'KR'),
    ];
    const top = async (text: string, options: HybridRetrieverOptions = {}): Promise<string | undefined> =>
      (await new HybridRetriever(chunks, { glossary, ...options }).retrieve({ text, lang: 'ko' })).passages[0]?.docId;
    assert.equal(await top('나리하마시 치과 검진 얼마예요'), 'jp-dental');
    assert.equal(await top('나리하마 치과 검진 본인부담'), 'jp-dental');
    assert.equal(await top('아오바마치에서 치과 검진 받으려면'), 'jp-aoba');
    assert.equal(await top('치과 검진 얼마예요'), 'ko-dental', 'no town named: the Korean document');
  });

  it('when the glossary knows no program and not the English-speaking city, then loanwords lift cross-lingual hit@3 on our cross-lingual questions', async () => {
    const docs = [...readKbDir(path.join(SHARED, 'kb')).documents, ...readKbDir(BUNDLED_KB_DIR).documents];
    const cases = loadEvalCases(DEV_XLING);
    // A new city's glossary: the place words of the other cities only.
    const glossary = new Glossary(placesOnly().entries.filter((e) => e.region !== 'XX'));
    const hit3 = async (loanwordWeight: number): Promise<number> =>
      (await evaluateRetrieval(new HybridRetriever(chunksFromDocuments(docs), { glossary, loanwordWeight }), cases)).report.xling['hit@3'];
    const heard = await hit3(1);
    const unheard = await hit3(0);
    assert.ok(heard >= unheard + 0.05, `with loanwords ${heard} vs without ${unheard}`);
  });
});
