/**
 * The labelled triage corpus (`safety/triage/corpus/*.jsonl`): resident messages written for
 * training, each with its label and the situation it is a variation of. Situations are what the
 * evaluation holds out: a model is scored on situations it never saw, not on rewordings of ones
 * it did.
 */
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { PiiMasker } from '../../pii/pii-masker';
import { TRIAGE_LABELS } from './triage-labels';

const corpusLine = z.object({
  text: z.string().min(1).max(2000),
  lang: z.enum(['ko', 'ja', 'en']),
  label: z.enum(TRIAGE_LABELS),
  situation: z.string().regex(/^[a-z0-9_]+$/, 'snake_case id'),
  tags: z.array(z.string()).optional(),
});

/** One labelled training message. */
export type CorpusMessage = z.infer<typeof corpusLine> & { file: string };

/** The corpus folder shipped with the project. */
export function bundledCorpusDir(): string {
  const candidates = [path.resolve(__dirname, '..', 'corpus'), path.resolve(__dirname, '..', '..', '..', '..', 'safety', 'triage', 'corpus')];
  return candidates.find((dir) => fs.existsSync(dir)) ?? candidates[0];
}

/** Reads every `*.jsonl` file of a folder; a malformed line is an error naming file and line. */
export function loadCorpus(dir: string): CorpusMessage[] {
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.jsonl')).sort();
  if (files.length === 0) throw new Error(`no *.jsonl corpus files in ${dir}`);
  const out: CorpusMessage[] = [];
  for (const file of files) {
    const lines = fs.readFileSync(path.join(dir, file), 'utf8').split('\n');
    lines.forEach((line, i) => {
      if (line.trim() === '') return;
      let json: unknown;
      try {
        json = JSON.parse(line);
      } catch {
        throw new Error(`${file}:${i + 1}: not JSON`);
      }
      const parsed = corpusLine.safeParse(json);
      if (!parsed.success) throw new Error(`${file}:${i + 1}: ${parsed.error.issues.map((x) => `${x.path.join('.')}: ${x.message}`).join('; ')}`);
      out.push({ ...parsed.data, file });
    });
  }
  return out;
}

/**
 * The corpus as the triage meets messages in service: personal data masked (`[PHONE]`, `[DOB]`, …)
 * by the same masker that runs before the triage on every message, so the model learns from the
 * text it will be given (a phone number written in a question is a `[PHONE]` token in service).
 */
export function asServed(messages: readonly CorpusMessage[], masker: PiiMasker = new PiiMasker()): CorpusMessage[] {
  return messages.map((m) => {
    const masked = masker.mask(m.text).text;
    return masked === m.text ? m : { ...m, text: masked };
  });
}
