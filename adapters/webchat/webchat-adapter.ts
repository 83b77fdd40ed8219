/**
 * The city's own web chat. We chose a light widget of our own over Server-Sent Events rather
 * than Microsoft's botframework-webchat over a Direct Line-compatible endpoint, or WebSocket:
 * - the widget is one small script with no framework, so it loads fast on a city page and
 *   we control its accessibility (one polite live region; a streamed answer is announced
 *   once, when final — which off-the-shelf widgets get wrong);
 * - SSE is plain HTTP: it passes the proxies and load balancers cities already run, needs no
 *   protocol upgrade or sticky sessions (any instance can deliver through the WebchatBus),
 *   and the resident's messages go by ordinary POSTs with a per-conversation Bearer token;
 * - a Direct Line clone would mean re-implementing a large protocol we do not need.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import path from 'node:path';
import express, { type Request, type Response, type Router } from 'express';
import type { Logger } from 'pino';
import type { Activity, ConversationReference, ResourceResponse, TurnContext } from 'botbuilder';
import type { BotLogic } from '../shared/channel-endpoint';
import { jsonBodyErrors } from '../shared/json-errors';
import { clientIpOf, PlatformAdapter } from '../shared/platform-adapter';
import { transcriptLineToHistory } from './history-mapping';
import type { TranscriptReader } from './transcript-reader';
import { staticDir, widgetStrings } from './webchat-assets';
import type { WebchatBus, WebchatEvent } from './webchat-bus';
import { activityToWebchatEvent, webchatToActivity } from './webchat-mapping';
import { bearerOf, newConversationId, tokenFor, verifyToken } from './webchat-token';

/** Settings of the web chat. */
export interface WebchatAdapterOptions {
  /** Secret for conversation tokens; the same on every instance (e.g. derived from SESSION_SECRET). */
  tokenSecret: string | Buffer;
  /** Delivers outgoing events to the SSE connection, on whichever instance holds it. */
  bus: WebchatBus;
  /** Restores the transcript after a reload. */
  transcript: TranscriptReader;
  log: Logger;
  /** WEBCHAT_ENABLED (default true). */
  enabled?: boolean;
  /** Longest message accepted (default 2000 characters; the safety middleware may be stricter). */
  maxMessageChars?: number;
  /** Open SSE connections allowed per conversation on one instance (default 5). */
  maxConnectionsPerConversation?: number;
  /** SSE keep-alive comment interval (default 20 s, under common proxy idle timeouts). */
  heartbeatMs?: number;
  /** History lines returned on reload (default 50). */
  historyLimit?: number;
}

const ID_PATTERN = /^wc-[A-Za-z0-9_-]{16,64}$/;

/** The web chat endpoint mounted at `/webchat`. */
export class WebchatAdapter extends PlatformAdapter {
  private readonly connections = new Map<string, number>();
  private readonly tokenSecret: string | Buffer;

  constructor(private readonly options: WebchatAdapterOptions) {
    super({
      channelId: 'webchat',
      mountPath: '/webchat',
      log: options.log,
      disabledReason: options.enabled === false ? 'channel webchat is turned off (WEBCHAT_ENABLED=false)' : undefined,
    });
    if (options.tokenSecret.length > 0) {
      this.tokenSecret = options.tokenSecret;
    } else {
      // Never sign with an empty key; a per-process key still keeps conversations apart, but
      // tokens then die with the process and are not shared between instances.
      this.tokenSecret = randomBytes(32);
      this.log.warn('web chat token secret is empty; using a per-process secret (conversations will not survive a restart)');
    }
  }

  /** @inheritdoc */
  router(bot: BotLogic): Router {
    const router = express.Router();
    // The widget is embedded from the city's own site, which may be another origin. Tokens
    // travel in a header, never in cookies, so allowing any origin exposes nothing extra.
    router.use((req, res, next) => {
      res.set('access-control-allow-origin', '*');
      res.set('cross-origin-resource-policy', 'cross-origin');
      if (req.method === 'OPTIONS') {
        res.set('access-control-allow-methods', 'GET, POST');
        res.set('access-control-allow-headers', 'authorization, content-type');
        res.set('access-control-max-age', '600');
        res.status(204).end();
        return;
      }
      next();
    });
    const assets = staticDir();
    for (const file of ['widget.js', 'widget.css', 'demo.css']) {
      router.get(`/${file}`, (_req, res) => {
        res.set('cache-control', 'public, max-age=300');
        res.sendFile(path.join(assets, file));
      });
    }
    router.get('/locales/:lang.json', (req, res) => {
      res.set('cache-control', 'public, max-age=300');
      res.json(widgetStrings(req.params.lang));
    });
    router.post('/api/conversations', (_req, res) => {
      const conversationId = newConversationId();
      res.status(201).json({ conversationId, token: tokenFor(this.tokenSecret, conversationId) });
    });
    const auth = (req: Request<{ id: string }>, res: Response, next: () => void) => {
      const id = req.params.id;
      if (!ID_PATTERN.test(id) || !verifyToken(this.tokenSecret, id, bearerOf(req.get('authorization')))) {
        res.status(401).json({ error: 'missing or wrong conversation token' });
        return;
      }
      next();
    };
    const json = express.json({ limit: '16kb', type: () => true });
    router.post('/api/conversations/:id/join', auth, json, (req: Request<{ id: string }>, res) => {
      const body = (req.body ?? {}) as { lang?: unknown };
      const activity = webchatToActivity(req.params.id, { type: 'join', lang: body.lang }, clientIpOf(req));
      this.track(this.runTurn(activity, bot), 'webchat join');
      res.status(202).json({ id: activity.id });
    });
    router.post('/api/conversations/:id/messages', auth, json, (req: Request<{ id: string }>, res) => {
      const body = (req.body ?? {}) as { text?: unknown; lang?: unknown };
      const text = typeof body.text === 'string' ? body.text.trim() : '';
      if (!text) {
        res.status(400).json({ error: 'expected JSON {"text": "…"} with a non-empty text' });
        return;
      }
      if (text.length > (this.options.maxMessageChars ?? 2000)) {
        res.status(413).json({ error: 'message too long' });
        return;
      }
      const activity = webchatToActivity(req.params.id, { type: 'message', text, lang: body.lang }, clientIpOf(req));
      this.track(this.runTurn(activity, bot), 'webchat turn');
      res.status(202).json({ id: activity.id });
    });
    router.get('/api/conversations/:id/events', auth, (req: Request<{ id: string }>, res) => this.openStream(req.params.id, req, res));
    router.get('/api/conversations/:id/history', auth, async (req: Request<{ id: string }>, res) => {
      try {
        const lines = await this.options.transcript.list('webchat', req.params.id, this.options.historyLimit ?? 50);
        res.set('cache-control', 'no-store');
        res.json({ messages: lines.map(transcriptLineToHistory) });
      } catch (err) {
        this.log.error({ err }, 'web chat history unavailable');
        res.status(503).json({ error: 'history unavailable' });
      }
    });
    router.use(jsonBodyErrors(this.log));
    return router;
  }

  private openStream(conversationId: string, req: Request, res: Response): void {
    const open = this.connections.get(conversationId) ?? 0;
    if (open >= (this.options.maxConnectionsPerConversation ?? 5)) {
      res.status(429).json({ error: 'too many open connections for this conversation' });
      return;
    }
    this.connections.set(conversationId, open + 1);
    res.status(200).set({
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      'x-accel-buffering': 'no',
      connection: 'keep-alive',
    });
    res.flushHeaders();
    let seq = 0;
    const write = (event: WebchatEvent) => {
      res.write(`id: ${++seq}\nevent: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`);
    };
    const unsubscribe = this.options.bus.subscribe(conversationId, write);
    res.write('retry: 3000\nevent: ready\ndata: {}\n\n');
    const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), this.options.heartbeatMs ?? 20000);
    req.on('close', () => {
      clearInterval(heartbeat);
      unsubscribe();
      const left = (this.connections.get(conversationId) ?? 1) - 1;
      if (left > 0) this.connections.set(conversationId, left);
      else this.connections.delete(conversationId);
    });
  }

  /** @inheritdoc */
  async sendActivities(context: TurnContext, activities: Partial<Activity>[]): Promise<ResourceResponse[]> {
    const responses: ResourceResponse[] = [];
    for (const activity of activities) {
      const id = activity.id ?? randomUUID();
      responses.push({ id });
      const event = activityToWebchatEvent({ ...activity, id });
      if (!event) continue;
      const conversationId = activity.conversation?.id ?? context.activity.conversation.id;
      try {
        await this.options.bus.publish(conversationId, event);
      } catch (err) {
        // The transcript keeps the answer; the widget shows it on its next reload.
        this.log.error({ err, conversationId }, 'web chat event could not be published');
      }
    }
    return responses;
  }

  /** Proactive send (officer replies): published to the conversation's open widget. */
  async continueConversation(reference: Partial<ConversationReference>, logic: BotLogic): Promise<void> {
    await this.runTurn(this.proactiveActivity(reference), logic);
  }
}
