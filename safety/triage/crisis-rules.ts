/**
 * Crisis patterns (ko/ja/en): self-harm or suicide, abuse or domestic violence, immediate danger,
 * no food or shelter now. Recall matters more than precision here: a false alarm costs a resident
 * one unneeded list of hotlines, a miss can cost a life. Information requests about prevention
 * services ("자살예방센터 위치", "suicide prevention hotline") are excluded on purpose: they are
 * questions the knowledge base answers. A sudden loss of income is not a crisis either.
 */
import type { CrisisCategory } from '../ports';
import type { PatternSet } from './pattern-set';

const INFO_EN = '(?!\\s+(?:prevention|awareness|hotline|helpline|line|cent(?:er|re)|statistics|rates?|research|training|bereavement|survivors?|loss|support group))';
const SUI = `su+i*[cs]+i*d+`;
const PEOPLE_EN =
  "(?:me|us|her|him|them|my (?:(?:little|baby|younger|older|big|step|elderly|old|two|three|small) )?(?:wife|husband|partner|kids?|children|child|son|daughter|mom|mum|mother|dad|father|sister|brother|baby|girlfriend|boyfriend|grandma|grandmother|grandpa|grandfather|kids|sons|daughters|brothers|sisters)|the (?:kids?|children|baby))";
const ABUSER_KO =
  '(?:남편|아내|와이프|아빠|아버지|엄마|어머니|부모님?|남친|남자친구|여친|여자친구|애인|전남편|전남친|전처|동거인|파트너|시아버지|시어머니|계부|계모|새아빠|새엄마|의붓|오빠|형|누나|언니|삼촌|할아버지|그사람|그놈|걔|선생님?|사장님?|상사|아들|딸)';

const SELF_HARM: PatternSet = {
  en: [
    /\b(?:kill|killing|hurt|hurting|harm|harming|cut|cutting|end|ending|unalive|hang|hanging|shoot|shooting|drown|drowning|poison|poisoning|starve|starving)\s+(?:my ?self|meself)\b/,
    new RegExp(`\\b(?:i'?m|i am|im|feel(?:ing)?|been|getting|became|am|so|very|really|kinda|kind of)\\s+${SUI}(?:al|ial|el)\\b`),
    new RegExp(`\\b(?:commit(?:ting)?|attempt(?:ed|ing)?|think(?:ing)? (?:about|of)|consider(?:ing)?|plan(?:ning)?|contemplat\\w*|want)\\s+(?:to\\s+)?(?:commit\\s+)?${SUI}e?\\b`),
    new RegExp(`\\b${SUI}(?:e|al)?\\s+(?:thoughts?|ideation|note|plan|attempt|feelings?|urges?)\\b`),
    new RegExp(`\\b${SUI}(?:e|al|ial)\\b${INFO_EN}`),
    /\b(?:want|wanna|wanted|going|gonna|ready|about|plan|planning|deserve|wish|would rather|i'?d rather|rather|wnat|wan|wamt|wnt|whant|wont|wanted|need)\s+(?:to\s+|2\s+)?(?:just\s+)?die\b/,
    /\bwish(?:ed)?\s+(?:that\s+)?i\s+(?:was|were|could be|had been|would be|could|had)\s+(?:dead|gone|never born|disappear|die|just disappear)\b/,
    /\bbetter off (?:dead|without me|if i (?:was|were|am) (?:gone|dead)|if i died|with me gone)\b/,
    /\b(?:do ?n'?t|do not|no longer|never|not)\s+(?:want|wanna|wish)\s+(?:to\s+)?(?:live|be alive|exist|wake up|go on|be here anymore|be around)\b(?!\s+(?:in|at|near|with|on|there|close|by|next))/,
    /\b(?:no|any|what'?s the|see a|see the|see no)\s+(?:reason|point|purpose)\s+(?:to|in|for|of)\s+(?:keep\s+|keeping\s+|go\s+)?(?:live|living|going on|go on|life|being alive|be alive|existing|my life)\b/,
    /\blife\s+(?:is|isn'?t|is not|feels)\s+(?:not\s+)?(?:worth|meaningless|pointless|not worth)/,
    /\b(?:tired|sick|done) (?:of|with) (?:living|life|being alive|it all)\b/,
    /\bcan'?t (?:go on|keep going|do this anymore|take (?:it|this|life) any ?more|live like this)\b/,
    /\bend(?:ing)? (?:it all|my life|my own life|things|everything|it tonight|it now|it for good|myself)\b/,
    /\btake my (?:own )?life\b/,
    /\boverdos\w*\b|\bod'?(?:ing|ed)\b/,
    /\bjump(?:ing)? (?:off|from|in front of)\b/,
    /\bslit(?:ting)? (?:my )?wrists?\b/,
    /\bself[- ]?harm\w*\b/,
    /\bnot (?:be|being) (?:here|around|alive) (?:anymore|any more|much longer|tomorrow|next)\b/,
    /\b(?:nobody|no one|noone|no-one)\s+(?:would|will|is going to|gonna|even)\s+(?:miss|notice|care|need)\b/,
    /\b(?:nobody|no one|noone) (?:needs|wants|cares about) me\b/,
    /\bdisappear(?:ing)? (?:forever|for good|from this world|from the world)\b|\b(?:want|wanna|wish i could|like) (?:to )?(?:just )?disappear(?:ing)?\b/,
    /\bnever wake up\b|\bsleep forever\b/,
    // Chat shorthand and overdose phrasings.
    /\bkms\b|\bkys\b|\bunalive\b|\b(?:take|swallow|took|swallowed) (?:all|every one) (?:of )?(?:my|the|these|those) (?:pills|meds|tablets)\b|\boverdos(?:e|ing)\b/,
    /\bgoodbye (?:forever|everyone|world|cruel world)\b/,
    /\bplanning (?:how|my death|to die|my suicide|to end|my exit)\b/,
    /\bhow (?:much )?longer i can (?:keep (?:doing this|going|living|on)|go on|take (?:it|this))\b|\b(?:sleep|go to sleep|fall asleep) and (?:not|never) wake(?: up)?\b|\bin case (?:something|anything) happens to me\b/,
    /\b(?:a|such a|just a) burden (?:to|on|for) (?:everyone|everybody|my family|my kids|others|the people)\b|\bgive up on (?:life|living|everything)\b/,
    /\bwant (?:it all|everything|the pain|this|the suffering|life) to (?:stop|end|be over)\b|\b(?:might|may|won'?t) not be (?:around|here|alive) (?:much )?(?:longer|anymore|tomorrow)\b/,
    /\b(?:i|we)'?(?:m| am)? (?:better off dead|done with life|ready to go|not going to make it)\b|\bwhat'?s the point of (?:living|life|going on|anything)\b/,
  ],
  ko: [
    /죽[고구곡](?:싶|십|시퍼|시프|파|픈)/,
    /죽어(?:버리|벌이|버릴|버렸으면|야겠|야할|야하나|도될|도돼|도괜찮|야지|야돼)/,
    /죽을(?:래|까|거야|거예요|거에요|생각|결심|방법|용기|것같|것만같)/,
    /죽는게(?:나|낫|편)|차라리죽|죽으려(?:고|구|했|한)|죽고말|죽기로|죽을랍/,
    /살기(?:싫|시러|실어|가싫)|사는게(?:너무)?(?:싫|지옥|무의미|의미가없|의미없|괴로)|살고싶지(?:않|안)|살기가?싫/,
    /살아(?:야할|야하는|갈)?이유(?:가|를)?(?:없|모르)|살이유가없|살아갈(?:힘|자신|용기)(?:이|도)?없|더이상(?:살|버틸|버티|살아갈)|버틸(?:수가?|힘이?)없|못버티겠/,
    /(?:삶|인생|생)(?:을|이)?(?:끝내|포기|마감)|목숨(?:을)?(?:끊|버리)/,
    /(?<!혼)자살(?!예방|방지|유족|률|율|통계|관련|상담|대책)/,
    /자해|극단(?:적)?(?:인)?선택|뛰어내리(?:고|려|면|ㄹ)|뛰어내릴|손목(?:을)?(?:긋|그어|그었)|목(?:을)?매(?:달|고|려)|유서|번개탄/,
    /수면제(?:를)?(?:모으|모아|잔뜩|왕창|많이|한꺼번에|다먹|털어)/,
    // An overdose in plain words, and being up on a roof: danger signs without the word "die".
    /약(?:을|들을)?(?:한꺼번에|한번에|전부|몽땅|왕창|잔뜩|다|통째로)(?:다)?(?:먹어|삼키|털어)|과다복용|약(?:을)?모으고있/,
    /옥상(?:에|위에)(?:올라(?:와|왔|가|갔)|서있|와있|있어요|있는데|앉아)|다리(?:위|난간)에서있/,
    /(?:다|그냥|모든걸|모든것을?|전부|이제그만|그만)끝내(?:고싶|버리|버릴|고말|려고|자|고십)/,
    /사라지고(?:싶|십)|없어지고(?:싶|십)|사라져(?:버리|버렸으면|야)|없어져(?:버리|버렸으면|야)|증발하고싶/,
    /아무도(?:나를|저를|날|절|나|저)?(?:필요로|필요|신경|찾지)(?:하지)?(?:않|안)/,
    /(?:나|내가|제가|저)(?:만|하나)?없(?:으면|어지면|어져야|는게)(?:다들|모두|가족|다|세상|더)/,
    /죽(?:는|을|고|어(?!도)|으)|(?:다|모든걸|모든것을|전부|삶을|인생을|그냥)내려놓고(?:싶|십)|아무(?:런)?의미(?:가|도)?없/,
    /(?:그냥|다|모든걸|모든것을|전부|이제)(?:다)?놓(?:고싶|아버리고싶|아버릴까)/,
    /(?:모든게|모든것이|다|삶이|사는게|인생이|살아있는게|내인생)(?:다)?(?:의미(?:가)?없|무의미|허무해서)|짐이(?:되|돼|될)|짐(?:일|밖에)|살아서(?:뭐해|뭐하|뭣해)|(?:이제|다)그만(?:하고싶|살고싶|두고싶)|지쳤(?:어|어요|다).{0,10}그만|그만살/,
    /태어나지(?:말|않았)|잠들어서(?:안|영원히)|영원히잠들|깨어나지(?:않|말)았?으면|한강(?:가고|가야|에뛰어|다리에서)|그만살고/,
  ],
  ja: [
    /(?:死|し|氏|ﾀﾋ|たひ|4)にた[いくか]/,
    /死(?:んで|んじゃ)(?:しまいたい|しまおう|やる|楽に|いい|ほうが|方が)|死のう(?:かな|と|か)|死ぬ(?:しか|つもり|ことにした|覚悟|方法|準備)|死んだ(?:ほう|方)が(?:まし|いい|楽)/,
    /消えたい|きえたい|消えてしまいたい|消えてなくなりたい|いなくなりたい|居なくなりたい/,
    /生きて(?:いたくない|たくない|いける気がしない|いく(?:意味|自信|気力|理由)がない|る意味|いる意味|る価値|いる価値|いても(?:仕方|しかた|意味))/,
    /生きる(?:意味|価値|気力|理由)が(?:ない|無い|わからない|分からない|見つからない)|生きる(?:の|こと)が(?:つらい|辛い|しんどい|嫌|いや|苦しい|疲れ)/,
    /自殺(?!対策|予防|防止|総合|統計|者数|率|遺族|相談)/,
    /自傷|りすか|りすとかっと|手首を切|首を(?:吊|つ)|首吊り|飛び降り(?:たい|よう|る|自殺)|飛び込み(?:たい|自殺)|線路に飛び込|練炭|遺書/,
    /薬を(?:大量|いっぱい|ためて|溜めて|全部)|(?:おーばーどーず|od)(?:した|する|しそう|しちゃ)/,
    /楽になりたい|らくになりたい|(?:人生|命|全部|すべて|全て|何もかも)を?終わ(?:り|らせ)|もう終わりにしたい/,
    /生きて(?:る|いる)の?(?:が|は)?(?:つらい|辛い|しんどい|苦しい|嫌|いや|疲れ)|死ね(?:たら|れば)|死ねば(?:楽|いい)|死んだら楽|迷惑(?:を)?かけ(?:る|て)(?:だけ|ばかり)|いっそ(?:死|消え|いなく)/,
    /命を(?:絶|断|たち|たと|捨て)|この世から|目が覚めなければ|目覚めなければ|眠ったまま/,
    /明日が(?:来|こ)なければ|朝が(?:来|こ)なければ|もう限界.{0,12}(?:死|消え|終わ|いなく|来なければ)/,
    /(?:私|わたし|僕|ぼく|俺|おれ|自分)(?:なんか|なんて|が)?(?:い|居)ない(?:ほう|方)が/,
    /(?:誰|だれ)も(?:私|わたし|僕|自分)?(?:を|の)?(?:必要と(?:して|し)(?:いない|ない|てない)|必要としてくれない)/,
  ],
};

const ABUSE: PatternSet = {
  en: [
    new RegExp(`\\b(?:hit|hits|hitting|beat|beats|beating|beaten|punch\\w*|kick(?:s|ed|ing)?|slap\\w*|chok(?:e|es|ed|ing)|strangl\\w*|burn(?:s|ed|t)|hurts|hurting|abus(?:e|es|ed|ing)|rap(?:e|ed|es|ing)|molest\\w*|assault\\w*|threaten\\w*|lock(?:s|ed)?|starv(?:e|es|ed|ing)|shov(?:e|es|ed|ing)|push(?:es|ed) |grab(?:s|bed))\\s+${PEOPLE_EN}\\b`),
    /\b(?:domestic|family|child|elder|sexual|dating)\s+(?:violence|abuse)\b/,
    /\b(?:abusive|violent)\s+(?:husband|partner|wife|boyfriend|girlfriend|father|dad|mother|mom|parent|home|relationship|family|ex)\b/,
    /\b(?:being|been|was|am|is being|are being|getting|got)\s+(?:abused|beaten|beaten up|hit|raped|assaulted|molested|threatened|stalked|attacked|choked|strangled)\b/,
    /\bsexual(?:ly)? (?:assault\w*|abus\w*|harass\w*)\b|\brap(?:e|ed)\b|\bmolest\w*\b/,
    /\b(?:afraid|scared|terrified|frightened)\s+(?:of|to go|to be|to return|of going|to stay)\s+(?:back\s+)?(?:at\s+)?(?:home|my (?:husband|partner|wife|boyfriend|girlfriend|father|dad|mother|mom|stepfather|stepdad|family|ex))\b/,
    /\b(?:locks?|locked|locking|shut(?:s)?)\s+(?:him|her|me|them|us|the (?:kids?|children|child|baby))\s+(?:out|outside|in|up|in (?:a|the) room)\b/,
    /\b(?:doesn'?t|does not|don'?t|won'?t|never|not)\s+(?:feed|let (?:him|her|me|them|us) eat)/,
    /\b(?:not|isn'?t|aren'?t) (?:being )?fed\b|\bneglect(?:ed|ing)?\b.{0,25}\b(?:child|kid|son|daughter|baby|children)\b/,
    /\b(?:threatened|threatening|threatens|threaten) to (?:kill|hurt|beat|take the kids)\b/,
    /\b(?:touch(?:es|ed|ing)?|grop\w*|fondl\w*) (?:me|my (?:daughter|son|child|kid|sister|brother))\b/,
    /\b(?:my )?(?:ex|husband|partner|boyfriend|girlfriend|wife|father|dad|stepfather|stepdad)\b.{0,50}\b(?:showing up|shows up|following me|waiting outside|won'?t leave me alone|keeps calling|scares me|i(?:'m| am) (?:scared|afraid|terrified))\b/,
    /\b(?:i'?m|i am|we'?re|we are) (?:scared|afraid|terrified|frightened) of (?:him|her|my (?:ex|husband|partner|boyfriend|girlfriend|wife|father|dad|mother|mom|stepfather|stepdad))\b/,
  ],
  ko: [
    new RegExp(`${ABUSER_KO}.{0,14}(?:때리|때려|때렸|때린|폭행|폭력|패|발로차|목(?:을)?졸|협박|죽이겠|죽인다|죽여버|가두|가둬|감금|굶기|밥(?:을|도)?안(?:줘|주|먹여))`),
    /(?:저를|나를|날|절|엄마를|아빠를|아이를|애를|애들을|아이들을|동생을|우리를)(?:자꾸|계속|매일|또|막)?(?:때리|때려|때렸|폭행|패|발로|목졸|가둬|가두)/,
    /맞고(?:있|살|지내|자라)|맞았어요.{0,10}(?:무서|아파|멍)|멍이(?:들|들었)/,
    /가정폭력|데이트폭력|성폭력|성폭행|성추행|강간|학대|폭행(?:당|을당)|폭력(?:을|에)?(?:당|시달|휘두르|쓰)/,
    /집에(?:들어가기|가기|있기|돌아가기)(?:가)?(?:무서|두려|겁)|무서워서집에/,
    /(?:아이|애|애들|동생|아기)(?:를|을)?.{0,8}(?:방치|굶기)/,
    new RegExp(`${ABUSER_KO}(?:이|가|은|는|이랑|과)?(?:너무|정말|진짜|좀)?(?:무서|두려|겁나)`),
  ],
  ja: [
    /(?:殴|なぐ)(?:られ|る|って|った)|叩かれ|たたかれ|蹴(?:られ|る|って)|首を(?:絞|しめ)/,
    /暴力(?:を|が|に)?(?:振る|ふる|受け|うけ|ひど|怖|おび|耐え)/,
    /(?:^|[^a-z])dv(?:[^a-z]|$)|どめすてぃっく/,
    /虐待|ぎゃくたい|性暴力|性被害|れいぷ|痴漢|襲われ|脅され|脅迫|殺すと(?:言|い)われ|殺される/,
    /(?:家|いえ)(?:に|へ)(?:いる|帰る|かえる|戻る)の(?:が|は)(?:怖|こわ)|帰りたくない/,
    /怒鳴られ|どなられ|物を投げ(?:つけ)?られ|暴言を(?:吐|浴び)|もらはら|モラハラ/,
    /閉じ込め|締め出|しめだされ|育児放棄|ねぐれくと/,
    /(?:夫|旦那|父|父親|義父|彼氏|元夫|元彼|ぱーとなー|パートナー|恋人|母|母親|妻)(?:が|の事が|のことが|は)?(?:とても|本当に|すごく)?(?:怖|こわ)(?:い|くて)/,
    /(?:ご飯|ごはん|食事)を(?:もらえ|食べさせてもらえ|与えられ|あたえられ)(?:ない|なかった|てない)|食べさせてもらえない/,
  ],
};

const DANGER: PatternSet = {
  en: [
    /\b(?:someone|somebody|a man|a guy|he|she|they)(?:'s| is| are)?\s+(?:trying to\s+)?(?:break(?:ing)? in|breaking into|following me|outside my (?:door|house|home|window|apartment))\b/,
    /\b(?:has|with|holding|pulled|waving) (?:a|his|her) (?:knife|gun|weapon|machete)\b/,
    /\b(?:i'?m|we'?re|i am|we are|she'?s|he'?s|they'?re|my (?:kid|child|son|daughter) is)\s+(?:in danger|not safe|unsafe|trapped|in immediate danger)\b/,
    /\bhouse is on fire\b|\bthere'?s a fire\b|\bfire in (?:my|our|the)\b/,
    /\b(?:not breathing|unconscious|won'?t wake up|unresponsive|collapsed|having a heart attack|bleeding (?:a lot|heavily|badly))\b/,
    /\bcall (?:the )?(?:police|ambulance|911|999|112|119|110)\b/,
    /\b(?:help|save) (?:me|us),? (?:now|right now|immediately|quick(?:ly)?|asap)\b/,
    /\b(?:he|she|they|someone|somebody)(?:'s| is| are| will| wants to| is going to| gonna| said he'?d| said she'?d)\s+(?:kill|hurt|attack|stab|shoot)(?:ing)? (?:me|us|my)\b/,
    /\bstalk(?:er|ing|ed)\b/,
  ],
  ko: [
    /살려(?:주세요|줘|주십시오|주셈)/,
    /(?:칼|흉기|식칼)(?:을|로|들고|을들고)/,
    /불(?:이)?났|화재(?:가|났|발생)/,
    /쓰러졌|쓰러져(?:있|서)|의식(?:이|을)?(?:없|잃)|숨(?:을)?(?:안|못)쉬|숨이(?:안|막)|심정지|피(?:를)?많이흘|피가(?:안|계속)멈/,
    /위험한상황|위험에처|지금위험|너무위험해요|위협(?:을)?받/,
    /(?:누가|누군가|낯선사람이?)(?:집에|문을)?(?:침입|들어오려|문을따|따라와|쫓아와)|납치|갇혀(?:있|서)/,
    /죽이겠|죽인다고|죽여버리|스토킹|스토커|미행/,
    /경찰(?:좀)?(?:불러|신고해)|(?:112|119)(?:에)?(?:신고해|불러|전화해)/,
  ],
  ja: [
    /^(?:誰か|だれか)?(?:助けて|たすけて)(?:ください|下さい|くれ)?[!！。…]*$/,
    /殺され(?:る|そう)|殺(?:す|される)ぞ/,
    /(?:包丁|ないふ|刃物|凶器)(?:を|で)?(?:持|もっ|向け|振り回|突きつけ)/,
    /火事|燃えて(?:いる|る|ます)/,
    /(?:倒れ|たおれ)(?:て|た).{0,10}(?:動かない|意識|息)|意識が(?:ない|無い)|息をして(?:いない|ない|ません)|呼吸(?:が|を)(?:して)?(?:ない|止ま)/,
    /すとーかー|つけられて(?:いる|る)|後をつけ|付きまと|つきまと/,
    /命の危険|身の危険|危険な状態|今すぐ助け|侵入され|押し入/,
    /110番|119番|警察を呼|救急車を呼/,
  ],
};

const NO_SHELTER_OR_FOOD: PatternSet = {
  en: [
    /\b(?:no ?where|no place|nowhere safe|no safe place|no home|no roof)\s+(?:to|for me to|for us to)?\s*(?:sleep|stay|go|live|spend the night)\b/,
    /\b(?:sleep(?:ing)?|spend(?:ing)? the night|stay(?:ing)?|live|living)\s+(?:rough|outside|outdoors|on the streets?|in (?:my|the|a|our) (?:car|park|station|tent))\b/,
    /\b(?:i'?m|we'?re|i am|we are|became|become|now|currently|being made|made|left)\s+homeless\b|\bhomeless (?:tonight|now|today)\b/,
    /\b(?:kicked|thrown|locked) (?:me |us )?out\b|\b(?:got|been|was|were|just got|being) evicted (?:today|tonight|this (?:morning|evening|afternoon)|right now|and)\b/,
    /\b(?:haven'?t|have not|hasn'?t|didn'?t|did not|not)\s+(?:eaten|had (?:any )?food|had anything to eat|eat)\s+(?:in|for|since)\b/,
    /\bnothing (?:left )?to eat\b|\b(?:have|got|there'?s|there is|with)\s+no (?:food|money for food)\b|\bno food (?:at home|in the house|left|tonight|today|for)\b/,
    /\b(?:kids?|children|we|i|family|baby|son|daughter)\s+(?:are|is|am|'re|'m)\s+(?:starving|going hungry)\b|\bstarving\b/,
    /\b(?:where|somewhere|place|anywhere) (?:can i |could i |to |do i |can we )?(?:sleep|stay)\s+tonight\b|\bshelter (?:for )?tonight\b|\bemergency (?:shelter|accommodation)\b/,
  ],
  ko: [
    /(?:잘|잠잘|자는|머물|지낼|갈|돌아갈|묵을|살|쉴)(?:곳|데|만한곳|집)(?:이|도|가)?(?:없|업)/,
    /노숙|길(?:에서|바닥에서|거리에서)(?:자|잠|지내|살)|거리(?:에서|로)(?:자|나앉|쫓겨)|밖에서(?:자야|잘|자고|잠)|쫓겨(?:났|나서|나고)/,
    /굶(?!기)/,
    /(?:찜질방|pc방|피시방|만화방|24시간)(?:에서)?(?:지내|자|살|잠)|차에서(?:자|지내|살)/,
    /먹을(?:게|거|것|거리|음식|밥)(?:이|가|도)?(?:하나도|아무것도)?(?:없|업)/,
    /(?:며칠|이틀|사흘|하루)(?:째|동안|넘게|종일)?.{0,4}(?:못먹|안먹|아무것도못|아무것도안)/,
    /쌀(?:이|도)?(?:떨어|없)|밥(?:을|도)?못먹/,
  ],
  ja: [
    /(?:寝る|ねる|泊まる|とまる|行く|いく|住む|すむ|帰る|かえる|過ごす|頼る)(?:場所|ところ|所|とこ|家|あて|当て|先)(?:が|も)(?:ない|無い|ありません|なくて|なく|なし)/,
    /(?:ねっとかふぇ|まんが喫茶|漫画喫茶|車|公園)(?:で|に)(?:寝|泊ま|暮ら|生活)/,
    /居場所が(?:ない|無い|ありません)|野宿|路上(?:生活|で寝)|ほーむれす|ねっとかふぇ(?:で寝|暮らし|難民)|追い出され|おいだされ/,
    /(?:食べる|たべる)(?:もの|物)が(?:何も)?(?:ない|無い|ありません|なくて)|(?:食べ物|たべもの|ご飯|ごはん|お米|米)が(?:ない|無い|ありません|もうない|底をつい|なくなっ)/,
    /何も食べて(?:いない|ない|いません|ません)|(?:何日|なんにち|二日|三日|2日|3日|数日)(?:も|間)?(?:何も)?食べて(?:いない|ない|いません|ません)/,
    /(?:今夜|今晩|今日)の?(?:寝る|泊まる|寝床|宿|食べる|ご飯)/,
    /(?:ねっとかふぇ|漫画喫茶|まんが喫茶|ホテル|ほてる|宿)(?:に|で)?(?:も)?(?:泊まる|とまる|泊まれる)?(?:お金|おかね|金)(?:も|が)(?:ない|無い|ありません)/,
  ],
};

/** Crisis pattern sets, in the order they are checked. */
export const CRISIS_RULES: ReadonlyArray<{ category: CrisisCategory; patterns: PatternSet }> = [
  { category: 'self_harm', patterns: SELF_HARM },
  { category: 'abuse', patterns: ABUSE },
  { category: 'danger', patterns: DANGER },
  { category: 'no_shelter_or_food', patterns: NO_SHELTER_OR_FOOD },
];
