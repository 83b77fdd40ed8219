/**
 * Personal-data masking: every PII substring of the public sample is masked, each kind is found
 * in its usual shapes, check digits decide for numbers without context, and ordinary numbers
 * (amounts, dates, ages, house numbers, hotline numbers) are never touched.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { PiiMasker } from '../../../safety/pii/pii-masker';
import { luhnValid, myNumberValid, rrnPlausible } from '../../../safety/pii/checksums';

const masker = new PiiMasker();
const SAMPLE = path.resolve(__dirname, '..', '..', '..', '..', 'shared', 'eval-sample', 'cases.jsonl');

describe('PiiMasker', () => {
  it('when run over the public sample, then no pii substring survives and the token replaces it', function () {
    if (!fs.existsSync(SAMPLE)) {
      if (process.env.CI) throw new Error(`public sample missing at ${SAMPLE}`);
      this.skip();
    }
    const cases = fs.readFileSync(SAMPLE, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as { id: string; text: string; pii?: string[] });
    const withPii = cases.filter((c) => c.pii?.length);
    assert.ok(withPii.length >= 3);
    for (const c of withPii) {
      const masked = masker.mask(c.text);
      for (const p of c.pii ?? []) assert.ok(!masked.text.includes(p), `${c.id}: ${p} leaked in ${masked.text}`);
      assert.equal(masked.found.length, c.pii?.length, `${c.id}: found ${JSON.stringify(masked.found)}`);
    }
    // No false positives: cases without pii come out unchanged.
    for (const c of cases.filter((x) => !x.pii?.length)) assert.equal(masker.mask(c.text).text, c.text, c.id);
  });

  it('when phone numbers come in Korean, Japanese and international shapes, then each becomes [PHONE]', () => {
    for (const s of ['010-1234-5678', '01012345678', '010 1234 5678', '02-123-4567', '(02) 123-4567', '031-123-4567', '090-1234-5678', '03-1234-5678', '045-123-4567', '+82 10-1234-5678', '+81-90-1234-5678', '+1 (555) 123-4567', '(555) 123-4567', '０９０－１２３４－５６７８']) {
      const r = masker.mask(`연락처 ${s} 입니다`);
      assert.equal(r.text, '연락처 [PHONE] 입니다', s);
      assert.deepEqual(r.found.map((f) => f.type), ['PHONE']);
    }
    assert.equal(masker.mask('電話は080ー1234ー5678です').text, '電話は[PHONE]です');
  });

  it('when a Korean resident registration number is written with or without a hyphen, then it is masked only with a real date', () => {
    assert.equal(masker.mask('주민번호 900101-1234567').text, '주민번호 [RRN]');
    assert.equal(masker.mask('생년 9001011234567 맞나요').text, '생년 [RRN] 맞나요');
    assert.equal(masker.mask('코드 9013011234567 입니다').text, '코드 9013011234567 입니다', 'month 13 is not a date');
    assert.ok(rrnPlausible('0402294123456'), '29 Feb 2004 exists');
    assert.ok(!rrnPlausible('0502294123456'), '29 Feb 2005 does not');
  });

  it('when a 12-digit number passes the My Number check digit, then it is masked; a failing one only next to the word', () => {
    assert.ok(myNumberValid('123456789018'));
    assert.ok(!myNumberValid('123456789012'));
    assert.equal(masker.mask('番号 1234 5678 9018 です').text, '番号 [MYNUMBER] です');
    assert.equal(masker.mask('注文番号 1234 5678 9012 です').text, '注文番号 1234 5678 9012 です');
    assert.equal(masker.mask('マイナンバーは1234-5678-9012').text, 'マイナンバーは[MYNUMBER]');
  });

  it('when a card number passes Luhn, then it is [CARD]; a failing one is left', () => {
    assert.ok(luhnValid('4111111111111111'));
    assert.ok(!luhnValid('4111111111111112'));
    assert.equal(masker.mask('pay with 4111 1111 1111 1111 please').text, 'pay with [CARD] please');
    assert.equal(masker.mask('order 4111 1111 1111 1112 please').text, 'order 4111 1111 1111 1112 please');
    assert.equal(masker.mask('5500-0000-0000-0004').text, '[CARD]');
  });

  it('when an account number follows 계좌, 口座 or account, then it is [ACCOUNT]; the same digits elsewhere stay', () => {
    assert.equal(masker.mask('계좌번호 110-123-456789로 보내주세요').text, '계좌번호 [ACCOUNT]로 보내주세요');
    assert.equal(masker.mask('振込先の口座番号は1234567です').text, '振込先の口座番号は[ACCOUNT]です');
    assert.equal(masker.mask('my bank account is 12345678').text, 'my bank account is [ACCOUNT]');
    assert.equal(masker.mask('invoice 12345678').text, 'invoice 12345678');
  });

  it('when a message holds amounts, dates, ages, addresses and hotline numbers, then nothing is masked', () => {
    for (const s of [
      'I earn 2500000 won a month and pay 1,200,000 in rent',
      '보육료 300000원, 2025-03-01부터, 아이는 4살',
      '年収は1200万円、2025年4月1日から、75歳です',
      'I live at 12 Elm Street, apt 305, born 1985-04-12',
      'call 109 or 1577-0199, or 1366',
      '〒100-0001 東京都千代田区',
      'version 1.2.3 and ip 192.168.0.1',
      '계좌로 3000000원 받았어요',
    ]) {
      const r = masker.mask(s);
      assert.equal(r.text, s, `${s} → ${r.text}`);
    }
  });

  it('when several kinds appear, then offsets point at the original text and the output keeps the rest', () => {
    const text = 'mail a.b@example.co.jp or call 010-9876-5432.';
    const r = masker.mask(text);
    assert.equal(r.text, 'mail [EMAIL] or call [PHONE].');
    assert.deepEqual(r.found.map((f) => text.slice(f.start, f.end)), ['a.b@example.co.jp', '010-9876-5432']);
  });
});
