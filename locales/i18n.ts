/**
 * Resident- and officer-facing text. Every string lives in `locales/<lang>/<namespace>.json`;
 * a key is `<namespace>.<path>` (for example `core.privacyNotice`). Code never holds text.
 */
import fs from 'node:fs';
import path from 'node:path';
import { LANGS, type Lang } from './lang';

type Tree = { [key: string]: string | string[] | Tree };

function localesDir(): string {
  // Compiled code runs from dist/locales, where the JSON files are not copied.
  const candidates = [__dirname, path.resolve(__dirname, '..', '..', 'locales')];
  for (const dir of candidates) if (fs.existsSync(path.join(dir, 'en'))) return dir;
  throw new Error(`locale files not found near ${__dirname}`);
}

function flatten(tree: Tree, prefix: string, out: Map<string, string | string[]>): void {
  for (const [key, value] of Object.entries(tree)) {
    const full = `${prefix}.${key}`;
    if (typeof value === 'string' || Array.isArray(value)) out.set(full, value);
    else flatten(value, full, out);
  }
}

function loadCatalogs(dir: string): Map<Lang, Map<string, string | string[]>> {
  const catalogs = new Map<Lang, Map<string, string | string[]>>();
  for (const lang of LANGS) {
    const entries = new Map<string, string | string[]>();
    const langDir = path.join(dir, lang);
    if (fs.existsSync(langDir)) {
      for (const file of fs.readdirSync(langDir).filter((f) => f.endsWith('.json')).sort()) {
        const ns = path.basename(file, '.json');
        flatten(JSON.parse(fs.readFileSync(path.join(langDir, file), 'utf8')) as Tree, ns, entries);
      }
    }
    catalogs.set(lang, entries);
  }
  return catalogs;
}

let cached: Map<Lang, Map<string, string | string[]>> | null = null;
function catalogs(): Map<Lang, Map<string, string | string[]>> {
  cached ??= loadCatalogs(localesDir());
  return cached;
}

/** Values substituted into `{name}` placeholders. */
export type Vars = Record<string, string | number>;

function interpolate(text: string, vars: Vars): string {
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole));
}

/**
 * Translates a key into the given language, falling back to English, then to the key itself
 * (so a missing string is visible in tests rather than silently empty).
 */
export function t(lang: Lang, key: string, vars: Vars = {}): string {
  const value = catalogs().get(lang)?.get(key) ?? catalogs().get('en')?.get(key);
  if (value === undefined) return key;
  return interpolate(Array.isArray(value) ? value.join('\n') : value, vars);
}

/** Returns a list-valued string (for example several phrasings); empty when missing. */
export function tList(lang: Lang, key: string): string[] {
  const value = catalogs().get(lang)?.get(key) ?? catalogs().get('en')?.get(key);
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

/** True when the key exists in the language's catalogue (used by the completeness test). */
export function hasKey(lang: Lang, key: string): boolean {
  return catalogs().get(lang)?.has(key) ?? false;
}

/** All keys of a language (used by the completeness test). */
export function keysOf(lang: Lang): string[] {
  return [...(catalogs().get(lang)?.keys() ?? [])];
}
