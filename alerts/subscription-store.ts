/**
 * Residents' subscriptions in SQL (tables `alert_recipients` and `alert_subscriptions`, migration
 * 150-alerts.sql): where to reach a resident (the conversation reference, masked like
 * conversation_refs) and one row per topic they agreed to, with the time and the version of the
 * consent wording they were shown. Ending a subscription keeps its row (status `ended`) until the
 * retention purge, so what was agreed and when stays answerable; erasure deletes it all.
 */
import { subscribedSql } from './match-sql';
import { randomUUID } from 'node:crypto';
import type { Lang } from '../locales/lang';
import { isLang } from '../locales/lang';
import type { Database } from '../storage/database';
import { storableReference } from '../storage/conversation-ref-store';
import type { AlertSubscriptions, AlertTopic, ResidentSubscription, SubscribeRequest } from './ports';
import { routeOf } from './route-of';
import type { TopicCatalog } from './topic-catalog';

/** Settings of {@link SqlSubscriptionStore}. */
export interface SubscriptionStoreOptions {
  catalog: TopicCatalog;
  /** The deployment's region (REGION): quiet hours unless a program's document names another. */
  defaultRegion: string;
  /** Masks display names in the stored conversation reference. */
  maskText?: (text: string) => string;
}

/** The subscriptions port over SQL. */
export class SqlSubscriptionStore implements AlertSubscriptions {
  constructor(
    private readonly db: Database,
    private readonly options: SubscriptionStoreOptions,
  ) {}

  /** @inheritdoc */
  topics(lang: Lang) {
    return this.options.catalog.choices(lang);
  }

  /** @inheritdoc */
  label(topic: AlertTopic, lang: Lang) {
    return this.options.catalog.label(topic, lang);
  }

  /** @inheritdoc */
  async list(channelId: string, userId: string, lang: Lang): Promise<ResidentSubscription[]> {
    const { rows } = await this.db.query<{ topic: string; consented_at: Date | string; wording_version: string }>(
      "SELECT topic, consented_at, wording_version FROM alert_subscriptions WHERE channel_id = $1 AND user_id = $2 AND status = 'active' ORDER BY consented_at, topic",
      [channelId, userId],
    );
    return Promise.all(
      rows.map(async (r) => ({ topic: r.topic, label: await this.options.catalog.label(r.topic, lang), consentedAt: new Date(r.consented_at), wordingVersion: r.wording_version })),
    );
  }

  /** @inheritdoc */
  async subscribe(request: SubscribeRequest): Promise<'created' | 'already'> {
    const reference = storableReference(request.reference, this.options.maskText);
    const route = routeOf(request.channelId, reference.serviceUrl);
    const region = (await this.options.catalog.regionOf(request.topic)) ?? this.options.defaultRegion;
    return this.db.transaction(async (tx) => {
      // The latest reference and language win: alerts go where the resident last agreed.
      await tx.query(
        `INSERT INTO alert_recipients (channel_id, user_id, conversation_id, reference, lang, route, region)
         VALUES ($1, $2, $3, $4::jsonb, $5, $6, $7)
         ON CONFLICT (channel_id, user_id) DO UPDATE
           SET conversation_id = EXCLUDED.conversation_id, reference = EXCLUDED.reference, lang = EXCLUDED.lang,
               route = EXCLUDED.route, region = EXCLUDED.region, updated_at = now()`,
        [request.channelId, request.userId, request.conversationId, JSON.stringify(reference), request.lang, route, region],
      );
      const inserted = await tx.query(
        `INSERT INTO alert_subscriptions (id, channel_id, user_id, topic, status, wording_version, consent_lang)
         VALUES ($1, $2, $3, $4, 'active', $5, $6) ON CONFLICT DO NOTHING`,
        [randomUUID(), request.channelId, request.userId, request.topic, request.wordingVersion, request.lang],
      );
      return inserted.affectedRows === 1 ? 'created' : 'already';
    });
  }

  /** @inheritdoc */
  async unsubscribe(channelId: string, userId: string, topics: AlertTopic[] | 'all'): Promise<number> {
    const all = topics === 'all';
    return this.db.transaction(async (tx) => {
      const { affectedRows } = await tx.query(
        `UPDATE alert_subscriptions SET status = 'ended', ended_at = now(), ended_reason = 'resident'
          WHERE channel_id = $1 AND user_id = $2 AND status = 'active' AND ($3::boolean OR topic = ANY ($4::text[]))`,
        [channelId, userId, all, all ? [] : topics],
      );
      // Deliveries already planned for them that the remaining subscriptions no longer cover are not sent.
      if (affectedRows > 0) {
        await tx.query(
          `UPDATE alert_deliveries d SET status = 'skipped', reason = 'unsubscribed', finished_at = now()
             FROM alert_announcements a
            WHERE a.id = d.announcement_id AND d.channel_id = $1 AND d.user_id = $2 AND d.status = 'pending'
              AND NOT ${subscribedSql('a', 'd.channel_id', 'd.user_id')}`,
          [channelId, userId],
        );
      }
      return affectedRows;
    });
  }

  /** The resident's language as last stored (for messages outside a turn). */
  async langOf(channelId: string, userId: string): Promise<Lang | null> {
    const { rows } = await this.db.query<{ lang: string }>('SELECT lang FROM alert_recipients WHERE channel_id = $1 AND user_id = $2', [channelId, userId]);
    const lang = rows[0]?.lang;
    return isLang(lang) ? lang : null;
  }
}
