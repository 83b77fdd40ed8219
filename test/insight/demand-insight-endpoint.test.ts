/**
 * Service-demand insight end to end, through the real Bot Framework endpoint (/api/messages with
 * anonymous development mode from loopback): scripted conversations in Korean, Japanese and
 * English — answers, 👍 and 👎 presses, not-sure questions, hand-offs answered early and late, crisis
 * escalations — then the demand events (no message text), the feedback rows, the daily roll-ups,
 * `madoguchi report` in JSON, CSV and HTML with its small-cell suppression, and the same figures
 * after `madoguchi purge` has deleted the events, on PGlite and on PostgreSQL.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { loadConfig } from '../../bot/config';
import { buildContainer, type Container } from '../../bot/container';
import { startServer, type RunningServer } from '../../bot/server';
import { runReport } from '../../bot/commands/report-command';
import { runPurge } from '../../bot/commands/purge-command';
import { openCommandDatabase } from '../../bot/commands/command-database';
import type { DemandReport } from '../../insight/demand-report';
import type { ClosestDocument } from '../../insight/gap-topics';
import { closestDocuments } from '../../bot/wiring/insight-wiring';
import { emulatorActivity, startReplySink, type ReplySink } from '../helpers/reply-sink';
import { createThrowawayPostgres, requirePostgres, type ThrowawayPostgres } from '../helpers/test-databases';
import { t } from '../../locales/i18n';

const log = pino({ level: 'silent' });
const QUESTIONS = {
  ko: '기초연금 신청하려면 뭐가 필요해요?',
  en: 'how do I get a resident certificate?',
  ja: '児童手当の申請方法は？',
  jaUnknown: '墓地の使用許可の申請方法は',
};
/** After a 👎: a reason, and a new question about another document (the child allowance). */
const AFTER_DOWN = { reason: '신청 마감일 정보가 없어요', question: '아동수당 신청 방법 알려주세요' };
/** The scripted day, ten days back (so a five-day purge removes its events). */
const SHIFT_DAYS = 10;

for (const driver of ['pglite', 'postgres'] as const) {
  describe(`service-demand insight through the Bot Framework endpoint (${driver})`, function () {
    this.timeout(180000);
    let sink: ReplySink;
    let container: Container;
    let server: RunningServer;
    let dataDir: string;
    let pg: ThrowawayPostgres | undefined;
    let day: string;
    let first: DemandReport;

    /** Posts one message; returns this conversation's new messages (a first turn's privacy notice dropped: expected > 1). */
    async function say(conversation: string, text: string, expected: number) {
      const count = sink.received.filter((r) => r.activity.type === 'message').length;
      const res = await fetch(`${server.url}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(emulatorActivity(sink, conversation, text)),
      });
      assert.equal(res.status, 200);
      const all = await sink.waitForMessages(count + expected);
      return all
        .slice(count)
        .filter((r) => (r.activity.conversation as { id?: string } | undefined)?.id === conversation)
        .slice(expected > 1 ? 1 : 0)
        .map((r) => ({
          text: r.activity.text ?? '',
          route: (r.activity.channelData as { madoguchi?: { route?: string } } | undefined)?.madoguchi?.route,
          actions: ((r.activity.suggestedActions as { actions?: { title: string; value: string }[] } | undefined)?.actions ?? []).map((a) => a.value),
        }));
    }

    const report = async (format: 'json' | 'csv' | 'html') =>
      (await runReport({ from: day, to: day, format, databaseUrl: pg?.url ?? '', dataDir })).text;

    before(async function () {
      if (driver === 'postgres') {
        await requirePostgres(this);
        pg = await createThrowawayPostgres();
      }
      sink = await startReplySink();
      dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'madoguchi-insight-'));
      const config = loadConfig(
        {
          PORT: '0',
          HOST: '127.0.0.1',
          OLLAMA_BASE_URL: 'http://127.0.0.1:1',
          LOG_LEVEL: 'silent',
          BOTFRAMEWORK_ALLOW_ANONYMOUS: 'true',
          RATE_LIMIT_PER_IP_PER_MINUTE: '10000',
          DATA_DIR: dataDir,
          DATABASE_URL: pg?.url ?? '',
        },
        null,
      );
      container = await buildContainer(config, log);
      server = await startServer(container.app, { port: 0, host: '127.0.0.1', log, shutdownTimeoutMs: 2000, onShutdown: [container.shutdown] });
    });
    after(async () => {
      await server?.stop().catch(() => undefined);
      await sink?.close();
      await pg?.drop();
      if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
    });

    it('when residents converse in three languages, then every turn leaves a demand event without message text', async () => {
      for (let i = 0; i < 6; i++) {
        const ko = await say(`ko-${i}`, QUESTIONS.ko, 2);
        assert.equal(ko[0].route, 'answer');
        assert.deepEqual(ko[0].actions.slice(-2), [t('ko', 'feedback.helpful'), t('ko', 'feedback.notHelpful')]);
        const down = await say(`ko-${i}`, t('ko', 'feedback.notHelpful'), 1);
        assert.equal(down[0].route, 'feedback');
        assert.equal(down[0].text, t('ko', 'feedback.askReason'));
        assert.deepEqual(down[0].actions, [t('ko', 'core.notSureActions.officer'), t('ko', 'feedback.skip')], 'a 👎 asks for a reason and offers an officer');
        // Then Skip, a reason, or a new question (answered, the 👎 left without a reason).
        if (i % 3 === 0) assert.equal((await say(`ko-${i}`, t('ko', 'feedback.skip'), 1))[0].text, t('ko', 'feedback.skipped'));
        if (i % 3 === 1) assert.equal((await say(`ko-${i}`, AFTER_DOWN.reason, 1))[0].text, t('ko', 'feedback.reasonThanks'));
        if (i % 3 === 2) assert.equal((await say(`ko-${i}`, AFTER_DOWN.question, 1))[0].route, 'answer');

        assert.equal((await say(`en-${i}`, QUESTIONS.en, 2))[0].route, 'answer');
        const up = await say(`en-${i}`, t('en', 'feedback.helpful'), 1);
        assert.deepEqual([up[0].text, up[0].actions], [t('en', 'feedback.thanks'), []]);

        assert.equal((await say(`ja-unknown-${i}`, QUESTIONS.jaUnknown, 2))[0].route, 'not_sure');
        assert.equal((await say(`handoff-${i}`, 'I want to talk to a person', 2))[0].route, 'handoff');
      }
      for (let i = 0; i < 3; i++) assert.equal((await say(`ja-${i}`, QUESTIONS.ja, 2))[0].route, 'answer');
      for (let i = 0; i < 5; i++) assert.equal((await say(`crisis-${i}`, '죽고 싶어요', 3))[0].route, 'crisis');

      const db = container.db;
      // Events are written beside the turn: wait for the last ones.
      const expected = 6 + 2 + 6 + 6 + 6 + 3 + 5; // every turn that reached the router (two new questions after a 👎); presses, reasons and skips are stored as feedback
      let events = 0;
      for (let k = 0; k < 50 && events < expected; k++) {
        events = (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM demand_events')).rows[0].n;
        if (events < expected) await new Promise((r) => setTimeout(r, 100));
      }
      assert.equal(events, expected);
      const columns = (await db.query<{ column_name: string }>("SELECT column_name FROM information_schema.columns WHERE table_name IN ('demand_events', 'demand_feedback')")).rows.map((r) => r.column_name);
      assert.ok(!columns.some((c) => /text|question|message/.test(c)), columns.join());
      // The reason after a 👎 is the one text kept (masked, purged with the transcript): not in this dump.
      const dump = JSON.stringify((await db.query('SELECT * FROM demand_events')).rows) + JSON.stringify((await db.query('SELECT id, created_at, channel_id, conversation_id, resident_key, lang, helpful, route, doc_ids, section, confidence_band, event_id, skipped FROM demand_feedback')).rows);
      for (const q of [...Object.values(QUESTIONS), AFTER_DOWN.question, 'talk to a person', '죽고']) assert.ok(!dump.includes(q), `"${q}" leaked into the demand tables`);

      const byRoute = (await db.query<{ route: string; lang: string; doc_id: string; section: string; band: string; n: number }>(
        "SELECT route, lang, doc_id, section, confidence_band AS band, count(*)::int AS n FROM demand_events GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3",
      )).rows;
      const ko = byRoute.find((r) => r.route === 'answer' && r.lang === 'ko' && r.doc_id !== '');
      assert.deepEqual([ko?.doc_id, ko?.n], ['hanbit-basic-pension', 6]);
      assert.equal(byRoute.find((r) => r.route === 'answer' && r.lang === 'ko' && r.doc_id === 'hanbit-child-allowance')?.n, 2, 'the new questions after a 👎 were answered');
      // The section the answer quoted (which one is the answer module's call: how to apply, or what to bring).
      assert.ok(['신청 방법', '구비 서류'].includes(ko?.section ?? ''), ko?.section);
      assert.ok(['high', 'medium', 'low'].includes(ko?.band ?? ''));
      assert.equal(byRoute.find((r) => r.route === 'crisis')?.n, 5);
    });

    it('when residents press 👍 or 👎, then the feedback is stored with the cited documents and route of the answer, and what followed a 👎', async () => {
      const { rows } = await container.db.query<{ lang: string; helpful: boolean; route: string; doc_ids: string[]; n: number }>(
        'SELECT lang, helpful, route, doc_ids, count(*)::int AS n FROM demand_feedback GROUP BY 1, 2, 3, 4 ORDER BY 1',
      );
      assert.equal(rows.length, 2);
      assert.deepEqual(rows.find((r) => r.lang === 'ko'), { lang: 'ko', helpful: false, route: 'answer', doc_ids: ['hanbit-basic-pension'], n: 6 });
      const followed = (await container.db.query<{ reason: string; skipped: boolean; n: number }>("SELECT reason, skipped, count(*)::int AS n FROM demand_feedback WHERE lang = 'ko' GROUP BY 1, 2 ORDER BY 1, 2")).rows;
      assert.deepEqual(followed, [{ reason: '', skipped: false, n: 2 }, { reason: '', skipped: true, n: 2 }, { reason: AFTER_DOWN.reason, skipped: false, n: 2 }]);
      const en = rows.find((r) => r.lang === 'en');
      assert.deepEqual([en?.helpful, en?.route, en?.doc_ids[0], en?.n], [true, 'answer', 'sakuradai-residence-certificate', 6]);
    });

    it('when officers answer hand-offs early and late and the day is rolled up, then the report states every figure and suppresses small cells', async () => {
      const db = container.db;
      // The hand-off lifecycle as officers lived it: three replies after a minute, three after an hour,
      // crisis cases claimed after 30 s; everything then resolved (so the purge may take it).
      const handoffs = (await db.query<{ id: string; conversation_id: string }>('SELECT id, conversation_id FROM handoffs ORDER BY conversation_id')).rows;
      assert.equal(handoffs.length, 11);
      for (const h of handoffs) {
        const late = /^handoff-[345]$/.test(h.conversation_id);
        const crisis = h.conversation_id.startsWith('crisis-');
        const reply = crisis ? 120 : late ? 3600 : 60;
        await db.query(
          `INSERT INTO handoff_messages (handoff_id, author, text, internal, delivery, created_at) VALUES ($1, 'officer', 'reply', false, 'sent', (SELECT created_at FROM handoffs WHERE id = $1) + $2 * interval '1 second')`,
          [h.id, reply],
        );
        await db.query(
          `UPDATE handoffs SET status = 'resolved', assigned_at = created_at + interval '30 seconds', resolved_at = created_at + interval '2 hours', updated_at = created_at + interval '2 hours' WHERE id = $1`,
          [h.id],
        );
      }
      const shift = `${SHIFT_DAYS} days`;
      for (const [table, columns] of [
        ['demand_events', ['created_at']],
        ['demand_feedback', ['created_at']],
        ['handoffs', ['created_at', 'queued_at', 'assigned_at', 'active_at', 'resolved_at', 'updated_at']],
        ['handoff_messages', ['created_at']],
        ['transcript', ['created_at']],
        ['conversation_refs', ['updated_at']],
        ['bot_state', ['updated_at']],
      ] as const) {
        await db.query(`UPDATE ${table} SET ${columns.map((c) => `${c} = ${c} - interval '${shift}'`).join(', ')}`);
      }
      day = (await db.query<{ d: string }>("SELECT to_char((min(created_at) AT TIME ZONE 'UTC')::date, 'YYYY-MM-DD') AS d FROM demand_events")).rows[0].d;
      // What the console's retrieval (the server's knowledge base) finds closest to the question no document answered.
      const closest: ClosestDocument[] = await closestDocuments(container.knowledge.kb)(QUESTIONS.jaUnknown, 'ja');
      assert.ok(closest.length > 0);
      await server.stop(); // the embedded database belongs to one process: the commands run after it
      first = JSON.parse(await report('json')) as DemandReport;

      const cell = (lang: string) => first.daily.find((d) => d.lang === lang);
      // Korean: six questions, six 👎, two skips, two reasons, two new questions, five crises.
      assert.deepEqual([cell('ko')?.conversations, cell('ko')?.messages], [11, 23]);
      assert.deepEqual([cell('en')?.conversations, cell('en')?.messages], [12, 18]);
      assert.deepEqual([cell('ja')?.conversations, cell('ja')?.messages], [9, 9]);
      assert.deepEqual([first.totals.conversations, first.totals.messages], [32, 50]);

      const doc = (id: string) => first.topDocuments.find((d) => d.docId === id);
      assert.deepEqual([doc('hanbit-basic-pension')?.answered, doc('hanbit-basic-pension')?.unhelpful, doc('hanbit-basic-pension')?.unhelpfulReason, doc('hanbit-basic-pension')?.unhelpfulSkipped], [6, 6, 2, 2]);
      const welfare = first.topDomains.find((d) => d.domain === 'welfare');
      assert.deepEqual([welfare?.unhelpful, welfare?.unhelpfulReason, welfare?.unhelpfulSkipped], [6, 2, 2]);
      assert.deepEqual([doc('sakuradai-residence-certificate')?.answered, doc('sakuradai-residence-certificate')?.helpful], [6, 6]);
      // Three residents asked about the child allowance: fewer than five, so no figure.
      assert.deepEqual(doc('sakuradai-child-allowance'), { docId: 'sakuradai-child-allowance', title: doc('sakuradai-child-allowance')?.title, domain: doc('sakuradai-child-allowance')?.domain, suppressed: true, answered: null, helpful: null, unhelpful: null, unhelpfulReason: null, unhelpfulSkipped: null });

      // The not-sure topic cites no document: its closest documents come from the knowledge base's retrieval, as on the console.
      const unknown = first.topics.topics.find((x) => x.notSure === 6);
      assert.deepEqual(unknown?.closest, closest);

      const noDocument = first.gapsByDocument.find((g) => g.key === '');
      assert.equal(noDocument?.notSure, 6);
      assert.equal(first.gapsByDocument.find((g) => g.key === 'hanbit-basic-pension')?.unhelpful, 6);

      const general = first.handoffs.find((h) => h.team === 'general');
      assert.deepEqual([general?.handoffs, general?.firstReplyP50, general?.firstReplyP90, general?.unanswered], [6, 60, 3600, 0]);
      assert.deepEqual([first.crisis.escalations, first.crisis.claimP50, first.crisis.firstReplyP90], [5, 30, 120]);
      assert.equal(first.handoffs.find((h) => h.team === 'crisis')?.handoffs, 5);

      const parity = (dimension: string, group: string) => first.parity.find((p) => p.dimension === dimension && p.group === group);
      assert.deepEqual([parity('lang', 'ja')?.answerRate, parity('lang', 'ja')?.flags], [0.333, ['answer_rate']]);
      assert.deepEqual([parity('lang', 'ko')?.helpfulRate, parity('lang', 'ko')?.flags], [0, ['helpful_rate']]);
      assert.deepEqual([parity('lang', 'en')?.answerRate, parity('lang', 'en')?.helpfulRate, parity('lang', 'en')?.handoffRate, parity('lang', 'en')?.flags], [1, 1, 0.5, ['handoff_rate']]);
      assert.equal(parity('channel', 'emulator')?.answerRate, 0.739, '17 of 23 questions to the knowledge base answered');

      const csv = await report('csv');
      assert.match(csv, /^section,group,metric,value\n/);
      assert.match(csv, /\ntop_documents,sakuradai-child-allowance,answered,suppressed\n/);
      assert.match(csv, /\nhandoffs,general,firstReplyP90,3600\n/);
      assert.match(csv, /\ntop_documents,hanbit-basic-pension,unhelpfulSkipped,2\n/);
      const html = await report('html');
      assert.match(html, /^<!doctype html>/);
      assert.match(html, /<canvas id="chart-daily-channel" role="img"/);
      assert.match(html, /&lt;5/);
      assert.doesNotMatch(html, /<script[^>]*\bsrc=|<link\b|<img\b|<iframe\b|@import/, 'self-contained: nothing fetched');
    });

    it('when the events are purged, then the roll-ups still give the same report', async () => {
      const purged = await runPurge({ days: '5', databaseUrl: pg?.url ?? '', dataDir });
      assert.equal(purged.deleted.demand_events, 34);
      assert.equal(purged.deleted.demand_feedback, 12);
      assert.equal(purged.deleted.handoffs, 11);
      const again = JSON.parse(await report('json')) as DemandReport;
      // Every figure comes from the roll-ups; the topics, read from the transcripts the purge took,
      // from the archive written before it: the same words, counts and closest documents (small
      // topics pooled into one suppressed row; examples never leave the console anyway).
      assert.deepEqual({ ...again, generatedAt: '', topics: null }, { ...first, generatedAt: '', topics: null });
      assert.deepEqual([first.topics.archived, again.topics.archived], [null, { from: day, to: day }]);
      const shown = (r: DemandReport) => r.topics.topics.filter((x) => !x.suppressed);
      assert.ok(shown(first).length > 0);
      assert.deepEqual(shown(again), shown(first));
      assert.deepEqual(again.topics.topics.filter((x) => x.suppressed).length, first.topics.topics.some((x) => x.suppressed) ? 1 : 0);
      const db = await openCommandDatabase(pg?.url ?? '', dataDir);
      const stored = await db.query('SELECT * FROM demand_daily_topics').finally(() => db.close());
      assert.ok(stored.rows.length > 0);
      const archive = JSON.stringify(stored.rows);
      for (const q of [...Object.values(QUESTIONS), AFTER_DOWN.question]) assert.ok(!archive.includes(q), `"${q}" in the topic archive`);
    });
  });
}
