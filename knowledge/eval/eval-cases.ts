/**
 * The evaluation case format (one JSON object per line), as in the public sample's README:
 * `{"id","lang","text","expect","docs",["xling"],["pii"],["injection"],["tags"],["facts"]}`.
 */
import fs from 'node:fs';
import { z } from 'zod';

/** What the bot should do with a message. */
export const EXPECTATIONS = ['answer', 'handoff', 'crisis', 'out_of_scope'] as const;

/** One expected label. */
export type Expectation = (typeof EXPECTATIONS)[number];

/** Languages of the cases. */
export const EVAL_LANGS = ['ko', 'ja', 'en'] as const;

/** Schema of one case. */
export const evalCaseSchema = z.object({
  id: z.string().min(1),
  lang: z.enum(EVAL_LANGS),
  text: z.string().min(1),
  expect: z.enum(EXPECTATIONS),
  docs: z.array(z.string()).default([]),
  xling: z.boolean().optional(),
  pii: z.array(z.string()).optional(),
  injection: z.boolean().optional(),
  /** Words describing the case (`xling`, `pii`, `third_party`, `hard_negative`, …); figures are reported per tag. */
  tags: z.array(z.string().min(1)).optional(),
  /** Answer cases: verbatim substrings of the first document that a correct reply must state. */
  facts: z.array(z.string().min(1)).optional(),
});

/** One labelled message. */
export type EvalCase = z.infer<typeof evalCaseSchema>;

/** The case's tags; a case marked `"xling": true` carries the tag `xling` too. */
export function caseTags(c: Pick<EvalCase, 'tags' | 'xling'>): string[] {
  return [...new Set([...(c.tags ?? []), ...(c.xling ? ['xling'] : [])])];
}

/** Cross-lingual: marked `"xling": true` or tagged `xling`. */
export function isCrossLingual(c: Pick<EvalCase, 'tags' | 'xling'>): boolean {
  return c.xling === true || (c.tags ?? []).includes('xling');
}

/** Thrown for a malformed case file; names the line. */
export class EvalCaseError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`${file}:${line}: ${message}`, options);
    this.name = 'EvalCaseError';
  }
}

/** Parses JSONL text into cases (blank lines are skipped; ids must be unique). */
export function parseEvalCases(text: string, file = 'cases.jsonl'): EvalCase[] {
  const cases: EvalCase[] = [];
  const ids = new Set<string>();
  text.split(/\r?\n/).forEach((line, i) => {
    if (!line.trim()) return;
    let raw: unknown;
    try {
      raw = JSON.parse(line);
    } catch (err) {
      throw new EvalCaseError(file, i + 1, 'not valid JSON', { cause: err });
    }
    const parsed = evalCaseSchema.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new EvalCaseError(file, i + 1, `${issue?.path.join('.') || 'case'}: ${issue?.message ?? 'invalid'}`, { cause: parsed.error });
    }
    if (ids.has(parsed.data.id)) throw new EvalCaseError(file, i + 1, `duplicate id ${parsed.data.id}`);
    if (parsed.data.expect === 'answer' && parsed.data.docs.length === 0) throw new EvalCaseError(file, i + 1, 'an answer case needs at least one expected document');
    ids.add(parsed.data.id);
    cases.push(parsed.data);
  });
  return cases;
}

/** Reads and parses a JSONL case file. */
export function loadEvalCases(file: string): EvalCase[] {
  return parseEvalCases(fs.readFileSync(file, 'utf8'), file);
}
