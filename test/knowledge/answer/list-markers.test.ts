import assert from 'node:assert/strict';
import { listLine } from '../../../knowledge/answer/list-markers';

describe('list marks of city documents', () => {
  it('when a line starts with a step mark (1. 1) (1) １． ① 가.), then it is a step renumbered n.', () => {
    const steps: [string, string, string][] = [
      ['1. 신청서', '1.', '신청서'],
      ['2) 신분증', '2.', '신분증'],
      ['(3) 住民票', '3.', '住民票'],
      ['（４）写し', '4.', '写し'],
      ['１．申請書を出す', '1.', '申請書を出す'],
      ['① 출생신고', '1.', '출생신고'],
      ['②国民健康保険証', '2.', '国民健康保険証'],
      ['나. 온라인 신청', '2.', '온라인 신청'],
    ];
    for (const [line, marker, text] of steps) assert.deepEqual(listLine(line), { kind: 'step', marker, text }, line);
  });

  it('when a line starts with a bullet mark (- ・ ● ○ ㅇ ■ ▶), then it is an item; ※ stays a note', () => {
    for (const line of ['- 신분증', '・申請書', '● 本人確認書類', '○ 통장 사본', 'ㅇ 소득 기준 없음', '■ 65세 이상', '▶ 방문 신청', '• ID']) {
      assert.equal(listLine(line)?.kind, 'item', line);
      assert.equal(listLine(line)?.marker, '-', line);
    }
    assert.deepEqual(listLine('※ 단, 대리 신청은 위임장 필요'), { kind: 'item', marker: '※', text: '단, 대리 신청은 위임장 필요' });
  });

  it('when a line only starts with a number, a minus or a syllable, then it is text', () => {
    for (const line of ['1.5배 인상됩니다', '12月1日から受付', '2025. 1. 1.부터 시행', '-5도 이하', 'ㅇ이 뭐예요', '3.14', '**bold**', '가족 모두 신청']) {
      assert.equal(listLine(line), null, line);
    }
  });
});
