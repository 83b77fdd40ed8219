/**
 * Opt-in alerts through the real server (container + HTTP host, embedded PGlite in memory, the
 * bundled knowledge base, no LLM) and the channels' wire-protocol test servers: residents subscribe,
 * list and unsubscribe in the conversation in ko/ja/en on LINE, Telegram, KakaoTalk, the web chat
 * and a Bot Framework channel; publishers compose, preview and approve announcements through the
 * officer API (four-eyes); the approved announcement reaches exactly the subscribed residents once
 * each on their own app — KakaoTalk's with their next message.
 */
import assert from 'node:assert/strict';
import pino from 'pino';
import { loadConfig } from '../../bot/config';
import { buildContainer, type Container } from '../../bot/container';
import { startServer, type RunningServer } from '../../bot/server';
import { addOfficer } from '../../bot/commands/officer-command';
import { t } from '../../locales/i18n';
import type { Lang } from '../../locales/lang';
import { FakeLineApi } from '../helpers/fake-line-api';
import { FakeTelegramApi } from '../helpers/fake-telegram-api';
import { startReplySink, type ReplySink } from '../helpers/reply-sink';
import { LINE_SECRET, LINE_TOKEN, api, officeOpenNowEnv, officerToken, until } from '../integration/integration-helpers';
import { channelResident, type ChannelResident, type ChannelsUnderTest } from './channel-residents';

const log = pino({ level: 'silent' });
const PASSWORD = 'correct horse battery staple';
const BOT_TOKEN = '7000000002:AAAlertsEndpointTestToken_abcdefgh';
const TG_SECRET = 'alerts-endpoint-telegram-secret';
const KAKAO_SECRET = 'alerts-endpoint-kakao-skill-secret';
const CHANNELS = ['line', 'telegram', 'kakao', 'webchat', 'emulator'] as const;
const PHRASES: Record<Lang, { subscribe: string; list: string; stop: string }> = {
  ko: { subscribe: '알림 신청', list: '내 알림', stop: '알림 해지' },
  ja: { subscribe: 'お知らせを受け取りたい', list: 'お知らせの一覧', stop: '配信停止' },
  en: { subscribe: 'notify me', list: 'my alerts', stop: 'stop alerts' },
};

interface AnnouncementAnswer {
  announcement: { id: string; status: string };
  recipients: Record<string, number> | null;
  deliveries: { total: number; byStatus: Record<string, number>; byRoute: Record<string, Record<string, number>> };
  error?: string;
}

describe('opt-in alerts through the real server and the channels', function () {
  this.timeout(120000);
  let container: Container;
  let server: RunningServer;
  let line: FakeLineApi;
  let telegram: FakeTelegramApi;
  let sink: ReplySink;
  let env: ChannelsUnderTest;
  const residents: ChannelResident[] = [];
  const newResident = async (channel: string) => {
    const r = await channelResident(channel, env);
    residents.push(r);
    return r;
  };
  const subscriptions = async (r: ChannelResident) =>
    (
      await container.db.query<{ topic: string; status: string; wording_version: string; consent_lang: string; consented_at: Date }>(
        'SELECT topic, status, wording_version, consent_lang, consented_at FROM alert_subscriptions WHERE user_id = $1 ORDER BY consented_at',
        [r.userId],
      )
    ).rows;

  /** Subscribes through the conversation: ask, pick the topic's button, agree. */
  async function subscribeInConversation(r: ChannelResident, lang: Lang, topicLabel: string, first: boolean): Promise<void> {
    const asked = await r.say(PHRASES[lang].subscribe, first ? 2 : 1);
    const prompt = asked.at(-1)!;
    assert.ok(prompt.text.includes(t(lang, 'alerts.choose')), `topics offered on ${r.channelId}: ${prompt.text}`);
    assert.ok(prompt.actions.includes(topicLabel), `the topic is a button on ${r.channelId}: ${JSON.stringify(prompt.actions)}`);
    const [consent] = await r.say(topicLabel);
    assert.ok(consent.text.includes(topicLabel) && consent.text.includes(t(lang, 'alerts.consent.version')), `what is stored and why is shown: ${consent.text}`);
    assert.deepEqual(consent.actions, [t(lang, 'alerts.consent.yes'), t(lang, 'alerts.consent.no')]);
    const [done] = await r.say(t(lang, 'alerts.consent.yes'));
    assert.ok(done.text.includes(t(lang, 'alerts.subscribed', { topic: topicLabel }).slice(0, 8)), done.text);
  }

  before(async () => {
    line = await new FakeLineApi(LINE_TOKEN).start();
    telegram = await new FakeTelegramApi(BOT_TOKEN).start();
    sink = await startReplySink();
    const config = loadConfig(
      {
        PORT: '0',
        HOST: '127.0.0.1',
        LOG_LEVEL: 'silent',
        DATA_DIR: '',
        LLM_ENABLED: 'false',
        OLLAMA_BASE_URL: 'http://127.0.0.1:1',
        TYPING_DELAY_MS: '60000',
        BOTFRAMEWORK_ALLOW_ANONYMOUS: 'true',
        LINE_CHANNEL_SECRET: LINE_SECRET,
        LINE_CHANNEL_ACCESS_TOKEN: LINE_TOKEN,
        LINE_API_BASE_URL: line.url,
        TELEGRAM_BOT_TOKEN: BOT_TOKEN,
        TELEGRAM_WEBHOOK_SECRET: TG_SECRET,
        TELEGRAM_API_BASE_URL: telegram.url,
        KAKAO_SKILL_SECRET: KAKAO_SECRET,
        ALERTS_QUIET_HOURS: 'off',
        ALERTS_POLL_MS: '50',
        CITY_NAME: 'Hanbit',
        ...officeOpenNowEnv(),
      },
      null,
    );
    container = await buildContainer(config, log, { inMemoryDatabase: true });
    server = await startServer(container.app, { port: 0, host: '127.0.0.1', log, shutdownTimeoutMs: 2000, beginShutdown: container.beginShutdown, onShutdown: [container.shutdown] });
    env = { url: server.url, line, telegram, sink, telegramSecret: TG_SECRET, kakaoSecret: KAKAO_SECRET };
  });
  after(async () => {
    for (const r of residents) r.close();
    await server?.stop();
    await line?.stop();
    await telegram?.stop();
    await sink?.close();
  });

  for (const channel of CHANNELS) {
    it(`when residents on ${channel} ask for alerts in Korean, Japanese and English, then each sees what is stored, agrees, lists and stops them, each confirmed, and consent is kept with its time and wording`, async () => {
      for (const lang of ['ko', 'ja', 'en'] as const) {
        const r = await newResident(channel);
        const welfare = t(lang, 'alerts.domains.welfare');
        await subscribeInConversation(r, lang, welfare, true);
        const [stored] = await subscriptions(r);
        assert.equal(stored?.topic, 'domain:welfare');
        assert.equal(stored?.status, 'active');
        assert.equal(stored?.wording_version, t(lang, 'alerts.consent.version'));
        assert.equal(stored?.consent_lang, lang);
        assert.ok(stored?.consented_at, 'consent time kept');

        const [listed] = await r.say(PHRASES[lang].list);
        assert.ok(listed.text.includes(welfare) && listed.text.includes(t(lang, 'alerts.consent.version')), `listed with its wording version: ${listed.text}`);

        const [confirm] = await r.say(PHRASES[lang].stop);
        assert.ok(confirm.text.includes(welfare), confirm.text);
        assert.deepEqual(confirm.actions, [t(lang, 'alerts.stop.yes'), t(lang, 'alerts.stop.no')]);
        const [stopped] = await r.say(t(lang, 'alerts.stop.yes'));
        assert.ok(stopped.text.includes(welfare), stopped.text);
        assert.deepEqual(
          (await subscriptions(r)).map((s) => s.status),
          ['ended'],
          `${channel}/${lang}: ended`,
        );
      }
    });
  }

  it('when a resident declines the consent, then nothing is stored', async () => {
    const r = await newResident('webchat');
    await r.say(PHRASES.en.subscribe, 2);
    await r.say(t('en', 'alerts.domains.health'));
    const [declined] = await r.say(t('en', 'alerts.consent.no'));
    assert.equal(declined.text, t('en', 'alerts.declined'));
    assert.deepEqual(await subscriptions(r), []);
    assert.equal((await container.db.query('SELECT 1 FROM alert_recipients WHERE user_id = $1', [r.userId])).rows.length, 0);
  });

  it('when a resident presses "Tell me when this changes" under an answer, then they are asked to agree to alerts about that document', async () => {
    const r = await newResident('emulator');
    const [, answer] = await r.say('What do I need to apply for the basic pension?', 2);
    const button = t('en', 'alerts.follow.button');
    assert.ok(answer.actions.includes(button), `the button is offered: ${JSON.stringify(answer.actions)}`);
    const [consent] = await r.say(button);
    assert.match(consent.text, /Changes to “/);
    await r.say(t('en', 'alerts.consent.yes'));
    const [stored] = await subscriptions(r);
    assert.match(stored?.topic ?? '', /^program:[a-z0-9-]+pension/);
  });

  it('when a publisher composes an announcement, then a second publisher must approve it; once approved it reaches exactly the subscribed residents once each on their own app, KakaoTalk with their next message', async () => {
    // Officers: an admin grants the publisher role to two officers; a third has none.
    await addOfficer(container.db, { email: 'admin@city.example', name: 'Admin', role: 'admin' }, async () => PASSWORD, 4);
    const a = await addOfficer(container.db, { email: 'pub-a@city.example', name: 'Publisher A', role: 'officer' }, async () => PASSWORD, 4);
    const b = await addOfficer(container.db, { email: 'pub-b@city.example', name: 'Publisher B', role: 'officer' }, async () => PASSWORD, 4);
    await addOfficer(container.db, { email: 'plain@city.example', name: 'Plain', role: 'officer' }, async () => PASSWORD, 4);
    const admin = await officerToken(server.url, 'admin@city.example', PASSWORD);
    const tokenA = await officerToken(server.url, 'pub-a@city.example', PASSWORD);
    const tokenB = await officerToken(server.url, 'pub-b@city.example', PASSWORD);
    const plain = await officerToken(server.url, 'plain@city.example', PASSWORD);
    assert.equal((await api(server.url, 'PUT', `/api/officer/publishers/${a.officer.id}`, admin)).status, 201);
    assert.equal((await api(server.url, 'PUT', `/api/officer/publishers/${b.officer.id}`, admin)).status, 201);
    assert.equal((await api(server.url, 'PUT', `/api/officer/publishers/${a.officer.id}`, tokenB)).status, 403, 'only admins grant the role');

    // Residents: one subscribed to health on each channel (in Korean), one who unsubscribed, one subscribed to something else.
    const subscribed: ChannelResident[] = [];
    for (const channel of CHANNELS) {
      const r = await newResident(channel);
      await subscribeInConversation(r, 'ko', t('ko', 'alerts.domains.health'), true);
      subscribed.push(r);
    }
    const quitter = await newResident('line');
    await subscribeInConversation(quitter, 'en', t('en', 'alerts.domains.health'), true);
    await quitter.say(PHRASES.en.stop);
    await quitter.say(t('en', 'alerts.stop.yes'));
    const other = await newResident('telegram');
    await subscribeInConversation(other, 'ja', t('ja', 'alerts.domains.culture'), true);

    const body = {
      title: 'Flu shots',
      texts: { ko: '독감 예방접종이 시작되었습니다.', ja: 'インフルエンザ予防接種が始まりました。', en: 'Flu vaccinations have started.' },
      topics: ['domain:health'],
      linkUrl: 'https://city.example/flu',
    };
    assert.equal((await api(server.url, 'POST', '/api/officer/announcements', plain, body)).status, 403, 'officers without the publisher role cannot compose');
    const invalid = await api<{ error: string }>(server.url, 'POST', '/api/officer/announcements', tokenA, { ...body, topics: ['weather'] });
    assert.equal(invalid.status, 400);
    assert.match(invalid.body.error, /topics\.0/);
    const created = await api<AnnouncementAnswer>(server.url, 'POST', '/api/officer/announcements', tokenA, body);
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const id = created.body.announcement.id;
    assert.equal(created.body.announcement.status, 'pending_approval');
    assert.deepEqual(created.body.recipients, { line: 1, telegram: 1, kakao: 1, webchat: 1, botframework: 1 }, 'recipients previewed per channel');

    const self = await api<{ error: string }>(server.url, 'POST', `/api/officer/announcements/${id}/approve`, tokenA);
    assert.equal(self.status, 403, 'four-eyes: its author cannot approve it');
    assert.match(self.body.error, /four-eyes/);
    await new Promise((r) => setTimeout(r, 300));
    assert.equal((await container.db.query('SELECT 1 FROM alert_deliveries WHERE announcement_id = $1', [id])).rows.length, 0, 'nothing is planned before approval');
    const approved = await api<AnnouncementAnswer>(server.url, 'POST', `/api/officer/announcements/${id}/approve`, tokenB);
    assert.equal(approved.status, 200);
    assert.equal((await api(server.url, 'POST', `/api/officer/announcements/${id}/approve`, tokenB)).status, 409, 'approved once');

    const status = async () => (await api<AnnouncementAnswer>(server.url, 'GET', `/api/officer/announcements/${id}`, tokenA)).body;
    await until(async () => (await status()).announcement.status === 'done', 'the announcement to be sent', 20000);
    const done = await status();
    assert.equal(done.deliveries.total, 5);
    assert.deepEqual(done.deliveries.byStatus, { pending: 0, sending: 0, waiting: 1, sent: 4, failed: 0, skipped: 0, unknown: 0 });
    assert.deepEqual(done.deliveries.byRoute.kakao, { waiting: 1 });

    const expected = '독감 예방접종이 시작되었습니다.';
    for (const r of subscribed.filter((x) => x.channelId !== 'kakao')) {
      const got = r.pushed().filter((m) => m.text.includes(expected));
      assert.equal(got.length, 1, `${r.channelId}: received once (${JSON.stringify(r.pushed())})`);
      assert.ok(got[0].text.includes('https://city.example/flu') && got[0].text.includes('알림 해지'), got[0].text);
    }
    assert.deepEqual(quitter.pushed(), [], 'the resident who unsubscribed got nothing');
    assert.deepEqual(other.pushed(), [], 'a resident subscribed to another topic got nothing');
    // The web chat shows it again when the resident comes back (history).
    const webchat = subscribed.find((x) => x.channelId === 'webchat')!;
    const history = await container.db.query<{ text: string; author: string }>("SELECT text, author FROM transcript WHERE channel_id = 'webchat' AND conversation_id = $1 AND text LIKE $2", [webchat.userId, `%${expected}%`]);
    assert.deepEqual(history.rows.map((h) => h.author), ['system']);

    // KakaoTalk cannot push: the alert arrives with the answer to the resident's next message.
    const kakao = subscribed.find((x) => x.channelId === 'kakao')!;
    const [next] = await kakao.say('안녕하세요');
    assert.ok(next.text.includes(expected), next.text);
    assert.equal((await status()).deliveries.byStatus.sent, 5);
    const [again] = await kakao.say('안녕하세요');
    assert.ok(!again.text.includes(expected), 'delivered once');

    // Every step is in the audit log.
    const audit = await api<{ entries: { action: string; target: string }[] }>(server.url, 'GET', `/api/officer/audit?target=announcement:${id}`, admin);
    const actions = audit.body.entries.map((e) => e.action);
    for (const action of ['announcement.create', 'announcement.approve', 'announcement.read']) assert.ok(actions.includes(action), `${action} audited: ${actions.join(', ')}`);
  });

  it('when an officer reads the OpenAPI document, then the announcement routes are described', async () => {
    await addOfficer(container.db, { email: 'reader@city.example', name: 'Reader', role: 'officer' }, async () => PASSWORD, 4);
    const token = await officerToken(server.url, 'reader@city.example', PASSWORD);
    const doc = await api<{ paths: Record<string, unknown> }>(server.url, 'GET', '/api/officer/openapi.json', token);
    for (const p of ['/announcements', '/announcements/{id}', '/announcements/{id}/approve', '/announcements/{id}/cancel', '/publishers/{officerId}']) assert.ok(doc.body.paths[p], `${p} documented`);
  });
});
