/**
 * The alerts outbox on the embedded database and on PostgreSQL: planning reaches exactly the
 * matching subscribed residents once, workers send through LINE and Telegram wire-protocol test
 * servers, quiet hours and unsubscribes are respected, a dead worker's claims are taken back after
 * the lease without a second copy, and (PostgreSQL) two instances never send one delivery twice.
 */
import assert from 'node:assert/strict';
import type { Database } from '../../storage/database';
import { openDatabase } from '../../storage/open-database';
import { AlertOutbox } from '../../alerts/outbox';
import { AnnouncementRepository } from '../../alerts/announcement-repository';
import { LineDeliverer } from '../../alerts/channels/line-deliverer';
import { TelegramDeliverer } from '../../alerts/channels/telegram-deliverer';
import { batchKey } from '../../alerts/multicast-lane';
import { BotFrameworkDeliverer } from '../../alerts/channels/botframework-deliverer';
import { BotFrameworkEndpoint } from '../../adapters/botframework/botframework-endpoint';
import { FakePlatformServer } from '../helpers/fake-platform-server';
import { FakeLineApi } from '../helpers/fake-line-api';
import { FakeTelegramApi } from '../helpers/fake-telegram-api';
import { createThrowawayPostgres, requirePostgres, type ThrowawayPostgres } from '../helpers/test-databases';
import { announcementStatus, approvedAnnouncement, deliveries, resident, silent, subscribe, testStore, testWorker, until, type TestResident } from './alert-fixtures';

const LINE_TOKEN = 'alerts-line-token';
const BOT_TOKEN = '7000000001:AAAlertsOutboxTestToken_abcdefghij';

/** Text pushed to each LINE user, by user id. */
function linePushes(line: FakeLineApi): Map<string, number> {
  const seen = new Map<string, number>();
  for (const r of line.calls('/v2/bot/message/push')) {
    if (r.path !== '/v2/bot/message/push') continue;
    const to = (r.body as { to: string }).to;
    seen.set(to, (seen.get(to) ?? 0) + 1);
  }
  return seen;
}

/**
 * Messages LINE accepted per user, by push or multicast: a request counts the first time its retry
 * key is seen (the test server answers 409 to a key it accepted before).
 */
function lineAccepted(line: FakeLineApi): Map<string, number> {
  const keys = new Set<string>();
  const got = new Map<string, number>();
  for (const r of line.requests) {
    if (r.path !== '/v2/bot/message/push' && r.path !== '/v2/bot/message/multicast') continue;
    const key = String(r.headers['x-line-retry-key']);
    if (keys.has(key)) continue;
    keys.add(key);
    const to = (r.body as { to: string | string[] }).to;
    for (const user of Array.isArray(to) ? to : [to]) got.set(user, (got.get(user) ?? 0) + 1);
  }
  return got;
}

/** sendMessage calls answered 200, by chat id. */
function telegramSends(telegram: FakeTelegramApi): Map<string, number> {
  const seen = new Map<string, number>();
  for (const b of telegram.method('sendMessage')) seen.set(String(b.chat_id), (seen.get(String(b.chat_id)) ?? 0) + 1);
  return seen;
}

for (const driver of ['pglite', 'postgres'] as const) {
  describe(`the alerts outbox (${driver})`, function () {
    this.timeout(90000);
    let db: Database;
    let second: Database | undefined;
    let pg: ThrowawayPostgres | undefined;
    let line: FakeLineApi;
    let telegram: FakeTelegramApi;
    const lineDeliverer = (multicastMax = 500) => new LineDeliverer({ apiBaseUrl: line.url, channelAccessToken: LINE_TOKEN, multicastMax });
    const telegramDeliverer = () => new TelegramDeliverer({ apiBaseUrl: telegram.url, botToken: BOT_TOKEN });

    before(async function () {
    if (driver === 'postgres') {
        await requirePostgres(this);
        pg = await createThrowawayPostgres();
        db = await openDatabase({ databaseUrl: pg.url, dataDir: '' });
        second = await openDatabase({ databaseUrl: pg.url, dataDir: '' });
      } else {
        db = await openDatabase({ databaseUrl: '', dataDir: '', inMemory: true });
      }
      line = await new FakeLineApi(LINE_TOKEN).start();
      telegram = await new FakeTelegramApi(BOT_TOKEN).start();
    });
    after(async () => {
      await second?.close();
      await db?.close();
      await pg?.drop();
      await line?.stop();
      await telegram?.stop();
    });

    it('when an approved announcement is planned, then exactly the matching subscribed residents get one delivery each, and planning again adds none', async () => {
      const store = testStore(db);
      const welfare = resident('line');
      const all = resident('telegram');
      const health = resident('line');
      const recommendationsOnly = resident('line');
      const otherArea = resident('telegram');
      const sameArea = resident('line');
      const japanese = resident('line');
      await subscribe(store, welfare, ['domain:welfare']);
      await subscribe(store, all, ['all']);
      await subscribe(store, health, ['domain:health']);
      await subscribe(store, recommendationsOnly, ['recommendations']);
      await subscribe(store, otherArea, ['domain:welfare', 'area:sakuradai']);
      await subscribe(store, sameArea, ['area:hanbit']);
      await subscribe(store, japanese, ['domain:welfare'], 'ja');
      const id = await approvedAnnouncement(db, { topics: ['domain:welfare'], area: 'hanbit', langs: ['en'] });
      const outbox = new AlertOutbox(db, 'Testville');
      assert.equal(await outbox.plan(id), 3);
      assert.equal(await outbox.plan(id), null, 'planned once');
      const planned = await deliveries(db, id);
      assert.deepEqual([...planned.keys()].sort(), [welfare.userId, all.userId, sameArea.userId].sort());
      assert.equal(await announcementStatus(db, id), 'sending');
      // Leave nothing behind for the next tests' workers.
      await new AnnouncementRepository(db).cancel(id, 'second-officer');
      await store.unsubscribe(all.channelId, all.userId, 'all');
    });

    it('when the worker runs, then each LINE and Telegram resident receives the announcement once, a resident who unsubscribed in between is skipped, and the announcement is done', async () => {
      const store = testStore(db);
      const lineResidents = Array.from({ length: 12 }, () => resident('line'));
      const tgResidents = Array.from({ length: 6 }, () => resident('telegram'));
      for (const r of [...lineResidents, ...tgResidents]) await subscribe(store, r, ['domain:health']);
      const id = await approvedAnnouncement(db, { topics: ['domain:health'] });
      const outbox = new AlertOutbox(db, 'Testville');
      await outbox.plan(id);
      const quitter = lineResidents[0];
      assert.equal(await store.unsubscribe(quitter.channelId, quitter.userId, 'all'), 1);
      // One LINE push answer is lost: the push is repeated with its retry key and LINE accepts it once.
      line.losePushResponses = 1;
      const worker = testWorker(db, [lineDeliverer(0), telegramDeliverer()]);
      await worker.start();
      try {
        await until(async () => (await announcementStatus(db, id)) === 'done', 'the announcement to be done');
      } finally {
        await worker.stop();
      }
      const rows = await deliveries(db, id);
      assert.equal(rows.get(quitter.userId)?.status, 'skipped');
      assert.equal(rows.get(quitter.userId)?.reason, 'unsubscribed');
      for (const r of [...lineResidents.slice(1), ...tgResidents]) assert.equal(rows.get(r.userId)?.status, 'sent', r.userId);
      const pushes = linePushes(line);
      const accepted = line.acceptedPushes;
      assert.ok(accepted >= 11);
      for (const r of lineResidents.slice(1)) assert.ok((pushes.get(r.userId) ?? 0) >= 1, 'pushed');
      assert.equal(pushes.get(quitter.userId), undefined, 'nothing pushed to the resident who unsubscribed');
      const retried = [...pushes.values()].filter((n) => n > 1).length;
      assert.equal(retried, 1, 'the push whose answer was lost was repeated once (LINE answered 409 to the repeat)');
      const sends = telegramSends(telegram);
      for (const r of tgResidents) assert.equal(sends.get(r.userId), 1);
      const texts = telegram.method('sendMessage').map((b) => String(b.text));
      assert.ok(texts.every((t) => t.includes('Heat shelter open') && t.includes('stop alerts')), texts[0]);
    });

    it("when a region is in its quiet hours, then its residents' deliveries wait and the others go out", async () => {
      const store = testStore(db);
      const quietResident = resident('telegram');
      const awakeResident = resident('telegram');
      await subscribe(store, quietResident, ['domain:transportation']); // region KR (default)
      await subscribe(testStore(db, 'JP'), awakeResident, ['domain:transportation']);
      const id = await approvedAnnouncement(db, { topics: ['domain:transportation'] });
      // KR is quiet all day long (00:00-23:59 in Seoul); JP has no quiet hours.
      const worker = testWorker(db, [telegramDeliverer()], { quiet: 'KR=00:00-23:59@Asia/Seoul,JP=00:00-00:00' });
      await worker.start();
      try {
        await until(async () => (await deliveries(db, id)).get(awakeResident.userId)?.status === 'sent', 'the resident outside quiet hours to be sent');
        await new Promise((r) => setTimeout(r, 300));
      } finally {
        await worker.stop();
      }
      assert.equal((await deliveries(db, id)).get(quietResident.userId)?.status, 'pending');
      assert.equal(telegramSends(telegram).get(quietResident.userId), undefined);
      assert.equal(await announcementStatus(db, id), 'sending', 'not done while a delivery waits');
      // The window ends (here: quiet hours switched off): it goes out.
      const after = testWorker(db, [telegramDeliverer()]);
      await after.start();
      try {
        await until(async () => (await announcementStatus(db, id)) === 'done', 'the waiting delivery to go out');
      } finally {
        await after.stop();
      }
      assert.equal(telegramSends(telegram).get(quietResident.userId), 1);
    });

    it('when an announcement is scheduled, then nothing is planned before its time; when one expires or is cancelled, then what has not gone out is skipped', async () => {
      const store = testStore(db);
      const who = resident('telegram');
      await subscribe(store, who, ['domain:environment']);
      const outbox = new AlertOutbox(db, 'Testville');
      const repo = new AnnouncementRepository(db);
      const later = await approvedAnnouncement(db, { topics: ['domain:environment'], sendAt: new Date(Date.now() + 3_600_000).toISOString() });
      assert.ok(!(await outbox.dueAnnouncements(100)).includes(later), 'not due before its time');
      assert.equal(await outbox.plan(later), null);
      // Planned now, then it expires (and another is cancelled) before any worker sends it.
      const expiring = await approvedAnnouncement(db, { topics: ['domain:environment'], expiresAt: new Date(Date.now() + 60_000).toISOString() });
      const cancelled = await approvedAnnouncement(db, { topics: ['domain:environment'] });
      assert.equal(await outbox.plan(expiring), 1);
      assert.equal(await outbox.plan(cancelled), 1);
      await db.query("UPDATE alert_announcements SET expires_at = now() - interval '1 second' WHERE id = $1", [expiring]);
      await repo.cancel(cancelled, 'second-officer');
      await outbox.settle();
      assert.deepEqual((await deliveries(db, expiring)).get(who.userId), { status: 'skipped', reason: 'expired' });
      assert.deepEqual((await deliveries(db, cancelled)).get(who.userId), { status: 'skipped', reason: 'cancelled' });
      assert.equal(await announcementStatus(db, expiring), 'done');
      await repo.cancel(later, 'second-officer');
    });

    it('when a worker dies holding claims, then after the lease another worker sends what it had not started, and a Telegram send it had started is not repeated', async () => {
      const store = testStore(db);
      const residents: TestResident[] = Array.from({ length: 4 }, () => resident('telegram'));
      for (const r of residents) await subscribe(store, r, ['domain:civil']);
      const id = await approvedAnnouncement(db, { topics: ['domain:civil'] });
      const outbox = new AlertOutbox(db, 'Testville');
      await outbox.plan(id);
      // The dead worker claimed all four and had started the first send when it died.
      const claimed = await outbox.claim('telegram', 'dead-worker', 10, { quiet: [], configured: [], othersQuiet: false });
      const mine = claimed.send.filter((a) => a.announcementId === id);
      assert.equal(mine.length, 4);
      assert.ok(await outbox.markStarted('dead-worker', mine[0].id));
      const before = telegramSends(telegram);
      const worker = testWorker(db, [telegramDeliverer()], { leaseMs: 400 });
      await worker.start();
      try {
        await until(async () => (await announcementStatus(db, id)) === 'done', 'the announcement to be done after the lease');
      } finally {
        await worker.stop();
      }
      const rows = await deliveries(db, id);
      const started = mine[0].userId;
      // It may have reached the resident: unknown, shown apart from failures, with why.
      assert.equal(rows.get(started)?.status, 'unknown');
      assert.match(rows.get(started)?.reason ?? '', /^interrupted/);
      const counts = await outbox.counts(id);
      assert.equal(counts.byStatus.unknown, 1);
      assert.equal(counts.byStatus.failed, 0);
      assert.equal(counts.reasons.interrupted, 1);
      assert.equal(telegramSends(telegram).get(started) ?? 0, before.get(started) ?? 0, 'the started send was not repeated');
      for (const a of mine.slice(1)) {
        assert.equal(rows.get(a.userId)?.status, 'sent');
        assert.equal(telegramSends(telegram).get(a.userId), 1);
      }
      // The dead worker cannot complete what it lost.
      assert.equal(await outbox.complete('dead-worker', [{ id: mine[1].id, status: 'failed', reason: 'late' }]), 0);
    });

    it("when Telegram answers 429 with retry_after, then nothing more is sent to Telegram until that wait is over, and every resident still gets one", async () => {
      const store = testStore(db);
      const residents = Array.from({ length: 3 }, () => resident('telegram'));
      for (const r of residents) await subscribe(store, r, ['domain:culture']);
      const id = await approvedAnnouncement(db, { topics: ['domain:culture'] });
      telegram.failNext(`/bot${BOT_TOKEN}/sendMessage`, 1, 429, { ok: false, error_code: 429, description: 'Too Many Requests: retry after 1', parameters: { retry_after: 1 } });
      const from = telegram.requests.length;
      // Paced (50 ms apart), as in production: the 429 is answered before the next send is due.
      const worker = testWorker(db, [telegramDeliverer()], { rates: { telegram: 20 } });
      await worker.start();
      try {
        await until(async () => (await announcementStatus(db, id)) === 'done', 'the announcement to be done');
      } finally {
        await worker.stop();
      }
      const calls = telegram.requests.slice(from).filter((r) => r.path.endsWith('/sendMessage'));
      const limited = calls[0];
      // Sends already on their way when the 429 came back arrive at once; none is started in the wait.
      const gaps = calls.slice(1).map((c) => c.at - limited.at);
      assert.ok(gaps.every((g) => g < 100 || g >= 1000), `nothing was sent during retry_after: ${gaps.join(', ')}`);
      assert.ok(gaps.some((g) => g >= 1000), 'the rest went out after the wait');
      // The call answered 429 was not delivered; every resident got exactly one accepted call.
      for (const r of residents) assert.equal(calls.filter((c) => c !== limited && String((c.body as { chat_id: unknown }).chat_id) === r.userId).length, 1);
    });

    it('when many LINE residents get the same message, then it goes in multicast requests, a lost answer is repeated with the same key, and a dead worker\'s request is resumed unchanged', async () => {
    const store = testStore(db);
    const residents = Array.from({ length: 25 }, () => resident('line'));
    for (const r of residents) await subscribe(store, r, ['domain:childcare']);
    const id = await approvedAnnouncement(db, { topics: ['domain:childcare'] });
    const outbox = new AlertOutbox(db, 'Testville');
    await outbox.plan(id);
    // A worker claimed ten, fixed them as one multicast request, and died before sending it.
    const claimed = await outbox.claim('line', 'dead-worker', 10, { quiet: [], configured: [], othersQuiet: false });
    const deadIds = claimed.send.map((a) => a.id);
    const deadKey = batchKey(deadIds);
    await outbox.openBatch('dead-worker', 'line', deadKey, id, deadIds);
    const from = line.requests.length;
    line.failNext('/v2/bot/message/multicast', 1, 500, { message: 'response lost' });
    const worker = testWorker(db, [lineDeliverer(10)], { leaseMs: 300, rates: { line: 100, line_multicast: 50 } });
    await worker.start();
    try {
      await until(async () => (await announcementStatus(db, id)) === 'done', 'the announcement to be done');
    } finally {
      await worker.stop();
    }
    const requests = line.requests.slice(from).filter((r) => r.path === '/v2/bot/message/multicast');
    assert.ok(requests.length >= 3, `multicast requests: ${requests.length}`);
    const resumed = requests.filter((r) => r.headers['x-line-retry-key'] === deadKey);
    assert.ok(resumed.length >= 1, "the dead worker's request was sent with its key");
    assert.deepEqual([...(resumed[0].body as { to: string[] }).to].sort(), claimed.send.map((a) => a.conversationId).sort(), 'with the same recipients');
    const accepted = lineAccepted(line);
    for (const r of residents) assert.equal(accepted.get(r.userId), 1, `accepted once for ${r.userId}`);
    const pushed = linePushes(line);
    assert.ok(residents.every((r) => !pushed.has(r.userId)), 'none of them pushed one by one');
    const rows = await deliveries(db, id);
    assert.ok([...rows.values()].every((d) => d.status === 'sent'));
  });

    it('when a Teams conversation is gone (403) or the connector fails (400), then the delivery is skipped as unreachable or failed — never counted as sent', async () => {
      const gone = resident('msteams');
      const broken = resident('msteams');
      const fine = resident('msteams');
      // A Bot Framework channel's connector (test double): the first resident blocked the bot, the second's conversation is malformed.
      const teams = await new FakePlatformServer((req) =>
        req.path.includes(`/v3/conversations/${gone.conversationId}/`)
          ? { status: 403, body: { error: { code: 'ConversationBlockedByUser', message: 'blocked' } } }
          : req.path.includes(`/v3/conversations/${broken.conversationId}/`)
            ? { status: 400, body: { error: { code: 'BadArgument', message: 'bad' } } }
            : { status: 201, body: { id: `a-${req.path.length}` } },
      ).start();
      try {
        const store = testStore(db);
        for (const r of [gone, broken, fine]) await subscribe(store, r, ['domain:housing'], 'en', teams.url);
        const endpoint = new BotFrameworkEndpoint({ appId: '', appPassword: '', appType: 'MultiTenant', tenantId: '' }, '256kb', async () => undefined, silent, { allowAnonymous: true, trustedServiceHosts: [] });
        const id = await approvedAnnouncement(db, { topics: ['domain:housing'] });
        const worker = testWorker(db, [new BotFrameworkDeliverer(endpoint, () => undefined)]);
        await worker.start();
        try {
          await until(async () => (await announcementStatus(db, id)) === 'done', 'the announcement to be done');
        } finally {
          await worker.stop();
        }
        const rows = await deliveries(db, id);
        assert.deepEqual(rows.get(gone.userId), { status: 'skipped', reason: 'unreachable' });
        assert.equal(rows.get(broken.userId)?.status, 'failed');
        assert.match(rows.get(broken.userId)?.reason ?? '', /^rejected 400/);
        assert.equal(rows.get(fine.userId)?.status, 'sent');
      } finally {
        await teams.stop();
      }
    });

    if (driver === 'postgres') {
      it('when two instances run workers on one PostgreSQL database, then both send and no resident gets the announcement twice', async () => {
        const store = testStore(db);
        const lineResidents = Array.from({ length: 150 }, () => resident('line'));
        const tgResidents = Array.from({ length: 60 }, () => resident('telegram'));
        for (const r of [...lineResidents, ...tgResidents]) await subscribe(store, r, ['domain:education']);
        const id = await approvedAnnouncement(db, { topics: ['domain:education'] });
        const rates = { line: 100, telegram: 40 };
        // LINE in multicast requests of 10 (15 requests), Telegram one by one.
        const a = testWorker(db, [lineDeliverer(10), telegramDeliverer()], { rates: { ...rates, line_multicast: 10 }, owner: 'instance-a' });
        const b = testWorker(second!, [lineDeliverer(10), telegramDeliverer()], { rates: { ...rates, line_multicast: 10 }, owner: 'instance-b' });
        await Promise.all([a.start(), b.start()]);
        try {
          await until(async () => (await announcementStatus(db, id)) === 'done', 'the announcement to be done', 30000);
        } finally {
          await Promise.all([a.stop(), b.stop()]);
        }
        const owners = await db.query<{ claimed_by: string; n: number | string }>("SELECT claimed_by, count(*) AS n FROM alert_deliveries WHERE announcement_id = $1 AND status = 'sent' GROUP BY claimed_by", [id]);
        assert.deepEqual(owners.rows.map((r) => r.claimed_by).sort(), ['instance-a', 'instance-b'], 'both instances sent');
        assert.equal(owners.rows.reduce((s, r) => s + Number(r.n), 0), 210);
        const accepted = lineAccepted(line);
        for (const r of lineResidents) assert.equal(accepted.get(r.userId), 1, `LINE ${r.userId}`);
        const sends = telegramSends(telegram);
        for (const r of tgResidents) assert.equal(sends.get(r.userId), 1, `Telegram ${r.userId}`);
      });
    }
  });
}
