/**
 * Out-of-scope patterns (ko/ja/en): prompt-injection attempts, and requests that are not city
 * services (trivia, arithmetic, code, political opinions, jokes, chit-chat). Soft topics (weather,
 * films, sport, idols, sums) are declined only when the message carries no city-service word, so
 * "날씨가 추워서 난방비 지원 받을 수 있나요?" stays a question for the knowledge base.
 */
import type { NormalizedText } from '../text/normalize-text';
import { matches, type PatternSet } from './pattern-set';

/** Attempts to give the bot new instructions, change its role or extract hidden data. */
export const INJECTION: PatternSet = {
  en: [
    /\b(?:ignore|disregard|forget|override|bypass|skip|drop)\s+(?:all\s+|any\s+|the\s+|your\s+|my\s+|these\s+|those\s+)?(?:previous\s+|prior\s+|above\s+|earlier\s+|preceding\s+|original\s+|initial\s+|system\s+|safety\s+)*(?:instructions?|rules|prompts?|guidelines|directions|directives|context|programming|restrictions|policies|guardrails|filters)\b/,
    /\b(?:forget|ignore) (?:everything|all that|what) (?:you|i|above|before)\b/,
    /\bsystem\s*prompt\b|\b(?:hidden|secret|initial|original|internal|your)\s+(?:instructions|prompt|rules|configuration)\b/,
    /\b(?:reveal|show|print|display|repeat|output|dump|leak|tell me)\s+(?:me\s+)?(?:your|the|all|every)\s+(?:\w+\s+){0,2}(?:prompt|instructions|rules|configuration|logs?|database|records|transcripts?|conversations?|passwords?|api keys?|secrets?)\b/,
    /\byou are now\b|\bfrom now on,? (?:you|answer|respond|reply|act|only|speak|talk)\b|\b(?:act|behave|respond) as (?:if you were |an? )?(?:unfiltered|unrestricted|different|dan|evil|jailbroken)\b/,
    /\bpretend (?:that )?(?:the |your |there are no )?(?:rules|restrictions|instructions|guidelines|filters)\b|\b(?:list|show|give me|print|export) (?:me )?(?:all|every|the other) (?:residents?|users?|citizens?|conversations?|records|personal data|people'?s data)\b/,
    /\bpretend (?:to be|you are|you're)\b|\broleplay as\b|\bjailbreak\w*\b|\bdan mode\b|\bdeveloper mode\b|\bdo anything now\b/,
    /^\s*(?:\[|<\|?|#+\s*)?(?:system|assistant|developer)\s*(?:\]|\|>|>)?\s*:/,
    /<\|im_start\|>|\[inst\]|###\s*instruction/,
    /\b(?:admin|administrator|root)\s+(?:password|access|mode|privileges|credentials)\b/,
    /\b(?:safety|content|security)\s+(?:policy|policies|filters?|rules)\s+(?:is|are|have been|has been)\s+(?:disabled|off|removed|lifted|turned off|deactivated)\b/,
  ],
  ko: [
    /(?:이전|앞의|앞선|위의|기존|모든|너의|당신의)(?:의)?(?:지시|명령|지침|규칙|설정|프롬프트|대화)(?:사항|들)?(?:을|를|은|는)?(?:모두|다|전부)?(?:무시|잊어|잊고|잊으|취소|삭제)/,
    /(?:지시|명령|지침|규칙|프롬프트)(?:사항|들)?(?:을|를)?(?:모두|다|전부)?(?:무시하|무시해|잊어)/,
    /무시(?:하고|해|하세요|해라).{0,20}(?:출력|알려|보여|말해|공개)|(?:너의|네|당신의|니)(?:설정|지시|규칙|프롬프트|지침)(?:을|를)?(?:그대로|전부|다|모두)?(?:출력|보여|알려|말해|공개)/,
    /시스템프롬프트|프롬프트(?:를|을)?(?:보여|알려|출력|공개|말해)|숨겨진(?:지시|명령|프롬프트|설정)/,
    /(?:너는|넌|당신은)(?:이제|지금부터|오늘부터)|(?:이제부터|지금부터)(?:너는|넌|당신은)|인척(?:해|하고|하세요)|역할극|탈옥|개발자모드/,
    /^(?:시스템|system|관리자|명령|지시)[:：]/,
    /(?:모든|전체)(?:사용자|주민|이용자|민원인)(?:의)?(?:정보|기록|데이터|목록)/,
    /관리자(?:모드|권한|비밀번호|암호|계정)|안전(?:정책|필터|규칙)(?:이|가|을|를)?.{0,6}(?:해제|무시|비활성|꺼|풀)/,
    /(?:상담기록|대화기록|데이터베이스|db|모든기록|저장된기록|다른사람(?:의)?(?:기록|정보|대화)|개인정보)(?:을|를)?(?:전체|전부|모두|다)?(?:출력|보여|덤프|알려|내놔|뽑아)/,
  ],
  ja: [
    /(?:前|以前|これまで|上記|以上|最初|元|今まで)の(?:指示|命令|指令|ルール|設定|プロンプト|制約)(?:を|は)?(?:全部|すべて|全て)?(?:無視|忘れ|取り消|破棄)/,
    /(?:指示|命令|ルール|制約|設定)(?:を|は)(?:全部|すべて|全て)?(?:無視|忘れ)/,
    /無視(?:して|しろ|せよ).{0,20}(?:見せ|教え|表示|出力)|(?:あなた|君|きみ|お前)の(?:設定|指示|ルール|プロンプト|ぷろんぷと)を(?:全部|すべて|全て)?(?:見せ|教え|表示|出力)/,
    /しすてむぷろんぷと|ぷろんぷと(?:を|の)?(?:教え|見せ|表示|出力|公開)|隠された(?:指示|命令|設定)/,
    /(?:あなた|君|きみ|お前)は(?:今から|これから|今日から)|(?:今から|これから)(?:あなた|君|きみ|お前)は|ふりをして|になりきって|として振る舞|ろーるぷれい|開発者もーど|脱獄/,
    /^(?:システム|しすてむ|system|管理者|命令|めいれい|指示)[:：]/,
    /(?:全て|すべて|全部)の(?:データ|でーた|記録|情報|会話|利用者)を(?:表示|出力|見せ|教え)/,
    /管理者(?:ぱすわーど|パスワード|権限|もーど|モード|アカウント)|制限を(?:解除|無視|外)|安全(?:ポリシー|ぽりしー|フィルター|ふぃるたー)(?:が|を|は)?.{0,6}(?:解除|無効|オフ|おふ)/,
    /(?:相談記録|会話記録|履歴|データベース|でーたべーす|他の人の(?:情報|記録|相談)|個人情報)(?:を|の)?(?:全部|すべて|全て)?(?:出力|表示|見せ|教え|ダンプ|だんぷ)/,
  ],
};

/** Always out of scope, whatever else the message says. */
const HARD_OFF_TOPIC: PatternSet = {
  en: [
    /\b(?:write|give me|show me|generate|fix|debug|create|make)\s+(?:me\s+)?(?:a |an |some |the |this |my )?(?:python|javascript|typescript|java|c\+\+|c#|rust|golang|sql|html|css|bash|shell|php|ruby|swift|kotlin)?\s*(?:code|function|script|regex|snippet|algorithm|sql query)\b/,
    /\b(?:python|javascript|typescript|java|c\+\+|rust|golang|sql|bash|php)\s+(?:program|class|app|query)\b/,
    /\b(?:in|using) (?:python|javascript|typescript|java|c\+\+|rust|golang|sql|bash|php)\b|\bpython\b|\bjavascript\b|\bregex\b/,
    /\b(?:math|maths|physics|chemistry|algebra)\s+(?:homework|problems?|questions?|exercises?)\b|\bsolve\b.{0,12}[0-9x]\s*[-+*/=]|\b\d*x\s*[-+]\s*\d+\s*=\s*\d+/,
    /\b(?:tell|know)\s+(?:me\s+)?(?:a |any |some )?(?:jokes?|riddles?|funny stor(?:y|ies))\b|\bmake me laugh\b|\bwrite (?:me )?(?:a |an )?(?:poem|song|story|essay|haiku|rap)\b/,
    /\b(?:what do you think|your (?:opinion|view|thoughts)|who (?:should i|do you|would you) (?:vote|support)|do you (?:like|support|prefer)|which (?:party|candidate))\b.{0,40}\b(?:president|prime minister|government|party|parties|election|politics|political|trump|biden|democrats?|republicans?|conservatives?|liberals?|candidate|minister|congress|parliament|mayor|governor|senator|policy|policies|politician)\b/,
    /\b(?:president|prime minister|politician|candidate|party)\b.{0,30}\b(?:good or bad|better|worse|your opinion|do you think)\b/,
  ],
  ko: [
    /(?:코드|코딩|함수|스크립트|알고리즘|파이썬|자바스크립트|sql|html)(?:를|을|좀|로)?(?:짜|작성|만들어|써줘|짜줘|구현|알려)|파이썬|자바스크립트/,
    /농담(?:해|하나|좀|한마디|해줘|해봐)|웃긴(?:얘기|이야기|썰|거)|개그|아재개그|시(?:를|좀|하나)?(?:써|지어)|노래(?:를)?(?:불러|만들어)/,
    /(?:대통령|국회의원|정당|선거|정치|여당|야당|민주당|국민의힘|총리|장관|후보)(?:.{0,20})(?:어떻게생각|의견|지지해|찍어야|찍을|누구|좋아|싫어|잘하|못하|평가)/,
  ],
  ja: [
    /(?:こーど|コード|関数|すくりぷと|スクリプト|ぷろぐらむ|プログラム|ぷろぐらみんぐ|アルゴリズム|python|ぱいそん|javascript|sql)(?:を|で)?(?:書い|書く|作っ|作成|組ん|教えて)|ぷろぐらみんぐ|ぱいそん|python/,
    /じょーく|ジョーク|冗談(?:を)?(?:言って|いって|教えて)|笑える話|面白い話|だじゃれ|ダジャレ|詩を(?:書|作)|歌(?:を)?(?:歌って|作って)/,
    /(?:首相|総理|大統領|政党|選挙|自民党|野党|与党|政治|政権|大臣|候補者?)(?:.{0,20})(?:どう思|意見|支持|投票|誰に|好き|嫌い|評価|いいと思|良いと思)/,
    /(?:首相|総理(?:大臣)?|大統領|首都|人口|国王|天皇)(?:は|って)(?:誰|だれ|どこ|何人)/,
  ],
};

/** Out of scope unless the message also names a city service. */
const SOFT_OFF_TOPIC: PatternSet = {
  en: [
    /^(?:what(?:'s| is)\s+)?-?\d+(?:\.\d+)?(?:\s*(?:[+*x×÷/^-]|times|plus|minus|divided by|multiplied by)\s*-?\d+(?:\.\d+)?)+\s*(?:=|\?)?\s*\??$/,
    /\b\d+(?:\.\d+)?\s*(?:times|plus|minus|divided by|multiplied by|to the power of)\s*\d+\b|\bsquare root of\b|\bcalculate\b.{0,20}\d/,
    /\b(?:weather|forecast|temperature outside|going to rain|gonna rain)\b/,
    /\b(?:recommend|suggest|favou?rite|best|good)\s+(?:me\s+)?(?:a\s+)?(?:movies?|films?|songs?|music|books?|novels?|restaurants?|games?|anime|tv shows?|series|netflix)\b|\b(?:movies?|films?|songs?|anime)\s+(?:to watch|recommendations?)\b/,
    /\b(?:capital of|how tall is|how old is|who (?:won|invented|discovered|wrote|painted|is the (?:best|richest|tallest|most))|meaning of life|tallest mountain|largest (?:country|ocean|planet)|speed of light)\b/,
    /\b(?:football|soccer|baseball|basketball|nba|nfl|world cup|celebrity|celebrities|idol|k-?pop|bts|lottery numbers|horoscope|zodiac|bitcoin|stock price|crypto)\b/,
    /\b(?:calories|recipe|how to cook|what should i (?:eat|cook|wear)|dinner ideas|lunch ideas|best (?:ramen|pizza|sushi|coffee))\b/,
    /\b(?:are you (?:single|married|in love|a girl|a boy|pretty|cute)|do you love me|will you marry me|what'?s your favou?rite)\b/,
  ],
  ko: [
    /^-?\d+(?:[+*x×÷/^-]\d+)+(?:은|는|=|\?)*(?:얼마|뭐|몇)?(?:야|예요|에요|인가요|이야)?\??$/,
    /\d+(?:곱하기|더하기|빼기|나누기)\d+/,
    /날씨|일기예보|기온이?몇도/,
    /영화|드라마|노래추천|음악추천|책추천|맛집|게임추천|웹툰|애니/,
    /이번시즌|몇골|골몇개|경기결과|우승(?:팀|했)/,
    /아이돌|연예인|잘생겼|예쁜사람|축구|야구|농구|올림픽|월드컵|로또(?:번호)?|운세|별자리|코인|비트코인|주식/,
    /뭐먹지|뭐먹을까|메뉴추천|점심메뉴|저녁메뉴|레시피|칼로리|맛있는(?:거|것|집)/,
    /수도가어디|제일높은산|누가만들었|누가발명|인생의의미|애인있|사랑해|결혼해줄래|몇살이야|좋아하는(?:음식|색|노래|영화)/,
  ],
  ja: [
    /^-?\d+(?:[+*x×÷/^-]\d+)+(?:は|=|\?)*(?:いくつ|何)?(?:ですか|？)?\??$/,
    /\d+(?:足す|たす|掛ける|かける|引く|ひく|割る|わる)\d+/,
    /天気|天気予報|気温は?何度/,
    /映画|えいが|ドラマ|アニメ|あにめ|おすすめの(?:曲|本|店|ゲーム|げーむ|歌)|ゲーム|げーむ|漫画|まんが/,
    /アイドル|あいどる|芸能人|俳優|女優|歌手|イケメン|いけめん|野球|サッカー|さっかー|オリンピック|宝くじ|占い|星座|ビットコイン|株価/,
    /らーめん|ラーメン|れしぴ|レシピ|かろりー|カロリー|何食べよう|何を食べよう|おすすめの(?:お?店|れすとらん|レストラン|ランチ|らんち|カフェ)/,
    /首都はどこ|一番高い山|誰が発明|人生の意味|恋人いる|好きな(?:食べ物|色|歌|映画)|結婚して/,
  ],
};

/** Words of city services; their presence keeps a soft topic in scope. */
const SERVICE_CUE: PatternSet = {
  en: [
    /\b(?:apply|application|benefits?|allowance|pension|subsid\w*|support|grant|licen[cs]e|permit|register|registration|certificate|tax|fee|fees|city|town|council|office|recycling|garbage|trash|waste|collection|bin|library|museum|park|pool|shelter|heating|cooling|bus|insurance|clinic|vaccin\w*|childcare|nursery|daycare|school|welfare|disability|senior|elderly|housing|rent|utility|discount|voucher|form|documents?|payment)\b/,
  ],
  ko: [
    /지원|신청|복지|수당|연금|보험|센터|시청|구청|주민센터|행정복지|동사무소|서류|발급|등록|보육|어린이집|도서관|박물관|문화센터|공원|수영장|쉼터|대피소|난방|냉방|버스|교통|쓰레기|분리수거|재활용|세금|요금|감면|할인|바우처|급여|수급|접수|상담|예방접종|보건소|병원비|의료비|장애|노인|일자리|주거|월세|전세|임대|공과금|관리비|면허|허가|증명서|주민등록|등본/,
  ],
  ja: [
    /支援|申請|福祉|手当|年金|保険|窓口|役所|市役所|区役所|役場|書類|発行|登録|保育|図書館|博物館|公民館|公園|プール|ぷーる|避難所|暖房|冷房|バス|ばす|交通|ごみ|ゴミ|資源|税|料金|減免|割引|助成|補助|給付|相談|予防接種|保健|医療費|障害|高齢|仕事|住宅|家賃|公共料金|免許|許可|証明書|住民票|届/,
  ],
};

/** True when the message tries to inject instructions. */
export function isInjection(text: NormalizedText): boolean {
  return matches(text, INJECTION);
}

/** True when the message is not about a city service. */
export function isOffTopic(text: NormalizedText): boolean {
  if (matches(text, HARD_OFF_TOPIC)) return true;
  return matches(text, SOFT_OFF_TOPIC) && !matches(text, SERVICE_CUE);
}
