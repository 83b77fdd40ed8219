/**
 * Builds the officer side: the hand-off gateway the main dialog calls, the officer API and
 * console, live events across instances (LISTEN/NOTIFY), webhook notices, and officer replies
 * delivered to residents through their original channel.
 */
import type { Logger } from 'pino';
import type { Config } from '../config';
import type { MountedRoute } from '../app';
import type { Database } from '../../storage/database';
import type { TranscriptStore } from '../../storage/transcript-store';
import type { ConversationRefStore } from '../../storage/conversation-ref-store';
import type { ChannelEndpoint, ProactiveSender } from '../../adapters/shared/channel-endpoint';
import type { AnswerService, Retriever } from '../../knowledge/ports';
import type { AuditLog } from '../../safety/audit/audit-log';
import type { PiiMasker } from '../../safety/pii/pii-masker';
import type { Lang } from '../../locales/lang';
import { HandoffRepository } from '../../officers/handoff-repository';
import { OfficerRepository } from '../../officers/officer-repository';
import { OfficerEvents } from '../../officers/officer-events';
import { OfficeHours } from '../../officers/office-hours';
import { HandoffNotifier } from '../../officers/handoff-notifier';
import { HandoffGatewayImpl } from '../../officers/handoff-gateway';
import { RateLimitedHandoffGateway } from '../../officers/rate-limited-handoff-gateway';
import { CrisisEscalationGuard } from '../../officers/crisis-escalation-guard';
import { MemoryRateLimiter } from '../../safety/limits/memory-rate-limiter';
import { RateLimiter } from '../../safety/limits/rate-limiter';
import { ResidentMessenger } from '../../officers/resident-messenger';
import { HandoffService } from '../../officers/handoff-service';
import { OfficerAuth } from '../../officers/officer-auth';
import { createOfficerApiRouter } from '../../officers/officer-api-router';
import { createOfficerConsoleRouter } from '../../officers/console/console-router';
import type { LoginThrottle, ReplySuggester } from '../../officers/ports';
import { knowledgeDesk } from './knowledge-desk-wiring';
import type { OfficerScreener } from '../../officers/officer-screening';
import { ReplyTemplateRepository } from '../../officers/reply-template-repository';
import { KnowledgeGapRepository } from '../../officers/knowledge-gap-repository';

/** What the officer module needs from the rest of the application. */
export interface OfficerWiringDeps {
  db: Database;
  log: Logger;
  transcript: TranscriptStore;
  refs: ConversationRefStore;
  sessionSecret: string;
  channels: ChannelEndpoint[];
  audit: AuditLog;
  masker: PiiMasker;
  answers: AnswerService;
  /** The bot's retriever, for the officers' document search (absent: the search answers 501). */
  retriever?: Retriever;
  /** Eligibility screening on facts an officer enters (absent: POST /screening answers 501). */
  screener?: OfficerScreener;
  summarizer: (lines: string[], lang: Lang) => Promise<string | null>;
  /** The client of the turn in progress (bot/middleware/turn-client.ts), for the hand-off limits. */
  turnClient?: () => string | undefined;
  /** Login back-off per client and account. */
  loginThrottle: LoginThrottle;
  /** Counts crisis escalations that could not be stored (`madoguchi_crisis_escalation_failures_total`). */
  metrics?: { crisisEscalationFailed(outcome: 'retried' | 'gave_up'): void };
}

/** Builds the officer module. */
export function buildOfficers(config: Config, deps: OfficerWiringDeps) {
  const { db, log } = deps;
  // The embedded database serves this process only, so this repository is its sole hand-off writer.
  const handoffs = new HandoffRepository(db, { soleWriter: db.driver === 'pglite' });
  const officers = new OfficerRepository(db);
  const events = new OfficerEvents(db, log);
  const officeHours = new OfficeHours({
    timeZone: config.OFFICE_TIMEZONE,
    open: config.OFFICE_OPEN,
    close: config.OFFICE_CLOSE,
    days: config.OFFICE_DAYS,
    holidays: config.OFFICE_HOLIDAYS,
  });
  const notifier = new HandoffNotifier({ webhookUrl: config.HANDOFF_NOTIFY_WEBHOOK_URL, log });
  const maskText = (text: string): string => deps.masker.mask(text).text;
  const gateway = new HandoffGatewayImpl({
    handoffs,
    events,
    officeHours,
    transcript: deps.transcript,
    minutesPerHandoff: config.MINUTES_PER_HANDOFF,
    summarizer: { summarize: deps.summarizer },
    notifier,
    maskText,
    log,
  });
  // Hand-off creation limited per conversation and per client.
  const limitedGateway = new RateLimitedHandoffGateway({
    inner: gateway,
    // Counters as the safety module keeps them: in memory for the single embedded-database process.
    limiter: db.driver === 'pglite' ? new MemoryRateLimiter() : new RateLimiter(db),
    perConversationPerHour: config.HANDOFF_LIMIT_PER_CONVERSATION_PER_HOUR,
    perClientPerHour: config.HANDOFF_LIMIT_PER_CLIENT_PER_HOUR,
    clientOf: (request) => deps.turnClient?.() ?? `user:${request.channelId}:${request.userId}`,
    log,
  });
  // What the main dialog calls: a crisis escalation is retried and, failing that, raises the alarm.
  const guardedGateway = new CrisisEscalationGuard({
    inner: limitedGateway,
    log,
    onFailure: (outcome) => deps.metrics?.crisisEscalationFailed(outcome),
    notifier,
  });
  // Bot Framework channels (Teams, Emulator, Direct Line) all go through the CloudAdapter endpoint.
  const byChannel = new Map<string, ProactiveSender>(deps.channels.map((c) => [c.channelId, c]));
  const botframework = byChannel.get('botframework');
  const senderFor = (channelId: string): ProactiveSender | undefined => byChannel.get(channelId) ?? botframework;
  const messenger = new ResidentMessenger({ senderFor, refs: deps.refs, transcript: deps.transcript });
  const suggester: ReplySuggester = {
    suggest: async (question, lang) => {
      const answer = await deps.answers.answer({ question, lang, channelId: 'officer-console', conversationId: 'suggestion' });
      if (answer.status !== 'answered') return null;
      return { text: answer.text, citations: answer.citations.map(({ n, title, url, updated }) => ({ n, title, url, updated })), mode: answer.mode };
    },
  };
  const templates = new ReplyTemplateRepository(db);
  const gaps = new KnowledgeGapRepository(db);
  const service = new HandoffService({
    handoffs,
    officers,
    events,
    audit: deps.audit,
    transcript: deps.transcript,
    refs: deps.refs,
    messenger,
    suggester,
    // A draft opens and closes with the chosen team's templates in the resident's language.
    draftFrame: async (lang, team) => {
      if (!team) return {};
      const own = await templates.list({ team, lang });
      return { greeting: own.find((x) => x.kind === 'greeting')?.text, closing: own.find((x) => x.kind === 'closing')?.text };
    },
    masker: { mask: maskText },
    log,
  });
  const masker = { mask: maskText };
  const knowledge = deps.retriever ? knowledgeDesk(deps.retriever, deps.answers) : undefined;
  const auth = new OfficerAuth({ officers, audit: deps.audit, sessionSecret: deps.sessionSecret, throttle: deps.loginThrottle });
  const routes: MountedRoute[] = [
    { path: '/api/officer', handler: createOfficerApiRouter({ auth, service, officers, events, audit: deps.audit, knowledge, templates, gaps, screener: deps.screener, masker, bodyLimit: config.BODY_LIMIT, log }) },
    { path: '/officer', handler: createOfficerConsoleRouter() },
  ];
  return {
    gateway: guardedGateway,
    service,
    officers,
    /** Officer sessions (other modules' officer routes authenticate with it). */
    auth,
    routes,
    start: () => events.start(),
    stop: async () => {
      await gateway.drain();
      await events.stop();
    },
  };
}
