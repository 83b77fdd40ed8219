/**
 * The composition root: the only place that knows the concrete classes. It opens the database,
 * builds the knowledge base, safety, officer, eligibility and channel modules, the bot and the
 * Express app, and returns what the server and the tools need to run and stop them.
 */
import { ConversationState, UserState, type Middleware } from 'botbuilder';
import type { DialogState } from 'botbuilder-dialogs';
import type { Express } from 'express';
import type { Logger } from 'pino';
import type { Config } from './config';
import { createApp, type MountedRoute, type Readiness } from './app';
import { MadoguchiBot } from './madoguchi-bot';
import { createTurnErrorHandler } from './turn-error-handler';
import { TranscriptMiddleware } from './middleware/transcript-middleware';
import { TurnPrefetchMiddleware } from './middleware/turn-prefetch-middleware';
import { ConversationTurnQueue } from './middleware/conversation-turn-queue';
import { TurnClient } from './middleware/turn-client';
import { CompositeOutcomeSink } from './composite-outcome-sink';
import { buildChannels } from './wiring/channels-wiring';
import { buildEligibility } from './wiring/eligibility-wiring';
import { buildKnowledge, type KnowledgeOverrides } from './wiring/knowledge-wiring';
import { buildSafety } from './wiring/safety-wiring';
import { SqlPrivacyNoticeLedger } from '../storage/privacy-notice-ledger';
import { buildOfficers } from './wiring/officers-wiring';
import { buildInsight, closestDocuments } from './wiring/insight-wiring';
import { buildAlerts } from './wiring/alerts-wiring';
import { authenticate, caller, requireRole } from '../officers/auth-middleware';
import { KnowledgeScreeningGate } from './wiring/screening-gate';
import { RetrievalNewQuestionDetector } from './wiring/new-question-detector';
import { MainDialog } from '../dialogs/main-dialog';
import { AlertsDialog } from '../dialogs/alerts-dialog';
import type { ConversationData } from '../dialogs/conversation-data';
import type { BotLogic } from '../adapters/shared/channel-endpoint';
import { createDemoPageRouter } from '../adapters/webchat/demo-page';
import { openDatabase } from '../storage/open-database';
import type { Database } from '../storage/database';
import { SqlStorage } from '../storage/sql-storage';
import { TranscriptStore } from '../storage/transcript-store';
import { ConversationRefStore } from '../storage/conversation-ref-store';
import { sharedSecret } from '../storage/app-secrets';
import { Metrics } from '../ops/metrics';
import { MeteredDatabase } from '../ops/metered-database';
import { MetricsMiddleware } from '../ops/metrics-middleware';
import { metricsHandler } from '../ops/metrics-handler';

/** Options for tests, evaluation and benchmarks. */
export interface ContainerOptions {
  /** Use an in-memory embedded database (nothing written to DATA_DIR). */
  inMemoryDatabase?: boolean;
  /** Replace parts of the knowledge module (evaluation records what reaches the LLM). */
  knowledge?: KnowledgeOverrides;
  /** Skip the knowledge-base import at start-up (the caller imports itself). */
  skipKbImport?: boolean;
  /** Metrics registry (default: a new one; tests and benchmarks may share theirs). */
  metrics?: Metrics;
}

/** Everything built. */
export interface Container {
  app: Express;
  db: Database;
  databaseDriver: 'pglite' | 'postgres';
  /** The bot's turn logic (what every channel runs). */
  bot: BotLogic;
  /** Middleware every channel runs, in order (for evaluation through a TestAdapter). */
  middleware: Middleware[];
  /** Observers of turn outcomes (metrics, evaluation) can be added here. */
  outcomes: CompositeOutcomeSink;
  metrics: Metrics;
  knowledge: Awaited<ReturnType<typeof buildKnowledge>>;
  /** Makes the app answer 503 to new requests. */
  beginShutdown: () => void;
  /** Drains channels, stops background work and closes the database. */
  shutdown: () => Promise<void>;
}

/** Builds the whole application from a validated configuration. */
export async function buildContainer(config: Config, log: Logger, options: ContainerOptions = {}): Promise<Container> {
  const metrics = options.metrics ?? new Metrics();
  const db = new MeteredDatabase(await openDatabase({ databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR, inMemory: options.inMemoryDatabase, log }), metrics);
  const sessionSecret = config.SESSION_SECRET || (await sharedSecret(db, 'session'));
  const storage = new SqlStorage(db);
  const conversationState = new ConversationState(storage);
  const userState = new UserState(storage);
  const outcomes = new CompositeOutcomeSink();
  outcomes.add(metrics);
  // Every turn leaves a demand event (no message text); residents' 👍 / 👎 are stored beside them.
  // Reasons after a 👎 are masked again before they are stored; topics archived before a purge get the
  // closest documents by retrieval (safety and knowledge are built below; both are called later).
  const insight = buildInsight(config, { db, log, mask: (text) => safety.masker.mask(text).text, closest: (text, lang) => closestDocuments(knowledge.kb)(text, lang) });
  outcomes.add(insight.recorder);
  const onTurnError = createTurnErrorHandler(log, config.DEFAULT_LANGUAGE);

  const knowledge = await buildKnowledge(config, { db, log, metrics, overrides: options.knowledge });
  if (!options.skipKbImport) await knowledge.importAtStartup();
  const eligibility = buildEligibility(config.KB_DIR, {
    db,
    log,
    extractor: knowledge.profileExtractor,
    settingsFiles: { areas: config.ELIGIBILITY_AREAS_FILE, incomeReferences: config.ELIGIBILITY_INCOME_REFERENCES_FILE },
  });
  knowledge.onReload(() => eligibility.reload(config.KB_DIR));
  const safety = buildSafety(config, {
    db,
    log,
    mentionsProgram: (text) => knowledge.titles.mentionsProgram(text),
    titlesGeneration: () => knowledge.titles.generation,
    observeMasking: (seconds, channelId) => metrics.observe('masking', seconds, channelId),
    beforePurge: (cutoff) => insight.rollup.beforePurge(cutoff),
  });
  // What reaches storage without passing the masking middleware (officers' replies, display names) is masked there.
  const maskText = (text: string): string => safety.masker.mask(text).text;
  const transcript = new TranscriptStore(db, undefined, { maskText });
  const refs = new ConversationRefStore(db, { maskText });
  const channels = buildChannels(config, { db, log, transcript, webchatSecret: sessionSecret, onTurnError, maskText });
  // Web chat requests come from residents' own browsers: there the client is the address.
  const turnClient = new TurnClient(['webchat']);
  const officers = buildOfficers(config, {
    db,
    log,
    transcript,
    refs,
    sessionSecret,
    channels: channels.endpoints,
    audit: safety.audit,
    masker: safety.masker,
    answers: knowledge.answers,
    retriever: knowledge.kb,
    screener: eligibility.screener,
    summarizer: knowledge.summarizer,
    turnClient: () => turnClient.current(),
    loginThrottle: safety.loginThrottle,
    metrics,
  });
  // Opt-in alerts: subscriptions in the conversation, announcements for publishers, the outbox worker.
  const alerts = buildAlerts(config, {
    db,
    log,
    channels: channels.endpoints,
    webchatBus: channels.webchatBus,
    maskText,
    audit: safety.audit,
    officerAuth: officers.auth,
    officers: officers.officers,
    documents: () => knowledge.kb.listDocuments(),
    onKnowledgeReload: (listener) => knowledge.onReload(listener),
    areas: () => eligibility.settings.areas,
    canRecommend: () => eligibility.screenable().size > 0,
    eligibilitySettings: () => eligibility.settings,
  });

  const mainDialog = new MainDialog({
    triage: safety.triage,
    answers: knowledge.answers,
    handoff: officers.gateway,
    hotlines: safety.hotlines,
    conversationData: conversationState.createProperty<ConversationData>('main'),
    outcomes,
    feedback: insight.feedback,
    newQuestion: new RetrievalNewQuestionDetector(knowledge.kb),
    eligibilityDialog: eligibility.dialog,
    alertsDialog: config.ALERTS_ENABLED ? new AlertsDialog(alerts.subscriptions) : undefined,
    screeningGate: new KnowledgeScreeningGate(knowledge.kb, () => eligibility.screenable(), eligibility.settings),
    safetyReviewer: knowledge.safetyReviewer,
    noticeLedger: new SqlPrivacyNoticeLedger(db),
    defaultLang: config.DEFAULT_LANGUAGE,
    retentionDays: config.RETENTION_DAYS,
    cityName: config.CITY_NAME,
    officeTimeZone: config.OFFICE_TIMEZONE,
    streamingChannels: channels.streamingChannels,
    typingDelayMs: config.TYPING_DELAY_MS,
  });
  const bot = new MadoguchiBot(conversationState, userState, conversationState.createProperty<DialogState>('dialogState'), mainDialog);
  const botLogic: BotLogic = (context) => bot.run(context);

  // Order matters: mask first (nothing unmasked reaches limits, logs, storage or the LLM).
  // The prefetch starts the state and hand-off reads before the limits count the message (they overlap).
  const prefetch = new TurnPrefetchMiddleware(conversationState, (channelId, conversationId) => officers.gateway.openPhase(channelId, conversationId));
  // One conversation's messages run one at a time (the state each reads is its predecessor's).
  const middleware: Middleware[] = [
    new MetricsMiddleware(metrics),
    new ConversationTurnQueue(),
    turnClient,
    prefetch,
    ...safety.middleware,
    new TranscriptMiddleware(transcript, refs, log),
  ];
  for (const channel of channels.endpoints) channel.use(...middleware);

  metrics.setGaugeSource('ollama_queue_depth', () => knowledge.status().queueDepth);
  metrics.setGaugeSource('ollama_slots_busy', () => knowledge.status().hosts.reduce((sum, h) => sum + h.inFlight, 0));
  metrics.setGaugeSource('ollama_hosts_up', () => knowledge.status().hosts.filter((h) => h.healthy && h.breaker === 'closed').length);
  metrics.setGaugeSource('handoffs_waiting', async () => (await db.query<{ n: number }>("SELECT count(*)::int AS n FROM handoffs WHERE status = 'queued'")).rows[0]?.n ?? 0);
  const routes: MountedRoute[] = [
    // On the residents' listener only with a token; otherwise scrape the separate METRICS_PORT listener.
    ...(config.METRICS_TOKEN ? [{ path: '/metrics', handler: metricsHandler(metrics, { token: config.METRICS_TOKEN }) }] : []),
    { path: '/api/officer/login', handler: safety.officerLoginLimiter },
    // Before the officer API (its catch-all would answer 404): announcements and the publisher role.
    ...alerts.routes,
    // Before the officer API (its catch-all would answer 404): supervisors and up, every view audited.
    {
      path: '/api/officer/insight',
      handler: insight.router({
        guards: [authenticate(officers.auth), requireRole('supervisor')],
        actor: (res) => ({ actorId: caller(res).officer.id, actorRole: caller(res).officer.role }),
        audit: safety.audit,
        retriever: knowledge.kb,
      }),
    },
    ...officers.routes,
    ...knowledge.routes,
    { path: '/', handler: createDemoPageRouter({ defaultLang: config.DEFAULT_LANGUAGE }) },
  ];
  let shuttingDown = false;
  const app = createApp({
    log,
    bot: botLogic,
    channels: channels.endpoints,
    routes,
    residentLimiter: { paths: channels.residentFacingPaths, handler: safety.ipLimiter },
    readiness: async (): Promise<Readiness> => {
      const dbUp = await db.ping();
      const llm = knowledge.status();
      return {
        status: !dbUp ? 'down' : llm.mode === 'llm' ? 'ok' : 'degraded',
        database: dbUp ? 'up' : 'down',
        databaseDriver: db.driver,
        answers: llm,
        knowledgeBase: knowledge.kbStatus(),
      };
    },
    isShuttingDown: () => shuttingDown,
    trustProxy: config.TRUST_PROXY,
  });

  await channels.start();
  knowledge.start();
  safety.start();
  await officers.start();
  await alerts.start();
  insight.start();

  return {
    app,
    db,
    databaseDriver: db.driver,
    bot: botLogic,
    middleware,
    outcomes,
    metrics,
    knowledge,
    beginShutdown: () => {
      shuttingDown = true;
    },
    shutdown: async () => {
      // The alert worker first: its web chat deliveries publish on the channels' bus.
      await alerts.stop();
      await channels.drain();
      await transcript.settled();
      await officers.stop();
      await insight.stop();
      safety.stop();
      await knowledge.stop();
      await db.close();
    },
  };
}
