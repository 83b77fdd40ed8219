/**
 * What the webhook inbox stores of a platform payload (adapters/shared/payload-masking.ts), with
 * the project's real PII masker: resident-written strings masked at any depth, identifiers and
 * the bot's own callback data kept exactly, control characters gone everywhere.
 */
import assert from 'node:assert/strict';
import { PiiMasker } from '../../../safety/pii/pii-masker';
import { storablePayload } from '../../../adapters/shared/payload-masking';

const masker = new PiiMasker();
const maskText = (text: string): string => masker.mask(text).text;

describe('storablePayload', () => {
  it('when a Telegram update carries personal data in text, caption, names, a contact and a quoted message, then every one is masked and the ids stay', () => {
    const update = {
      update_id: 912345678,
      message: {
        message_id: 77,
        date: 1765000000,
        chat: { id: 55501, type: 'private', first_name: 'Kim 010-3333-4444', last_name: 'tel 010-5555-6666', username: 'kim_resident' },
        from: { id: 55501, is_bot: false, first_name: 'Kim 010-3333-4444', language_code: 'ko' },
        caption: 'my RRN 900101-1234568',
        contact: { phone_number: '+82 10 7777 8888', first_name: 'Lee', user_id: 55502 },
        reply_to_message: { message_id: 76, date: 1765000000, chat: { id: 55501, type: 'private' }, text: 'call 010-2222-1111' },
        entities: [{ type: 'phone_number', offset: 0, length: 13 }],
      },
    };
    const stored = JSON.stringify(storablePayload(update, maskText));
    for (const raw of ['010-3333-4444', '010-5555-6666', '900101-1234568', '7777 8888', '010-2222-1111']) assert.ok(!stored.includes(raw), `${raw} in ${stored}`);
    const out = JSON.parse(stored);
    assert.equal(out.update_id, 912345678);
    assert.equal(out.message.chat.id, 55501);
    assert.equal(out.message.from.first_name, 'Kim [PHONE]');
    assert.equal(out.message.caption, 'my RRN [RRN]');
    assert.equal(out.message.entities[0].type, 'phone_number');
    assert.equal(out.message.from.language_code, 'ko');
  });

  it('when verbatim keys are named, then the bot-made callback data and keyboard are kept exactly, while the pressing resident’s name is masked', () => {
    const update = {
      update_id: 1,
      callback_query: {
        id: '4382bfdwdsb323b2d9',
        from: { id: 9, first_name: 'Park 010-3333-4444' },
        data: 'h:AbC0101234567890123456',
        message: { message_id: 5, date: 1, chat: { id: 9, type: 'private' }, reply_markup: { inline_keyboard: [[{ text: 'Call 010-1234-5678', callback_data: 'h:AbC0101234567890123456' }]] } },
      },
    };
    const out = storablePayload(update, maskText, new Set(['data', 'reply_markup'])) as typeof update;
    assert.equal(out.callback_query.data, update.callback_query.data);
    assert.deepEqual(out.callback_query.message.reply_markup, update.callback_query.message.reply_markup);
    assert.equal(out.callback_query.from.first_name, 'Park [PHONE]');
    assert.equal(out.callback_query.id, update.callback_query.id);
  });

  it('when a LINE event holds a NUL and other control characters, then none is left, in values or keys, and its tokens and ids are untouched', () => {
    const event = {
      type: 'message',
      timestamp: 1765000000000,
      replyToken: 'a1b2c3d4e5f6',
      source: { type: 'user', userId: 'U0123456789abcdef0123456789abcdef' },
      message: { id: '5432101234567', type: 'text', quoteToken: 'q-0101234567', text: 'help\u0000 me\u0007, 010-2222-1111\r\nplease', ['x\u0001']: 'y' },
    };
    const out = storablePayload(event, maskText) as typeof event & { message: Record<string, unknown> };
    assert.equal(out.message.text, 'help me, [PHONE]\nplease');
    assert.equal(out.message.x, 'y');
    assert.equal(out.replyToken, event.replyToken);
    assert.equal(out.message.id, event.message.id);
    assert.equal(out.message.quoteToken, event.message.quoteToken);
    assert.equal(out.source.userId, event.source.userId);
    assert.doesNotMatch(JSON.stringify(out), /\\u000[0-9a-f]/);
  });

  it('when no masking function is given, then text is kept (control characters still removed)', () => {
    assert.deepEqual(storablePayload({ text: '010-2222-1111\u0000' }, undefined), { text: '010-2222-1111' });
  });

  it('when a payload nests deeper than any channel reads, then what lies below is dropped rather than stored unmasked', () => {
    let deep: unknown = { text: '010-2222-1111' };
    for (let i = 0; i < 20; i++) deep = { inner: deep };
    assert.ok(!JSON.stringify(storablePayload(deep, maskText)).includes('2222'));
  });
});
