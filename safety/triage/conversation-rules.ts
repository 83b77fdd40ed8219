/**
 * Greetings and requests for help about the bot itself ("what can you do?"). Only short messages
 * count: "안녕하세요, 기초연금 신청 방법 알려주세요" is a question with a greeting in front.
 */
import type { NormalizedText } from '../text/normalize-text';

const GREETING_WORDS = [
  'hi', 'hello', 'hey', 'hiya', 'yo', 'good morning', 'good afternoon', 'good evening', 'greetings', 'thanks', 'thank you', 'thx', 'bye', 'goodbye', 'ok', 'okay',
  '안녕', '안녕하세요', '안녕하십니까', '반갑습니다', '반가워요', '처음뵙겠습니다', '하이', '헬로', '감사합니다', '고맙습니다', '감사해요', '고마워요', '수고하세요', '여보세요',
  'こんにちは', 'こんばんは', 'おはよう', 'おはようございます', 'はじめまして', 'もしもし', 'どうも', 'ありがとう', 'ありがとうございます', 'よろしく', 'よろしくお願いします', 'さようなら',
];
const FILLER = /[\s.,!?~^…。、！？・ー\-–—:;()'"]+|\p{Extended_Pictographic}|[\u{1F3FB}-\u{1F3FF}]|\uFE0F/gu;
const GREETING = new RegExp(`^(?:${GREETING_WORDS.map((w) => w.replace(/\s+/g, '')).join('|')})+(?:there|everyone|all|bot|madoguchi|요|요요|여|です|ございます)?$`);

const HELP: RegExp[] = [
  /^(?:help|help me|menu|start|\/start|\/help|options|commands|info)$/,
  /\bwhat (?:can|do|could) you (?:do|help(?: me)? with|answer|know)\b|\bhow (?:does|do) (?:this|you|it) work\b|\bwho are you\b|\bwhat are you\b|\bhow (?:can|do) i use (?:this|you)\b|\bwhat (?:can|should) i ask\b/,
  /^(?:도움말|도와주세요|도움|메뉴|시작|사용법|기능)$|(?:뭘|뭐|무엇을|어떤걸|어떤것을)(?:할수있|도와줄수있|도와주실수있|물어볼수있|물어봐야|알려줄수있)|(?:누구세요|넌누구|너는누구|당신은누구|어떻게사용|사용방법)/,
  /^(?:へるぷ|ヘルプ|助けて|メニュー|めにゅー|使い方|つかいかた)$|何が(?:でき|聞け|きけ|わかる|分かる)|何を(?:聞け|きけ|質問でき|相談でき)|使い方を?教え|あなたは(?:誰|だれ|何)|どう使/,
];

/** True when the whole message is a greeting, thanks or goodbye. */
export function isGreeting(text: NormalizedText): boolean {
  const bare = text.plain.replace(FILLER, '');
  return bare.length > 0 && bare.length <= 24 && GREETING.test(bare);
}

const TRAILING_PUNCTUATION = /[.!?~。！？]+$/u;

/** True when the resident asks what the bot is or can do. */
export function isHelpRequest(text: NormalizedText): boolean {
  if (text.plain.length > 80) return false;
  const bare = text.plain.replace(TRAILING_PUNCTUATION, '').trim();
  const compactBare = text.compact.replace(TRAILING_PUNCTUATION, '');
  return HELP.some((re) => re.test(bare) || re.test(compactBare));
}
