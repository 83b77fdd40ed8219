/**
 * Personal-data masking: every PII substring of the public sample is masked, each kind is found
 * in its usual shapes, check digits decide for numbers without context, and ordinary numbers
 * (amounts, dates, ages, house numbers, hotline numbers) are never touched. Dates are masked only
 * as dates of birth, next to a word for birth.
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
      // A home address is masked too, though the sample does not label it personal data.
      assert.equal(masked.found.filter((f) => f.type !== 'ADDRESS').length, c.pii?.length, `${c.id}: found ${JSON.stringify(masked.found)}`);
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

  it('when a message holds amounts, dates, ages, places and hotline numbers, then nothing is masked', () => {
    for (const s of [
      'I earn 2500000 won a month and pay 1,200,000 in rent',
      '보육료 300000원, 2025-03-01부터, 아이는 4살',
      '年収は1200万円、2025年4月1日から、75歳です',
      'I moved to Elm Street in 1985-04-12',
      'call 109 or 1577-0199, or 1366',
      '〒100-0001 東京都千代田区',
      'version 1.2.3 and ip 192.168.0.1',
      '계좌로 3000000원 받았어요',
    ]) {
      const r = masker.mask(s);
      assert.equal(r.text, s, `${s} → ${r.text}`);
    }
  });

  it('when a local number without area code is typed with a hyphen or next to a phone word, then it becomes [PHONE]', () => {
    for (const [text, masked] of [
      ['reach me at 555-0147 tonight', 'reach me at [PHONE] tonight'],
      ['my phone is 555 0147', 'my phone is [PHONE]'],
      ['call me on 5550147', 'call me on [PHONE]'],
      ['tel: 555.0147', 'tel: [PHONE]'],
      ['my number is 555-0147', 'my number is [PHONE]'],
      ['전화 3333-4444로 주세요', '전화 [PHONE]로 주세요'],
      ['연락처는 555-0147이에요', '연락처는 [PHONE]이에요'],
      ['제 번호 3333 4444', '제 번호 [PHONE]'],
      ['電話は3333-4444です', '電話は[PHONE]です'],
      ['連絡先 5550147', '連絡先 [PHONE]'],
    ]) assert.equal(masker.mask(text).text, masked, text);
  });

  it('when a number closes a bracket of the sentence, or follows a reference word of the sentence before, then it is still [PHONE]', () => {
    for (const [text, masked] of [
      ['thanks (Chris Wong, 555-0155)', 'thanks (Chris Wong, [PHONE])'],
      ['regards (Alan Hughes, (555) 640-3399)', 'regards (Alan Hughes, [PHONE])'],
      ['(010-1234-5678 김민수) 연락 주세요', '([PHONE] 김민수) 연락 주세요'],
      ['please look at my case. Kevin 555-0193', 'please look at my case. Kevin [PHONE]'],
      ['신청 문의합니다. 연락 555-0147', '신청 문의합니다. 연락 [PHONE]'],
      // A unit-like word after a dashed phone number does not make it an amount or a date.
      ['김철수 010-2345-6789 월세 살아요', '김철수 [PHONE] 월세 살아요'],
      ['電話 03-1234-5678 月曜なら出られます', '電話 [PHONE] 月曜なら出られます'],
    ]) assert.equal(masker.mask(text).text, masked, text);
    // A reference word of the number's own sentence still says what it is.
    for (const s of ['case number 555-0193', 'order no. 123-4567']) assert.equal(masker.mask(s).text, s, s);
  });

  it('when a local number has no phone word and is dotted, spaced or 4-4, then it stays', () => {
    for (const s of ['score 123.4567', 'tables 555 0147', 'code 3333-4444', '5550147']) assert.equal(masker.mask(s).text, s, s);
  });

  it('when a mobile number is split by spaces, dots, middle dots or zero-width characters, or written full-width, then it becomes [PHONE]', () => {
    for (const [text, masked] of [
      ['휴대폰 010 3333 4444 입니다', '휴대폰 [PHONE] 입니다'],
      ['010.3333.4444로 연락주세요', '[PHONE]로 연락주세요'],
      ['번호 010\u200b-3333-4444', '번호 [PHONE]'],
      ['010\u200c3333\u200d4444', '[PHONE]'],
      ['携帯は090・1234・5678です', '携帯は[PHONE]です'],
      ['電話 ０９０・１２３４・５６７８', '電話 [PHONE]'],
      ['call ＋82 10-1234-5678', 'call [PHONE]'],
      ['＋８２ １０－１２３４－５６７８ 로 전화', '[PHONE] 로 전화'],
    ]) assert.equal(masker.mask(text).text, masked, text);
  });

  it('when a resident gives a home address, then the street address, apartment unit, block and lot, or postcode becomes [ADDRESS]; a street, ward or town alone stays', () => {
    for (const [text, masked] of [
      ['I just moved to 12 Elm Street in Riverside Town', 'I just moved to [ADDRESS] in Riverside Town'],
      ['I live at 1234 cedar st, unit 5, Quillan Falls V9X 2K4', 'I live at [ADDRESS], Quillan Falls [ADDRESS]'],
      ['my postcode is WF3 1QR', 'my postcode is [ADDRESS]'],
      ['I live at 12 Elm Street, apt 305, born 1985-04-12', 'I live at [ADDRESS], born [DOB]'],
      ['저희 집은 101동 1203호예요', '저희 집은 [ADDRESS]예요'],
      ['住所は港区芝公園1-2-3です', '住所は港区芝公園[ADDRESS]です'],
      ['青葉町2丁目5番8号に住んでいます', '青葉町[ADDRESS]に住んでいます'],
    ]) assert.equal(masker.mask(text).text, masked, JSON.stringify(text));
    for (const s of [
      'the depot on Mill Lane',
      'Borrow up to 15 items for 3 weeks',
      '港区役所はどこ',
      '마포구청 민원실',
      'Is the Main Street office open?',
      // A street type that is also an everyday word, after a number that is no house.
      'is it open tonight until 9 or does it close early on Sunday',
      'every morning at 5 the council street cleaning truck wakes us',
    ]) assert.equal(masker.mask(s).text, s);
  });

  it('when a full date stands next to a word for birth, then it becomes [DOB] and the birth word stays', () => {
    for (const [text, masked] of [
      ['I was born 3/14/1958 in Ohio', 'I was born [DOB] in Ohio'],
      ['DOB 1958-03-14', 'DOB [DOB]'],
      ['date of birth: 14 March 1958', 'date of birth: [DOB]'],
      ['born on March 14, 1958', 'born on [DOB]'],
      ['moved here in 2001, born 1985-04-12', 'moved here in 2001, born [DOB]'],
      ['88.03.04생이에요', '[DOB]생이에요'],
      ['생년월일 580314 입니다', '생년월일 [DOB] 입니다'],
      ['생년월일은 1958년 3월 14일이에요', '생년월일은 [DOB]이에요'],
      ['저는 1958년 3월 14일생이에요', '저는 [DOB]생이에요'],
      ['생년월일: 19580314', '생년월일: [DOB]'],
      ['生年月日 昭和33年3月14日', '生年月日 [DOB]'],
      ['1958年3月14日生まれです', '[DOB]生まれです'],
      ['誕生日は１９５８年３月１４日です', '誕生日は[DOB]です'],
      ['生年月日 S33.3.14', '生年月日 [DOB]'],
    ]) {
      const r = masker.mask(text);
      assert.equal(r.text, masked, text);
      assert.deepEqual(r.found.map((f) => f.type), ['DOB'], text);
    }
  });

  it('when a birth year stands alone, or a date has no birth word, then nothing is masked', () => {
    for (const s of [
      '58년생이에요',
      'born in 1958',
      '1958年生まれです',
      '생일이 3월 14일이에요',
      'The office opened 1958-03-14',
      '3/14/1958 was a Friday',
      '1958年3月14日に開設',
      '출생신고는 2025-04-01까지 하세요',
      'register the birth by 2025-04-01',
      '出生届は2025年4月14日までに',
    ]) assert.equal(masker.mask(s).text, s, s);
  });

  it('when a resident registration number is split by zero-width characters, spaces or a dot, then it is [RRN]', () => {
    for (const s of ['900102\u200b-1234568', '900103 - 1234569', '900105.1234562', '900102 1234568', '９００１０２－１２３４５６８']) {
      assert.equal(masker.mask(`주민번호 ${s} 입니다`).text, '주민번호 [RRN] 입니다', s);
      assert.equal(masker.mask(`번호 ${s}`).text, '번호 [RRN]', `${s} without the word`);
    }
    assert.equal(masker.mask('생년월일 900101-1234567').text, '생년월일 [RRN]', 'an RRN, not a date of birth');
  });

  it('when a My Number is written in groups of four with spaces, hyphens or dots, then it is [MYNUMBER] by check digit or next to the word', () => {
    for (const s of ['1234 5678 9018', '1234-5678-9018', '1234.5678.9018']) assert.equal(masker.mask(`番号は${s}です`).text, '番号は[MYNUMBER]です', s);
    for (const s of ['マイナンバー 1234.5678.9012', '個人番号：1234 5678 9012', 'My Number: 1234-5678-9012', 'マイナンバーカードの番号 1234 5678 9012']) {
      assert.equal(masker.mask(s).found.map((f) => f.type).join(), 'MYNUMBER', s);
    }
    assert.equal(masker.mask('受付番号 1234.5678.9012').text, '受付番号 1234.5678.9012');
  });

  it('when a card number is written with dots or spaces and passes Luhn, then it is [CARD]', () => {
    assert.equal(masker.mask('카드 4111.1111.1111.1111 입니다').text, '카드 [CARD] 입니다');
    assert.equal(masker.mask('4111.1111.1111.1111').text, '[CARD]');
    assert.equal(masker.mask('カード番号 5500 0000 0000 0004').text, 'カード番号 [CARD]');
    assert.equal(masker.mask('ref 4111.1111.1111.1112').text, 'ref 4111.1111.1111.1112');
  });

  it('when the forms of issue 23 come with zero-width spaces, spaces or dots, then each is masked', () => {
    for (const [text, masked] of [
      ['900102\u200b-1234568', '[RRN]'],
      ['900103 - 1234569', '[RRN]'],
      ['900105.1234562', '[RRN]'],
      ['010\u200b-3333\u200b-4444', '[PHONE]'],
      ['0\u200b1\u200b0\u200b3\u200b3\u200b3\u200b3\u200b4\u200b4\u200b4\u200b4', '[PHONE]'],
      ['4111.1111.1111.1111', '[CARD]'],
      ['Resident 010-3333-4444', 'Resident [PHONE]'],
    ]) assert.equal(masker.mask(text).text, masked, JSON.stringify(text));
  });

  it('when a number is split by control characters, tabs, variation selectors or other invisible marks, then it is still masked and the rest kept', () => {
    for (const [text, masked] of [
      ['연락처 010\u00003333\u00004444 입니다', '연락처 [PHONE] 입니다'],
      ['010\t3333\t4444', '[PHONE]'],
      ['010\u001f3333\u007f4444', '[PHONE]'],
      ['010\u180e3333\u034f4444', '[PHONE]'],
      ['900102\ufe0f-1234568', '[RRN]'],
      ['4111\u00001111\u00001111\u00001111', '[CARD]'],
    ]) assert.equal(masker.mask(text).text, masked, JSON.stringify(text));
    // A line break still ends a number: two lines are two numbers, not one.
    assert.equal(masker.mask('2024\n1234').text, '2024\n1234');
  });

  it('when amounts, event dates, years, ages, rooms, postal codes, programme and hotline numbers appear in Korean, Japanese or English, then nothing is masked', () => {
    for (const s of [
      // Korean
      '지원금 1,234,000원을 2025-04-01까지 신청하세요',
      '1958년에 태어났고 올해 67세예요',
      '우편번호 06236',
      '우편번호 100-0001',
      '사업번호 123-4567 프로그램',
      '자살예방 상담전화 109, 112, 119, 129, 1393, 1577-0199, 1588-9191',
      '상담전화 1588-9191로 전화하세요',
      // Japanese
      '300万円の給付、3月31日締切、2025年4月1日から',
      '〒100-0001 東京都千代田区',
      '100-0001 東京都千代田区千代田1-1',
      '郵便番号 100-0001',
      '75歳、2024年度、502号室',
      'よりそいホットライン 0120-279-338、こころの健康相談 0570-064-556、#7119、110',
      '相談電話 0120-783-556',
      // English
      'rent is $1,200 and the deadline is 2025-04-01',
      'I am 67, born in 1958, room 5501',
      'postal code 100-0001, zip 90210',
      'program 123-4567 starts 3/14/2026',
      'call 911 or 988, or (800) 273-8255, or 1-800-273-8255',
      'order 555-0147 shipped',
    ]) {
      const r = masker.mask(s);
      assert.equal(r.text, s, `${s} → ${r.text}`);
    }
  });

  it('when text around a masked number holds invisible or full-width characters, then only the number is replaced', () => {
    const text = '電話：０９０\u200b－１２３４－５６７８（夜）\u200bです';
    const r = masker.mask(text);
    assert.equal(r.text, '電話：[PHONE]（夜）\u200bです');
    assert.equal(text.slice(r.found[0].start, r.found[0].end), '０９０\u200b－１２３４－５６７８');
  });

  it('when several kinds appear, then offsets point at the original text and the output keeps the rest', () => {
    const text = 'mail a.b@example.co.jp or call 010-9876-5432.';
    const r = masker.mask(text);
    assert.equal(r.text, 'mail [EMAIL] or call [PHONE].');
    assert.deepEqual(r.found.map((f) => text.slice(f.start, f.end)), ['a.b@example.co.jp', '010-9876-5432']);
  });

  it('when thousands of numbers are separated only by spaces or a name is tens of thousands of letters, then each number is still masked (the time it takes is in bench/webhook-fuzz.ts)', () => {
    // Once quadratic (and cubic for the spaced digits): seconds per field on a fuzzed webhook.
    const phones = masker.mask(`call ${'010-1234-5678 '.repeat(3000)}or 02 123 4567`);
    assert.equal(phones.found.length, 3001);
    assert.equal(phones.text, `call ${'[PHONE] '.repeat(3000)}or [PHONE]`);
    const mixed = masker.mask(`${'1 '.repeat(5000)}x 4111 1111 1111 1111 and ${'A'.repeat(50000)} a.b@example.com`);
    assert.deepEqual([...new Set(mixed.found.map((f) => f.type))], ['CARD', 'EMAIL']);
  });

  it('when an English-speaking resident writes a national identity number (SSN, National Insurance, SIN), then it is [NATIONAL_ID]; amounts, dates and phone numbers stay what they are', () => {
    assert.equal(masker.mask('my NI number is AB 12 34 56 C if needed').text, 'my NI number is [NATIONAL_ID] if needed');
    assert.equal(masker.mask('NINO: JG103759A').text, 'NINO: [NATIONAL_ID]');
    assert.equal(masker.mask('SSN 078-05-1120, can I get help with rent?').text, 'SSN [NATIONAL_ID], can I get help with rent?');
    assert.equal(masker.mask('it is 078 05 1120').text, 'it is [NATIONAL_ID]');
    assert.equal(masker.mask('my social insurance number is 046 454 286').text, 'my social insurance number is [NATIONAL_ID]');
    assert.equal(masker.mask('write to a.b12345c@example.org').text, 'write to [EMAIL]');
    for (const kept of ['the deadline is 2025-01-15', 'it costs 2,500 dollars for 12 weeks', 'call 311 or 988', 'room 12 34 56 on floor 3']) assert.equal(masker.mask(kept).text, kept, kept);
  });
});
