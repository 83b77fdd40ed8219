/**
 * Builds every channel endpoint from the configuration. A channel whose settings are empty is
 * still built (so its endpoint can say it is off) but disabled.
 */
import type { Logger } from 'pino';
import type { TurnContext } from 'botbuilder';
import type { Config } from '../config';
import type { Database } from '../../storage/database';
import type { TranscriptStore } from '../../storage/transcript-store';
import type { ChannelEndpoint } from '../../adapters/shared/channel-endpoint';
import { BotFrameworkEndpoint } from '../../adapters/botframework/botframework-endpoint';
import { LineAdapter } from '../../adapters/line/line-adapter';
import { KakaoAdapter } from '../../adapters/kakao/kakao-adapter';
import { SqlKakaoPendingStore } from '../../adapters/kakao/sql-kakao-pending-store';
import { TelegramAdapter } from '../../adapters/telegram/telegram-adapter';
import { WebchatAdapter } from '../../adapters/webchat/webchat-adapter';
import { SqlWebchatBus } from '../../adapters/webchat/sql-webchat-bus';
import { SqlWebhookInbox } from '../../adapters/shared/sql-webhook-inbox';

/** The built channels plus what shutdown must do for them. */
export interface Channels {
  endpoints: ChannelEndpoint[];
  /** Channel ids that render streamed answers. */
  streamingChannels: string[];
  /** Mount paths residents' own browsers call (per-IP limits apply there). */
  residentFacingPaths: string[];
  /** The web chat's bus (alerts tell an open widget at once). */
  webchatBus: SqlWebchatBus;
  start(): Promise<void>;
  /** Waits for accepted webhooks to finish, then stops background listeners. */
  drain(): Promise<void>;
}

/** Builds the channels. */
export function buildChannels(
  config: Config,
  deps: {
    db: Database;
    log: Logger;
    transcript: TranscriptStore;
    webchatSecret: string;
    onTurnError: (c: TurnContext, e: Error) => Promise<void>;
    /**
     * Masks personal data in what is stored outside a resident's turn (officers' replies waiting
     * for a Kakao resident; LINE and Telegram events waiting in the inbox).
     */
    maskText?: (text: string) => string;
  },
): Channels {
  const { db, log } = deps;
  // Every LINE/Telegram event is stored before it is acknowledged and processed from this inbox;
  // Kakao uses it to recognise replays.
  const inbox = new SqlWebhookInbox(db);
  const maxEventAgeMs = config.WEBHOOK_MAX_AGE_SECONDS * 1000;
  const inboxSettings = { inbox, maxEventAgeMs, inboxMaxAttempts: config.WEBHOOK_MAX_ATTEMPTS, inboxLeaseMs: config.WEBHOOK_INBOX_LEASE_SECONDS * 1000, ...(deps.maskText ? { maskText: deps.maskText } : {}) };
  const bus = new SqlWebchatBus(db, log);
  const common = { log, bodyLimit: config.BODY_LIMIT, defaultLang: config.DEFAULT_LANGUAGE };
  const botframework = new BotFrameworkEndpoint(
    { appId: config.MicrosoftAppId, appPassword: config.MicrosoftAppPassword, appType: config.MicrosoftAppType, tenantId: config.MicrosoftAppTenantId },
    config.BODY_LIMIT,
    deps.onTurnError,
    log,
    { allowAnonymous: config.BOTFRAMEWORK_ALLOW_ANONYMOUS, trustedServiceHosts: config.BOTFRAMEWORK_TRUSTED_SERVICE_HOSTS },
  );
  logBotFrameworkAccess(config, log);
  const webchat = new WebchatAdapter({
    tokenSecret: deps.webchatSecret,
    bus,
    transcript: deps.transcript,
    log,
    enabled: config.WEBCHAT_ENABLED,
    // The adapter's hard cap is above MAX_MESSAGE_CHARS so the limits middleware can answer politely.
    maxMessageChars: config.MAX_MESSAGE_CHARS * 4,
  });
  const line = new LineAdapter({
    ...common,
    channelSecret: config.LINE_CHANNEL_SECRET,
    channelAccessToken: config.LINE_CHANNEL_ACCESS_TOKEN,
    apiBaseUrl: config.LINE_API_BASE_URL,
    ...inboxSettings,
  });
  const kakao = new KakaoAdapter({
    log,
    bodyLimit: config.BODY_LIMIT,
    skillSecret: config.KAKAO_SKILL_SECRET,
    callbackEnabled: config.KAKAO_CALLBACK_ENABLED,
    pending: new SqlKakaoPendingStore(db, deps.maskText),
    inbox,
    replayWindowMs: maxEventAgeMs,
  });
  const telegram = new TelegramAdapter({
    ...common,
    botToken: config.TELEGRAM_BOT_TOKEN,
    webhookSecret: config.TELEGRAM_WEBHOOK_SECRET,
    apiBaseUrl: config.TELEGRAM_API_BASE_URL,
    ...inboxSettings,
  });
  const platform = [webchat, line, kakao, telegram];
  for (const adapter of platform) adapter.onTurnError = deps.onTurnError;
  return {
    endpoints: [botframework, ...platform],
    streamingChannels: [webchat.channelId],
    residentFacingPaths: [webchat.mountPath],
    webchatBus: bus,
    start: async () => {
      await bus.start();
      // The routers are mounted by now. With the embedded database this process is the only one,
      // so events left "processing" belong to a process that died and are taken back at once;
      // with PostgreSQL another instance may still be on them, and the sweep takes them over once
      // their claim's lease has expired.
      const orphaned = db.driver === 'pglite';
      line.resume(orphaned);
      telegram.resume(orphaned);
    },
    drain: async () => {
      await Promise.all(platform.map((a) => a.drain()));
      await bus.close();
    },
  };
}

/** Says at start-up who may use /api/messages, and how to open it for local development. */
function logBotFrameworkAccess(config: Config, log: Logger): void {
  if (config.MicrosoftAppId !== '') return;
  if (config.BOTFRAMEWORK_ALLOW_ANONYMOUS) {
    log.warn('Bot Framework endpoint /api/messages is in anonymous development mode: unauthenticated activities are accepted from loopback only; set MicrosoftAppId before going live');
  } else {
    log.warn(
      'Bot Framework endpoint /api/messages is closed (401): MicrosoftAppId is empty. Set MicrosoftAppId and MicrosoftAppPassword for Azure Bot Service, or BOTFRAMEWORK_ALLOW_ANONYMOUS=true for local development with the Emulator (loopback only)',
    );
  }
}
