/**
 * Ports of the alerts module: what the conversation needs to subscribe residents (implemented over
 * SQL by {@link SqlSubscriptionStore}), and what the outbox worker needs from each channel (one
 * {@link ChannelDeliverer} per route, built in bot/wiring/alerts-wiring.ts from the adapters'
 * own API clients and stores).
 */
import type { ConversationReference } from 'botbuilder';
import type { Lang } from '../locales/lang';
import type { SqlRunner } from '../storage/database';

/**
 * A subscription topic: `all` (every announcement), `domain:<domain>` (a knowledge domain such as
 * welfare), `program:<document id>` (one program or page, e.g. from "Tell me when this changes"),
 * or `recommendations` (programs the resident may be eligible for, from a kept screening profile).
 */
export type AlertTopic = string;

/** The topic `recommendations`. */
export const RECOMMENDATIONS_TOPIC = 'recommendations';
/** The topic `all`. */
export const ALL_TOPIC = 'all';

/** A topic a resident can pick, labelled in their language. */
export interface AlertTopicChoice {
  topic: AlertTopic;
  label: string;
}

/** One of a resident's active subscriptions. */
export interface ResidentSubscription {
  topic: AlertTopic;
  /** The topic in the resident's language. */
  label: string;
  consentedAt: Date;
  wordingVersion: string;
}

/** What a resident agreed to, with where to reach them. */
export interface SubscribeRequest {
  channelId: string;
  userId: string;
  conversationId: string;
  /** The conversation reference (proactive delivery on Bot Framework channels). */
  reference: Partial<ConversationReference>;
  lang: Lang;
  topic: AlertTopic;
  /** The version of the consent wording shown (alerts.consent.version in the resident's language). */
  wordingVersion: string;
}

/** Subscriptions as the conversation sees them (the dialog's port, see dialogs/ports.ts). */
export interface AlertSubscriptions {
  /** The topics offered when a resident asks for alerts (most useful first). */
  topics(lang: Lang): Promise<AlertTopicChoice[]>;
  /** A topic in the resident's language (a program's title, a domain's name). */
  label(topic: AlertTopic, lang: Lang): Promise<string>;
  /** The resident's active subscriptions. */
  list(channelId: string, userId: string, lang: Lang): Promise<ResidentSubscription[]>;
  /** Records consent; `already` when that topic was active. */
  subscribe(request: SubscribeRequest): Promise<'created' | 'already'>;
  /** Ends the given topics (or all); returns how many ended. */
  unsubscribe(channelId: string, userId: string, topics: AlertTopic[] | 'all'): Promise<number>;
}

/** A delivery claimed by a worker, with the message rendered in the resident's language. */
export interface OutgoingAlert {
  /** The delivery id: also its idempotency key (LINE's X-Line-Retry-Key). */
  id: string;
  announcementId: string;
  channelId: string;
  userId: string;
  conversationId: string;
  reference: Partial<ConversationReference>;
  lang: Lang;
  /** The whole message (heading, text, reasons, link, how to stop). */
  text: string;
  /** Attempts including this one. */
  attempts: number;
  /** Must go on its own (a multicast with it was refused). */
  single?: boolean;
}

/** What happened to one send. */
export type DeliveryOutcome =
  | { status: 'sent' }
  /** Stored for the resident's next message (KakaoTalk). */
  | { status: 'waiting' }
  /** Try again after `afterMs` (rate limited: Telegram's retry_after, HTTP Retry-After; or a passing failure). */
  | { status: 'retry'; afterMs: number; reason: string; rateLimited: boolean }
  | { status: 'failed'; reason: string }
  /**
   * The request left on a route without idempotency key and no answer tells whether it arrived
   * (no answer, a cut connection, a 5xx): it may have reached the resident, and is not sent again.
   */
  | { status: 'unknown'; reason: string }
  | { status: 'skipped'; reason: 'unsubscribed' | 'unreachable' | 'expired' | 'cancelled' };

/**
 * How a route's deliveries stay exactly-once across a crash:
 * - `idempotent`: sending again with the same key is safe (LINE's retry key);
 * - `transactional`: the delivery is a database write, made in the transaction that marks it done;
 * - `at-most-once`: the platform has no idempotency key (Telegram, Bot Framework), so a send cut
 *   off by a crash is never repeated: it is marked `unknown` ("interrupted"), not sent twice.
 */
export type DeliveryGuarantee = 'idempotent' | 'transactional' | 'at-most-once';

/** Sends alerts on one route. */
export interface ChannelDeliverer {
  readonly route: string;
  readonly guarantee: DeliveryGuarantee;
  /** Sends one alert (idempotent and at-most-once routes). */
  send?(alert: OutgoingAlert): Promise<DeliveryOutcome>;
  /** Writes one alert inside the transaction that completes it (transactional routes). */
  write?(tx: SqlRunner, alert: OutgoingAlert): Promise<DeliveryOutcome>;
  /** After the transaction committed (a live web chat is told at once). */
  afterCommit?(alert: OutgoingAlert): Promise<void>;
  /**
   * One request for many residents with the same message (LINE multicast), idempotent by `key`;
   * the outcome is the request's, for all of them.
   */
  multicast?: {
    /** Most residents per request (0: never). */
    readonly max: number;
    /** The rate route name its requests are paced under (`line_multicast`). */
    readonly rateKey: string;
    /** Whether an alert may go in a multicast (a one-to-one chat; not a message of its own). */
    eligible(alert: OutgoingAlert): boolean;
    send(alerts: OutgoingAlert[], key: string): Promise<DeliveryOutcome>;
  };
}

/** The outbox routes. */
export const ROUTES = ['line', 'telegram', 'kakao', 'webchat', 'botframework'] as const;
/** An outbox route. */
export type Route = (typeof ROUTES)[number];

/** Delivery counts of one announcement by status (and by route). */
export interface DeliveryCounts {
  total: number;
  byStatus: Record<'pending' | 'sending' | 'waiting' | 'sent' | 'failed' | 'skipped' | 'unknown', number>;
  byRoute: Record<string, Record<string, number>>;
  /** Reasons of failed, skipped and unknown deliveries, with counts. */
  reasons: Record<string, number>;
}
