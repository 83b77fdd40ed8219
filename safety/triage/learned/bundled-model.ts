/**
 * The triage model shipped with the project (`safety/triage/model/triage-model.json`), written by
 * `madoguchi triage train` from the bundled corpus. The file also records a digest of the corpus
 * it was trained on, so a test can tell when the corpus changed and the model was not retrained.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { LinearModel, type LinearModelFile } from './linear-model';
import type { CorpusMessage } from './triage-corpus';

/** The model file with what it was trained on. */
export interface TriageModelFile extends LinearModelFile {
  /** {@link corpusDigest} of the training corpus. */
  corpus: { sha256: string; messages: number; situations: number };
  /** Situation-held-out figures printed by the training command (route recall and precision). */
  heldOut?: unknown;
}

/** Where the bundled model lives (source tree or next to the compiled code). */
export function bundledModelPath(): string {
  const candidates = [path.resolve(__dirname, '..', 'model'), path.resolve(__dirname, '..', '..', '..', '..', 'safety', 'triage', 'model')];
  const dir = candidates.find((d) => fs.existsSync(path.join(d, 'triage-model.json'))) ?? candidates[0];
  return path.join(dir, 'triage-model.json');
}

/** A digest of the corpus content (order-independent of files, sensitive to every field). */
export function corpusDigest(messages: readonly CorpusMessage[]): string {
  const lines = messages.map((m) => JSON.stringify([m.text, m.lang, m.label, m.situation])).sort();
  return createHash('sha256').update(lines.join('\n')).digest('hex');
}

/** Reads a model file (the bundled one by default). */
export function readTriageModelFile(file = bundledModelPath()): TriageModelFile {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as TriageModelFile;
  } catch (err) {
    throw new Error(`triage model ${file} cannot be read (run \`madoguchi triage train\`): ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  }
}

/** Loads a model file (the bundled one by default) ready to score messages. */
export function loadTriageModel(file = bundledModelPath()): LinearModel {
  return LinearModel.fromFile(readTriageModelFile(file));
}
