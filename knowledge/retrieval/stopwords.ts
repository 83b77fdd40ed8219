/**
 * Stop lists for query and document analysis. They hold question words, polite endings and
 * function words — words that say how a resident asks, not what they ask about — so that a
 * match on them cannot lift an unrelated document.
 */

/** English function and question words (matched after lower-casing, before stemming). */
export const EN_STOPWORDS: ReadonlySet<string> = new Set(
  (
    'a an the and or but if then so of to in on at by for with from into onto about as is am are was were be been being ' +
    'do does did doing done have has had having i me my mine we our us you your yours he him his she her it its they them their ' +
    'this that these those there here what which who whom whose when where why how can could would should will shall may might must ' +
    'not no nor only just also too very really please thanks thank hi hello hey any some all each every much many more most other ' +
    'get got getting give gave know tell want wanted need like im ive dont doesnt cant isnt wont didnt id youre its s t ' +
    'whats hows wheres whos thats than up down out over again still yet ever even one sort kind way thing things something anything someone anyone help'
  ).split(/\s+/),
);

/**
 * Korean particles and verb endings stripped from the end of an eojeol (space-separated word),
 * longest first. Only stripped when at least one syllable remains.
 */
export const KO_SUFFIXES: readonly string[] = [
  '으로부터', '에서부터', '이라도', '에서는', '에서도', '으로는', '으로도', '이라면', '이라는', '이라고', '한테서', '에게서',
  '하려면', '하려고', '하는데', '했는데', '했어요', '하나요', '할까요', '합니다', '됩니다', '되나요', '인가요', '인데요', '이에요', '이예요',
  '습니까', '는지요', '나요', '돼요', '되요', '세요', '어요', '아요', '는지', '인지', '을까', '니까', '려면', '해야', '해요', '하면', '하고', '하는', '하게', '하여', '했다', '해서', '할게', '한데',
  '에서', '에게', '께서', '한테', '까지', '부터', '으로', '이나', '이랑', '처럼', '보다', '마다', '조차', '마저', '이란', '이라', '라도', '라면',
  '에는', '에도', '로는', '로도', '와는', '과는', '은요', '는요', '인데', '인가', '예요', '이요', '이고', '이며', '이면', '이지', '잖아',
  '은', '는', '이', '가', '을', '를', '의', '에', '께', '로', '와', '과', '도', '만', '나', '랑', '요', '면', '고', '란', '야',
];

/** Korean whole words that carry no topic (question words, auxiliaries, fillers). */
export const KO_STOPWORDS: ReadonlySet<string> = new Set(
  (
    '어떻게 어떡해 어떡하죠 얼마 얼마나 언제 어디 어디서 어디로 어디에 무엇 뭐 뭘 뭔가 뭐가 왜 누가 누구 어느 무슨 어떤 ' +
    '있나요 있어요 있을까요 있는지 있습니까 있는 있고 있으면 있다 없나요 없어요 없는 없으면 되나요 돼요 되요 될까요 되는 되면 됩니까 ' +
    '하나요 해요 할까요 하는 하면 하고 합니다 했어요 했는데 하는데 할 수 좀 그냥 제가 저는 저 나 내가 저희 우리 그 이 저것 이것 ' +
    '궁금해요 궁금합니다 알려주세요 알려 주세요 알고 싶어요 싶어요 싶은데 주세요 알려줘 가능한가요 가능해요 가능 안녕하세요 감사합니다 ' +
    '받으려면 해 해야 돼 될 받을 받나요 받아요 받는 받고 받으면 하려면 ㅠㅠ ㅜㅜ'
  ).split(/\s+/),
);

/**
 * Japanese hiragana-only words that carry no topic (particles, auxiliaries, polite endings,
 * question words). Hiragana runs equal to one of these produce no tokens.
 */
export const JA_STOPWORDS: ReadonlySet<string> = new Set(
  (
    'は が を に へ と で の も や か な ね よ から まで より って です ます ですか ますか でしょうか ください くださ ' +
    'どこ どう どうすれば どれ どの いつ なに なん なんで いくら どのくらい どれくらい ありますか あります ありません ' +
    'ですが けど けれど のですが んですが んです ので ため ために こと もの ところ とき など について たい たいです ' +
    'もらえますか もらえる できますか できる できません いい いいですか でも ても たら れば して した する します しています ' +
    'いる います いますか ある あり ない なり なる なります おしえて おしえてください ちょっと とても'
  ).split(/\s+/),
);

/**
 * Everyday English words that say little about which city service is meant. They are still
 * searched, but count for little in the retrieval confidence: in a small knowledge base "night"
 * or "time" is rare, yet matching it is no evidence that a document answers the question.
 */
export const EN_GENERIC: ReadonlySet<string> = new Set(
  (
    'time day night week weekend month year today tomorrow yesterday last next first new old good best bad big small ' +
    'man woman people person thing place world life work home way part number name word question answer problem ' +
    'won win match game play team call say said make made go going come see look think feel right left long short ' +
    'high low open close start end top find use used let put take run'
  ).split(/\s+/),
);
