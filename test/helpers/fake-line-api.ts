/**
 * Local fake of the LINE Messaging API: `POST /v2/bot/message/reply`, `/v2/bot/message/push`,
 * `/v2/bot/message/multicast` and `/v2/bot/chat/loading/start`, with Bearer auth, single-use reply tokens and the
 * `X-Line-Retry-Key` semantics (a key already accepted answers 409).
 */
import { FakePlatformServer, type RecordedRequest } from './fake-platform-server';

/** The fake LINE API. */
export class FakeLineApi extends FakePlatformServer {
  private readonly usedTokens = new Set<string>();
  private readonly acceptedKeys = new Set<string>();
  /** When true every reply token is refused as expired. */
  expireReplyTokens = false;
  /** Accepts the next N pushes but answers 500, as when LINE's response is lost. */
  losePushResponses = 0;
  /** Pushes accepted (each retry key once). */
  acceptedPushes = 0;
  /** Multicast requests accepted (each retry key once), and the recipients they named. */
  acceptedMulticasts = 0;
  multicastRecipients = 0;

  constructor(readonly accessToken: string) {
    super((req) => this.handle(req));
  }

  private handle(req: RecordedRequest): { status: number; body: unknown } {
    if (req.headers.authorization !== `Bearer ${this.accessToken}`) return { status: 401, body: { message: 'Authentication failed' } };
    const body = req.body as { replyToken?: string; messages?: unknown[] };
    if (req.path === '/v2/bot/message/reply') {
      if (this.expireReplyTokens || !body.replyToken || this.usedTokens.has(body.replyToken)) return { status: 400, body: { message: 'Invalid reply token' } };
      this.usedTokens.add(body.replyToken);
      return { status: 200, body: { sentMessages: (body.messages ?? []).map((_, i) => ({ id: String(i), quoteToken: 'q' })) } };
    }
    if (req.path === '/v2/bot/message/multicast') {
      const key = req.headers['x-line-retry-key'];
      if (typeof key === 'string') {
        if (this.acceptedKeys.has(key)) return { status: 409, body: { message: 'The retry key is already accepted' } };
        this.acceptedKeys.add(key);
      }
      this.acceptedMulticasts++;
      this.multicastRecipients += ((req.body as { to?: unknown[] }).to ?? []).length;
      return { status: 200, body: {} };
    }
    if (req.path === '/v2/bot/message/push') {
      const key = req.headers['x-line-retry-key'];
      if (typeof key === 'string') {
        if (this.acceptedKeys.has(key)) return { status: 409, body: { message: 'The retry key is already accepted' } };
        this.acceptedKeys.add(key);
      }
      this.acceptedPushes++;
      if (this.losePushResponses > 0) {
        this.losePushResponses--;
        return { status: 500, body: { message: 'response lost' } };
      }
      return { status: 200, body: { sentMessages: [] } };
    }
    if (req.path === '/v2/bot/chat/loading/start') return { status: 202, body: {} };
    return { status: 404, body: { message: 'Not found' } };
  }

  /** Text of every message delivered by reply or push, in order. */
  deliveredTexts(): string[] {
    return this.requests
      .filter((r) => (r.path === '/v2/bot/message/reply' || r.path === '/v2/bot/message/push' || r.path === '/v2/bot/message/multicast') && r.body && typeof r.body === 'object')
      .flatMap((r) => ((r.body as { messages?: { text?: string }[] }).messages ?? []).map((m) => m.text ?? ''));
  }
}
