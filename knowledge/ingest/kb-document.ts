/**
 * The knowledge-document format: Markdown with YAML front matter (`id`, `title`, `lang`,
 * `domain`, `region`, `updated`, optional `source_url` and `tags`, plus any extra keys such as
 * `eligibility`, kept untouched in `meta`).
 */
import { z } from 'zod';
import type { Lang } from '../../locales/lang';

/** Front-matter schema; unknown keys pass through so other modules can read them from `meta`. */
export const frontMatterSchema = z.looseObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9_-]*$/, 'expected lower-case letters, digits, "-" or "_"'),
  title: z.string().trim().min(1, 'must not be empty'),
  lang: z.enum(['ko', 'ja', 'en']),
  domain: z.string().regex(/^[a-z][a-z_-]*$/, 'expected a lower-case word such as welfare, health, transportation'),
  region: z.string().regex(/^[A-Z]{2}$/, 'expected a two-letter upper-case region such as KR, JP or XX'),
  updated: z
    .union([z.string(), z.date()])
    .transform((v) => (v instanceof Date ? v.toISOString().slice(0, 10) : v))
    .pipe(z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date YYYY-MM-DD')),
  source_url: z.url({ protocol: /^https?$/ }).optional(),
  tags: z.array(z.union([z.string(), z.number()]).transform(String)).default([]),
});

/** A section of a document: the unit of retrieval. */
export interface KbSection {
  /** Position in the document, from 0. */
  ordinal: number;
  /** The heading the text sits under (the document title for the introduction). */
  section: string;
  /** The section's Markdown source, without its heading line. */
  text: string;
}

/** A parsed, validated knowledge document. */
export interface KbDocument {
  id: string;
  title: string;
  lang: Lang;
  domain: string;
  region: string;
  updated: string;
  sourceUrl?: string;
  tags: string[];
  /** The whole front matter as JSON (includes keys this module does not know, e.g. `eligibility`). */
  meta: Record<string, unknown>;
  /** SHA-256 of the file's content, to skip unchanged files on re-import. */
  contentHash: string;
  /** The Markdown body after the front matter. */
  body: string;
  sections: KbSection[];
  /** The file the document came from (for messages). */
  file: string;
}

/** Why a file was not imported, pointing at the line to fix. */
export interface KbRejection {
  file: string;
  line: number;
  reason: string;
}

/** Thrown for a malformed document; carries the file and line. */
export class KbDocumentError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    reason: string,
    options?: { cause?: unknown },
  ) {
    super(reason, options);
    this.name = 'KbDocumentError';
  }

  /** The rejection record for import summaries. */
  toRejection(): KbRejection {
    return { file: this.file, line: this.line, reason: this.message };
  }
}
