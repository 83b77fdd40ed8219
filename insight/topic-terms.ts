/**
 * The content words of a resident's (masked) question, for grouping unanswered questions into
 * topics: English words without function words and plural -s, Japanese words from
 * `Intl.Segmenter` that hold kanji, katakana or Latin letters, Korean words without their trailing
 * particles and endings. Question words, politeness and generic service words ("apply", 신청,
 * 申請) are left out: they say nothing about what was asked. Masking placeholders never become
 * terms.
 */
import type { Lang } from '../locales/lang';

const EN_STOP = new Set(
  (
    'a about after again all am an and any are as at be because been before being between both but by can could did do does doing down during each few for from further get got had has have having he her here hers him his how i if in into is it its just me more most my no nor not now of off on once only or other our out over own same she should so some such than that the their them then there these they this those through to too under until up very was we were what when where which while who whom why will with would you your yours ' +
    'apply application applying need needs want wants please city tell know help find want could would like may might must shall much many long also still there thing things way ways someone somebody anyone hello hi thanks thank ok okay yes get getting does mean eligible do'
  ).split(/\s+/),
);

const JA_STOP = new Set(
  '申請 方法 教え 手続き 手続 について 知り たい です ます ください 下さい どう どこ いつ 何 なに どの どれ くらい 必要 もらえ もらう 受け 出来 できる でき 場合 ところ こと もの 今日 市 市役所 区 お願い よろしく'.split(/\s+/),
);

const KO_STOP = new Set(
  '어떻게 신청 신청은 신청하려면 신청하고 방법 방법이 뭐 뭐가 뭔가요 무엇 무엇이 필요 필요해요 필요한 알려 알려주세요 주세요 있나요 있어요 어디 어디서 어디에 언제 싶어요 싶은데 하고 좀 수 받을 받으려면 받고 하나요 되나요 인가요 궁금해요 궁금합니다 안녕하세요 감사합니다 제가 저는 저 우리 시 구청 시청 그리고 근데 그런데 혹시 이거 그거 어떤 무슨 얼마 얼마나 해야 하는 할 수있나요 가능한가요 가능해요 하려면 하면 해야 가야 있는 없는 어디로 합니다 했어요 했는데'.split(/\s+/),
);

/** Korean particles and endings stripped from the end of a word (longest first). */
const KO_SUFFIXES = ['에서는', '으로는', '이라도', '하려면', '하려고', '하는데', '할까요', '인가요', '에서', '으로', '에게', '한테', '까지', '부터', '처럼', '해요', '나요', '은', '는', '이', '가', '을', '를', '에', '도', '의', '로', '와', '과', '요'];

/** Masking placeholders such as `[PHONE]` or `<전화번호>` are no topic. */
const PLACEHOLDER = /[[<{][^\]>}]*[\]>}]/g;

let jaSegmenter: Intl.Segmenter | undefined;

/** The distinct content words of a question, in order of appearance. */
export function topicTerms(text: string, lang: Lang): string[] {
  const clean = text.normalize('NFKC').replace(PLACEHOLDER, ' ').toLowerCase();
  const words = lang === 'ja' ? japaneseWords(clean) : lang === 'ko' ? koreanWords(clean) : englishWords(clean);
  return [...new Set(words)];
}

function englishWords(text: string): string[] {
  const out: string[] = [];
  for (const raw of text.match(/[\p{L}\p{N}][\p{L}\p{N}'-]*/gu) ?? []) {
    let w = raw.replace(/'s$/, '').replace(/^-+|-+$/g, '');
    if (/^\p{Script=Hangul}/u.test(w)) {
      out.push(...koreanWords(w));
      continue;
    }
    if (/[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u.test(w)) {
      out.push(...japaneseWords(w));
      continue;
    }
    if (w.length > 4 && w.endsWith('ies')) w = `${w.slice(0, -3)}y`;
    else if (w.length > 3 && w.endsWith('s') && !w.endsWith('ss') && !w.endsWith('us')) w = w.slice(0, -1);
    if (w.length < 3 || /^\d+$/.test(w) || EN_STOP.has(w)) continue;
    out.push(w);
  }
  return out;
}

function japaneseWords(text: string): string[] {
  jaSegmenter ??= new Intl.Segmenter('ja', { granularity: 'word' });
  const out: string[] = [];
  for (const s of jaSegmenter.segment(text)) {
    if (!s.isWordLike) continue;
    const w = s.segment;
    // Words of kana alone are mostly grammar (particles, endings); content words carry kanji, katakana or Latin.
    if (!/[\p{Script=Han}\p{Script=Katakana}a-z]/u.test(w)) continue;
    if ([...w].length < 2 || JA_STOP.has(w) || /^\d+$/.test(w)) continue;
    out.push(w);
  }
  return out;
}

function koreanWords(text: string): string[] {
  const out: string[] = [];
  for (const raw of text.split(/[^\p{L}\p{N}]+/u)) {
    if (!raw || KO_STOP.has(raw)) continue;
    if (!/\p{Script=Hangul}/u.test(raw)) {
      out.push(...englishWords(raw));
      continue;
    }
    let w = raw;
    for (const suffix of KO_SUFFIXES) {
      if (w.endsWith(suffix) && [...w].length - [...suffix].length >= 2) {
        w = w.slice(0, -suffix.length);
        break;
      }
    }
    if ([...w].length < 2 || KO_STOP.has(w)) continue;
    out.push(w);
  }
  return out;
}
