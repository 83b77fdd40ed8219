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
import type { AnswerService } from '../../knowledge/ports';
import type { AuditLog } from '../../safety/audit/audit-log';
import type { PiiMasker } from '../../safety/pii/pii-masker';
import type { Lang } from '../../locales/lang';
import { HandoffRepository } from '../../officers/handoff-repository';
import { OfficerRepository } from '../../officers/officer-repository';
import { OfficerEvents } from '../../officers/officer-events';
import { OfficeHours } from '../../officers/office-hours';
import { HandoffNotifier } from '../../officers/handoff-notifier';
import { HandoffGatewayImpl } from '../../officers/handoff-gateway';
import { ResidentMessenger } from '../../officers/resident-messenger';
import { HandoffService } from '../../officers/handoff-service';
import { OfficerAuth } from '../../officers/officer-auth';
import { createOfficerApiRouter } from '../../officers/officer-api-router';
import { createOfficerConsoleRouter } from '../../officers/console/console-router';
import type { ReplySuggester } from '../../officers/ports';

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
  summarizer: (lines: string[], lang: Lang) => Promise<string | null>;
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
  const gateway = new HandoffGatewayImpl({
    handoffs,
    events,
    officeHours,
    transcript: deps.transcript,
    minutesPerHandoff: config.MINUTES_PER_HANDOFF,
    summarizer: { summarize: deps.summarizer },
    notifier,
    log,
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
      return { text: answer.text, citations: answer.citations.map(({ title, url }) => ({ title, url })) };
    },
  };
  const service = new HandoffService({
    handoffs,
    officers,
    events,
    audit: deps.audit,
    transcript: deps.transcript,
    refs: deps.refs,
    messenger,
    suggester,
    masker: { mask: (text) => deps.masker.mask(text).text },
    log,
  });
  const auth = new OfficerAuth({ officers, audit: deps.audit, sessionSecret: deps.sessionSecret });
  const routes: MountedRoute[] = [
    { path: '/api/officer', handler: createOfficerApiRouter({ auth, service, officers, events, audit: deps.audit, bodyLimit: config.BODY_LIMIT, log }) },
    { path: '/officer', handler: createOfficerConsoleRouter() },
  ];
  return {
    gateway,
    service,
    officers,
    routes,
    start: () => events.start(),
    stop: async () => {
      await gateway.drain();
      await events.stop();
    },
  };
}
