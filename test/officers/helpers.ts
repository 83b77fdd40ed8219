/**
 * Test wiring for the officer module: the real repositories, gateway, service, auth and API on a
 * test database, with a recording proactive sender, an in-memory audit trail and a clock.
 */
import express from 'express';
import { BotAdapter, TurnContext, type Activity, type ConversationReference, type ResourceResponse } from 'botbuilder';
import type { BotLogic, ProactiveSender } from '../../adapters/shared/channel-endpoint';
import type { Database } from '../../storage/database';
import { TranscriptStore } from '../../storage/transcript-store';
import { ConversationRefStore } from '../../storage/conversation-ref-store';
import { TURN_AUTHOR_KEY } from '../../bot/middleware/transcript-middleware';
import { HandoffRepository } from '../../officers/handoff-repository';
import { OfficerEvents } from '../../officers/officer-events';
import { OfficeHours } from '../../officers/office-hours';
import { HandoffGatewayImpl } from '../../officers/handoff-gateway';
import { HandoffService } from '../../officers/handoff-service';
import { OfficerRepository, type Officer, type Role } from '../../officers/officer-repository';
import { OfficerAuth } from '../../officers/officer-auth';
import { LoginBackoff } from '../../safety/limits/login-backoff';
import { MemoryRateLimiter } from '../../safety/limits/memory-rate-limiter';
import { ResidentMessenger } from '../../officers/resident-messenger';
import { createOfficerApiRouter } from '../../officers/officer-api-router';
import { createOfficerConsoleRouter } from '../../officers/console/console-router';
import type { AuditEntry, AuditQuery, AuditTrail, CaseSummarizer, ReplySuggester, StoredAuditEntry } from '../../officers/ports';
import type { HandoffNotifier } from '../../officers/handoff-notifier';
import type { EscalationRequest } from '../../dialogs/ports';

/** Append-only audit trail in memory. */
export class MemoryAudit implements AuditTrail {
  readonly entries: StoredAuditEntry[] = [];
  async append(entry: AuditEntry): Promise<void> {
    this.entries.push({ ...entry, id: String(this.entries.length + 1), at: new Date().toISOString() });
  }
  async list(query: AuditQuery): Promise<StoredAuditEntry[]> {
    return this.entries
      .filter((e) => (!query.actorId || e.actorId === query.actorId) && (!query.target || e.target === query.target))
      .slice(-(query.limit ?? 200))
      .reverse();
  }
  actions(): string[] {
    return this.entries.map((e) => e.action);
  }
}

/** One message a sender delivered. */
export interface Delivered {
  channelId: string;
  conversationId: string;
  text: string;
  author: string | undefined;
}

class RecordingAdapter extends BotAdapter {
  constructor(private readonly onSend: (ctx: TurnContext, a: Partial<Activity>) => void) {
    super();
  }
  async sendActivities(ctx: TurnContext, activities: Partial<Activity>[]): Promise<ResourceResponse[]> {
    for (const a of activities) this.onSend(ctx, a);
    return activities.map((_, i) => ({ id: `sent-${i}` }));
  }
  async updateActivity(): Promise<void> {}
  async deleteActivity(): Promise<void> {}
  async continueConversation(reference: Partial<ConversationReference>, logic: (c: TurnContext) => Promise<void>): Promise<void> {
    const activity = TurnContext.applyConversationReference({ type: 'event', name: 'continueConversation' }, reference, true);
    await this.runMiddleware(new TurnContext(this, activity), logic);
  }
}

/** A proactive sender that records what it sends; `failing` makes it throw. */
export class RecordingSender implements ProactiveSender {
  readonly sent: Delivered[] = [];
  failing = false;
  private readonly adapter: RecordingAdapter;
  constructor(readonly channelId: string) {
    this.adapter = new RecordingAdapter((ctx, a) =>
      this.sent.push({ channelId: this.channelId, conversationId: ctx.activity.conversation.id, text: a.text ?? '', author: ctx.turnState.get(TURN_AUTHOR_KEY) }),
    );
  }
  async continueConversation(reference: Partial<ConversationReference>, logic: BotLogic): Promise<void> {
    if (this.failing) throw new Error('platform API down');
    await this.adapter.continueConversation(reference, logic);
  }
}

/** A controllable clock. */
export class Clock {
  constructor(public at = new Date('2026-03-04T01:00:00Z')) {} // Wednesday 10:00 in Seoul
  now = (): Date => new Date(this.at);
  advance(ms: number): void {
    this.at = new Date(this.at.getTime() + ms);
  }
}

/** Everything a test needs. */
export interface OfficerFixture {
  db: Database;
  clock: Clock;
  audit: MemoryAudit;
  handoffs: HandoffRepository;
  officersRepo: OfficerRepository;
  events: OfficerEvents;
  gateway: HandoffGatewayImpl;
  service: HandoffService;
  auth: OfficerAuth;
  transcript: TranscriptStore;
  refs: ConversationRefStore;
  senders: Map<string, RecordingSender>;
  app: express.Express;
  createOfficer(role: Role, email?: string, password?: string): Promise<Officer>;
  stop(): Promise<void>;
}

/** Options for {@link officerFixture}. */
export interface FixtureOptions {
  summarizer?: CaseSummarizer;
  suggester?: ReplySuggester;
  notifier?: HandoffNotifier;
  /** Use the real clock (browser tests). */
  realClock?: boolean;
}

/** Wires the officer module on `db` (already migrated). */
export async function officerFixture(db: Database, options: FixtureOptions = {}): Promise<OfficerFixture> {
  const clock = new Clock();
  const now = options.realClock ? () => new Date() : clock.now;
  const audit = new MemoryAudit();
  // As in production: the embedded database's repository is its sole hand-off writer.
  const handoffs = new HandoffRepository(db, { soleWriter: db.driver === 'pglite' });
  const officersRepo = new OfficerRepository(db);
  const events = new OfficerEvents(db);
  await events.start();
  const transcript = new TranscriptStore(db);
  const refs = new ConversationRefStore(db);
  const senders = new Map(['line', 'webchat'].map((c) => [c, new RecordingSender(c)]));
  const officeHours = new OfficeHours({ timeZone: 'Asia/Seoul', open: '09:00', close: '18:00', days: '1,2,3,4,5', holidays: '' });
  const gateway = new HandoffGatewayImpl({ handoffs, events, officeHours, transcript, minutesPerHandoff: 8, summarizer: options.summarizer, notifier: options.notifier, now });
  const messenger = new ResidentMessenger({ senderFor: (c) => senders.get(c), refs, transcript, writeTranscript: true });
  const service = new HandoffService({ handoffs, officers: officersRepo, events, audit, transcript, refs, messenger, suggester: options.suggester, now });
  // Login back-off as in production, on the fixture's clock.
  const throttle = new LoginBackoff(new MemoryRateLimiter({ now: () => now().getTime() }));
  const auth = new OfficerAuth({ officers: officersRepo, audit, sessionSecret: 'test-secret', bcryptRounds: 4, now, throttle });
  const app = express();
  app.use('/api/officer', createOfficerApiRouter({ auth, service, officers: officersRepo, events, audit, heartbeatMs: 1000 }));
  app.use('/officer', createOfficerConsoleRouter());
  return {
    db,
    clock,
    audit,
    handoffs,
    officersRepo,
    events,
    gateway,
    service,
    auth,
    transcript,
    refs,
    senders,
    app,
    createOfficer: (role, email = `${role}-${Math.random().toString(36).slice(2, 8)}@city.example`, password = 'correct horse battery') =>
      auth.createOfficer({ email, name: `${role[0].toUpperCase()}${role.slice(1)} Kim`, role, password }),
    stop: async () => {
      await gateway.drain();
      await events.stop();
    },
  };
}

/** A resident's escalation request on a channel. */
export function escalation(conversationId: string, overrides: Partial<EscalationRequest> = {}): EscalationRequest {
  const channelId = overrides.channelId ?? 'line';
  return {
    reference: { channelId, conversation: { id: conversationId, isGroup: false, conversationType: 'personal', name: '' }, user: { id: `u-${conversationId}`, name: '' }, bot: { id: 'bot', name: 'bot' }, serviceUrl: 'http://127.0.0.1:1' },
    channelId,
    conversationId,
    userId: `u-${conversationId}`,
    lang: 'en',
    reason: 'asked_for_person',
    priority: 'normal',
    triggerText: 'I want to talk to a person about my housing benefit.',
    ...overrides,
  };
}

/** Stores what the transcript middleware would: the resident's lines and the conversation reference. */
export async function residentSays(f: OfficerFixture, request: EscalationRequest, ...texts: string[]): Promise<void> {
  await f.transcript.append(
    texts.map((text) => ({ channelId: request.channelId, conversationId: request.conversationId, userId: request.userId, direction: 'in' as const, author: 'resident' as const, activityType: 'message', text })),
  );
  await f.refs.save(request.reference, request.lang);
}

export { listen } from '../helpers/listen';

/** Polls until `cond` holds. */
export async function until(cond: () => boolean | Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error('timed out waiting for condition');
    await new Promise((r) => setTimeout(r, 20));
  }
}
