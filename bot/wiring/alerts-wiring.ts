/**
 * Builds opt-in alerts: the subscriptions the conversation records (the dialog's port), the
 * announcement API for publishers, the outbox worker with one sender per configured channel (the
 * adapters' own API clients and stores), and the drafts made from knowledge-base changes.
 */
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import type { Config } from '../config';
import type { MountedRoute } from '../app';
import type { Database } from '../../storage/database';
import type { ChannelEndpoint } from '../../adapters/shared/channel-endpoint';
import type { WebchatBus } from '../../adapters/webchat/webchat-bus';
import type { AuditSink } from '../../officers/ports';
import { authenticate } from '../../officers/auth-middleware';
import type { OfficerAuth } from '../../officers/officer-auth';
import type { OfficerRepository } from '../../officers/officer-repository';
import { TURN_AUTHOR_KEY } from '../middleware/transcript-middleware';
import { AlertOutbox } from '../../alerts/outbox';
import { AlertWorker, ALERTS_WAKE_CHANNEL } from '../../alerts/alert-worker';
import { AnnouncementRepository } from '../../alerts/announcement-repository';
import { createAnnouncementRoutes } from '../../alerts/announcement-routes';
import { PublisherRepository } from '../../alerts/publisher-repository';
import { QuietHours, parseQuietHours } from '../../alerts/quiet-hours';
import { SqlSubscriptionStore } from '../../alerts/subscription-store';
import { TopicCatalog, type CatalogArea, type CatalogDocument } from '../../alerts/topic-catalog';
import type { ChannelDeliverer } from '../../alerts/ports';
import { KbChangeDrafter } from '../../alerts/kb-change-drafter';
import type { EligibilitySettings } from '../../eligibility/references';
import { LineDeliverer } from '../../alerts/channels/line-deliverer';
import { TelegramDeliverer } from '../../alerts/channels/telegram-deliverer';
import { KakaoDeliverer } from '../../alerts/channels/kakao-deliverer';
import { WebchatDeliverer } from '../../alerts/channels/webchat-deliverer';
import { BotFrameworkDeliverer } from '../../alerts/channels/botframework-deliverer';

/** What the alerts module needs from the rest of the application. */
export interface AlertsWiringDeps {
  db: Database;
  log: Logger;
  channels: ChannelEndpoint[];
  /** The web chat's bus (a live widget sees an alert at once). */
  webchatBus: WebchatBus;
  /** Masks display names in stored conversation references. */
  maskText: (text: string) => string;
  audit: AuditSink;
  officerAuth: OfficerAuth;
  officers: OfficerRepository;
  /** The knowledge documents (topics, program titles, regions); read once per knowledge-base version. */
  documents: () => Promise<CatalogDocument[]>;
  /** Subscribes to knowledge-base reloads. */
  onKnowledgeReload: (listener: () => void) => void;
  /** The areas of eligibility/areas.yaml. */
  areas: () => CatalogArea[];
  /** Whether any program can be screened (the `recommendations` topic). */
  canRecommend: () => boolean;
  /** Income references and areas (recommendations evaluate kept profiles with them). */
  eligibilitySettings: () => EligibilitySettings;
}

/** The senders of the configured channels. */
export function alertDeliverers(config: Config, deps: Pick<AlertsWiringDeps, 'channels' | 'webchatBus'>): ChannelDeliverer[] {
  const deliverers: ChannelDeliverer[] = [];
  if (config.LINE_CHANNEL_SECRET && config.LINE_CHANNEL_ACCESS_TOKEN) deliverers.push(new LineDeliverer({ apiBaseUrl: config.LINE_API_BASE_URL, channelAccessToken: config.LINE_CHANNEL_ACCESS_TOKEN, multicastMax: config.ALERTS_LINE_MULTICAST_MAX }));
  if (config.TELEGRAM_BOT_TOKEN && config.TELEGRAM_WEBHOOK_SECRET) deliverers.push(new TelegramDeliverer({ apiBaseUrl: config.TELEGRAM_API_BASE_URL, botToken: config.TELEGRAM_BOT_TOKEN }));
  if (config.KAKAO_SKILL_SECRET) deliverers.push(new KakaoDeliverer());
  if (config.WEBCHAT_ENABLED) deliverers.push(new WebchatDeliverer(deps.webchatBus));
  const botframework = deps.channels.find((c) => c.channelId === 'botframework');
  if (botframework) deliverers.push(new BotFrameworkDeliverer(botframework, (context) => context.turnState.set(TURN_AUTHOR_KEY, 'system')));
  return deliverers;
}

/** Builds the alerts module. */
export function buildAlerts(config: Config, deps: AlertsWiringDeps) {
  const { db, log } = deps;
  let cached: Promise<CatalogDocument[]> | null = null;
  // Every instance reloads after an import; the drafter's lock and its record of what it saw draft each change once.
  const drafter = new KbChangeDrafter({ db, announcements: new AnnouncementRepository(db), settings: deps.eligibilitySettings, log });
  let drafting: Promise<unknown> = Promise.resolve();
  let started = false;
  const draft = (): void => {
    drafting = drafting.then(() => drafter.run()).catch((err: unknown) => log.error({ err }, 'knowledge-base changes not drafted'));
  };
  deps.onKnowledgeReload(() => {
    cached = null;
    if (started && config.ALERTS_ENABLED) draft();
  });
  const documents = async (): Promise<CatalogDocument[]> => {
    cached ??= deps.documents();
    try {
      return await cached;
    } catch (err) {
      cached = null;
      throw err;
    }
  };
  const catalog = new TopicCatalog({ documents, areas: deps.areas, canRecommend: deps.canRecommend });
  const subscriptions = new SqlSubscriptionStore(db, { catalog, defaultRegion: config.REGION, maskText: deps.maskText });
  const announcements = new AnnouncementRepository(db);
  const publishers = new PublisherRepository(db);
  const outbox = new AlertOutbox(db, config.CITY_NAME);
  const owner = `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
  const worker = new AlertWorker({
    db,
    outbox,
    deliverers: alertDeliverers(config, deps),
    rates: config.ALERTS_RATES,
    quietHours: new QuietHours(parseQuietHours(config.ALERTS_QUIET_HOURS, config.OFFICE_TIMEZONE)),
    owner,
    leaseMs: config.ALERTS_LEASE_SECONDS * 1000,
    maxAttempts: config.ALERTS_MAX_ATTEMPTS,
    pollMs: config.ALERTS_POLL_MS,
    // The embedded database serves this process only: claims left by the last run are orphans.
    orphanedAtStart: db.driver === 'pglite',
    log: log.child({ module: 'alerts' }),
  });
  const routes: MountedRoute[] = [
    {
      path: '/api/officer',
      handler: createAnnouncementRoutes({
        authenticate: authenticate(deps.officerAuth),
        announcements,
        outbox,
        publishers,
        fourEyes: config.ALERTS_FOUR_EYES,
        officerExists: async (id) => (await deps.officers.get(id)) !== null,
        listOfficers: () => deps.officers.list(),
        audit: deps.audit,
        wake: (id) => db.notify(ALERTS_WAKE_CHANNEL, id),
        topics: (lang) => catalog.choices(lang),
        bodyLimit: config.BODY_LIMIT,
        log,
      }),
    },
  ];
  return {
    subscriptions,
    announcements,
    publishers,
    outbox,
    worker,
    routes,
    drafter,
    start: async (): Promise<void> => {
      if (!config.ALERTS_ENABLED) return;
      started = true;
      // Changes made while no server ran (kb import on PostgreSQL); the first run only records what is there.
      draft();
      await worker.start();
    },
    stop: async (): Promise<void> => {
      started = false;
      await drafting;
      if (config.ALERTS_ENABLED) await worker.stop();
    },
  };
}
