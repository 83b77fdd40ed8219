/**
 * Reads the knowledge base's Markdown files and turns their front matter into eligibility
 * programs. Documents without an `eligibility:` block are kept (criteria null) and never
 * screened; a document whose block is invalid is reported as a problem and skipped, so one bad
 * edit does not take the screening down.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { isLang } from '../locales/lang';
import { criteriaSchema, type Criteria } from './criteria-schema';
import type { EligibilitySettings } from './references';
import type { EligibilityProgram } from './types';

/** A document that could not be used, and why. */
export interface ProgramProblem {
  file: string;
  message: string;
}

/** What the loader found. */
export interface LoadedPrograms {
  programs: EligibilityProgram[];
  problems: ProgramProblem[];
}

/** The knowledge directory cannot be read at all. */
export class ProgramLoadError extends Error {
  constructor(
    readonly dir: string,
    options?: { cause?: unknown },
  ) {
    super(`cannot read the knowledge directory ${dir}`, options);
    this.name = 'ProgramLoadError';
  }
}

const FRONT_MATTER = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?([\s\S]*)$/;
const APPLY_HEADING = /^#{2,3}\s*(?:신청\s*방법|신청방법|申請方法|申し込み方法|申込方法|手続き|How to apply)\s*$/im;

/** The first lines of the how-to-apply section, flattened to one short paragraph. */
export function applySummary(body: string, maxChars = 180, maxLines = 2): string | undefined {
  const m = APPLY_HEADING.exec(body);
  if (!m) return undefined;
  const rest = body.slice((m.index ?? 0) + m[0].length);
  const end = rest.search(/^#{1,3}\s/m);
  const lines = (end >= 0 ? rest.slice(0, end) : rest)
    .split(/\r?\n/)
    .map((l) => l.replace(/^\s*(?:[-*]|\d+[.)])\s*/, '').replace(/\*\*/g, '').trim())
    .filter(Boolean);
  let out = '';
  for (const line of lines.slice(0, maxLines)) {
    if (out && out.length + line.length + 1 > maxChars) break;
    out = out ? `${out} ${line}` : line;
  }
  return out.length > maxChars ? `${out.slice(0, maxChars - 1)}…` : out || undefined;
}

function walk(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : e.name.endsWith('.md') && e.name.toLowerCase() !== 'readme.md' ? [path.join(dir, e.name)] : []))
    .sort();
}

/** References to settings (income references, areas) that do not exist. */
function unresolved(criteria: Criteria, settings: EligibilitySettings): string[] {
  const out: string[] = [];
  if (criteria.income && 'reference' in criteria.income && !settings.incomeReferences.has(criteria.income.reference)) out.push(`unknown income reference "${criteria.income.reference}"`);
  if (criteria.residency && !settings.areas.some((a) => a.id === criteria.residency?.area)) out.push(`unknown area "${criteria.residency.area}"`);
  for (const c of [...(criteria.anyOf ?? []), ...(criteria.allOf ?? [])]) out.push(...unresolved(c, settings));
  return out;
}

/** Parses one document; returns a problem message instead of throwing. */
export function parseProgram(file: string, source: string, settings?: EligibilitySettings): EligibilityProgram | ProgramProblem {
  const m = FRONT_MATTER.exec(source);
  if (!m) return { file, message: 'no front matter' };
  let fm: Record<string, unknown>;
  try {
    const parsed = parseYaml(m[1]) as unknown;
    if (typeof parsed !== 'object' || parsed === null) return { file, message: 'front matter is not a mapping' };
    fm = parsed as Record<string, unknown>;
  } catch (err) {
    return { file, message: `front matter is not valid YAML: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}` };
  }
  const id = typeof fm.id === 'string' ? fm.id : path.basename(file, '.md');
  let criteria: Criteria | null = null;
  if (fm.eligibility !== undefined && fm.eligibility !== null) {
    const parsed = criteriaSchema.safeParse(fm.eligibility);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return { file, message: `eligibility.${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}` };
    }
    criteria = parsed.data;
    const missingRefs = settings ? unresolved(criteria, settings) : [];
    if (missingRefs.length > 0) return { file, message: missingRefs.join('; ') };
  }
  const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined);
  return {
    id,
    title: str(fm.title) ?? id,
    lang: isLang(fm.lang) ? fm.lang : 'en',
    domain: str(fm.domain) ?? 'welfare',
    region: str(fm.region) ?? 'XX',
    sourceUrl: str(fm.source_url),
    tags: Array.isArray(fm.tags) ? fm.tags.map(String) : [],
    criteria,
    apply: str(fm.apply) ?? applySummary(m[2]),
    file,
  };
}

/** Loads every Markdown document under `dir` (recursively). */
export function loadPrograms(dir: string, settings?: EligibilitySettings): LoadedPrograms {
  let files: string[];
  try {
    files = walk(dir);
  } catch (err) {
    throw new ProgramLoadError(dir, { cause: err });
  }
  const programs: EligibilityProgram[] = [];
  const problems: ProgramProblem[] = [];
  for (const file of files) {
    const result = parseProgram(file, fs.readFileSync(file, 'utf8'), settings);
    if ('message' in result) problems.push(result);
    else programs.push(result);
  }
  return { programs, problems };
}
