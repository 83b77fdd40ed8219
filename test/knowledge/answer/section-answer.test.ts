import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import pino from 'pino';
import { headingAspect, headingAspects, questionAspects } from '../../../knowledge/answer/aspects';
import { ExtractiveAnswerer } from '../../../knowledge/answer/extractive-answerer';
import { LlmAnswerService } from '../../../knowledge/answer/llm-answer-service';
import { sectionBlocks } from '../../../knowledge/answer/section-blocks';
import { Glossary } from '../../../knowledge/retrieval/glossary';
import { glossaryBridge } from '../../../knowledge/retrieval/glossary-bridge';
import { analyze } from '../../../knowledge/retrieval/text-analyzer';
import { chunkBySection } from '../../../knowledge/ingest/section-chunker';
import { parseKbFile } from '../../../knowledge/ingest/parse-kb-file';
import { AnswerChain } from '../../../knowledge/chains/answer-chain';
import { OllamaLlmClient } from '../../../knowledge/llm/llm-client';
import { OllamaPool } from '../../../knowledge/llm/ollama-pool';
import { OllamaTestServer } from '../../helpers/ollama-test-server';
import type { Passage, RetrievalQuery, Retriever } from '../../../knowledge/ports';
import { answerActivity } from '../../../dialogs/answer-reply';

const KO = `# 기초연금

기초연금은 어르신의 노후 생활을 돕기 위해 매달 일정 금액을 지급하는 제도입니다. 한빛시 어르신은 행정복지센터에서 신청할 수 있습니다.

## 지원 대상

- 만 65세 이상이고 한빛시에 주민등록이 되어 있는 분
- 소득인정액이 선정기준액 이하인 분

## 지원 내용

- 단독가구 기준 최대 월 342,510원을 받습니다 (2025 기준).
- 매달 25일에 본인 명의 통장으로 들어옵니다.

## 신청 방법

1. 만 65세 생일이 있는 달의 한 달 전부터 신청할 수 있습니다.
2. 주소지 행정복지센터를 방문하거나 복지로에서 온라인으로 신청합니다.

## 구비 서류

- 신분증
- 본인 명의 통장 사본
- 임대차 계약서 (전·월세로 사는 경우)

## 문의처

- 한빛시청 노인복지과 ☎ 031-555-2110
`;

const TITLE = '기초연금 (Basic Pension, Hanbit City)';
const URL = 'https://www.hanbit.example.kr/welfare/basic-pension';

/** The document's chunks as the retriever returns them. */
function docPassages(): Passage[] {
  return chunkBySection(KO, TITLE).map((s) => ({
    docId: 'hanbit-basic-pension',
    title: TITLE,
    url: URL,
    lang: 'ko',
    domain: 'welfare',
    region: 'KR',
    updated: '2025-01-15',
    section: s.section,
    ordinal: s.ordinal,
    text: s.text,
    score: 1,
  }));
}

const answerer = new ExtractiveAnswerer();

describe('Answers from the section asked about', () => {
  it('when headings of any city name an aspect in ko, ja or en, then their words (not fixed strings) map them', () => {
    assert.equal(headingAspect('지원 대상'), 'eligibility');
    assert.equal(headingAspect('신청 자격 및 조건'), 'eligibility');
    assert.equal(headingAspect('対象となる方'), 'eligibility');
    assert.equal(headingAspect('Who can apply'), 'eligibility');
    assert.equal(headingAspect('제출 서류'), 'documents');
    assert.equal(headingAspect('申請に必要な書類'), 'documents');
    assert.equal(headingAspect('What to bring'), 'documents');
    assert.equal(headingAspect('受けられる支援'), 'benefit');
    assert.equal(headingAspect('신청 기간'), 'deadline');
    assert.deepEqual(headingAspects('Opening hours and contact'), ['hours', 'contact']);
    assert.deepEqual(headingAspects('신청 방법 및 구비 서류'), ['apply', 'documents']);
    assert.deepEqual(headingAspects('申請方法・必要書類'), ['apply', 'documents']);
    assert.deepEqual(headingAspects('신청 대상'), ['eligibility'], 'one part: its most specific aspect only');
    assert.equal(headingAspect('When to apply'), 'deadline');
    assert.equal(headingAspect('支給額'), 'benefit');
    assert.equal(headingAspect('運営時間'), null);
    assert.equal(headingAspect('開所時間'), 'hours');
    assert.equal(headingAspect('Fees'), 'cost');
    assert.equal(headingAspect('연혁'), null);
    // A day of payment is a when; a heading asked as a question answers its question word.
    assert.equal(headingAspect('支給日'), 'deadline');
    assert.equal(headingAspect('지급일'), 'deadline');
    assert.equal(headingAspect('地域包括支援センターはどこですか？'), 'contact');
    assert.equal(headingAspect('지원금은 얼마인가요?'), 'benefit');
  });

  // What is asked, by its question word — not by a word in a purpose clause ("신청하려면",
  // "申請するには", "to apply") or in the program's name ("housing benefit"); a yes/no question
  // ("받을 수 있나요?") asks about the program as a whole (the summary).
  const ASKED: [string, string[], string?][] = [
    ['기초연금 신청하려면 뭐가 필요해요?', ['documents']],
    ['아동수당 신청할 때 준비물 있어요?', ['documents']],
    ['등본 떼러 갈 때 뭘 챙겨가야 돼요', ['documents']],
    ['주거급여 신청 서류 알려주세요', ['documents']],
    ['필요한 서류가 뭐예요', ['documents']],
    ['児童手当の申請に必要なものは？', ['documents']],
    ['住民票を取るのに何が必要ですか', ['documents']],
    ['予防接種の時の持ち物', ['documents']],
    ['申請には何を持っていけばいいですか', ['documents']],
    ['What do I need to apply for the basic pension?', ['documents']],
    ['what should I bring to register my dog', ['documents']],
    ['which documents are required for the heating assistance', ['documents']],
    ['what is needed when applying?', ['documents']],
    ['기초연금 신청하려면 어떻게 해요?', ['apply']],
    ['아동수당 신청 방법', ['apply']],
    ['児童扶養手当はどうやって申請しますか', ['apply']],
    ['How do I apply for the child care subsidy?', ['apply']],
    ['what do I need to do to apply', ['apply']],
    ['난방비 신청 기간이 언제예요', ['deadline']],
    ['児童手当の申請期限は？', ['deadline']],
    ['申込みはいつまで', ['deadline']],
    ['When is the application deadline?', ['deadline']],
    ['how long does it take after I apply', ['deadline']],
    ['긴급지원 신청하면 언제 도와줘요', ['deadline']],
    ['문의 전화번호', ['contact']],
    ['母子手帳はどこでもらえますか', ['apply', 'contact']],
    ['where can I get a flu shot, is it free, and does she need 2 doses', ['apply', 'cost']],
    ['when do applications close', ['deadline']],
    ['엄마가 기초연금 받을 수 있는지 궁금하고 얼마 나오는지도요', ['eligibility', 'benefit']],
    ['치매검사 돈 드나요? 어디로 전화하면 돼요?', ['cost', 'contact']],
    ['housing benefit phone number', ['contact'], '주거급여 (Housing Benefit, Hanbit City)'],
    ['어디서 신청해요', ['apply', 'contact']],
    ['where do I apply', ['apply', 'contact']],
    ['도서관 몇 시까지 해요', ['hours']],
    ['学童は何時まで', ['hours']],
    ['library opening hours on Sunday', ['hours']],
    ['기초연금 얼마나 받을 수 있어요?', ['benefit']],
    ['児童手当はいくらもらえますか', ['benefit']],
    ['how much is the child allowance', ['benefit']],
    ['똑버스 요금 얼마', ['cost']],
    ['粗大ごみの手数料はいくらかかりますか', ['cost']],
    ['how much does bulky item pickup cost', ['cost']],
    ['can I get emergency welfare? I lost my job', []],
    ['누가 받을 수 있어요', ['eligibility']],
    ['제가 받을 수 있나요?', []],
    ['対象になりますか', ['eligibility']],
    ['who can get the senior transit pass', ['eligibility']],
    ['Am I eligible?', ['eligibility']],
    // Typed as on a phone.
    ['아동수당 어케 신청해요', ['apply']],
    ['등본 뗄때 머 필요함', ['documents']],
    ['住民票とるのに何いる？', ['documents']],
    ['hw much is the youth pass', ['benefit']],
    ['wat docs do i need for the library card', ['documents']],
    ['기초연금?', []],
    ['児童扶養手当について教えて', []],
    ['senior transit pass?', []],
    ['long-term care certification how long does it take', ['deadline'], '介護保険の要介護認定 (Long-Term Care Insurance Certification, Sakuradai City)'],
  ];
  it(`when a question is phrased in any of ${ASKED.length} ways in ko, ja or en, then the aspect it asks is recognised (two at most)`, () => {
    const wrong = ASKED.filter(([q, expected, title]) => JSON.stringify(questionAspects(q, title)) !== JSON.stringify(expected));
    assert.deepEqual(
      wrong.map(([q, , title]) => [q, questionAspects(q, title)]),
      [],
      'misread',
    );
  });

  it('when the resident asks which documents are needed, then only that section is quoted, as a list, with date and citation', () => {
    const a = answerer.answer('기초연금 서류 뭐 챙겨가요?', 'ko', docPassages().slice(0, 2), docPassages());
    assert.ok(a);
    assert.match(a.text, /^기초연금 · 구비 서류 \[1\]\n\n- 신분증\n- 본인 명의 통장 사본\n- 임대차 계약서 \(전·월세로 사는 경우\)/);
    assert.doesNotMatch(a.text, /342,510원|만 65세/);
    assert.match(a.text, /2025-01-15 기준/);
    assert.deepEqual(a.citations, [{ n: 1, docId: 'hanbit-basic-pension', title: TITLE, url: URL, updated: '2025-01-15', section: '구비 서류' }]);
  });

  it('when the resident asks how to apply, then the steps keep their numbers, one per line', () => {
    const a = answerer.answer('기초연금 신청 방법 알려주세요', 'ko', docPassages(), docPassages());
    assert.match(a?.text ?? '', /신청 방법 \[1\]\n\n1\. 만 65세 생일이 있는 달의 한 달 전부터 신청할 수 있습니다\.\n2\. 주소지/);
  });

  it('when two aspects are asked, then the reply has two short parts under their headings', () => {
    const a = answerer.answer('기초연금 얼마 받아요? 문의는 어디로?', 'ko', docPassages(), docPassages());
    assert.ok(a);
    assert.match(a.text, /지원 내용\n\n- 단독가구 기준 최대 월 342,510원/);
    assert.match(a.text, /문의처\n\n- 한빛시청 노인복지과 ☎ 031-555-2110/);
  });

  it('when the question names no aspect, then the summary sentence and the first key points are given', () => {
    const a = answerer.answer('기초연금?', 'ko', docPassages(), docPassages());
    assert.ok(a);
    assert.match(a.text, /기초연금은 어르신의 노후 생활을 돕기 위해 매달 일정 금액을 지급하는 제도입니다\./);
    assert.match(a.text, /- 지원 대상: 만 65세 이상/);
    assert.match(a.text, /- 지원 내용: 단독가구 기준 최대 월 342,510원/);
    assert.doesNotMatch(a.text, /한빛시 어르신은 행정복지센터/);
  });

  it('when a first reply is given, then it fits a phone screen and the other sections are offered as follow-ups', () => {
    for (const q of ['기초연금?', '기초연금 서류', '기초연금 신청 방법', '기초연금 대상이 되나요']) {
      const a = answerer.answer(q, 'ko', docPassages(), docPassages());
      assert.ok(a && [...a.text].length <= 300, `${q}: ${a?.text.length}`);
      assert.ok(a.followUps.length >= 3 && a.followUps.length <= 4, q);
    }
    const a = answerer.answer('기초연금 서류', 'ko', docPassages(), docPassages());
    assert.deepEqual(
      a?.followUps.map((f) => [f.title, f.value]),
      [
        ['지원 대상', '기초연금 지원 대상'],
        ['지원 내용', '기초연금 지원 내용'],
        ['신청 방법', '기초연금 신청 방법'],
        ['문의처', '기초연금 문의처'],
      ],
    );
  });

  it('when an English question reaches a Korean document, then the reply says in English what the quoted section is, with its figures', () => {
    const a = answerer.answer('How much is the basic pension?', 'en', docPassages(), docPassages());
    assert.ok(a);
    // The note leads and carries the citation; no second header in Korean.
    assert.match(a.text, /^Below is the official Korean text on Basic Pension: “What you get”\. \[1\]\nFigures in it: 342,510원, 25일\n\n- 단독가구/);
    assert.equal(a.followUps[0].title, 'Who is eligible');
    assert.equal(a.followUps[0].value, 'Who is eligible — Basic Pension');
  });

  it('when a Japanese question reaches a Korean document, then the note is in Japanese and names the program by its English name, not in Hangul', () => {
    const a = answerer.answer('基礎年金はいくらですか', 'ja', docPassages(), docPassages());
    assert.ok(a);
    assert.match(a.text, /^以下は「Basic Pension」の韓国語の公式文書のうち「受けられる支援」の部分です。 \[1\]\n記載の数字：342,510원/);
    assert.match(a.text, /342,510원/);
  });

  it('when an English question asks about a part of a Korean document in its own words, then the glossary words for them find that part', () => {
    const q = 'does my income matter for the basic pension';
    const bridge = glossaryBridge(Glossary.load(), q, analyze(q), 'en').ko ?? [];
    assert.ok(bridge.flat().includes('소득'), 'the bridge carries the Korean word for income');
    // Without the bridge nothing in the question meets the Korean text: a summary.
    assert.match(answerer.answer(q, 'en', docPassages(), docPassages())?.text ?? '', /what it is and who can get it/);
    const a = answerer.answer(q, 'en', docPassages(), docPassages(), undefined, bridge);
    assert.match(a?.text ?? '', /^Below is the official Korean text on Basic Pension: “[^”]*Who is eligible[^”]*”/);
    assert.match(a?.text ?? '', /소득인정액이 선정기준액 이하/);
  });

  it('when a question in another language names the program in the bridge, then those words do not pull the answer to the section that repeats them', () => {
    const title = 'Winter Heating Assistance (Maple Bay)';
    const body = '# Winter Heating Assistance\n\nHelp with winter heating bills.\n\n## Who is eligible\n\n- Households under the income limit\n\n## What you get\n\n- Support of $300 towards energy bills, paid as aid straight to your supplier.\n\n## How to apply\n\n1. Applications open on 1 October and close on 31 March.\n2. Apply at the service counter.\n';
    const passages: Passage[] = chunkBySection(body, title).map((s) => ({ docId: 'maplebay-heating', title, lang: 'en', domain: 'welfare', region: 'XX', section: s.section, ordinal: s.ordinal, text: s.text, score: 1 }));
    // "난방비 지원 신청 기간": heating costs and support name the program; the period is asked.
    const bridge = [['heating', 'energy bill'], ['subsidy', 'grant', 'support', 'aid', 'assistance'], ['apply', 'application'], ['period', 'duration']];
    const a = answerer.answer('메이플베이 난방비 지원 신청 기간', 'ko', passages, passages, undefined, bridge);
    assert.match(a?.text ?? '', /1 October/);
    assert.doesNotMatch(a?.text ?? '', /\$300/);
  });

  it('when the bridge carries words of another aspect (every sense of "얼마"), then the aspect is still the one the resident asked', () => {
    const title = 'Council Tax (Wrenfield)';
    const body = '# Council Tax\n\nCouncil tax pays for local services.\n\n## How much is it?\n\n- Band D: £2,184 a year\n\n## Discounts and exemptions\n\n- 25% off the fee if you live alone\n';
    const passages: Passage[] = chunkBySection(body, title).map((s) => ({ docId: 'wrenfield-ct', title, lang: 'en', domain: 'tax', region: 'XX', section: s.section, ordinal: s.ordinal, text: s.text, score: 1 }));
    const a = answerer.answer('카운슬택스 D밴드면 1년에 얼마예요?', 'ko', passages, passages, undefined, [['how much', 'amount', 'cost', 'fee', 'price']]);
    assert.match(a?.text ?? '', /2,184/);
  });

  it('when a question asks for a phone number, then the section that gives one answers, not the list of places', () => {
    const title = '後期高齢者健康診査 (Health Check-up for People Aged 75 and Over, Narihama)';
    const body = '# 後期高齢者健康診査\n\n75歳以上の方の健康診査です。\n\n## 受診できる場所\n\n市内の指定医療機関（約40か所）。一覧は受診券に同封しています。\n\n## 受診期間\n\n6月1日から11月30日まで。\n\n## お問い合わせ\n\n健康づくり課　電話 089-555-4181\n';
    const passages: Passage[] = chunkBySection(body, title).map((s) => ({ docId: 'narihama-checkup', title, lang: 'ja', domain: 'health', region: 'JP', section: s.section, ordinal: s.ordinal, text: s.text, score: 1 }));
    for (const q of ['Which number do we call about the health check?', "what's their number", '健診の受診券をなくしました。電話番号は？']) {
      const a = answerer.answer(q, /[a-z]/.test(q) ? 'en' : 'ja', passages, passages);
      assert.match(a?.text ?? '', /089-555-4181/, q);
    }
    // Where to go, without a phone asked: the places.
    assert.match(answerer.answer('健診はどこで受けられますか', 'ja', passages, passages)?.text ?? '', /指定医療機関/);
  });

  it('when a question asks how much or how many, then a section that gives an amount or a count answers, whatever words of the resident\'s situation another shares', () => {
    const title = 'Disabled Facilities Grant (Wrenfield)';
    const body = '# Disabled Facilities Grant\n\nAdapting your home.\n\n## What can it pay for?\n\n- Stairlifts and through-floor lifts\n- Ramps, widened doors, grab rails\n\n## How much?\n\nUp to £30,000 per application.\n\n## Who can apply?\n\nHomeowners and tenants.\n';
    const passages: Passage[] = chunkBySection(body, title).map((s) => ({ docId: 'wrenfield-dfg', title, lang: 'en', domain: 'housing', region: 'XX', section: s.section, ordinal: s.ordinal, text: s.text, score: 1 }));
    assert.match(answerer.answer('how much can the grant pay? mum needs a stairlift', 'en', passages, passages)?.text ?? '', /£30,000/);
    const libTitle = '군립도서관 이용 안내 (County Library)';
    const lib = '# 군립도서관\n\n누구나 이용할 수 있습니다.\n\n## 회원 가입\n\n- 만 7세 이상은 신분증을 가지고 오세요.\n\n## 대출 규칙\n\n- 1인 5권, 14일까지 빌릴 수 있습니다.\n\n## 책 배달 서비스\n\n- 거동이 불편한 분께 월 2회 책을 배달합니다.\n';
    const libPassages: Passage[] = chunkBySection(lib, libTitle).map((s) => ({ docId: 'county-library', title: libTitle, lang: 'ko', domain: 'culture', region: 'KR', section: s.section, ordinal: s.ordinal, text: s.text, score: 1 }));
    assert.match(answerer.answer('군립도서관 책 몇권 빌려줘요', 'ko', libPassages, libPassages)?.text ?? '', /5권/);
    // "いつまで": a section that gives a date or a period answers, not the one that repeats the question's word.
    const checkTitle = '後期高齢者健康診査 (Health Check-up for People Aged 75 and Over)';
    const check = `# 後期高齢者健康診査（長寿健診）

後期高齢者医療制度に加入している方（75歳以上の方、一定の障がいがあり65歳から加入した方）を対象に、年1回の健康診査を行います。生活習慣病の早期発見と、フレイル（心身の虚弱）予防が目的です。

■ 受診期間
令和7年**6月1日〜11月30日**

■ 自己負担額
**無料**（受診券と保険証またはマイナ保険証をお持ちください）

■ 受診券
対象の方には5月下旬に受診券（黄色の封筒）をお送りします。年度の途中で75歳になる方には、誕生月の翌月に送ります。受診券をなくした場合は、健康づくり課に電話すれば再発行します。

■ 健診の内容
問診（フレイルに関する15の質問を含む）、身体計測、血圧測定、尿検査、血液検査（脂質・血糖・肝機能・腎機能）、医師の診察
※ 心電図と眼底検査は医師が必要と判断した場合のみ行います。

■ 受診できる場所
市内の指定医療機関（約40か所）。一覧は受診券に同封しています。事前に医療機関へ電話で予約してください。

■ 受けなくてよい方
病院や施設に長期間入院・入所している方、生活習慣病で定期的に通院し同じ検査を受けている方は、受診の必要はありません。

■ お問い合わせ
鳴浜市保健センター 健康づくり課（汐入町3-8）
電話 089-555-4181`;
    const checkPassages: Passage[] = chunkBySection(check, checkTitle).map((s) => ({ docId: 'checkup', title: checkTitle, lang: 'ja', domain: 'health', region: 'JP', section: s.section, ordinal: s.ordinal, text: s.text, score: 1 }));
    assert.match(answerer.answer('後期高齢者の健診っていつまで受けられる？', 'ja', checkPassages, checkPassages)?.text ?? '', /11月30日/);
  });

  it('when the budget leaves room for some lines of a section only, then the line that names what was asked is kept, though the title names it too', () => {
    const title = 'Birth and Death Certificates (Riverton)';
    const body = '# Birth and Death Certificates\n\nCertified copies of vital records.\n\n## Fees (2025)\n\n- Birth certificate: 20 dollars for the first certified copy, 5 dollars for each additional copy of the same record ordered at the same time.\n- Heirloom birth certificate (decorative, suitable for framing in your home or office): 35 dollars per copy.\n- Amendment of a record: 15 dollars, plus the cost of a new certified copy, payable when you apply in person.\n- Death certificate: 24 dollars for the first certified copy, 6 dollars for each additional copy ordered at the same time.\n- We accept cash, checks and cards. A 2.5 percent fee applies to card payments made at the counter.\n';
    const passages: Passage[] = chunkBySection(body, title).map((s) => ({ docId: 'riverton-vital', title, lang: 'en', domain: 'civil', region: 'US', section: s.section, ordinal: s.ordinal, text: s.text, score: 1 }));
    const a = answerer.answer('how much is a death certificate', 'en', passages, passages);
    assert.match(a?.text ?? '', /24 dollars/);
  });

  it('when an English document is quoted to a Korean reader, then the quote has the room of English text, not of Korean', () => {
    const title = 'Senior Center Lunch (Riverton)';
    const body = '# Senior Center Lunch\n\nHot meals for older residents.\n\n## Senior Center lunch\n\n- Lunch is served in the main hall of the Riverton Senior Center on Oak Street, every weekday except holidays.\n- Lunch is served at 11:45 a.m. A suggested donation of 3 dollars is welcome but not required.\n';
    const passages: Passage[] = chunkBySection(body, title).map((s) => ({ docId: 'riverton-lunch', title, lang: 'en', domain: 'welfare', region: 'US', section: s.section, ordinal: s.ordinal, text: s.text, score: 1 }));
    const a = answerer.answer('리버턴 시니어센터 점심 몇 시에 해요?', 'ko', passages, passages);
    assert.match(a?.text ?? '', /main hall/);
    assert.match(a?.text ?? '', /11:45/);
  });

  it('when a runner-up of another region is retrieved, then it is not offered as related', () => {
    const other: Passage = { docId: 'osaka-pension', title: '年金', lang: 'ja', domain: 'welfare', region: 'JP', text: '年金', score: 0.9 };
    const a = answerer.answer('기초연금 좋은가요', 'ko', [docPassages()[0], other], docPassages());
    assert.deepEqual(a?.citations.map((c) => c.docId), ['hanbit-basic-pension']);
  });

  it('when a table is in a section, then each row stays one readable line', () => {
    const blocks = sectionBlocks('| 가구 | 금액 |\n|---|---|\n| 단독 | 342,510원 |\n| 부부 | 548,000원 |');
    assert.deepEqual(
      blocks.map((b) => `${b.marker} ${b.text}`),
      ['- 가구 · 금액', '- 단독 · 342,510원', '- 부부 · 548,000원'],
    );
  });
});

describe('LlmAnswerService follow-ups', () => {
  class CountingRetriever implements Retriever {
    calls = 0;
    retrieve(_q: RetrievalQuery) {
      this.calls += 1;
      return Promise.resolve({ passages: docPassages().slice(0, 3), confidence: 0.9 });
    }
    documentPassages(docId: string) {
      return Promise.resolve(docId === 'hanbit-basic-pension' ? docPassages() : []);
    }
  }

  it('when a follow-up button is pressed, then it is answered from the same document without a new search', async () => {
    const retriever = new CountingRetriever();
    const service = new LlmAnswerService({ retriever, chain: null, kbVersion: () => 1, cacheSize: 10, log: pino({ level: 'silent' }) });
    const first = await service.answer({ question: '기초연금?', lang: 'ko', channelId: 'line', conversationId: 'c1' });
    const activity = answerActivity(first, 'ko', ['상담원 연결']);
    const actions = activity.suggestedActions?.actions ?? [];
    assert.deepEqual(
      actions.map((x) => x.title),
      ['신청 방법', '구비 서류', '문의처', '지원 대상', '상담원 연결'],
    );
    assert.match(activity.text ?? '', /출처\n\[1\] 기초연금 \(Basic Pension, Hanbit City\) — https:\/\/www\.hanbit\.example\.kr\/welfare\/basic-pension/);
    const docs = actions.find((x) => x.title === '구비 서류');
    assert.equal(retriever.calls, 1);
    const second = await service.answer({ question: String(docs?.value), lang: 'ko', channelId: 'line', conversationId: 'c1' });
    assert.equal(retriever.calls, 1, 'no new search');
    assert.match(second.text, /^기초연금 · 구비 서류 \[1\]\n\n- 신분증/);
    assert.ok(second.followUps?.some((f) => f.title === '지원 대상'));
  });
});

describe('The LLM path answers from the same selection', () => {
  let double: OllamaTestServer;
  let url: string;
  beforeEach(async () => {
    double = new OllamaTestServer();
    url = await double.start();
  });
  afterEach(async () => double.stop());

  it('when the LLM answers, then its prompt carries only the section asked about — not the whole document — and the answer cites it, dated, with the other sections as follow-ups', async () => {
    double.configure({ scripted: ['신분증과 통장 사본이 필요합니다 [1].'] });
    const retriever: Retriever = { retrieve: () => Promise.resolve({ passages: docPassages().slice(0, 3), confidence: 0.9 }), documentPassages: () => Promise.resolve(docPassages()) };
    const log = pino({ level: 'silent' });
    const pool = new OllamaPool({ baseUrls: [url], hostConcurrency: 1, queueLimit: 4, healthIntervalMs: 60000, log });
    const chain = new AnswerChain({ llm: new OllamaLlmClient({ pool, model: 'qwen2.5:3b', numCtx: 4096, timeoutMs: 5000, log }) });
    const service = new LlmAnswerService({ retriever, chain, kbVersion: () => 1, cacheSize: 0, log });
    const answer = await service.answer({ question: '기초연금 신청하려면 뭐가 필요해요?', lang: 'ko', channelId: 'line', conversationId: 'c-llm' });
    assert.equal(answer.mode, 'llm');
    const prompt = JSON.stringify(double.chatRequests()[0].messages);
    assert.ok(prompt.includes('본인 명의 통장 사본'), 'the documents section is in the prompt');
    for (const other of ['342,510원', '031-555-2110', '한 달 전부터 신청']) assert.ok(!prompt.includes(other), `${other} is not`);
    assert.deepEqual(answer.citations, [{ n: 1, docId: 'hanbit-basic-pension', title: TITLE, url: URL, updated: '2025-01-15', section: '구비 서류' }]);
    assert.match(answer.text, /2025-01-15 기준/);
    assert.deepEqual(answer.followUps?.map((f) => f.title), ['지원 대상', '지원 내용', '신청 방법', '문의처']);
  });
});

describe('Answers from the block that states what was asked (bundled documents)', () => {
  /** Every chunk of a bundled document, as the retriever lists them. */
  function bundled(id: string): Passage[] {
    const file = path.join(__dirname, '..', '..', '..', 'knowledge', 'sample-kb', `${id}.md`);
    const d = parseKbFile(`${id}.md`, fs.readFileSync(file, 'utf8'));
    return d.sections.map((s) => ({ docId: d.id, title: d.title, lang: d.lang, domain: d.domain, region: d.region, updated: d.updated, section: s.section, ordinal: s.ordinal, text: s.text, score: 1 }));
  }
  // [question, lang, document, text the reply must quote, text it must not]
  const CASES: [string, 'ko' | 'ja' | 'en', string, string, string?][] = [
    // Hours no heading names: the line giving them, not the call centre's phone.
    ['똑버스 몇시까지 다녀요?', 'ko', 'hanbit-demand-bus', '운행 시간: 매일 오전 6시~밤 11시', '031-000-3410'],
    ['学童って何時まで預かってくれる？', 'ja', 'sakuradai-afterschool-club', '午後7時まで'],
    // "Where can I buy the ticket?" — the step that names the ticket, not the office.
    ['粗大ごみの処理券どこで買えますか', 'ja', 'sakuradai-bulky-waste', 'コンビニや市内のスーパー'],
    // A deadline with no deadline heading: the step with the dates.
    ['heating assistance deadline', 'en', 'maplebay-heating-assistance', 'close on 31 March', '250 to 600 dollars'],
    // No aspect named, but a word only one section has.
    ['건강검진 받을 때 금식해야 하나요', 'ko', 'hanbit-health-checkup', '8시간 이상 금식'],
    // Documents asked inside a purpose clause: the documents, not the steps.
    ['기초연금 신청하려면 뭐가 필요해요?', 'ko', 'hanbit-basic-pension', '- 본인 명의 통장 사본', '복지로 누리집'],
    ['住民票を取るのに必要なもの', 'ja', 'sakuradai-residence-certificate', 'マイナンバーカード、運転免許証', '委任状が必要です'],
    // The amount line, not the reductions, when the benefit section is long.
    ['기초연금 얼마나 받을 수 있어요?', 'ko', 'hanbit-basic-pension', '최대 월 342,510원'],
    // The program's name is not an aspect word: a phone number, not the benefit.
    ['housing benefit phone number', 'en', 'hanbit-housing-benefit', '031-555-2150', '월 27만 원'],
    // Two aspects, one asked by a word no heading has ("cheaper"): the block with the prices and the office.
    ['is there a cheaper pass for my disabled son and who do I call', 'en', 'maplebay-senior-transit-pass', '15 dollars a month'],
    ['is there a cheaper pass for my disabled son and who do I call', 'en', 'maplebay-senior-transit-pass', '311, then press 2'],
    ['도서관 책 늦게 반납하면 연체료 있어요?', 'ko', 'hanbit-library-card', '연체료는 없습니다'],
    // Nothing named: the summary (opening sentence, first point of who and what).
    ['아동수당?', 'ko', 'hanbit-child-allowance', '만 8세 미만', '031-555-2230'],
    ['senior transit pass?', 'en', 'maplebay-senior-transit-pass', '15 dollars a month'],
    // Two things asked, the pair of sections chosen together: the steps' deadline and the amounts.
    ['先月子どもが生まれました。児童手当の手続きっていつまでにすればいいですか？いくらもらえますか', 'ja', 'sakuradai-child-allowance', '15日以内'],
    ['先月子どもが生まれました。児童手当の手続きっていつまでにすればいいですか？いくらもらえますか', 'ja', 'sakuradai-child-allowance', '月1万5千円'],
    ['혼자 월세 살고 소득이 거의 없어요 주거급여 받으면 얼마까지 나와요 신청하면 얼마나 걸려요', 'ko', 'hanbit-housing-benefit', '30일~60일'],
  ];
  for (const [q, lang, doc, must, mustNot] of CASES) {
    it(`when asked "${q}", then the reply quotes "${must}"${mustNot ? ` and not "${mustNot}"` : ''}`, () => {
      const passages = bundled(doc);
      const a = answerer.answer(q, lang, passages, passages);
      assert.ok(a);
      assert.ok(a.text.includes(must), a.text);
      if (mustNot) assert.ok(!a.text.includes(mustNot), a.text);
      assert.ok([...a.text].length <= (lang === 'en' && passages[0].lang === 'en' ? 500 : 300), `${[...a.text].length} characters`);
    });
  }
});
