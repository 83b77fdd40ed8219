/**
 * How a word sounds, roughly enough to tell that 메이플베이, メープルベイ and "Maple Bay" are one
 * name: Hangul is romanised by jamo (Revised Romanization), katakana by mora (Hepburn), and both,
 * like English spelling, are reduced to a *phonetic form* that {@link formDistance} compares.
 *
 * Consonants become classes that merge what Korean and Japanese loanword adaptation merges or
 * swaps: voicing (p/b/f/v → P, t/d → T, k/g/c → K), the sibilants (s/z/j/ch/sh/th → S), l/r → L,
 * n/ng → N, plus M, H and the glide W. Vowels keep a rough quality (a e i o u, x for Korean ㅓ on
 * the borrowing side; English keeps its vowel letters, which {@link formDistance} lets stand for
 * the sounds they are borrowed as: the a of "maple" is 에이, the o of "doctor" 아). The vowels
 * adaptation inserts to break up consonant clusters and final consonants (Korean 으 in 클리닉
 * "clinic" and 스톤 "stone"; Japanese -u, -o, -i in フード "food", ベンチ "bench") and English
 * silent e are `_`: optional, free to drop. English r after a vowel (card 카드, centre 센터, care
 * ケア) is not pronounced, as the borrowing languages do not pronounce it: it only colours the vowel.
 */
/**
 * A phonetic form: consonant classes `PTKSLMNHW`, vowel letters (`aeioux` borrowed, `aeiouyw`
 * English spelling; a run of them is one vowel sound) and `_` for an optional vowel.
 */
export type PhoneticForm = string;

const HANGUL_INITIALS = ['g', 'kk', 'n', 'd', 'tt', 'r', 'm', 'b', 'pp', 's', 'ss', '', 'j', 'jj', 'ch', 'k', 't', 'p', 'h'];
const HANGUL_VOWELS = ['a', 'ae', 'ya', 'yae', 'eo', 'e', 'yeo', 'ye', 'o', 'wa', 'wae', 'oe', 'yo', 'u', 'wo', 'we', 'wi', 'yu', 'eu', 'ui', 'i'];
/** Finals as pronounced at the end of a syllable (Revised Romanization: ㄱ ㄲ ㄳ → k, ㅅ ㅆ ㅈ ㅊ ㅌ ㅎ → t …). */
const HANGUL_FINALS = ['', 'k', 'k', 'k', 'n', 'n', 'n', 't', 'l', 'k', 'm', 'l', 'l', 'l', 'p', 'l', 'm', 'p', 'p', 't', 't', 'ng', 't', 't', 'k', 't', 'p', 't'];

/** The Revised Romanization of each Hangul syllable of a word (other characters are skipped). */
export function hangulSyllables(word: string): string[] {
  const out: string[] = [];
  let prevFinal = '';
  for (const ch of word) {
    const c = ch.charCodeAt(0) - 0xac00;
    if (c < 0 || c >= 11172) continue;
    const final = HANGUL_FINALS[c % 28];
    let initial = HANGUL_INITIALS[Math.floor(c / 588)];
    // ㄹㄹ is written "ll" (클리닉 keullinik), a lone ㄹ before a vowel "r".
    if (initial === 'r' && prevFinal === 'l') initial = 'l';
    out.push(initial + HANGUL_VOWELS[Math.floor((c % 588) / 28)] + final);
    prevFinal = final;
  }
  return out;
}

/** Revised Romanization of a Hangul word, by jamo: 메이플베이 → meipeulbei. */
export function romanizeHangul(word: string): string {
  return hangulSyllables(word).join('');
}

const KANA =
  'ア a イ i ウ u エ e オ o カ ka キ ki ク ku ケ ke コ ko ガ ga ギ gi グ gu ゲ ge ゴ go サ sa シ shi ス su セ se ソ so ' +
  'ザ za ジ ji ズ zu ゼ ze ゾ zo タ ta チ chi ツ tsu テ te ト to ダ da ヂ ji ヅ zu デ de ド do ナ na ニ ni ヌ nu ネ ne ノ no ' +
  'ハ ha ヒ hi フ fu ヘ he ホ ho バ ba ビ bi ブ bu ベ be ボ bo パ pa ピ pi プ pu ペ pe ポ po マ ma ミ mi ム mu メ me モ mo ' +
  'ヤ ya ユ yu ヨ yo ラ ra リ ri ル ru レ re ロ ro ワ wa ヰ i ヱ e ヲ o ン n ヴ vu';
const KANA_ROMAJI: ReadonlyMap<string, string> = new Map(
  KANA.split(' ').reduce<[string, string][]>((pairs, x, i, all) => (i % 2 === 0 ? [...pairs, [x, all[i + 1]]] : pairs), []),
);
const SMALL_VOWEL: ReadonlyMap<string, string> = new Map([['ァ', 'a'], ['ィ', 'i'], ['ゥ', 'u'], ['ェ', 'e'], ['ォ', 'o']]);
const SMALL_Y: ReadonlyMap<string, string> = new Map([['ャ', 'a'], ['ュ', 'u'], ['ョ', 'o']]);

/** The Hepburn morae of a katakana word: ー lengthens the vowel before, ッ doubles the next consonant. */
export function katakanaMorae(word: string): string[] {
  const out: string[] = [];
  let geminate = false;
  for (const ch of word) {
    const last = out.length - 1;
    const base = KANA_ROMAJI.get(ch);
    if (base !== undefined) {
      out.push(geminate && base[0] !== undefined && !'aeioun'.includes(base[0]) ? (base.startsWith('ch') ? 't' : base[0]) + base : base);
      geminate = false;
    } else if (ch === 'ッ') {
      geminate = true;
    } else if (ch === 'ー' && last >= 0) {
      out[last] += out[last].slice(-1);
    } else if (SMALL_Y.has(ch) && last >= 0 && out[last].endsWith('i')) {
      // キャ kya, シャ sha, チュ chu.
      const stem = out[last].slice(0, -1);
      out[last] = stem + (/(sh|ch|j)$/.test(stem) ? '' : 'y') + (SMALL_Y.get(ch) ?? '');
    } else if (SMALL_VOWEL.has(ch) && last >= 0) {
      // ファ fa, ティ ti, ウィ wi, ヴァ va, シェ she: the small vowel replaces the mora's own.
      const m = out[last];
      const stem = m === 'u' ? 'w' : m === 'vu' ? 'v' : m.replace(/(?<=sh|ch|j)i$|[aeiou]$/, '');
      out[last] = stem + (SMALL_VOWEL.get(ch) ?? '');
    }
  }
  return out;
}

/** Hepburn romanisation of a katakana word: フードバンク → fuudobanku. */
export function romanizeKatakana(word: string): string {
  return katakanaMorae(word).join('');
}

const ONSET_CLASS: ReadonlyMap<string, string> = new Map([
  ['g', 'K'], ['k', 'K'], ['n', 'N'], ['d', 'T'], ['t', 'T'], ['r', 'L'], ['l', 'L'], ['m', 'M'], ['b', 'P'], ['p', 'P'],
  ['f', 'P'], ['v', 'P'], ['s', 'S'], ['z', 'S'], ['j', 'S'], ['ch', 'S'], ['sh', 'S'], ['ts', 'TS'], ['h', 'H'], ['ng', 'N'],
]);

/** Romanised vowels (after any y or w glide) as vowel qualities: ㅐ and ㅔ are both e, ㅓ is x. */
const VOWEL_QUALITY: ReadonlyMap<string, string> = new Map([
  ['a', 'a'], ['ae', 'e'], ['e', 'e'], ['eo', 'x'], ['o', 'o'], ['oe', 'e'], ['u', 'u'], ['eu', '_'], ['ui', 'i'], ['i', 'i'],
]);

function clusterClass(cluster: string): string {
  if (cluster === '') return '';
  // A doubled (geminate) consonant sounds once: kk, tt, tch, ssh.
  const single = cluster.length > 1 && (cluster[0] === cluster[1] || cluster.startsWith('tch')) ? cluster.slice(1) : cluster;
  return ONSET_CLASS.get(single) ?? ONSET_CLASS.get(single[0]) ?? '';
}

/**
 * The phonetic form of a romanised Korean or Japanese word, given as its syllables or morae
 * ({@link hangulSyllables}, {@link katakanaMorae}).
 */
export function romanForm(syllables: readonly string[], lang: 'ko' | 'ja'): PhoneticForm {
  let out = '';
  for (let k = 0; k < syllables.length; k++) {
    const m = /^([^aeiouwy]*)([wy]?)([aeiou]*)([^aeiou]*)$/.exec(syllables[k]);
    if (!m) continue;
    const [, onset, glide, vowel, coda] = m;
    const nextOnset = /^[^aeiouy]/.test(syllables[k + 1] ?? 'x');
    // The vowels adaptation adds after a consonant no source vowel followed: Korean writes 으
    // (also before a final: 플 in 메이플), Japanese -u, -o after t/d, -i after ch/j/sh.
    const c = onset.replace(/^(.)\1/, '$1').replace(/^tch/, 'ch');
    const inserted =
      lang === 'ko'
        ? vowel === 'eu' || (vowel === 'i' && coda === '' && nextOnset && /^(ch|j)$/.test(c))
        : coda === '' && nextOnset && c !== '' && glide === '' && ((vowel === 'u' && c !== 'y') || (vowel === 'o' && /^(t|d)$/.test(c)) || (vowel === 'i' && /^(ch|j|sh)$/.test(c)));
    // Japanese writes a final -ng ング (ミーティング "meeting"): the グ is the ng's.
    if (lang === 'ja' && inserted && c === 'g' && syllables[k - 1] === 'n') continue;
    out += clusterClass(onset) + (glide === 'w' ? 'W' : '');
    // Japanese long vowels (ー) are written twice: one quality.
    if (vowel !== '') out += inserted ? '_' : (VOWEL_QUALITY.get(vowel) ?? VOWEL_QUALITY.get(vowel[0]) ?? '_');
    out += clusterClass(coda);
  }
  return tidy(out);
}

const VOWEL_LETTER = /[aeiou]/;

/** The phonetic form of an English word, read from its spelling. */
export function englishForm(word: string): PhoneticForm {
  const s = word.toLowerCase().replace(/[^a-z]/g, '');
  const isV = (i: number): boolean => i < s.length && (VOWEL_LETTER.test(s[i]) || (s[i] === 'y' && !VOWEL_LETTER.test(s[i + 1] ?? '')));
  let out = '';
  let i = 0;
  while (i < s.length) {
    const rest = s.slice(i);
    if (isV(i) || (s[i] === 'w' && i > 0 && isV(i - 1) && !isV(i + 1))) {
      let j = i + 1;
      while (j < s.length && (isV(j) || (s[j] === 'w' && !isV(j + 1)))) j++;
      const run = s.slice(i, j);
      // A lone e at the end (maple, homes, used) is silent.
      out += run === 'e' && /^(s|d)?$/.test(s.slice(j)) && i > 0 ? '_' : run;
      i = j;
      continue;
    }
    const prevVowel = i > 0 && isV(i - 1);
    let cls: string;
    let len = 1;
    if (rest.startsWith('tch')) [cls, len] = ['S', 3];
    else if (rest.startsWith('sch')) [cls, len] = ['SK', 3];
    else if (rest.startsWith('chr')) [cls, len] = ['K', 2];
    else if (/^(ch|sh|th)/.test(rest)) [cls, len] = ['S', 2];
    else if (rest.startsWith('ph')) [cls, len] = ['P', 2];
    else if (rest.startsWith('ck')) [cls, len] = ['K', 2];
    else if (rest.startsWith('wh')) [cls, len] = ['W', 2];
    else if (rest.startsWith('gh')) [cls, len] = [i === 0 ? 'K' : '', 2];
    else if (rest.startsWith('qu')) [cls, len] = ['KW', 2];
    else if (rest.startsWith('ng')) [cls, len] = /^ng[eiy]/.test(rest) ? ['N', 1] : [isV(i + 2) ? 'NK' : 'N', 2];
    else if (rest.startsWith('dg')) [cls, len] = ['S', 2];
    else if (i === 0 && /^(kn|gn)/.test(rest)) [cls, len] = ['N', 2];
    else if (i === 0 && rest.startsWith('wr')) [cls, len] = ['L', 2];
    else if (rest === 'mb') [cls, len] = ['M', 2];
    else if (/^sc[eiy]/.test(rest)) [cls, len] = ['S', 2];
    // -tion, -cial, -sion, dementia: t, c, s before i and another vowel sound "sh".
    else if (i > 0 && /^[tcs]i[aeiou]/.test(rest)) cls = 'S';
    else if (/^[cg][eiy]/.test(rest)) cls = 'S';
    else if (s[i] === 'x') cls = i === 0 ? 'S' : 'KS';
    else if (s[i] === 'r') {
      // Non-rhotic: r after a vowel and before a consonant (card) or the end (center), and r
      // before a final silent e (care, centre), is not pronounced; it colours the vowel (센터,
      // センター), so it stays as a vowel letter.
      cls = (prevVowel && !isV(i + 1)) || /^e(s|d)?$/.test(s.slice(i + 1)) ? 'r' : 'L';
    } else if (s[i] === 'h') cls = isV(i + 1) ? 'H' : '';
    else if (s[i] === 'w') cls = isV(i + 1) ? 'W' : '';
    else if (s[i] === 'y') cls = '';
    else cls = LETTER_CLASS.get(s[i]) ?? '';
    out += cls;
    i += len;
  }
  return tidy(out);
}

const LETTER_CLASS: ReadonlyMap<string, string> = new Map([
  ['b', 'P'], ['p', 'P'], ['f', 'P'], ['v', 'P'], ['d', 'T'], ['t', 'T'], ['c', 'K'], ['k', 'K'], ['g', 'K'], ['q', 'K'],
  ['s', 'S'], ['z', 'S'], ['j', 'S'], ['l', 'L'], ['m', 'M'], ['n', 'N'],
]);

/** The form of words said one after another (Maple + Bay), as one word. */
export function joinForms(...forms: readonly PhoneticForm[]): PhoneticForm {
  return tidy(forms.join(''));
}

/** One token per sound: a doubled consonant sounds once; `_` next to a vowel adds nothing. */
function tidy(form: string): PhoneticForm {
  return form.replace(/([PTKSLMNHW])\1+/g, '$1').replace(/[a-z_]{2,}/g, (run) => (/[a-z]/.test(run) ? run.replace(/_/g, '').replace(/(.)\1+/g, '$1') : '_'));
}

/** The consonant classes of a form, in order: what the bridge's index is keyed on. */
export function skeletonOf(form: PhoneticForm): string {
  return form.replace(/[a-z_]/g, '');
}

/**
 * The borrowed vowels each English vowel letter may stand for (maple 메이플, doctor 닥터, bus 버스
 * and バス, time 타임; r for an r that colours the vowel, card 카드, center 센터). Unstressed a, e and i
 * are often ㅓ too (festival 페스티벌), which costs a little.
 */
const SPELLING_SOUNDS: Readonly<Record<string, string>> = { a: 'aeo', e: 'ei', i: 'ia', o: 'oaxu', u: 'uxoa', y: 'ia', w: 'ou', r: 'xa' };

/** One token per sound of a form: a consonant class, a run of vowel letters, or `_`. */
function tokens(form: PhoneticForm): string[] {
  return form.match(/[A-Z]|[a-z]+|_/g) ?? [];
}

function isVowel(t: string): boolean {
  return t === '_' || (t[0] >= 'a' && t[0] <= 'z');
}

/**
 * What it costs to read English vowel letters as a borrowed vowel: nothing when one of the
 * letters may stand for the borrowed vowel's first sound (ei of 메이 for the a of maple), a
 * quarter for a ㅓ of an a, e or i, or an optional vowel against a written one, else a half.
 */
function vowelCost(borrowed: string, spelt: string): number {
  if (borrowed === '_' || spelt === '_') return borrowed === spelt ? 0 : 0.25;
  const first = borrowed[0];
  let cost = 0.5;
  for (const letter of spelt) {
    if ((SPELLING_SOUNDS[letter] ?? letter).includes(first)) return 0;
    if (first === 'x' && 'aei'.includes(letter)) cost = 0.25;
  }
  return cost;
}

/** Consonant classes that adaptation confuses (th → ㅅ/ス or ㄷ/ド, ts → ㅊ/ツ) cost half; vowels that disagree half. */
function substitution(a: string, b: string): number {
  const av = isVowel(a);
  if (av !== isVowel(b)) return Infinity;
  if (av) return vowelCost(a, b);
  if (a === b) return 0;
  return (a === 'T' && b === 'S') || (a === 'S' && b === 'T') ? 0.5 : 1;
}

function indel(t: string): number {
  return t === '_' ? 0 : isVowel(t) ? 0.5 : 1;
}

/**
 * Weighted edit distance between a borrowed word's form ({@link romanForm}) and an English
 * word's ({@link englishForm}): a consonant class inserted, dropped or changed costs 1 (T↔S ½),
 * a vowel inserted or dropped ½, read otherwise than its spelling allows ¼ or ½ (see
 * {@link vowelCost}), an optional vowel dropped nothing.
 */
export function formDistance(borrowed: PhoneticForm, english: PhoneticForm): number {
  return editDistance(tokens(borrowed), tokens(english), substitution);
}

/** Weighted edit distance over sound tokens: {@link indel} to insert or drop, `sub` to change one into another. */
function editDistance(a: readonly string[], b: readonly string[], sub: (x: string, y: string) => number): number {
  let prev = new Array<number>(b.length + 1);
  let cur = new Array<number>(b.length + 1);
  prev[0] = 0;
  for (let j = 1; j <= b.length; j++) prev[j] = prev[j - 1] + indel(b[j - 1]);
  for (let i = 1; i <= a.length; i++) {
    cur[0] = prev[0] + indel(a[i - 1]);
    for (let j = 1; j <= b.length; j++) cur[j] = Math.min(prev[j] + indel(a[i - 1]), cur[j - 1] + indel(b[j - 1]), prev[j - 1] + sub(a[i - 1], b[j - 1]));
    [prev, cur] = [cur, prev];
  }
  return prev[b.length];
}

/**
 * A borrowed form ({@link romanForm}) as Korean and Japanese are compared with each other: ツ (ts)
 * is heard as ㅊ/츠 (스포츠 スポーツ), and ン before p, b or m as ㅁ (컴퓨터 コンピューター,
 * 마이넘버 マイナンバー), where Korean keeps the source's m and Japanese writes ン.
 */
export function kanaHangulForm(form: PhoneticForm): PhoneticForm {
  return tidy(form.replace(/TS/g, 'S').replace(/N(?=[PM])/g, 'M'));
}

/**
 * Borrowed vowels Korean and Japanese write for one source vowel: ㅓ for the a of English
 * adaptations (센터 センター) and for the o of Korean words (전입 チョニプ) costs nothing; ㅐ/ア
 * (매니저 マネジャー), e/i, o/u and ㅓ/u, ㅓ/e a quarter; any other pair a half.
 */
const NEAR_VOWELS: Readonly<Record<string, number>> = { ax: 0, ox: 0, ae: 0.25, ei: 0.25, ou: 0.25, ux: 0.25, ex: 0.25 };

function borrowedVowelCost(a: string, b: string): number {
  if (a === '_' || b === '_') return a === b ? 0 : 0.25;
  if (a[0] === b[0]) return 0;
  return NEAR_VOWELS[[a[0], b[0]].sort().join('')] ?? 0.5;
}

/**
 * Weighted edit distance between two borrowed forms (a Korean and a Japanese word, each through
 * {@link kanaHangulForm}), symmetric: as {@link formDistance}, but vowels are compared as sounds
 * on both sides (see {@link NEAR_VOWELS}), not against a spelling.
 */
export function borrowedDistance(a: PhoneticForm, b: PhoneticForm): number {
  return editDistance(tokens(a), tokens(b), (s, t) => {
    const sv = isVowel(s);
    if (sv !== isVowel(t)) return Infinity;
    return sv ? borrowedVowelCost(s, t) : substitution(s, t);
  });
}
