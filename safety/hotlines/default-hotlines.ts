/**
 * Built-in crisis hotlines for Korea and Japan, each with the official page it was taken from
 * (checked when this file was written; a city should confirm them before going live and can
 * replace them with HOTLINES_FILE). XX is the fallback for other regions: the emergency numbers
 * most countries route (112 in Europe and on GSM phones, 911 in North America).
 */
import type { HotlineEntry } from './hotline-entry';

const H24 = { en: '24 hours', ko: '24시간', ja: '24時間' };

/** Korea. */
const KR: HotlineEntry[] = [
  {
    id: 'kr-109',
    phone: '109',
    name: { en: 'Suicide Prevention Hotline', ko: '자살예방상담전화', ja: '自殺予防相談電話（韓国）' },
    hours: H24,
    categories: ['self_harm'],
    source: 'https://www.mohw.go.kr',
  },
  {
    id: 'kr-1577-0199',
    phone: '1577-0199',
    name: { en: 'Mental Health Crisis Line', ko: '정신건강위기상담전화', ja: '精神健康危機相談電話（韓国）' },
    hours: H24,
    categories: ['self_harm'],
    source: 'https://www.ncmh.go.kr',
  },
  {
    id: 'kr-1366',
    phone: '1366',
    name: { en: "Women's Emergency Line (domestic and sexual violence)", ko: '여성긴급전화 1366 (가정폭력·성폭력)', ja: '女性緊急電話1366（韓国）' },
    hours: H24,
    categories: ['abuse', 'danger'],
    source: 'https://www.mogef.go.kr',
  },
  {
    id: 'kr-112',
    phone: '112',
    name: { en: 'Police (also child abuse reports)', ko: '경찰 (아동학대 신고 포함)', ja: '警察（韓国）' },
    hours: H24,
    categories: ['abuse', 'danger'],
    source: 'https://www.police.go.kr',
  },
  {
    id: 'kr-119',
    phone: '119',
    name: { en: 'Fire and ambulance', ko: '119 소방·구급', ja: '消防・救急（韓国）' },
    hours: H24,
    categories: ['self_harm', 'danger'],
    source: 'https://www.nfa.go.kr',
  },
  {
    id: 'kr-129',
    phone: '129',
    name: { en: 'Health and Welfare Call Center (emergency welfare support)', ko: '보건복지상담센터 (긴급복지지원)', ja: '保健福祉相談センター（韓国）' },
    hours: { en: 'weekdays 9:00–18:00; emergency welfare 24 hours', ko: '평일 9시~18시, 긴급복지 상담 24시간', ja: '平日9時〜18時（緊急福祉は24時間）' },
    categories: ['no_shelter_or_food'],
    source: 'https://www.129.go.kr',
  },
];

/** Japan. */
const JP: HotlineEntry[] = [
  {
    id: 'jp-inochi',
    phone: '0570-783-556',
    name: { en: 'Inochi no Denwa (lifeline)', ko: '생명의 전화 (일본)', ja: 'いのちの電話' },
    hours: { en: '10:00–22:00', ko: '10시~22시', ja: '10時〜22時' },
    categories: ['self_harm'],
    source: 'https://www.inochinodenwa.org/',
  },
  {
    id: 'jp-kokoro',
    phone: '0570-064-556',
    name: { en: 'Mental Health Consultation Line', ko: '마음 건강 상담 통일 다이얼 (일본)', ja: 'こころの健康相談統一ダイヤル' },
    hours: { en: 'hours differ by prefecture', ko: '도도부현마다 다름', ja: '都道府県により異なります' },
    categories: ['self_harm'],
    source: 'https://www.mhlw.go.jp/mamorouyokokoro/',
  },
  {
    id: 'jp-yorisoi',
    phone: '0120-279-338',
    name: { en: 'Yorisoi Hotline (any worry, free)', ko: '요리소이 핫라인 (일본, 무료)', ja: 'よりそいホットライン' },
    hours: H24,
    categories: ['self_harm', 'abuse', 'no_shelter_or_food'],
    source: 'https://www.since2011.net/yorisoi/',
  },
  {
    id: 'jp-189',
    phone: '189',
    name: { en: 'Child abuse hotline (child guidance centres)', ko: '아동학대 상담 다이얼 (일본)', ja: '児童相談所虐待対応ダイヤル「189」' },
    hours: H24,
    categories: ['abuse'],
    source: 'https://www.cfa.go.jp/policies/jidougyakutai/',
  },
  {
    id: 'jp-8008',
    phone: '#8008',
    name: { en: 'DV Consultation Navi (domestic violence)', ko: 'DV 상담 내비 (일본)', ja: 'DV相談ナビ' },
    hours: { en: 'hours of the nearest centre', ko: '가까운 상담기관의 시간', ja: '最寄りの相談機関の受付時間' },
    categories: ['abuse'],
    source: 'https://www.gender.go.jp/policy/no_violence/e-vaw/soudankikan/01.html',
  },
  {
    id: 'jp-dv-plus',
    phone: '0120-279-889',
    name: { en: 'DV Consultation Plus (domestic violence, free)', ko: 'DV 상담 플러스 (일본, 무료)', ja: 'DV相談＋（プラス）' },
    hours: H24,
    categories: ['abuse', 'danger'],
    source: 'https://soudanplus.jp/',
  },
  {
    id: 'jp-110',
    phone: '110',
    name: { en: 'Police', ko: '경찰 (일본)', ja: '警察' },
    hours: H24,
    categories: ['abuse', 'danger'],
    source: 'https://www.npa.go.jp/',
  },
  {
    id: 'jp-119',
    phone: '119',
    name: { en: 'Fire and ambulance', ko: '소방·구급 (일본)', ja: '消防・救急' },
    hours: H24,
    categories: ['self_harm', 'danger'],
    source: 'https://www.fdma.go.jp/',
  },
];

/** Generic fallback when the region has no list. */
const XX: HotlineEntry[] = [
  {
    id: 'xx-emergency',
    phone: '112 / 911',
    name: { en: 'Emergency services', ko: '긴급 신고 (현지 응급번호)', ja: '緊急通報（現地の緊急番号）' },
    hours: H24,
    categories: ['self_harm', 'abuse', 'danger', 'no_shelter_or_food'],
    source: 'https://www.itu.int',
  },
];

/** Built-in hotlines per region code. */
export const DEFAULT_HOTLINES: Readonly<Record<string, readonly HotlineEntry[]>> = { KR, JP, XX };
