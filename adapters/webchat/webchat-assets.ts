/**
 * Where the widget's static files and interface strings are, both when running from the
 * sources (tsx) and from the compiled `dist/` (where neither is copied).
 */
import fs from 'node:fs';
import path from 'node:path';
import { isLang, type Lang } from '../../locales/lang';

function firstExisting(candidates: string[], probe: string): string {
  for (const dir of candidates) if (fs.existsSync(path.join(dir, probe))) return dir;
  throw new Error(`web chat assets not found near ${__dirname}`);
}

/** Folder of widget.js, widget.css and demo.css. */
export function staticDir(): string {
  return firstExisting([path.join(__dirname, 'static'), path.resolve(__dirname, '..', '..', '..', 'adapters', 'webchat', 'static')], 'widget.js');
}

const stringCache = new Map<Lang, Record<string, unknown>>();

/** The widget's interface strings for a language (`locales/<lang>/webchat.json`). */
export function widgetStrings(lang: string): Record<string, unknown> {
  const l: Lang = isLang(lang) ? lang : 'en';
  const cached = stringCache.get(l);
  if (cached) return cached;
  const dir = firstExisting([path.resolve(__dirname, '..', '..', 'locales'), path.resolve(__dirname, '..', '..', '..', 'locales')], path.join('en', 'webchat.json'));
  const strings = JSON.parse(fs.readFileSync(path.join(dir, l, 'webchat.json'), 'utf8')) as Record<string, unknown>;
  stringCache.set(l, strings);
  return strings;
}
