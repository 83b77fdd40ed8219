/**
 * Shared pieces of the alerts tests: a topic catalog over a few documents and areas, residents
 * subscribed through the real subscription store, announcements approved through the real
 * repository, and a worker wired to the wire-protocol test servers.
 */
import { randomBytes } from 'node:crypto';
import pino from 'pino';
import type { Database } from '../../storage/database';
import type { Lang } from '../../locales/lang';
import { syntheticServiceUrl } from '../../adapters/shared/platform-adapter';
import { SqlSubscriptionStore } from '../../alerts/subscription-store';
import { TopicCatalog } from '../../alerts/topic-catalog';
import { AnnouncementRepository, type AnnouncementInput } from '../../alerts/announcement-repository';
import { AlertOutbox } from '../../alerts/outbox';
import { AlertWorker, type AlertWorkerOptions } from '../../alerts/alert-worker';
import { QuietHours, parseQuietHours } from '../../alerts/quiet-hours';
import type { ChannelDeliverer } from '../../alerts/ports';

export const silent = pino({ level: 'silent' });

/** A catalog over three documents and two areas. */
export function testCatalog(): TopicCatalog {
  return new TopicCatalog({
    documents: async () => [
      { id: 'hanbit-basic-pension', title: '기초연금', domain: 'welfare', region: 'KR' },
      { id: 'sakuradai-community-bus', title: 'コミュニティバス', domain: 'transportation', region: 'JP' },
      { id: 'maplebay-flu-vaccination', title: 'Flu vaccination', domain: 'health', region: 'XX' },
    ],
    areas: () => [
      { id: 'hanbit', names: { ko: ['한빛시'], ja: ['ハンビッ市'], en: ['Hanbit City'] } },
      { id: 'sakuradai', names: { ko: ['사쿠라다이시'], ja: ['さくら台市'], en: ['Sakuradai City'] } },
    ],
    canRecommend: () => true,
  });
}

/** The subscription store on `db` with the test catalog. */
export function testStore(db: Database, defaultRegion = 'KR'): SqlSubscriptionStore {
  return new SqlSubscriptionStore(db, { catalog: testCatalog(), defaultRegion });
}

/** A resident of a channel (ids as each platform makes them). */
export interface TestResident {
  channelId: string;
  userId: string;
  conversationId: string;
}

/** A new resident on `channelId` (`line`, `telegram`, `kakao`, `webchat`, or a Bot Framework channel). */
export function resident(channelId: string): TestResident {
  const id =
    channelId === 'line'
      ? `U${randomBytes(16).toString('hex')}`
      : channelId === 'telegram'
        ? String(100000000 + Math.floor(Math.random() * 1e9))
        : channelId === 'webchat'
          ? `wc-${randomBytes(12).toString('hex')}`
          : randomBytes(10).toString('hex');
  return { channelId, userId: id, conversationId: id };
}

/** Subscribes a resident to `topics` through the store (the dialog's port). */
export async function subscribe(store: SqlSubscriptionStore, who: TestResident, topics: string[], lang: Lang = 'en', serviceUrl?: string): Promise<void> {
  const platform = ['line', 'telegram', 'kakao', 'webchat'].includes(who.channelId);
  for (const topic of topics) {
    await store.subscribe({
      channelId: who.channelId,
      userId: who.userId,
      conversationId: who.conversationId,
      reference: {
        channelId: who.channelId,
        serviceUrl: serviceUrl ?? (platform ? syntheticServiceUrl(who.channelId) : 'http://127.0.0.1:1'),
        conversation: { id: who.conversationId, isGroup: false, conversationType: 'personal', name: '' },
        user: { id: who.userId, name: 'Resident' },
        bot: { id: 'bot', name: 'Madoguchi' },
      },
      lang,
      topic,
      wordingVersion: 'test-1',
    });
  }
}

/** Creates an announcement and has a second officer approve it. */
export async function approvedAnnouncement(db: Database, input: Partial<AnnouncementInput> = {}): Promise<string> {
  const repo = new AnnouncementRepository(db);
  const a = await repo.create(
    { title: 'Test', texts: { en: 'Heat shelter open', ko: '무더위 쉼터 운영', ja: '暑さ避難所を開設' }, topics: [], langs: [], ...input },
    { officerId: null },
  );
  await repo.approve(a.id, 'second-officer', true);
  return a.id;
}

/** A worker over `db` with the given senders; quiet hours off unless given. */
export function testWorker(db: Database, deliverers: ChannelDeliverer[], options: Partial<AlertWorkerOptions> & { quiet?: string } = {}): AlertWorker {
  return new AlertWorker({
    db,
    outbox: new AlertOutbox(db, 'Testville'),
    deliverers,
    rates: {},
    quietHours: new QuietHours(parseQuietHours(options.quiet ?? 'off', 'UTC')),
    owner: `test-${randomBytes(3).toString('hex')}`,
    pollMs: 30,
    log: silent,
    ...options,
  });
}

/** Polls until `cond` holds. */
export async function until(cond: () => boolean | Promise<boolean>, what: string, timeoutMs = 15000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Delivery rows of an announcement: status by user id. */
export async function deliveries(db: Database, announcementId: string): Promise<Map<string, { status: string; reason: string | null }>> {
  const { rows } = await db.query<{ user_id: string; status: string; reason: string | null }>('SELECT user_id, status, reason FROM alert_deliveries WHERE announcement_id = $1', [announcementId]);
  return new Map(rows.map((r) => [r.user_id, { status: r.status, reason: r.reason }]));
}

/** The announcement's status. */
export async function announcementStatus(db: Database, id: string): Promise<string> {
  const { rows } = await db.query<{ status: string }>('SELECT status FROM alert_announcements WHERE id = $1', [id]);
  return rows[0]?.status ?? '';
}
