import assert from 'node:assert/strict';
import { ConversationState, MemoryStorage, TestAdapter, type Activity } from 'botbuilder';
import { DialogSet, DialogTurnStatus, type DialogState } from 'botbuilder-dialogs';
import type { Lang } from '../../locales/lang';
import { EligibilityDialog, type EligibilityResult, type ProfileExtractor } from '../../dialogs/eligibility-dialog';
import { MemoryProfileStore, samplePrograms, settings } from '../eligibility/helpers';

const programs = samplePrograms();

/** A host like the main dialog: starts the screening with { text, lang } and records what it returns. */
function harness(lang: Lang, store = new MemoryProfileStore(), extractor?: ProfileExtractor) {
  const state = new ConversationState(new MemoryStorage());
  const accessor = state.createProperty<DialogState>('dialogState');
  const dialogs = new DialogSet(accessor);
  dialogs.add(new EligibilityDialog({ programs: () => programs, profiles: store, extractor, settings }));
  const results: EligibilityResult[] = [];
  const adapter = new TestAdapter(async (context) => {
    const dc = await dialogs.createContext(context);
    const turn = await dc.continueDialog();
    if (turn.status === DialogTurnStatus.empty) {
      const begun = await dc.beginDialog('eligibility', { text: context.activity.text, lang });
      if (begun.status === DialogTurnStatus.complete) results.push(begun.result as EligibilityResult);
    } else if (turn.status === DialogTurnStatus.complete) {
      results.push(turn.result as EligibilityResult);
    }
    await state.saveChanges(context);
  });
  /** The locale of every message the dialog sent. */
  const locales: (string | undefined)[] = [];
  adapter.use(async (context, next) => {
    context.onSendActivities(async (_ctx, activities, send) => {
      for (const a of activities) if (a.type === 'message') locales.push(a.locale);
      return send();
    });
    await next();
  });
  return { adapter, results, store, locales };
}

/** Asserts that a reply contains every fragment (and none of `absent`). */
const has =
  (...fragments: string[]) =>
  (activity: Partial<Activity>): void => {
    for (const f of fragments) assert.ok(activity.text?.includes(f), `expected "${f}" in:\n${activity.text}`);
  };
const hasNot =
  (present: string[], absent: string[]) =>
  (activity: Partial<Activity>): void => {
    has(...present)(activity);
    for (const f of absent) assert.ok(!activity.text?.includes(f), `did not expect "${f}" in:\n${activity.text}`);
  };
const buttons = (...titles: string[]) => (activity: Partial<Activity>): void => {
  const got = activity.suggestedActions?.actions.map((a) => a.title) ?? [];
  for (const title of titles) assert.ok(got.includes(title), `expected button "${title}" in ${JSON.stringify(got)}`);
};

describe('EligibilityDialog', () => {
  it('ko: when a resident describes their situation in one message, then only the missing facts are asked, a correction is taken, and programs come with reasons and citations', async () => {
    const { adapter, results, store, locales } = harness('ko');
    await adapter
      .send('67살이고 혼자 살아요. 받을 수 있는 복지 알려줘')
      .assertReply((a) => {
        has('67세', '1인 가구', '어디에 사세요?')(a);
        buttons('한빛시', '다른 지역')(a);
      })
      .send('한빛시')
      .assertReply(hasNot(['소득'], ['나이가 어떻게', '몇 명']))
      .send('아니 68살이요')
      .assertReply(has('고쳤어요: 68세', '소득'))
      .send('월 100만원')
      .assertReply(hasNot(['지금 일하고 계세요?'], ['한부모']))
      .send('실직했어요')
      .assertReply(
        has(
          '기초연금 (Basic Pension, Hanbit City)',
          '나이 68 ≥ 65',
          '한빛시 거주',
          'https://www.hanbit.example.kr/welfare/basic-pension',
          '신청 방법:',
          '주거급여',
          '긴급복지 지원',
          '최종 결정',
        ),
      )
      .assertReply((a) => {
        has('기억해 둘까요?', '68세')(a);
        buttons('네', '아니요')(a);
      })
      .send('아니요')
      .assertReply((a) => {
        has('저장하지 않을게요', '상담해 보시겠어요?')(a);
        buttons('상담원과 이야기하기')(a);
      })
      .startTest();
    assert.equal(store.saves, 0);
    assert.deepEqual(locales, Array(7).fill('ko'), 'every message carries the screening language');
    assert.equal(results.length, 1);
    assert.equal(results[0].outcome, 'recommended');
    assert.deepEqual(results[0].eligible, ['hanbit-basic-pension', 'hanbit-emergency-welfare', 'hanbit-housing-benefit']);
    assert.equal(results[0].offerHandoff, true);
    assert.ok(results[0].questionsAsked <= 5);
  });

  it('ja: when an answer cannot be understood, then the question is asked again; with consent the facts are saved and reused next time', async () => {
    const store = new MemoryProfileStore();
    const first = harness('ja', store);
    await first.adapter
      .send('3歳の子どもがいるシングルマザーです。どんな支援が受けられますか')
      .assertReply(has('お子さん 3歳', 'ひとり親', 'どちらにお住まいですか'))
      .send('さくら台市')
      .assertReply(has('収入'))
      .send('ふつうです')
      .assertReply(has('すみません、うまく理解できませんでした', '収入'))
      .send('年収200万円です')
      .assertReply(has('児童手当 (Child Allowance, Sakuradai City)', '児童扶養手当', '3歳のお子さん', 'https://www.city.sakuradai.example.jp/kosodate/jidoufuyou', '最終的に決定'))
      .assertReply(has('保存しておきましょうか'))
      .send('はい')
      .assertReply((a) => {
        has('保存しました')(a);
        buttons('担当者と話す')(a);
      })
      .startTest();
    assert.deepEqual(first.locales, Array(6).fill('ja'), 'the question asked again and the consent reply included');
    assert.equal(first.results[0].saved, true);
    assert.deepEqual((await store.get('test', 'user1'))?.profile, { childrenAges: [3], singleParent: true, residence: { area: 'sakuradai' }, income: { amount: 2_000_000, currency: 'JPY', period: 'year' } });

    const again = harness('ja', store);
    await again.adapter
      .send('どんな支援が受けられますか')
      .assertReply(has('以前保存した情報を使います', 'さくら台市在住', '児童扶養手当'))
      .startTest();
    assert.equal(again.results[0].questionsAsked, 0);
    assert.equal(store.saves, 2, 'a consented profile is refreshed');
  });

  it('en: when the resident says "stop" in the middle, then the screening ends at once', async () => {
    const { adapter, results, locales } = harness('en');
    await adapter
      .send("I'm a single mum with a 3-year-old, what help is there?")
      .assertReply(has('Noted: children aged 3 · single parent.', 'Where do you live?'))
      .send('Maple Bay')
      .assertReply(has('income'))
      .send('stop')
      .assertReply(has("OK, I've stopped"))
      .startTest();
    assert.deepEqual(locales, ['en', 'en', 'en']);
    assert.deepEqual(results.map((r) => r.outcome), ['stopped']);
  });

  it('en: when the answers arrive one by one, then the matching programs are listed with why, how to apply and the source', async () => {
    const { adapter, results } = harness('en');
    await adapter
      .send("I'm a single mum with a 3-year-old, what help is there?")
      .assertReply(has('Where do you live?'))
      .send('I have lived in Maple Bay for 5 years')
      .assertReply(has('income'))
      .send('about $30,000 a year')
      .assertReply(has('How old are you?'))
      .send('I am 34')
      .assertReply(has('registered disability'))
      .send('no')
      .assertReply(has('work situation'))
      .send('I work part-time')
      .assertReply(
        has('Child Care Subsidy (Maple Bay)', 'child aged 3', 'employment: Employed', 'Winter Heating Assistance', 'https://www.maplebay.example.org/families/child-care-subsidy', 'How to apply:', 'The office makes the final decision'),
      )
      .assertReply(has('Shall I remember'))
      .send('no')
      .assertReply(has("OK, I won't keep them."))
      .startTest();
    assert.ok(results[0].eligible.includes('maplebay-child-care-subsidy'));
    assert.ok(results[0].questionsAsked <= 5);
  });

  it('ko: when a saved profile exists and the resident asks to delete their information, then it is deleted', async () => {
    const store = new MemoryProfileStore();
    await store.save('test', 'user1', { age: 70, householdSize: 1 });
    const { adapter, results } = harness('ko', store);
    await adapter.send('내 정보 삭제해줘').assertReply('저장해 두었던 정보를 삭제했어요.').startTest();
    assert.equal(await store.get('test', 'user1'), null);
    assert.deepEqual(results.map((r) => r.outcome), ['deleted']);
  });

  it('ko: when the resident asks to delete their information in the middle, then the screening ends and nothing is kept', async () => {
    const store = new MemoryProfileStore();
    await store.save('test', 'user1', { age: 70 });
    const { adapter, results } = harness('ko', store);
    await adapter
      .send('받을 수 있는 복지 알려줘')
      .assertReply(has('저장해 두신 정보를 사용할게요', '70세', '어디에 사세요?'))
      .send('내 정보 삭제')
      .assertReply('저장해 두었던 정보를 삭제했어요.')
      .startTest();
    assert.equal(store.rows.size, 0);
    assert.deepEqual(results.map((r) => r.outcome), ['deleted']);
  });

  it('en: when an LLM extractor is wired, then its facts fill what the rules missed, and the rules win on conflicts', async () => {
    const extractor: ProfileExtractor = { extract: () => Promise.resolve({ age: 99, residence: { area: 'maplebay' }, disability: true }) };
    const { adapter } = harness('en', new MemoryProfileStore(), extractor);
    await adapter
      .send("I'm 70, what support can I get?")
      .assertReply(hasNot(['Noted: age 70 · lives in Maple Bay · has a disability.', 'household'], ['99', 'Where do you live?']))
      .startTest();
  });

  it('en: when the LLM is unavailable, then the rules alone are used', async () => {
    const extractor: ProfileExtractor = { extract: () => Promise.resolve(null) };
    const { adapter } = harness('en', new MemoryProfileStore(), extractor);
    await adapter.send("I'm 70, what support can I get?").assertReply(has('Noted: age 70.', 'Where do you live?')).startTest();
  });

  it('ko: when the resident keeps not knowing, then at most five questions are asked before recommending', async () => {
    const { adapter, results } = harness('ko');
    let flow = adapter.send('받을 수 있는 복지 알려줘').assertReply(has('어디에 사세요?')).send('한빛시');
    for (let i = 0; i < 4; i++) flow = flow.assertReply((a) => assert.ok(!a.text?.includes('받을 수 있을 것 같아요'))).send('모르겠어요');
    await flow.assertReply(has('최종 결정')).assertReply(has('기억해 둘까요?')).startTest();
    assert.equal(results.length, 0, 'still waiting for the consent answer');
  });
});
