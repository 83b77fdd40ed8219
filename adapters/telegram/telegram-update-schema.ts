/**
 * The schema of a Telegram Update, checked after the secret header: the fields the adapter reads
 * must have the Bot API's types (a `chat` that is a string, a `message` that is an array, a `date`
 * that is a string would otherwise be stored, acknowledged and then fail in every processing
 * attempt). Objects are loose: fields Telegram adds later pass through. A callback query's id must
 * be printable and short (see platform-id.ts): it is sent back to Telegram.
 */
import { z } from 'zod';
import { platformId } from '../shared/platform-id';

const TelegramUserSchema = z.looseObject({
  id: z.number().int(),
  is_bot: z.boolean().optional(),
  first_name: z.string().optional(),
  language_code: z.string().optional(),
});

const TelegramMessageSchema = z.looseObject({
  message_id: z.number().int(),
  date: z.number().int(),
  edit_date: z.number().int().optional(),
  chat: z.looseObject({ id: z.number().int(), type: z.string() }),
  from: TelegramUserSchema.optional(),
  text: z.string().optional(),
  reply_markup: z
    .looseObject({ inline_keyboard: z.array(z.array(z.looseObject({ text: z.string(), callback_data: z.string().optional() }))).optional() })
    .optional(),
});

/** A Telegram Update as the adapter reads it. */
export const TelegramUpdateSchema = z.looseObject({
  update_id: z.number().int(),
  message: TelegramMessageSchema.optional(),
  edited_message: TelegramMessageSchema.optional(),
  callback_query: z
    .looseObject({ id: platformId(), from: TelegramUserSchema, message: TelegramMessageSchema.optional(), data: z.string().optional() })
    .optional(),
});
