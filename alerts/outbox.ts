/**
 * The durable outbox (table `alert_deliveries`): one row per resident and announcement, planned in
 * chunks when an approved announcement is due (a resident who unsubscribes later has their pending
 * rows skipped at once, see subscription-store.ts), then claimed in batches by workers on any
 * instance. A claim is `SELECT … FOR UPDATE SKIP LOCKED` then `UPDATE … status = 'sending'`: two
 * instances never claim the same row, and a claim carries the owner's id, so a worker whose lease
 * ran out can no longer complete a row another worker took over. Times are the database's.
 */
import { subscribedSql } from './match-sql';
import type { Database, SqlRunner } from '../storage/database';
import { isLang, type Lang } from '../locales/lang';
import type { DeliveryCounts, DeliveryGuarantee, OutgoingAlert } from './ports';
import { parseTexts, renderAlert } from './render';

/** `$n` milliseconds as an interval. */
const ms = (n: number): string => `($${n}::double precision * interval '1 millisecond')`;

/** Regions whose quiet hours are on now (see quiet-hours.ts). */
export interface QuietNow {
  /** Regions named in the configuration that are quiet now. */
  quiet: string[];
  /** Regions named in the configuration. */
  configured: string[];
  /** Whether the default entry (every other region) is quiet now. */
  othersQuiet: boolean;
}

/** A claimed row that is not to be sent (and why). */
export interface ClaimedSkip {
  id: string;
  reason: 'unsubscribed' | 'unreachable' | 'expired' | 'cancelled';
}

/** What a claim returns. */
export interface ClaimedBatch {
  send: OutgoingAlert[];
  skip: ClaimedSkip[];
}

/** How a claimed row ends (or goes back to pending). */
export interface Completion {
  id: string;
  status: 'sent' | 'waiting' | 'failed' | 'skipped' | 'unknown' | 'pending';
  reason?: string;
  /** pending only: not before this many milliseconds from now. */
  afterMs?: number;
  /** pending only: the attempt does not count (rate limited, or released unsent). */
  refund?: boolean;
}

interface ClaimRow {
  id: string;
  announcement_id: string;
  channel_id: string;
  user_id: string;
  lang: string;
  attempts: number;
  conversation_id: string | null;
  reference: unknown;
  detail: unknown;
  batch_key: string | null;
}

/** What a claim needs of an announcement (read once per claim, not once per delivery). */
interface AnnouncementRow {
  id: string;
  status: string;
  expired: boolean;
  texts: unknown;
  link_url: string | null;
}

/** A stage of planning: the recipients of one route, all of them or (a head) the first few. */
interface PlanStage {
  /** Its name in alert_announcements.plan_route (the planning cursor). */
  stage: string;
  route: string;
  /** A head: this many recipients, in one chunk; then the next stage. */
  head?: number;
}

/** Recipients in the head of a route paced message by message: a few seconds of its sends. */
const PLAN_HEAD = 100;

/**
 * The order routes are planned in: those whose platform limit makes them slowest first, so they
 * start sending at once — a head of each (so the second does not wait for the whole of the first),
 * then the rest of each — then LINE (multicast makes it fast), and the stored ones (KakaoTalk, web
 * chat) last. The heads' recipients are looked at again by the full stage (ids derived from
 * announcement and resident: they add nothing).
 */
export const PLAN_STAGES: readonly PlanStage[] = [
  { stage: 'telegram:head', route: 'telegram', head: PLAN_HEAD },
  { stage: 'botframework:head', route: 'botframework', head: PLAN_HEAD },
  ...['telegram', 'botframework', 'line', 'webchat', 'kakao'].map((route) => ({ stage: route, route })),
];
/**
 * Recipients looked at per planning transaction: on the embedded database a chunk holds the event
 * loop (and every send waiting for an answer) while it runs, so it is kept short.
 */
const PLAN_CHUNK = 250;

/** batch_key of a delivery a multicast could not take: it is pushed on its own. */
const PUSH_ONLY = '-';

const asJson = (v: unknown): unknown => (typeof v === 'string' ? JSON.parse(v) : v);

/** The outbox over SQL. */
export class AlertOutbox {
  /**
   * @param db the shared database
   * @param city the city's name for the message heading
   */
  constructor(
    private readonly db: Database,
    private readonly city: string,
  ) {}

  /** Approved announcements whose time has come (send_at passed or none), oldest first. */
  async dueAnnouncements(limit = 20): Promise<string[]> {
    const { rows } = await this.db.query<{ id: string }>(
      "SELECT id FROM alert_announcements WHERE status = 'approved' AND (send_at IS NULL OR send_at <= now()) ORDER BY approved_at LIMIT $1",
      [limit],
    );
    return rows.map((r) => r.id);
  }

  /**
   * Starts planning an approved, due announcement (status `sending`; exactly one instance wins) and
   * plans it to the end. Returns the number planned, or null when it was not due or another
   * instance took it. Workers may send the first chunks while later ones are planned.
   */
  async plan(announcementId: string, chunkSize = PLAN_CHUNK, afterChunk?: () => Promise<void>): Promise<number | null> {
    const started = await this.db.query(
      `UPDATE alert_announcements SET status = 'sending', plan_route = $2, plan_channel = '', plan_user = ''
        WHERE id = $1 AND status = 'approved' AND (send_at IS NULL OR send_at <= now()) RETURNING id`,
      [announcementId, PLAN_STAGES[0].stage],
    );
    if (started.rows.length === 0) return null;
    return this.continuePlanning(announcementId, chunkSize, afterChunk);
  }

  /** Announcements whose planning started but did not finish (an instance stopped in the middle). */
  async unfinishedPlanning(): Promise<string[]> {
    const { rows } = await this.db.query<{ id: string }>("SELECT id FROM alert_announcements WHERE status = 'sending' AND planned_at IS NULL");
    return rows.map((r) => r.id);
  }

  /** Plans chunks until the announcement is planned (or another instance holds its next chunk). */
  async continuePlanning(announcementId: string, chunkSize = PLAN_CHUNK, afterChunk?: () => Promise<void>): Promise<number> {
    let total = 0;
    for (;;) {
      const chunk = await this.planChunk(announcementId, chunkSize);
      if (!chunk) return total;
      total += chunk.planned;
      await afterChunk?.();
      if (chunk.finished) return total;
      // The embedded database runs on this thread, and its calls chain as microtasks: without a
      // turn of the event loop between chunks, no request of the senders would leave (nor any
      // answer come in) until the whole announcement was planned.
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  }

  /**
   * Plans the next chunk: up to `size` recipients (a head: its own number) of the current stage's
   * route after the cursor, those whose subscriptions match getting a delivery. The announcement row is locked for the chunk (a
   * second instance skips it), and ids derived from announcement and resident make a repeated chunk
   * add nothing.
   */
  private async planChunk(announcementId: string, size: number): Promise<{ planned: number; finished: boolean } | null> {
    return this.db.transaction(async (tx) => {
      const cursor = (
        await tx.query<{ plan_route: string; plan_channel: string; plan_user: string }>(
          "SELECT plan_route, plan_channel, plan_user FROM alert_announcements WHERE id = $1 AND status = 'sending' AND planned_at IS NULL FOR UPDATE SKIP LOCKED",
          [announcementId],
        )
      ).rows[0];
      if (!cursor) return null;
      // An unknown stage (written by a later version) is planned from its start as a whole route.
      const at = PLAN_STAGES.findIndex((st) => st.stage === cursor.plan_route);
      const stage = PLAN_STAGES[at] ?? { stage: cursor.plan_route, route: cursor.plan_route };
      const limit = stage.head ?? size;
      const { rows } = await tx.query<{ planned: number; scanned: number; last_channel: string | null; last_user: string | null }>(
        `WITH scan AS (
           SELECT r.channel_id, r.user_id, r.route, r.lang, r.region
             FROM alert_recipients r
            WHERE r.route = $2 AND (r.channel_id, r.user_id) > ($3, $4)
            ORDER BY r.channel_id, r.user_id
            LIMIT $5
         ), ins AS (
           INSERT INTO alert_deliveries (id, announcement_id, channel_id, user_id, route, lang, region)
           SELECT md5(a.id || '/' || s.channel_id || '/' || s.user_id)::uuid::text, a.id, s.channel_id, s.user_id, s.route, s.lang, s.region
             FROM scan s JOIN alert_announcements a ON a.id = $1
            WHERE (cardinality(a.langs) = 0 OR s.lang = ANY (a.langs))
              AND (a.kind <> 'recommendation' OR EXISTS (SELECT 1 FROM alert_targets t WHERE t.announcement_id = a.id AND t.channel_id = s.channel_id AND t.user_id = s.user_id))
              AND ${subscribedSql('a', 's.channel_id', 's.user_id')}
           ON CONFLICT (id) DO NOTHING
           RETURNING 1
         ), last AS (SELECT channel_id, user_id FROM scan ORDER BY channel_id DESC, user_id DESC LIMIT 1)
         SELECT (SELECT count(*) FROM ins)::int AS planned, (SELECT count(*) FROM scan)::int AS scanned,
                (SELECT channel_id FROM last) AS last_channel, (SELECT user_id FROM last) AS last_user`,
        [announcementId, stage.route, cursor.plan_channel, cursor.plan_user, limit],
      );
      const r = rows[0];
      if (r.scanned >= limit && !stage.head) {
        await tx.query('UPDATE alert_announcements SET plan_channel = $2, plan_user = $3 WHERE id = $1', [announcementId, r.last_channel, r.last_user]);
        return { planned: r.planned, finished: false };
      }
      const next = at >= 0 ? PLAN_STAGES[at + 1] : undefined;
      if (next) {
        await tx.query("UPDATE alert_announcements SET plan_route = $2, plan_channel = '', plan_user = '' WHERE id = $1", [announcementId, next.stage]);
        return { planned: r.planned, finished: false };
      }
      await tx.query('UPDATE alert_announcements SET planned_at = now(), plan_route = NULL WHERE id = $1', [announcementId]);
      return { planned: r.planned, finished: true };
    });
  }

  /**
   * Claims up to `limit` pending deliveries of a route that are due and whose region is not in its
   * quiet hours, and renders them. Rows whose announcement was cancelled or expired, or whose
   * resident was erased, come back in `skip` (still claimed: complete them).
   */
  async claim(route: string, owner: string, limit: number, quiet: QuietNow): Promise<ClaimedBatch> {
    const { rows } = await this.db.query<ClaimRow>(
      `WITH picked AS (
         SELECT d.id
           FROM alert_deliveries d
          WHERE d.route = $1 AND d.status = 'pending' AND d.not_before <= now()
            AND NOT (d.region = ANY ($4::text[]) OR ($5::boolean AND NOT d.region = ANY ($6::text[])))
          ORDER BY d.not_before
          LIMIT $3
          FOR UPDATE SKIP LOCKED
       ), claimed AS (
         UPDATE alert_deliveries d
            SET status = 'sending', claimed_by = $2, claimed_at = now(), send_started_at = NULL, attempts = d.attempts + 1
           FROM picked
          WHERE d.id = picked.id
         RETURNING d.id, d.announcement_id, d.channel_id, d.user_id, d.lang, d.attempts, d.batch_key
       )
       SELECT c.*, r.conversation_id, r.reference, t.detail
         FROM claimed c
         LEFT JOIN alert_recipients r ON r.channel_id = c.channel_id AND r.user_id = c.user_id
         LEFT JOIN alert_targets t ON t.announcement_id = c.announcement_id AND t.channel_id = c.channel_id AND t.user_id = c.user_id`,
      [route, owner, limit, quiet.quiet, quiet.othersQuiet, quiet.configured],
    );
    return this.toBatch(rows);
  }

  /**
   * Splits claimed rows into alerts to send (rendered) and rows to skip. The announcements are read
   * once per claim, and a message is rendered once per announcement and language (a
   * recommendation's, with its own reasons, once per resident).
   */
  private async toBatch(rows: ClaimRow[]): Promise<ClaimedBatch> {
    const batch: ClaimedBatch = { send: [], skip: [] };
    if (rows.length === 0) return batch;
    const ids = [...new Set(rows.map((r) => r.announcement_id))];
    const announcements = new Map(
      (
        await this.db.query<AnnouncementRow>(
          'SELECT id, status, coalesce(expires_at < now(), false) AS expired, texts, link_url FROM alert_announcements WHERE id = ANY ($1::text[])',
          [ids],
        )
      ).rows.map((a) => [a.id, { ...a, texts: parseTexts(a.texts) }]),
    );
    const rendered = new Map<string, string>();
    for (const r of rows) {
      const a = announcements.get(r.announcement_id);
      if (!a || a.status === 'cancelled') batch.skip.push({ id: r.id, reason: 'cancelled' });
      else if (a.expired) batch.skip.push({ id: r.id, reason: 'expired' });
      else if (r.conversation_id === null) batch.skip.push({ id: r.id, reason: 'unreachable' });
      else {
        const lang: Lang = isLang(r.lang) ? r.lang : 'en';
        const detail = asJson(r.detail) ?? null;
        const key = `${a.id}\u0000${lang}`;
        let text = detail ? undefined : rendered.get(key);
        if (text === undefined) {
          text = renderAlert({ texts: a.texts, lang, city: this.city, linkUrl: a.link_url, detail });
          if (!detail) rendered.set(key, text);
        }
        batch.send.push({
          id: r.id,
          announcementId: r.announcement_id,
          channelId: r.channel_id,
          userId: r.user_id,
          conversationId: r.conversation_id,
          reference: (asJson(r.reference) ?? {}),
          lang,
          text,
          attempts: Number(r.attempts),
          ...(r.batch_key === PUSH_ONLY ? { single: true } : {}),
        });
      }
    }
    return batch;
  }

  /**
   * Fixes a multicast request before it is sent: its key and its deliveries, which must all still
   * be claimed by `owner` (false, and nothing fixed, when one is not). A resend after a crash is
   * then the same request. The deliveries themselves are not written: a request's recipients are
   * the list in `alert_batches` (a write of every row here cost a third of a LINE delivery).
   */
  async openBatch(owner: string, route: string, key: string, announcementId: string, ids: string[]): Promise<boolean> {
    const { rows } = await this.db.query<{ owned: number }>(
      `WITH owned AS (SELECT count(*)::int AS n FROM alert_deliveries WHERE id = ANY ($4::text[]) AND claimed_by = $5 AND status = 'sending'),
            opened AS (
              INSERT INTO alert_batches (key, route, announcement_id, delivery_ids, claimed_by, claimed_at)
              SELECT $1, $2, $3, $4::text[], $5, now() FROM owned WHERE owned.n = cardinality($4::text[])
              ON CONFLICT (key) DO NOTHING
              RETURNING 1
            )
       SELECT n AS owned FROM owned`,
      [key, route, announcementId, ids, owner],
    );
    return Number(rows[0]?.owned) === ids.length;
  }

  /** Ends a multicast request: its deliveries get `status`, the batch is forgotten. */
  async closeBatch(key: string, status: 'sent' | 'failed' | 'skipped', reason?: string): Promise<void> {
    await this.db.transaction(async (tx) => {
      await tx.query(
        `UPDATE alert_deliveries SET status = $2, reason = $3, finished_at = now()
          WHERE id = ANY ((SELECT delivery_ids FROM alert_batches WHERE key = $1)::text[]) AND status = 'sending'`,
        [key, status, reason ?? null],
      );
      await tx.query('DELETE FROM alert_batches WHERE key = $1', [key]);
    });
  }

  /**
   * Undoes a multicast request LINE refused (4xx: it accepted nothing): its deliveries go back to
   * pending, each to be pushed on its own (where a resident's own error shows).
   */
  async dissolveBatch(key: string): Promise<void> {
    await this.db.transaction(async (tx) => {
      await tx.query(
        `UPDATE alert_deliveries SET status = 'pending', batch_key = '${PUSH_ONLY}', claimed_by = NULL, send_started_at = NULL, attempts = greatest(attempts - 1, 0)
          WHERE id = ANY ((SELECT delivery_ids FROM alert_batches WHERE key = $1)::text[]) AND status = 'sending'`,
        [key],
      );
      await tx.query('DELETE FROM alert_batches WHERE key = $1', [key]);
    });
  }

  /**
   * Takes over multicast requests whose worker died (claim older than `leaseMs`; 0 at start-up on
   * the embedded database) and returns them to be sent again, unchanged, with their keys.
   */
  async claimStaleBatches(route: string, owner: string, leaseMs: number, limit = 20): Promise<{ key: string; alerts: OutgoingAlert[]; skip: ClaimedSkip[] }[]> {
    const { rows: batches } = await this.db.query<{ key: string }>(
      `UPDATE alert_batches b SET claimed_by = $2, claimed_at = now()
        WHERE b.key IN (SELECT key FROM alert_batches WHERE route = $1 AND (claimed_at IS NULL OR (claimed_at <= now() - ${ms(3)} AND claimed_by IS DISTINCT FROM $2)) ORDER BY created_at LIMIT $4 FOR UPDATE SKIP LOCKED)
        RETURNING b.key`,
      [route, owner, leaseMs, limit],
    );
    const out: { key: string; alerts: OutgoingAlert[]; skip: ClaimedSkip[] }[] = [];
    for (const { key } of batches) {
      const { rows } = await this.db.query<ClaimRow>(
        `WITH taken AS (
           UPDATE alert_deliveries d SET claimed_by = $2, claimed_at = now()
            WHERE d.id = ANY ((SELECT delivery_ids FROM alert_batches WHERE key = $1)::text[]) AND d.status = 'sending'
           RETURNING d.id, d.announcement_id, d.channel_id, d.user_id, d.lang, d.attempts, d.batch_key
         )
         SELECT c.*, r.conversation_id, r.reference, t.detail
           FROM taken c
           LEFT JOIN alert_recipients r ON r.channel_id = c.channel_id AND r.user_id = c.user_id
           LEFT JOIN alert_targets t ON t.announcement_id = c.announcement_id AND t.channel_id = c.channel_id AND t.user_id = c.user_id`,
        [key, owner],
      );
      const batch = await this.toBatch(rows);
      out.push({ key, alerts: batch.send, skip: batch.skip });
    }
    return out;
  }

  /** Marks every claim of the embedded database's previous run as stale (start-up). */
  async releaseBatches(route: string): Promise<number> {
    return (await this.db.query('UPDATE alert_batches SET claimed_at = NULL WHERE route = $1', [route])).affectedRows;
  }

  /**
   * Records that a send is about to start (routes without idempotency key). False when the claim
   * was lost (its lease ran out and another worker took the row over): then it must not be sent.
   */
  async markStarted(owner: string, id: string): Promise<boolean> {
    const r = await this.db.query("UPDATE alert_deliveries SET send_started_at = now() WHERE id = $1 AND claimed_by = $2 AND status = 'sending'", [id, owner]);
    return r.affectedRows === 1;
  }

  /** Completes claimed rows (only those still claimed by `owner`); returns how many changed. */
  async complete(owner: string, items: Completion[], runner: SqlRunner = this.db): Promise<number> {
    if (items.length === 0) return 0;
    const [one] = items;
    if (items.length === 1 && one) {
      // One row (each send on a route without idempotency key): by its key. The statement over an
      // array keeps the plan made when the table was small — a scan of every open delivery — and
      // took 7 ms a row at 30,000 deliveries, 25 ms at 100,000.
      const r = await runner.query(
        `UPDATE alert_deliveries d
            SET status = $2,
                reason = $3,
                not_before = CASE WHEN $2 = 'pending' THEN now() + $4::double precision * interval '1 millisecond' ELSE d.not_before END,
                attempts = d.attempts - $5::integer,
                claimed_by = CASE WHEN $2 = 'pending' THEN NULL ELSE d.claimed_by END,
                finished_at = CASE WHEN $2 IN ('sent', 'failed', 'skipped', 'unknown') THEN now() ELSE NULL END
          WHERE d.id = $1 AND d.status = 'sending' AND d.claimed_by = $6`,
        [one.id, one.status, one.reason ?? null, one.afterMs ?? 0, one.refund ? 1 : 0, owner],
      );
      return r.affectedRows;
    }
    const r = await runner.query(
      `UPDATE alert_deliveries d
          SET status = c.status,
              reason = c.reason,
              not_before = CASE WHEN c.status = 'pending' THEN now() + c.after_ms * interval '1 millisecond' ELSE d.not_before END,
              attempts = d.attempts - c.refund,
              claimed_by = CASE WHEN c.status = 'pending' THEN NULL ELSE d.claimed_by END,
              finished_at = CASE WHEN c.status IN ('sent', 'failed', 'skipped', 'unknown') THEN now() ELSE NULL END
         FROM unnest($1::text[], $2::text[], $3::text[], $4::double precision[], $5::integer[]) AS c(id, status, reason, after_ms, refund)
        WHERE d.id = c.id AND d.status = 'sending' AND d.claimed_by = $6`,
      [
        items.map((i) => i.id),
        items.map((i) => i.status),
        items.map((i) => (i.reason ?? null)),
        items.map((i) => i.afterMs ?? 0),
        items.map((i) => (i.refund ? 1 : 0)),
        owner,
      ],
    );
    return r.affectedRows;
  }

  /**
   * Takes back rows whose claim is older than `leaseMs` and not `owner`'s (their worker died and
   * stopped renewing, or, with `leaseMs` 0 on the embedded database at start-up, the process before
   * this one): back to pending, except a
   * send already started on a route without idempotency key, which may have reached the resident
   * and is marked `unknown` ("interrupted") rather than sent twice.
   */
  async recover(route: string, guarantee: DeliveryGuarantee, leaseMs: number, owner: string | null = null): Promise<{ requeued: number; interrupted: number }> {
    const interrupted =
      guarantee === 'at-most-once'
        ? (
            await this.db.query(
              `UPDATE alert_deliveries SET status = 'unknown', reason = 'interrupted: the process stopped during the send; it may have reached the resident; not repeated', finished_at = now()
                WHERE route = $1 AND status = 'sending' AND send_started_at IS NOT NULL AND claimed_at <= now() - ${ms(2)} AND claimed_by IS DISTINCT FROM $3`,
              [route, leaseMs, owner],
            )
          ).affectedRows
        : 0;
    const requeued = (
      await this.db.query(
        `UPDATE alert_deliveries SET status = 'pending', claimed_by = NULL, send_started_at = NULL
          WHERE route = $1 AND status = 'sending' AND claimed_at <= now() - ${ms(2)} AND claimed_by IS DISTINCT FROM $3
            AND id NOT IN (SELECT unnest(delivery_ids) FROM alert_batches WHERE route = $1)`,
        [route, leaseMs, owner],
      )
    ).affectedRows;
    return { requeued, interrupted };
  }

  /**
   * Renews the lease of everything `owner` holds (its claims and multicast requests): a worker that
   * is alive, however slow its sends, keeps them; one that died stops renewing and loses them.
   */
  async renew(owner: string): Promise<void> {
    await this.db.query("UPDATE alert_deliveries SET claimed_at = now() WHERE claimed_by = $1 AND status = 'sending'", [owner]);
    await this.db.query('UPDATE alert_batches SET claimed_at = now() WHERE claimed_by = $1', [owner]);
  }

  /**
   * Reserves `durationMs` of a route's send time, shared by every instance: returns in how many
   * milliseconds the reserved window starts (0 when the route is idle).
   */
  async reserve(route: string, durationMs: number): Promise<number> {
    const { rows } = await this.db.query<{ start_in_ms: number | string }>(
      `INSERT INTO alert_channel_pace AS p (route, next_at) VALUES ($1, clock_timestamp() + ${ms(2)})
       ON CONFLICT (route) DO UPDATE SET next_at = greatest(p.next_at, clock_timestamp()) + ${ms(2)}
       RETURNING extract(epoch FROM (p.next_at - clock_timestamp())) * 1000 - $2 AS start_in_ms`,
      [route, durationMs],
    );
    return Math.max(0, Number(rows[0]?.start_in_ms ?? 0));
  }

  /** Keeps every instance off a route for `afterMs` (the platform said to wait). */
  async holdRoute(route: string, afterMs: number): Promise<void> {
    await this.db.query(
      `INSERT INTO alert_channel_pace AS p (route, next_at) VALUES ($1, clock_timestamp() + ${ms(2)})
       ON CONFLICT (route) DO UPDATE SET next_at = greatest(p.next_at, clock_timestamp() + ${ms(2)})`,
      [route, afterMs],
    );
  }

  /**
   * Housekeeping: deliveries of cancelled or expired announcements that are still pending are
   * skipped (KakaoTalk messages still waiting for an expired announcement are withdrawn), and
   * announcements with nothing left to send are done.
   */
  async settle(): Promise<{ skipped: number; withdrawn: number; done: number }> {
    const skipped = (
      await this.db.query(
        `UPDATE alert_deliveries d SET status = 'skipped', reason = CASE WHEN a.status = 'cancelled' THEN 'cancelled' ELSE 'expired' END, finished_at = now()
           FROM alert_announcements a
          WHERE a.id = d.announcement_id AND d.status = 'pending' AND (a.status = 'cancelled' OR a.expires_at < now())`,
      )
    ).affectedRows;
    // Marked first, so the trigger on kakao_pending_messages no longer counts them as taken.
    // Announcements first (few), then their waiting deliveries by the open-deliveries index: joined
    // the other way round, every waiting delivery was read at each housekeeping round.
    const expired = await this.db.query<{ id: string }>(
      `UPDATE alert_deliveries d SET status = 'skipped', reason = 'expired', finished_at = now()
        WHERE d.announcement_id = ANY (ARRAY(SELECT a.id FROM alert_announcements a WHERE a.expires_at < now()))
          AND d.status = 'waiting'
       RETURNING d.id`,
    );
    let withdrawn = 0;
    if (expired.rows.length) {
      withdrawn = (
        await this.db.query("DELETE FROM kakao_pending_messages WHERE payload -> 'channelData' -> 'madoguchi' ->> 'alertDelivery' = ANY ($1::text[])", [expired.rows.map((r) => r.id)])
      ).affectedRows;
    }
    const done = (
      await this.db.query(
        `UPDATE alert_announcements a SET status = 'done', finished_at = now()
          WHERE a.status = 'sending' AND a.planned_at IS NOT NULL
            AND NOT EXISTS (SELECT 1 FROM alert_deliveries d WHERE d.announcement_id = a.id AND d.status IN ('pending', 'sending'))`,
      )
    ).affectedRows;
    return { skipped, withdrawn, done };
  }

  /** Delivery counts of one announcement. */
  async counts(announcementId: string): Promise<DeliveryCounts> {
    const { rows } = await this.db.query<{ route: string; status: string; reason: string | null; n: number | string }>(
      'SELECT route, status, reason, count(*) AS n FROM alert_deliveries WHERE announcement_id = $1 GROUP BY route, status, reason',
      [announcementId],
    );
    const counts: DeliveryCounts = { total: 0, byStatus: { pending: 0, sending: 0, waiting: 0, sent: 0, failed: 0, skipped: 0, unknown: 0 }, byRoute: {}, reasons: {} };
    for (const r of rows) {
      const n = Number(r.n);
      counts.total += n;
      const status = r.status as keyof DeliveryCounts['byStatus'];
      counts.byStatus[status] = (counts.byStatus[status] ?? 0) + n;
      const route = (counts.byRoute[r.route] ??= {});
      route[r.status] = (route[r.status] ?? 0) + n;
      if ((r.status === 'failed' || r.status === 'skipped' || r.status === 'unknown') && r.reason) {
        // Reasons are grouped by their first words ("rejected 400", "interrupted"), not the platform's full text.
        const key = r.reason.split(':')[0] ?? r.reason;
        counts.reasons[key] = (counts.reasons[key] ?? 0) + n;
      }
    }
    return counts;
  }
}
