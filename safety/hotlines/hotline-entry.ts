/**
 * The hotline entry format, shared by the built-in defaults and the operator's HOTLINES_FILE,
 * validated with zod so a typo in the file stops start-up with a clear message.
 */
import { z } from 'zod';

const localized = z
  .object({ en: z.string().min(1), ko: z.string().min(1).optional(), ja: z.string().min(1).optional() })
  .strict();

const category = z.enum(['self_harm', 'abuse', 'danger', 'no_shelter_or_food']);

/** One hotline: localized name and hours, the number, the categories it serves, its source. */
export const hotlineEntrySchema = z
  .object({
    id: z.string().min(1),
    phone: z.string().min(2).max(40),
    name: localized,
    hours: localized,
    categories: z.array(category).min(1),
    /** An official page the number was taken from. */
    source: z.string().url(),
  })
  .strict();

/** The HOTLINES_FILE document: hotlines per region code (KR, JP, or any other code). */
export const hotlineFileSchema = z
  .object({
    /** true: the file's entries are added to the built-in ones of the same region; false (default): they replace them. */
    extendDefaults: z.boolean().default(false),
    regions: z.record(z.string().regex(/^[A-Z]{2}$/, 'region codes are two capital letters'), z.array(hotlineEntrySchema).min(1)),
  })
  .strict();

/** A validated hotline entry. */
export type HotlineEntry = z.infer<typeof hotlineEntrySchema>;
/** A validated hotlines file. */
export type HotlineFile = z.infer<typeof hotlineFileSchema>;
