/**
 * The masking middleware through botbuilder's TestAdapter: the bot only ever sees masked text,
 * channelData and value are masked but identifiers are kept, what was masked is in turnState, and
 * after a whole conversation the database holds none of the resident's phone number, resident
 * registration number or e-mail address.
 */
import assert from 'node:assert/strict';
import pino from 'pino';
import { ActivityTypes, ConversationState, TestAdapter, type Activity, type TurnContext } from 'botbuilder';
import { MaskingMiddleware, PII_TURN_KEY, type MaskedTurnInfo } from '../../../bot/middleware/masking-middleware';
import { TranscriptMiddleware } from '../../../bot/middleware/transcript-middleware';
import { PiiMasker } from '../../../safety/pii/pii-masker';
import { openDatabase } from '../../../storage/open-database';
import { SqlStorage } from '../../../storage/sql-storage';
import { TranscriptStore } from '../../../storage/transcript-store';
import { ConversationRefStore } from '../../../storage/conversation-ref-store';
import { storedText } from '../../../storage/stored-text';
import type { Database } from '../../../storage/database';

describe('MaskingMiddleware', () => {
  it('when a resident sends personal data, then the bot sees only tokens and turnState says what was masked', async () => {
    const seen: Array<{ text: string; info: MaskedTurnInfo | undefined }> = [];
    const adapter = new TestAdapter(async (context: TurnContext) => {
      seen.push({ text: context.activity.text ?? '', info: context.turnState.get<MaskedTurnInfo>(PII_TURN_KEY) });
      await context.sendActivity(`echo: ${context.activity.text ?? ''}`);
    });
    adapter.use(new MaskingMiddleware(new PiiMasker()));
    await adapter
      .send('제 번호는 010-1234-5678, 메일은 kim@example.kr 입니다')
      .assertReply('echo: 제 번호는 [PHONE], 메일은 [EMAIL] 입니다')
      .send('보육료 300000원은 언제 들어와요?')
      .assertReply('echo: 보육료 300000원은 언제 들어와요?')
      .startTest();
    assert.deepEqual(seen[0].info, { types: ['PHONE', 'EMAIL'], count: 2 });
    assert.deepEqual(seen[1].info, { types: [], count: 0 });
  });

  it('when channelData and value carry text, then strings are masked and identifier fields are kept', async () => {
    let channelData: Record<string, unknown> = {};
    let value: unknown;
    const adapter = new TestAdapter(async (context: TurnContext) => {
      channelData = context.activity.channelData as Record<string, unknown>;
      value = context.activity.value;
      await context.sendActivity('ok');
    });
    adapter.use(new MaskingMiddleware(new PiiMasker()));
    await adapter
      .send({
        type: ActivityTypes.Message,
        text: 'hi',
        channelData: { userId: '01012345678', replyToken: '09012345678', raw: { message: { text: 'call 090-1234-5678' } } },
        value: { form: { email: 'a@b.jp', note: ['RRN 900101-1234567'] } },
      })
      .assertReply('ok')
      .startTest();
    assert.equal(channelData.userId, '01012345678');
    assert.equal(channelData.replyToken, '09012345678');
    assert.deepEqual(channelData.raw, { message: { text: 'call [PHONE]' } });
    assert.deepEqual(value, { form: { email: '[EMAIL]', note: ['RRN [RRN]'] } });
  });

  it('when text, channelData or names hold control characters or a display name holds a phone number, then the bot sees them stripped and masked (line breaks and tabs kept)', async () => {
    let seen: { text?: string; channelData?: unknown; from?: { id: string; name?: string }; conversationName?: string } = {};
    const adapter = new TestAdapter(async (context: TurnContext) => {
      const a = context.activity;
      seen = { text: a.text, channelData: a.channelData, from: a.from, conversationName: a.conversation.name };
      await context.sendActivity('ok');
    });
    adapter.use(new MaskingMiddleware(new PiiMasker()));
    await adapter
      .send({
        type: ActivityTypes.Message,
        text: 'I want to kill myself tonight\u0000\r\nline two\ttab\u0007',
        from: { id: 'user-1\u0000', name: 'Resident 010-3333-4444\u0000' },
        conversation: { id: 'conv-1', name: 'Chat with 010\u00003333\u00004444' },
        channelData: { raw: { note: 'bell\u0007 and nul\u0000' } },
      } as Partial<Activity>)
      .assertReply('ok')
      .startTest();
    assert.equal(seen.text, 'I want to kill myself tonight\nline two\ttab');
    assert.equal(seen.from?.name, 'Resident [PHONE]');
    assert.equal(seen.from?.id, 'user-1\u0000', 'identifiers are the adapters\' business');
    assert.equal(seen.conversationName, 'Chat with [PHONE]');
    assert.deepEqual(seen.channelData, { raw: { note: 'bell and nul' } });
  });

  describe('with the transcript and bot state in a database', () => {
    let db: Database;
    before(async () => {
      db = await openDatabase({ databaseUrl: '', dataDir: '', inMemory: true });
    });
    after(async () => db?.close());

    it('when a conversation contains a phone number, an RRN and an e-mail, then a dump of every table contains none of them', async () => {
      const state = new ConversationState(new SqlStorage(db));
      const last = state.createProperty<{ lastQuestion?: string }>('main');
      const adapter = new TestAdapter(async (context: TurnContext) => {
        await last.set(context, { lastQuestion: context.activity.text });
        await context.sendActivity(`you said: ${context.activity.text ?? ''}`);
        await state.saveChanges(context);
      });
      const transcript = new TranscriptStore(db);
      adapter.use(new MaskingMiddleware(new PiiMasker()), new TranscriptMiddleware(transcript, new ConversationRefStore(db), pino({ level: 'silent' })));
      const secrets = ['010-9876-5432', '850315-2345678', 'lee.minji@example.com'];
      await adapter
        .send(`전화번호 ${secrets[0]}`)
        .assertReply('you said: 전화번호 [PHONE]')
        .send(`주민번호 ${secrets[1]} 이고 메일은 ${secrets[2]}`)
        .assertReply('you said: 주민번호 [RRN] 이고 메일은 [EMAIL]')
        .startTest();
      await transcript.settled();
      const dump = await storedText(db);
      assert.ok(dump.includes('[PHONE]') && dump.includes('[RRN]') && dump.includes('[EMAIL]'), 'the masked conversation was stored');
      for (const s of secrets) {
        assert.ok(!dump.includes(s), `${s} found in the database dump`);
        assert.ok(!dump.includes(s.replace(/-/g, '')), `${s} (digits) found in the database dump`);
      }
    });
  });
});
