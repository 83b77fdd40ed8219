/**
 * Hand-off patterns (ko/ja/en): the resident asks for a person, asks about their own case
 * (application status, a rejection, a cut benefit), or wants to appeal or complain about a
 * decision about them. A general question about a process ("how do I appeal a parking fine?",
 * "이의신청 방법") is not a hand-off: the knowledge base answers it.
 */
import type { HandoffReason } from '../ports';
import type { NormalizedText } from '../text/normalize-text';
import { matches, type PatternSet } from './pattern-set';

const STAFF_EN =
  '(?:human|humans|person|people|someone|somebody|staff|officer|agent|representative|rep|caseworker|case worker|social worker|operator|advisor|adviser|counsel?lor|manager|supervisor|employee|official|clerk|member of staff|staff member)';

const ASKED_FOR_PERSON: PatternSet = {
  en: [
    new RegExp(`\\b(?:talk|speak|chat|get through|be put through|discuss (?:this|it|my \\w+))\\s+(?:to|with)\\s+(?:a |an |the |some |your |a real |an actual |a live |a city |one of your )?(?:real |actual |live |human |city |case )?${STAFF_EN}\\b`),
    /\b(?:real|actual|live)\s+(?:person|human|agent|people)\b|\b(?:human|person|agent|operator|representative)\s*(?:please|pls|plz)\b/,
    /^(?:a )?(?:human|agent|operator|representative|person|real person|staff|officer)[.!?]*$/,
    /\b(?:connect|transfer|put)\s+me\s+(?:to|with|through)\b|\b(?:call|ring|phone)\s+me(?:\s+back)?\b|\bcontact me\b/,
    new RegExp(`\\bcan (?:a |an |the )?${STAFF_EN}\\b.{0,25}\\b(?:call|contact|help me|look at|check)\\b`),
    /\bi (?:want|need|would like|'d like|wanna) (?:a|to see a|to meet a) (?:human|person|caseworker|case worker|social worker|officer)\b/,
    /\b(?:someone|somebody|a person|an officer|staff) (?:from|at) (?:the |your )?(?:office|city|council|town hall|city hall|department)\b/,
    // A person's judgement or time asked for: "someone to look at my case", "an appointment with a caseworker".
    /\b(?:someone|somebody|a person|an officer|a caseworker|a case worker|a social worker|staff)\s+(?:to|who can|that can|who could|who will)\s+(?:help me|look at|look into|check my|review|decide|assess|sort (?:this|it|out)|figure|go through|explain my|call me)\b/,
    /\b(?:appointment|meeting|consultation|call)\s+with\s+(?:someone|somebody|a person|an officer|a caseworker|a case worker|a social worker|a staff member|staff)\b/,
  ],
  ko: [
    /(?:상담원|상담사|상담직원|담당자|담당공무원|담당직원|담당선생님|공무원|직원|사회복지사|복지사|주무관|사람|실제사람|진짜사람|매니저|복지담당)(?:분|님)?(?:이랑|하고|과|와|랑|한테|에게|께)?(?:좀|직접)?(?:연결|통화|대화|얘기|이야기|상담|연락(?!처)|바꿔|불러|만나|만날)/,
    /^(?:상담원|상담사|담당자|사람|직원|공무원)(?:요|이요|연결|좀|부탁|불러)?(?:해주세요|부탁해요|부탁합니다|주세요)?[.!?]*$/,
    /(?:전화|연락|콜백)(?:좀)?(?:주세요|줘|해주세요|해줘|부탁|주실|해주실|받고싶|해주시|주시)/,
    /직접(?:상담|통화|얘기|이야기|만나)|담당(?:하시는|하는|자)?분(?:이|은)?(?:계세요|있나요|계신가요|누구)/,
    // An officer's judgement or company asked for ("담당자가 봐줬으면", "담당자분이랑 같이"), or a consultation of one's own.
    /(?:담당자|담당공무원|담당직원|주무관|사회복지사|복지사)(?:분|님)?(?:이|가|께서|께|한테|에게|랑|이랑|하고|와|과)?.{0,12}(?:봐주|봐줬|검토해|판단해|같이|함께)/,
    /(?:개별|1:1|일대일|따로|개인)상담(?:이|을|좀)?(?:받고|받을|원해|필요|하고싶|해주|부탁)/,
  ],
  ja: [
    /(?<![本個他主成大老病証友恋住国外商個])(?:人|人間|担当者|担当の方|担当の人|職員|職員さん|係の人|係の方|係員|おぺれーたー|相談員|窓口の(?:人|方)|すたっふ|けーすわーかー|生身の人|誰か|だれか)(?:と|に|さん|の方|直接|ご|お)*(?:話|はな|相談|そうだん|つな|繋|代わ|かわ|替わ|電話|でんわ|連絡(?!先)|れんらく)/,
    /電話(?:して|を)?(?:ほしい|欲しい|ください|下さい|もらえ|いただけ)|折り返し|有人対応/,
    /^(?:有人|人間|担当者|おぺれーたー|職員)(?:対応)?(?:で|に|を)?(?:お願い|おねがい|希望|して)?.{0,4}$/,
    // An officer wanted to step in or come out ("担当の方に間に入ってほしい", "担当者だせ").
    /(?:担当(?:者|の方|の人|課の方)|職員(?:さん|の方)?|係の(?:人|方))(?:に|から|が|を|さん)?.{0,10}(?:ほしい|欲しい|もらいたい|いただきたい|だせ|出せ|出して|呼んで|来て|入って)/,
  ],
};

const OWN_CASE: PatternSet = {
  en: [
    /\b(?:my|our)\s+(?:\w+\s+){0,2}(?:application|claim|case|appeal|request|file|submission|benefits?|payments?|allowance|pension|support|subsidy|renewal|paperwork)\s+(?:status|number|progress)\b/,
    /\b(?:status|progress|outcome|result|decision)\s+(?:of|on|for|about)\s+(?:my|our)\b/,
    /\b(?:check|look up|look into|find|track|update me on|what happened (?:to|with)|where is|whats happening with|what'?s happening with)\s+(?:on\s+)?(?:my|our)\s+(?:\w+\s+){0,2}(?:application|claim|case|appeal|request|file|submission|payment|form|paperwork|documents?|licen[cs]e|permit|tag|card)\b/,
    /\b(?:i|we)\s+(?:applied|submitted|sent|filed|registered|requested|put in)\b.{0,80}\b(?:still|haven'?t|have not|hasn'?t|no (?:reply|response|answer|word|news|update|tag|letter|decision)|not (?:heard|received|got)|never (?:heard|received|got)|where is|when will|what'?s happening|rejected|denied|refused|turned down)\b/,
    /\b(?:my|our)\s+(?:\w+\s+){0,3}(?:application|claim|benefits?|payments?|allowance|pension|support|subsidy|request|place|spot)\s+(?:was|were|has been|have been|got|is|are|just got)\s+(?:just\s+)?(?:rejected|denied|refused|declined|cut|stopped|reduced|cancell?ed|suspended|terminated|withdrawn|delayed|late|missing)\b/,
    /\b(?:why|how come)\s+(?:was|were|did|is|has|have)\s+(?:i|my|we|our)\b.{0,40}\b(?:rejected|denied|refused|cut|stopped|reduced|lower|cancell?ed|suspended|not (?:approved|accepted|eligible))/,
    /\b(?:i|we)\s+(?:was|were|got|have been|'ve been|am|are|just got)\s+(?:rejected|denied|refused|turned down|declined|disqualified|cut off|sanctioned)\b/,
    /\b(?:cut|stopped|reduced|cancell?ed|suspended|took away|withheld|denied|rejected|refused|lowered)\s+(?:my|our)\s+(?:\w+\s+){0,3}(?:benefits?|payments?|allowance|pension|support|subsidy|application|claim)\b/,
    /\b(?:my|our)\s+(?:\w+\s+){0,2}(?:payment|benefit|allowance|pension|refund|subsidy)s?\s+(?:hasn'?t|has not|haven'?t|have not|didn'?t|did not|never|still hasn'?t)\s+(?:arrived|come|been paid|been deposited|come through|come in)\b/,
    /\bmy case\b|\bmy file\b|\blook at my\b|\bmy caseworker\b|\bmy case worker\b|\bcase number\b|\breference number\b|\bapplication number\b/,
    /\b(?:make an exception|exception for (?:me|us)|special circumstances|look at my (?:situation|case)|my situation is (?:complicated|special|unusual|different))\b/,
  ],
  ko: [
    /(?:신청|접수|심사|서류)(?:을|를)?(?:한|했는데|했던|했어요|했고|했지만|하였|해놨|해뒀|해둔|넣었|넣은|냈는데|낸지|한지)(?:.{0,30})(?:결과|아직|언제|안나|안와|안됐|어떻게됐|진행|확인|조회|떨어|탈락|거절|반려|연락이없|연락도없|소식|답이없)/,
    /(?:제|내|저의|나의|저희|우리)(?:가|의)?.{0,10}(?:신청|접수|심사|서류)(?:건)?(?:결과|상태|현황|상황|진행|어떻게)/,
    /(?:신청|처리|심사|진행)(?:결과|상태|현황|상황)(?:좀)?(?:확인|조회|알아봐)(?:해)?(?:주세요|줘|주실|부탁)/,
    /떨어졌|탈락(?:했|됐|되었|이래|이라)|거절(?:됐|당|되었)|반려(?:됐|되었|처리)|불합격|부적격(?:판정|이래|이라)|못받게됐|취소됐|환수(?:한대|된대|통보)/,
    /(?:지원|수당|급여|연금|보조금|생계비|수급|지원금|혜택)(?:이|가|을|를)?.{0,6}(?:끊겼|끊겼어|끊어졌|중단됐|중지됐|삭감|깎였|안들어와|안나와|줄어들었)/,
  ],
  ja: [
    /(?:私|わたし|僕|自分|うち|我が家|母|父|夫|妻)の(?:\S{0,6})?(?:申請|申し込み|申込|審査|手続き|書類|届)(?:は|が|の|を)?.{0,12}(?:どう|状況|結果|確認|まだ|いつ)/,
    /(?:申請|申し込み|申込|届け出|手続き)(?:を|は)?(?:した|しました|したのに|したけど|してから|済み|済)(?:.{0,30})(?:まだ|結果|どうなって|届か|届き|来ない|来ません|連絡(?:が|も)?(?:ない|ありません|来)|音沙汰|状況)/,
    /(?:結果|状況|進捗|状態)(?:を|が)?(?:確認|調べ|教え)(?:て|して)(?:ください|ほしい|もらえ|くれ|いただけ)/,
    /(?:却下|不承認|不支給|不採用|落選)(?:され|し|た|ました|になり|になった|でした|と)|落ち(?:た(?!場合|ら|時|とき)|ました|ちゃ)/,
    /(?:手当|年金|給付金?|助成金?|保険金|支援金|補助金)(?:が|は)?.{0,10}(?:振り込まれ|振込まれ|支給され|入金され|届い|入っ)て(?:い)?(?:ない|ません)/,
    /(?:私|わたし|自分|うち|母|父|夫|妻)の(?:けーす|ケース|件|場合|事情|状況)(?:について|を|で|に)(?:相談|話|聞い|見て|確認)/,
    /(?:打ち切|うちき)られ|(?:止め|とめ)られ(?:た|まし)|減額(?:され|に)|支給(?:が)?(?:停止|止ま|されな)|もらえなくな/,
  ],
};

/** Appeal or complaint words; a hand-off only when about the resident's own matter. */
const APPEAL: PatternSet = {
  en: [
    /\b(?:appeal|challenge|contest|dispute|object to|complain about|reconsider|review|overturn|fight)\s+(?:against\s+)?(?:my|our|this|that|their|his|her)\s+(?:\w+\s+){0,3}(?:decision|ruling|assessment|rejection|denial|refusal|sanction|outcome|result|fine|penalty|determination|case|application|claim)\b/,
    /\b(?:i|we)\s+(?:want|would like|'d like|need|wish|intend|am going|'m going|plan|wanna)\s+(?:to\s+)?(?:appeal|complain|object|dispute|contest|challenge|file (?:a|an) (?:complaint|appeal)|make a complaint|lodge (?:a|an) (?:complaint|appeal)|submit a complaint|request a review|ask for a review|request reconsideration)\b/,
    /\b(?:file|make|lodge|submit|raise|register)\s+(?:a|an)\s+(?:formal\s+)?(?:complaint|appeal|grievance)\b/,
    /\b(?:i|we)\s+(?:disagree|don'?t agree|do not agree|am not happy|'m not happy|am unhappy|'m unhappy|am dissatisfied|'m dissatisfied)\s+(?:with\s+)?(?:the|my|this|your|their|our)\s+(?:\w+\s+){0,2}(?:decision|result|outcome|assessment|rating|amount|calculation)\b/,
    /\b(?:got it wrong|made a mistake|is wrong|was wrong|is incorrect|was incorrect|are wrong|want it reviewed|want (?:a|it) review(?:ed)?)\b/,
    /\b(?:unfair|wrong|mistaken|not fair|unjust)\b.{0,30}\b(?:decision|assessment|rejection|calculation)\b|\b(?:decision|assessment|rejection|calculation)\b.{0,20}\b(?:unfair|wrong|a mistake|not fair|unjust)\b/,
  ],
  ko: [
    /(?:이의(?:신청|제기)|재심사|재심의|다시심사|재검토|불복|행정심판|심판청구)/,
    /민원(?:을)?(?:넣|접수|제기|신청|하고싶|내고|내려)|항의|불친절|억울|피해(?:를)?(?:봤|입었|당했|보았)/,
    /납득(?:이|가)?(?:안|않|못|되지않|가지않)|(?:결정|결과|판정|심사|탈락|떨어|선정|삭감).{0,15}이해(?:이|가)?(?:안|않|못|되지않|가지않)/,
  ],
  ja: [
    /(?:不服|異議)(?:を|の)?(?:申し立|申立|申し出)|審査請求|再審査|見直し(?:て|を)(?:ほしい|欲しい|ください|お願い|求め)/,
    /納得(?:が)?(?:できない|できません|いかない|いきません|いかず|できず)|苦情|くれーむ/,
    /(?:おかしい|間違って|間違い)(?:.{0,10})(?:決定|判定|結果|計算|金額)|(?:決定|判定|結果|計算|金額)(?:.{0,6})(?:おかしい|間違って|間違い)/,
  ],
};

/** A general "how does the process work" question (no own matter in it). */
const GENERAL_PROCESS: PatternSet = {
  en: [/\bhow\s+(?:do|can|could|would|should|does)\s+(?:i|we|you|one|someone|people|a resident|residents)\b|\bhow to\b|\bwhat(?:'s| is) the (?:process|procedure|deadline)\b|\bprocess for\b|\bwhere (?:do|can) (?:i|you)\b/],
  ko: [/방법|절차|어떻게(?:하나요|해요|하면|되나요|돼요|하죠)|하는법|기한|어디서|어디에|어디로|뭐가필요|서류/],
  ja: [/方法|手続きは|やり方|どうやって|どうすれば|どこで|どこに|期限|流れ|必要な書類/],
};

/** The resident's own matter, or an explicit wish to act. */
const OWN_MATTER: PatternSet = {
  en: [/\b(?:my|our|me|us)\b.{0,40}\b(?:decision|application|claim|case|benefit|payment|result|allowance|place)\b|\b(?:i|we) (?:want|would like|'d like|need|wanna|wish)\b/],
  ko: [
    /(?:제|내|저의|나의|저희|우리)(?:가|의)?(?:신청|결과|심사|건|경우|아이|애|엄마|아빠|남편|어머니|아버지)|(?:하고|넣고|접수하고|제기하고|신청하고|내고)(?:싶|십)|할래|하려고|하겠습니다|하겠어요|심사(?:해|하여)?(?:주세요|줘|주십시오)|원해요|원합니다|억울|피해를?(?:봤|입었|당했)/,
  ],
  ja: [
    /(?:私|わたし|僕|自分|うち|我が家|母|父|夫|妻|子ども|子供)の|(?:し|申し立て|出し|言い|入れ|伝え)たい|(?:見直|確認|調べ)(?:して)?(?:ください|ほしい)|できません|できない|いかない|いきません/,
  ],
};

/**
 * The hand-off reason for a message, or null.
 * @param text the normalised message
 */
export function handoffReason(text: NormalizedText): HandoffReason | null {
  if (matches(text, ASKED_FOR_PERSON)) return 'asked_for_person';
  if (matches(text, OWN_CASE)) return 'own_case';
  if (matches(text, APPEAL) && (matches(text, OWN_MATTER) || !matches(text, GENERAL_PROCESS))) return 'appeal_or_complaint';
  return null;
}
