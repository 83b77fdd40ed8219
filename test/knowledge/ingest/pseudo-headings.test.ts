import assert from 'node:assert/strict';
import { chunkBySection } from '../../../knowledge/ingest/section-chunker';
import { pseudoHeading } from '../../../knowledge/ingest/pseudo-headings';
import { sectionBlocks } from '../../../knowledge/answer/section-blocks';
import { documentListItems } from '../../../knowledge/eval/list-items';

const heading = (text: string, lines: string[] = [text], at = 0) => pseudoHeading(lines, at);

describe('headings written without Markdown (pseudo-headings)', () => {
  it('when a line is a marked, bracketed, bold, colon or Q&A label, then it is a heading without its marks', () => {
    assert.deepEqual(heading('■ 지원대상'), { text: '지원대상', rest: '' });
    assert.deepEqual(heading('◆申請方法'), { text: '申請方法', rest: '' });
    assert.deepEqual(heading('【対象者】'), { text: '対象者', rest: '' });
    assert.deepEqual(heading('[신청 방법]'), { text: '신청 방법', rest: '' });
    assert.deepEqual(heading('〈문의처〉'), { text: '문의처', rest: '' });
    assert.deepEqual(heading('**How to apply**'), { text: 'How to apply', rest: '' });
    assert.deepEqual(heading('**Who can apply?**'), { text: 'Who can apply?', rest: '' });
    assert.deepEqual(heading('What to bring:'), { text: 'What to bring', rest: '' });
    assert.deepEqual(heading('必要なもの：'), { text: '必要なもの', rest: '' });
    assert.deepEqual(heading('Q. 소득 기준이 있나요?'), { text: '소득 기준이 있나요?', rest: '' });
    assert.deepEqual(heading('Q2: Can I pay online?'), { text: 'Can I pay online?', rest: '' });
  });

  it('when a short label carries its content on the same line, then the label heads and the content stays', () => {
    assert.deepEqual(heading('【対象者】市内在住の65歳以上の方'), { text: '対象者', rest: '市内在住の65歳以上の方' });
    assert.deepEqual(heading('■ 신청기간: 2025. 3. 1. ~ 3. 31.'), { text: '신청기간', rest: '2025. 3. 1. ~ 3. 31.' });
    assert.deepEqual(heading('**Deadline:** 31 May 2026'), { text: 'Deadline', rest: '31 May 2026' });
  });

  it('when a line is a sentence, a link, a list item or a long text, then it is not a heading', () => {
    assert.equal(heading('신청은 행정복지센터에서 하시면 됩니다.'), null);
    assert.equal(heading('[the city page](https://example.org/apply)'), null);
    assert.equal(heading('Note: bring your ID and a bank book if you want the payment in your own account.'), null);
    assert.equal(heading('- 신분증'), null);
    assert.equal(heading('■ 신청은 행정복지센터에서 하시면 됩니다.'), null);
    assert.equal(heading('Call 555-0100:'), null);
    assert.equal(heading('## 申請方法'), null);
  });

  it('when the same mark starts the lines around it, then the marked lines are a list, not headings', () => {
    const lines = ['● 本人確認書類', '● 印鑑', '', '● 通帳'];
    assert.equal(pseudoHeading(lines, 0), null);
    assert.equal(pseudoHeading(lines, 1), null);
    assert.equal(pseudoHeading(lines, 3), null);
    const mixed = ['■ 구비서류', 'ㅇ 신분증', 'ㅇ 통장 사본', '■ 문의처', 'ㅇ 복지과 ☎ 555-0100'];
    assert.deepEqual(pseudoHeading(mixed, 0), { text: '구비서류', rest: '' });
    assert.deepEqual(pseudoHeading(mixed, 3), { text: '문의처', rest: '' });
  });

  it('when a document has no ## headings, then it is chunked at its pseudo-headings with the intro first', () => {
    const body = [
      '# 어르신 버스 이용권',
      '',
      '만 70세 이상 어르신께 버스 이용권을 드립니다.',
      '',
      '■ 지원대상',
      'ㅇ 시에 주민등록을 둔 만 70세 이상',
      '',
      '■ 지원내용',
      'ㅇ 연 12만 원 충전',
      '※ 사용 기한은 12월 31일까지',
      '',
      '【신청방법】행정복지센터 방문',
      '① 신분증 지참',
      '② 신청서 작성',
      '',
      '**문의**',
      '교통과 ☎ 555-0142',
    ].join('\n');
    const chunks = chunkBySection(body, '어르신 버스 이용권 (Senior Bus Pass)');
    assert.deepEqual(
      chunks.map((c) => c.section),
      ['어르신 버스 이용권', '지원대상', '지원내용', '신청방법', '문의'],
    );
    assert.equal(chunks[3].text.split('\n')[0], '행정복지센터 방문');
    assert.deepEqual(
      sectionBlocks(chunks[3].text).map((b) => `${b.marker} ${b.text}`.trim()),
      ['행정복지센터 방문', '1. 신분증 지참', '2. 신청서 작성'],
    );
    assert.deepEqual(
      sectionBlocks(chunks[2].text).map((b) => `${b.marker} ${b.text}`),
      ['- 연 12만 원 충전', '※ 사용 기한은 12월 31일까지'],
    );
  });

  it('when a document has ## headings, then bold lines and brackets inside it stay text', () => {
    const body = ['# Pass', '', '## How to apply', '', '**Online**', '', '1. Fill in the form', '', '[Note]', 'Bring ID.'].join('\n');
    assert.deepEqual(
      chunkBySection(body, 'Pass').map((c) => c.section),
      ['How to apply'],
    );
  });

  it('when the evaluation reads a document list items, then the pseudo-headings are not items and the document marks are', () => {
    const body = ['# Title', '', '◆ 対象となる方', '', '- 65歳以上の方', '- 40歳から64歳の方', '', '◆ 申請方法', '①市役所に申請書を出します。', '②調査員が自宅を訪ねます。'].join('\n');
    assert.deepEqual(documentListItems(body), ['65歳以上の方', '40歳から64歳の方', '市役所に申請書を出します。', '調査員が自宅を訪ねます。']);
  });
});
