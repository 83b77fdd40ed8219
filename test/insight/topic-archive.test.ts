/**
 * Knowledge-gap topics beyond RETENTION_DAYS, on PGlite and PostgreSQL: residents' unanswered
 * questions on days the retention purge then cuts into are archived before it (topic word, counts,
 * residents, closest documents; no text, no small topic's word), the report reads those days from
 * the archive and the kept days from the transcripts, adding a topic up across both, and filters
 * narrow the archived topics too.
 */
import assert from 'node:assert/strict';
import type { Database } from '../../storage/database';
import { DemandRecorder } from '../../insight/demand-recorder';
import { DemandRollup } from '../../insight/demand-rollup';
import { gapTopics } from '../../insight/gap-topics';
import { RetentionPurger } from '../../safety/retention/retention-purger';
import { DRIVERS, requirePostgres, type TestDatabase } from '../helpers/test-databases';

const DAY_MS = 86_400_000;
const dayOf = (daysAgo: number) => new Date(Date.now() - daysAgo * DAY_MS).toISOString().slice(0, 10);
/** Noon (UTC) of a day some days back: away from the day's edges. */
const noonOf = (daysAgo: number) => Date.parse(`${dayOf(daysAgo)}T12:00:00Z`);

for (const driver of DRIVERS) {
  describe(`knowledge-gap topics beyond retention (${driver.name})`, function () {
    this.timeout(60000);
    let handle: TestDatabase;
    let db: Database;
    let n = 0;

    before(async function () {
      if (driver.name === 'postgres') await requirePostgres(this);
      handle = await driver.open();
      db = handle.db;
    });
    after(async () => {
      await handle?.dispose();
    });

    /** One resident's not-sure question some days back: the masked message in the transcript and its demand event. */
    async function ask(daysAgo: number, channel: string, lang: 'en' | 'ko', user: string, text: string): Promise<void> {
      const at = noonOf(daysAgo) + n * 1000;
      const id = `act-${++n}`;
      await db.query(
        `INSERT INTO transcript (channel_id, conversation_id, user_id, direction, author, text, activity_id, created_at) VALUES ($1, $2, $3, 'in', 'resident', $4, $5, $6)`,
        [channel, `c-${user}`, user, text, id, new Date(at).toISOString()],
      );
      const recorder = new DemandRecorder(db, undefined, () => at);
      recorder.record({ channelId: channel, conversationId: `c-${user}`, userId: user, activityId: id, lang, route: 'answer', escalated: false, answer: { status: 'not_sure', mode: 'extractive', confidence: 0.1, citations: [] } });
      await recorder.settled();
    }

    it('when the purge cuts into days with unanswered questions, then their topics are archived first — words only of topics five residents shared that day — and read back with the kept days', async () => {
      // Ten days back: six residents ask about dog licences, two about balloon permits (a small topic).
      for (let i = 0; i < 6; i++) await ask(10, 'line', 'en', `A${i}`, `Where can I get a dog licence, number ${i}?`);
      for (let i = 0; i < 2; i++) await ask(10, 'line', 'en', `B${i}`, 'Rare question about balloon permits');
      // Nine days back: three residents on Telegram ask about dog licences (fewer than five that day).
      for (let i = 0; i < 3; i++) await ask(9, 'telegram', 'en', `C${i}`, 'How much is a dog licence?');
      // Three days back (kept): four more ask about dog licences, in Korean among them.
      for (let i = 0; i < 4; i++) await ask(3, 'line', i < 2 ? 'en' : 'ko', `D${i}`, i < 2 ? 'dog licence renewal' : '반려견 licence 갱신');

      const probes: string[] = [];
      const rollup = new DemandRollup(db, { closest: async (text) => (probes.push(text), [{ docId: 'pet-registration', title: 'Pet registration' }]) });
      const purged = await new RetentionPurger(db, { beforePurge: (cutoff) => rollup.beforePurge(cutoff) }).purge(5);
      assert.ok((purged.deleted.transcript ?? 0) >= 11, JSON.stringify(purged.deleted));

      // The archive: no message text, no small topic's word, the residents of each cell.
      const rows = (await db.query<{ day: string; topic: string; hidden: boolean; channel_id: string; lang: string; residents: number; questions: number; not_sure: number; closest: string[] }>(
        "SELECT to_char(day, 'YYYY-MM-DD') AS day, topic, hidden, channel_id, lang, residents, questions, not_sure, closest FROM demand_daily_topics ORDER BY day, hidden, topic, channel_id",
      )).rows;
      const dump = JSON.stringify(rows);
      assert.ok(!/balloon|permit|Where can|How much/.test(dump), dump);
      assert.deepEqual(
        rows.map((r) => [r.day, r.topic, r.hidden, r.channel_id, r.lang, r.residents, r.questions, r.not_sure, r.closest]),
        [
          [dayOf(10), 'licence', false, '*', '*', 6, 6, 6, ['pet-registration']],
          [dayOf(10), 'licence', false, 'line', 'en', 6, 6, 6, []],
          [dayOf(10), '', true, '*', '*', 2, 2, 2, []],
          [dayOf(10), '', true, 'line', 'en', 2, 2, 2, []],
          [dayOf(9), '', true, '*', '*', 3, 3, 3, []],
          [dayOf(9), '', true, 'telegram', 'en', 3, 3, 3, []],
        ],
      );
      assert.deepEqual(probes, ['Where can I get a dog licence, number 5?'], 'the closest documents by retrieval for the topic\'s newest question');

      // The archived days alone: counts and closest documents, no examples.
      const old = await gapTopics(db, { from: dayOf(10), to: dayOf(9) }, { minResidents: 5, examples: 3 });
      assert.deepEqual(old.archived, { from: dayOf(10), to: dayOf(9) });
      assert.equal(old.questionsRead, 0);
      const licence = old.topics.find((x) => x.topic === 'licence');
      assert.deepEqual(licence, { topic: 'licence', suppressed: false, residents: 6, questions: 6, unanswered: 0, notSure: 6, lowConfidence: 0, unhelpful: 0, langs: ['en'], closest: [{ docId: 'pet-registration', title: 'pet-registration' }], examples: [] });
      assert.deepEqual(old.topics.filter((x) => x.suppressed).map((x) => x.questions), [null], 'the small topics, pooled, show nothing');

      // Archived and kept days together: the word adds up, residents are the most on one side (a lower bound), examples only from the kept days.
      const all = await gapTopics(db, { from: dayOf(10), to: dayOf(0) }, { minResidents: 5, examples: 3 });
      assert.deepEqual(all.archived, { from: dayOf(10), to: dayOf(5) });
      assert.equal(all.questionsRead, 4);
      const both = all.topics.find((x) => x.topic === 'licence');
      assert.deepEqual([both?.questions, both?.notSure, both?.residents, both?.langs], [10, 10, 6, ['en', 'ko']]);
      assert.deepEqual(both?.examples.map((e) => e.text).sort(), ['dog licence renewal', '반려견 licence 갱신']);

      // Filters narrow the archive: Telegram's three residents that day are no topic; English on LINE is.
      const telegram = await gapTopics(db, { from: dayOf(10), to: dayOf(9), channel: 'telegram' }, { minResidents: 5 });
      assert.deepEqual(telegram.topics.map((x) => [x.topic, x.suppressed]), [['', true]]);
      const line = await gapTopics(db, { from: dayOf(10), to: dayOf(9), channel: 'line', lang: 'en' }, { minResidents: 5 });
      assert.deepEqual(line.topics.filter((x) => !x.suppressed).map((x) => [x.topic, x.residents, x.questions]), [['licence', 6, 6]]);
      const ko = await gapTopics(db, { from: dayOf(10), to: dayOf(9), lang: 'ko' }, { minResidents: 5 });
      assert.deepEqual(ko.topics, []);
    });

    it('when the purge runs again, then days already archived are not redone, and the next day is', async () => {
      const before = (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM demand_daily_topics')).rows[0].n;
      const rollup = new DemandRollup(db);
      const report = await rollup.beforePurge(new Date(Date.now() - 5 * DAY_MS));
      assert.equal(report.topicRows, 0);
      const next = await rollup.beforePurge(new Date(Date.now() - 3 * DAY_MS));
      // Three days back: four residents, one small topic (fewer than five), pooled: its whole-day row and two cells (en, ko).
      assert.equal(next.topicRows, 3);
      assert.equal((await db.query<{ n: number }>('SELECT count(*)::int AS n FROM demand_daily_topics')).rows[0].n, before + 3);
    });
  });
}
