/**
 * Local fake of the Telegram Bot API: `POST /bot<token>/<method>` answering `{ok:true}`, and
 * 401 `{ok:false}` for a wrong token, as Telegram does.
 */
import { FakePlatformServer } from './fake-platform-server';

/** The fake Telegram Bot API. */
export class FakeTelegramApi extends FakePlatformServer {
  constructor(readonly botToken: string) {
    super((req) =>
      req.path.startsWith(`/bot${botToken}/`)
        ? { status: 200, body: { ok: true, result: true } }
        : { status: 401, body: { ok: false, error_code: 401, description: 'Unauthorized' } },
    );
  }

  /** Bodies of calls to a method. */
  method(name: string): Record<string, unknown>[] {
    return this.calls(`/${name}`).map((r) => r.body as Record<string, unknown>);
  }
}
