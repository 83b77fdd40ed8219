/**
 * The insight module's parts on an embedded database: topic words in three languages, a 👎's
 * reason stored masked with its press, the erasure of one resident's demand rows (the roll-ups
 * stay), the report query checked at the edge, and small topics suppressed.
 */
import assert from 'node:assert/strict';
import { openDatabase } from '../../storage/open-database';
import type { Database } from '../../storage/database';
import { topicTerms } from '../../insight/topic-terms';
import { DemandRecorder } from '../../insight/demand-recorder';
import { FeedbackStore } from '../../insight/feedback-store';
import { DemandRollup, lastCompleteDay } from '../../insight/demand-rollup';
import { ReportQuerySchema } from '../../insight/report-query';
import { gapTopics } from '../../insight/gap-topics';
import { ResidentData } from '../../safety/retention/resident-data';

describe('insight parts', function () {
  this.timeout(60000);
  let db: Database;

  before(async () => {
    db = await openDatabase({ databaseUrl: '', dataDir: '', inMemory: true });
  });
  after(async () => {
    await db?.close();
  });

  /** One resident turn: the masked message in the transcript and its demand event. */
  async function turn(recorder: DemandRecorder, user: string, conversation: string, text: string, status: 'answered' | 'not_sure', activityId: string) {
    await db.query(`INSERT INTO transcript (channel_id, conversation_id, user_id, direction, author, text, activity_id) VALUES ('line', $1, $2, 'in', 'resident', $3, $4)`, [conversation, user, text, activityId]);
    recorder.record({
      channelId: 'line',
      conversationId: conversation,
      userId: user,
      activityId,
      lang: 'en',
      route: 'answer',
      escalated: false,
      answer: status === 'answered' ? { status, mode: 'extractive', confidence: 0.9, citations: [{ n: 1, docId: 'doc-a', title: 'A' }] } : { status, mode: 'extractive', confidence: 0.1, citations: [] },
    });
    await recorder.settled();
  }

  it('when questions in three languages are split into topic words, then particles, question words and masked data are left out', () => {
    assert.deepEqual(topicTerms('How do I renew my fishing licences? Call [PHONE]', 'en'), ['renew', 'fishing', 'licence', 'call']);
    assert.deepEqual(topicTerms('반려견 등록은 어떻게 하나요?', 'ko'), ['반려견', '등록']);
    assert.deepEqual(topicTerms('市民農園を借りたいです', 'ja'), ['市民', '農園', '借り']);
  });

  it('when a resident gives a reason after a 👎, then it is stored masked and clipped with that press, and nowhere without one', async () => {
    const recorder = new DemandRecorder(db);
    const store = new FeedbackStore(db, { settled: () => recorder.settled(), mask: (t) => t.replace(/\S+@\S+/g, '[EMAIL]') });
    await turn(recorder, 'U9', 'c-reason', 'what about fishing licences', 'answered', 'a-1');
    const press = { channelId: 'line', conversationId: 'c-reason', userId: 'U9', lang: 'en' as const };
    assert.equal(await store.reason({ ...press, text: 'nothing to attach to' }), false, 'no 👎 yet');
    await store.record({ ...press, helpful: false });
    assert.equal(await store.reason({ ...press, text: `write to me at kim@example.com ${'x'.repeat(600)}` }), true);
    const row = (await db.query<{ reason: string; event_id: string | null }>("SELECT reason, event_id::text AS event_id FROM demand_feedback WHERE conversation_id = 'c-reason'")).rows[0];
    assert.ok(row.reason.startsWith('write to me at [EMAIL] x'));
    assert.equal([...row.reason].length, 500);
    assert.ok(row.event_id, 'the press points at the answer it is about');
    assert.equal(await store.reason({ ...press, text: 'a second reason' }), false, 'one reason per press');
  });

  it('when a resident presses Skip after a 👎, then that press is marked skipped, once, and takes no reason after it', async () => {
    const recorder = new DemandRecorder(db);
    const store = new FeedbackStore(db, { settled: () => recorder.settled() });
    await turn(recorder, 'U8', 'c-skip', 'what about parking permits', 'answered', 's-1');
    const press = { channelId: 'line', conversationId: 'c-skip', userId: 'U8', lang: 'en' as const };
    assert.equal(await store.skip(press), false, 'no 👎 yet');
    await store.record({ ...press, helpful: true });
    assert.equal(await store.skip(press), false, 'a 👍 is not skipped');
    await store.record({ ...press, helpful: false });
    assert.equal(await store.skip(press), true);
    assert.equal(await store.skip(press), false, 'one skip per press');
    assert.equal(await store.reason({ ...press, text: 'too late now' }), false, 'no reason after a skip');
    const rows = (await db.query<{ helpful: boolean; reason: string; skipped: boolean }>("SELECT helpful, reason, skipped FROM demand_feedback WHERE conversation_id = 'c-skip' ORDER BY id")).rows;
    assert.deepEqual(rows, [{ helpful: true, reason: '', skipped: false }, { helpful: false, reason: '', skipped: true }]);
  });

  it('when small and large groups of residents ask what the documents lack, then topics below five residents are suppressed and the others carry examples', async () => {
    const recorder = new DemandRecorder(db);
    for (let i = 0; i < 6; i++) await turn(recorder, `G${i}`, `c-gap-${i}`, `Where can I get a dog licence, number ${i}?`, 'not_sure', `g-${i}`);
    for (let i = 0; i < 2; i++) await turn(recorder, `H${i}`, `c-rare-${i}`, 'Rare question about balloon permits', 'not_sure', `h-${i}`);
    const today = new Date().toISOString().slice(0, 10);
    const report = await gapTopics(db, { from: today, to: today }, { minResidents: 5, examples: 2 });
    // The 👎 question about fishing licences (above) shares the topic word with the six.
    const licence = report.topics.find((t) => t.topic === 'licence');
    assert.deepEqual([licence?.residents, licence?.notSure, licence?.unhelpful, licence?.examples.length], [7, 6, 1, 2]);
    const rare = report.topics.find((t) => t.suppressed);
    assert.deepEqual(rare && { topic: rare.topic, residents: rare.residents, examples: rare.examples }, { topic: '', residents: null, examples: [] });
    assert.ok(!JSON.stringify(report).includes('balloon'), 'nothing of a small topic shows');
  });

  it('when a resident asks to be erased, then their demand events, presses and reasons go and the roll-ups stay', async () => {
    const recorder = new DemandRecorder(db);
    const store = new FeedbackStore(db, { settled: () => recorder.settled() });
    await turn(recorder, 'U1', 'c-erase', 'how do I apply', 'answered', 'e-1');
    await store.record({ channelId: 'line', conversationId: 'c-erase', userId: 'U1', lang: 'en', helpful: false });
    await store.reason({ channelId: 'line', conversationId: 'c-erase', userId: 'U1', lang: 'en', text: 'too short' });
    await turn(recorder, 'U2', 'c-keep', 'how do I apply', 'answered', 'e-2');
    await new DemandRollup(db).rollup();
    const totals = async () => (await db.query<{ n: number }>('SELECT coalesce(sum(messages), 0)::int AS n FROM demand_daily_totals')).rows[0].n;
    const before = await totals();

    const result = await new ResidentData(db).delete('line', 'U1');
    assert.deepEqual([result.deleted.demand_events, result.deleted.demand_feedback], [1, 1]);
    const left = (await db.query<{ conversation_id: string }>("SELECT conversation_id FROM demand_events WHERE conversation_id IN ('c-erase', 'c-keep')")).rows;
    assert.deepEqual(left.map((r) => r.conversation_id), ['c-keep']);
    assert.equal(await totals(), before, 'counts in the roll-ups hold no resident and stay');
  });

  it('when the server was down for days, then the next refresh rolls up the days it missed, and otherwise only today', async () => {
    const daysAgo = (n: number) => Date.now() - n * 86_400_000;
    const dayOf = (n: number) => new Date(daysAgo(n)).toISOString().slice(0, 10);
    const rollup = new DemandRollup(db);
    await rollup.rollup();
    const count = async (n: number) => (await db.query<{ m: number }>('SELECT coalesce(sum(messages), 0)::int AS m FROM demand_daily_totals WHERE day = $1::date', [dayOf(n)])).rows[0].m;
    const event = async (n: number, user: string) => {
      const recorder = new DemandRecorder(db, undefined, () => daysAgo(n));
      recorder.record({ channelId: 'kakao', conversationId: `c-${user}`, userId: user, lang: 'ko', route: 'greeting', escalated: false });
      await recorder.settled();
    };
    // Complete through yesterday: a turn recorded (out of the ordinary) four days back is not redone...
    await event(4, 'W1');
    await rollup.refresh();
    assert.equal(await count(4), 0);
    // ...but when the last complete roll-up is a week old (the server was down), the refresh catches up.
    await db.query("UPDATE demand_rollup_state SET rolled_through = (now() - interval '7 days')::date");
    await rollup.refresh();
    assert.equal(await count(4), 1);
    const through = (await db.query<{ d: string }>("SELECT to_char(rolled_through, 'YYYY-MM-DD') AS d FROM demand_rollup_state")).rows[0].d;
    assert.equal(through, lastCompleteDay(new Date()));
    assert.equal(lastCompleteDay(new Date('2026-03-02T00:05:00Z')), '2026-02-28', 'just after midnight, yesterday is still open');
    assert.equal(lastCompleteDay(new Date('2026-03-02T09:00:00Z')), '2026-03-01');
  });

  it('when a report is asked for with a bad period or filter, then the query is refused with the reason', () => {
    assert.ok(ReportQuerySchema.safeParse({ from: '2026-02-01', to: '2026-02-28', lang: 'ko' }).success);
    for (const bad of [{ from: '2026-02-30', to: '2026-03-01' }, { from: '2026-03-02', to: '2026-03-01' }, { from: '2020-01-01', to: '2026-01-01' }, { from: '2026-01-01', to: '2026-01-02', channel: "x' OR 1=1" }]) {
      assert.equal(ReportQuerySchema.safeParse(bad).success, false, JSON.stringify(bad));
    }
  });
});
