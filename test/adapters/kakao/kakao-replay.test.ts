import assert from 'node:assert/strict';
import pino from 'pino';
import { KakaoAdapter } from '../../../adapters/kakao/kakao-adapter';
import type { KakaoSkillResponse } from '../../../adapters/kakao/kakao-mapping';
import { t } from '../../../locales/i18n';
import { ANSWERS, languageBot } from '../helpers/language-bot';
import { fixture, serve, type Served } from '../helpers/serve';

const SECRET = 'kakao-skill-secret-for-tests';
const log = pino({ level: 'silent' });

const texts = (r: KakaoSkillResponse): string[] => r.template.outputs.flatMap((o) => ('simpleText' in o ? [o.simpleText.text] : []));

describe('Kakao adapter replays', () => {
  let served: Served | undefined;
  let adapter: KakaoAdapter;
  let turns = 0;

  async function start(delayMs: number, replayWindowMs?: number): Promise<void> {
    adapter = new KakaoAdapter({ skillSecret: SECRET, callbackEnabled: false, log, syncBudgetMs: 300, ...(replayWindowMs !== undefined ? { replayWindowMs } : {}) });
    adapter.use({ onTurn: async (_ctx, next) => { turns++; await next(); } });
    served = await serve(adapter, languageBot({ delayMs }));
  }
  async function post(body: string): Promise<KakaoSkillResponse> {
    const res = await fetch(`${served?.url}/webhooks/kakao`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-skill-secret': SECRET }, body });
    assert.equal(res.status, 200);
    return (await res.json()) as KakaoSkillResponse;
  }

  beforeEach(() => {
    turns = 0;
  });
  afterEach(async () => {
    await adapter?.drain();
    await served?.close();
  });

  it('when a request is replayed, then the bot runs once and the replay is told it was already answered', async () => {
    await start(0);
    const { raw } = fixture('kakao', 'skill-request-ko');
    assert.ok(texts(await post(raw)).join('\n').startsWith(ANSWERS.ko));
    await adapter.drain();
    for (let i = 0; i < 3; i++) assert.deepEqual(texts(await post(raw)), [t('ko', 'channels.kakao.alreadyAnswered')]);
    assert.equal(turns, 1);
  });

  it('when a request is replayed while its turn still runs, then the replay is asked to wait and the bot still runs once', async () => {
    await start(600);
    const { raw } = fixture('kakao', 'skill-request-ko');
    assert.deepEqual(texts(await post(raw)), [t('ko', 'channels.kakao.askAgain')]);
    assert.deepEqual(texts(await post(raw)), [t('ko', 'channels.kakao.askAgain')]);
    await adapter.drain();
    // The resident sends the same question again, as told: the late answer comes, without a new turn.
    const late = texts(await post(raw)).join('\n');
    assert.ok(late.startsWith(t('ko', 'channels.kakao.pendingHeading')) && late.includes(ANSWERS.ko));
    assert.equal(turns, 1);
  });

  it('when the same request comes after the replay window, then it is processed again', async () => {
    await start(0, 20);
    const { raw } = fixture('kakao', 'skill-request-ko');
    await post(raw);
    await adapter.drain();
    await new Promise((r) => setTimeout(r, 40));
    assert.ok(texts(await post(raw)).join('\n').startsWith(ANSWERS.ko));
    assert.equal(turns, 2);
  });
});
