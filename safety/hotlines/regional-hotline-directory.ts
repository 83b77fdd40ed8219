/**
 * The crisis hotline directory of the deployment's region: built-in lists for KR and JP (with
 * the official source of each number), replaced or extended by the operator's HOTLINES_FILE,
 * and the generic emergency numbers when a region has no list.
 */
import fs from 'node:fs';
import type { Lang } from '../../locales/lang';
import type { CrisisCategory, Hotline, HotlineDirectory } from '../ports';
import { DEFAULT_HOTLINES } from './default-hotlines';
import { hotlineFileSchema, type HotlineEntry, type HotlineFile } from './hotline-entry';

/** The hotlines file could not be read or is invalid. */
export class HotlinesFileError extends Error {
  constructor(
    message: string,
    readonly file: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'HotlinesFileError';
  }
}

/** Settings of the directory. */
export interface RegionalHotlineDirectoryOptions {
  /** Region code of the deployment (REGION): KR, JP, XX or any code listed in the file. */
  region: string;
  /** Path of a HOTLINES_FILE (JSON), or '' for the built-in lists only. */
  file?: string;
  /** An already parsed file (tests); takes precedence over `file`. */
  data?: unknown;
}

/** Parses and validates a hotlines document; throws `HotlinesFileError` naming the problem. */
export function parseHotlinesFile(json: unknown, file = '(inline)'): HotlineFile {
  const parsed = hotlineFileSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new HotlinesFileError(`${file}: ${issue?.path.join('.') || '(root)'}: ${issue?.message ?? 'invalid'}`, file);
  }
  return parsed.data;
}

/** Reads a HOTLINES_FILE from disk. */
export function readHotlinesFile(file: string): HotlineFile {
  let json: unknown;
  try {
    json = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    throw new HotlinesFileError(`${file}: cannot read the hotlines file as JSON`, file, { cause: err });
  }
  return parseHotlinesFile(json, file);
}

/** Hotlines for one region, in the resident's language. */
export class RegionalHotlineDirectory implements HotlineDirectory {
  private readonly entries: readonly HotlineEntry[];

  constructor(options: RegionalHotlineDirectoryOptions) {
    const region = options.region.toUpperCase();
    const file = options.data !== undefined ? parseHotlinesFile(options.data) : options.file ? readHotlinesFile(options.file) : null;
    const builtIn = DEFAULT_HOTLINES[region] ?? [];
    const fromFile = file?.regions[region];
    let entries: readonly HotlineEntry[] = fromFile ? (file?.extendDefaults ? [...builtIn, ...fromFile] : fromFile) : builtIn;
    if (entries.length === 0) entries = file?.regions.XX ?? DEFAULT_HOTLINES.XX;
    this.entries = entries;
  }

  /** Hotlines for the category (always at least the general ones), localized. */
  hotlines(category: CrisisCategory, lang: Lang): Hotline[] {
    const matching = this.entries.filter((e) => e.categories.includes(category));
    const chosen = matching.length > 0 ? matching : this.entries;
    return chosen.map((e) => ({ name: e.name[lang] ?? e.name.en, phone: e.phone, hours: e.hours[lang] ?? e.hours.en, source: e.source }));
  }

  /** Every entry of the region (for the officer console and documentation). */
  all(): readonly HotlineEntry[] {
    return this.entries;
  }
}
