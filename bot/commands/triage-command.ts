/**
 * `madoguchi triage train [--corpus dir] [--out file] [--folds n] [--json]`: evaluates the triage
 * (patterns + learned model) with situations held out, prints the figures, then trains the model on
 * the whole corpus and writes it (by default over the bundled model).
 * `madoguchi triage explain <text…>`: shows how one message is routed and the model's probabilities.
 */
import fs from 'node:fs';
import type { Command } from 'commander';
import { Triage } from '../../safety/triage/triage';
import { crossValidate, type CrossValidationReport, type SliceFigures } from '../../safety/triage/learned/cross-validate';
import { asServed, bundledCorpusDir, loadCorpus } from '../../safety/triage/learned/triage-corpus';
import { PiiMasker } from '../../safety/pii/pii-masker';
import { bundledModelPath, corpusDigest, loadTriageModel, type TriageModelFile } from '../../safety/triage/learned/bundled-model';
import { toModelFile } from '../../safety/triage/learned/linear-model';
import { TRIAGE_LABELS } from '../../safety/triage/learned/triage-labels';
import { trainLinearModel } from '../../safety/triage/learned/train-linear-model';
import { detectLanguage } from '../../locales/detect-language';

const f3 = (x: number) => x.toFixed(3);

function sliceLine(name: string, s: SliceFigures): string {
  const r = s.routes;
  return `${name.padEnd(16)} n=${String(s.n).padStart(4)}  acc ${f3(s.accuracy)}  crisis P/R ${f3(r.crisis.precision)}/${f3(r.crisis.recall)}  handoff ${f3(r.handoff.precision)}/${f3(r.handoff.recall)}  out_of_scope ${f3(r.out_of_scope.precision)}/${f3(r.out_of_scope.recall)}  answer ${f3(r.answer.precision)}/${f3(r.answer.recall)}`;
}

/** The text report of a cross-validation. */
export function formatReport(report: CrossValidationReport): string {
  const routes = Object.keys(report.confusion) as (keyof CrossValidationReport['confusion'])[];
  const lines = [
    `situation-held-out cross-validation: ${report.messages} messages, ${report.situations} situations, ${report.folds} folds`,
    sliceLine('all', report.all),
    ...Object.entries(report.byLang).map(([lang, s]) => sliceLine(`lang ${lang}`, s)),
    ...Object.entries(report.byTag).map(([tag, s]) => sliceLine(`tag ${tag}`, s)),
    '',
    `expected \\ routed   ${routes.map((r) => r.padStart(13)).join('')}`,
    ...routes.map((e) => `${e.padEnd(20)} ${routes.map((o) => String(report.confusion[e][o]).padStart(13)).join('')}`),
  ];
  if (report.missedCrises.length > 0) {
    lines.push('', `held-out crisis messages not routed as crisis (${report.missedCrises.length}):`);
    for (const m of report.missedCrises) lines.push(`  [${m.situation}] → ${m.routed}: ${m.text}`);
  }
  return lines.join('\n');
}

/** Registers the `triage` subcommand. */
export function register(program: Command): void {
  const triage = program.command('triage').description('the learned triage model: train it, or explain a decision');
  triage
    .command('train')
    .description('cross-validate by situation, print the figures, then train on the whole corpus and write the model')
    .option('--corpus <dir>', 'labelled corpus folder (*.jsonl)', bundledCorpusDir())
    .option('--out <file>', 'where to write the model', bundledModelPath())
    .option('--folds <n>', 'cross-validation folds (0 = skip)', '5')
    .option('--json', 'print the cross-validation report as one JSON object')
    .action((opts: { corpus: string; out: string; folds: string; json?: boolean }) => {
      let corpus;
      try {
        corpus = loadCorpus(opts.corpus);
      } catch (err) {
        process.stderr.write(`madoguchi triage train: ${err instanceof Error ? err.message : String(err)}\n`);
        process.exitCode = 2;
        return;
      }
      const folds = Number(opts.folds);
      if (!Number.isInteger(folds) || folds < 0 || folds === 1) {
        process.stderr.write('madoguchi triage train: --folds must be 0 or an integer of at least 2\n');
        process.exitCode = 2;
        return;
      }
      // Trained on what the triage is given in service: the message with personal data masked.
      const served = asServed(corpus);
      let report: CrossValidationReport | undefined;
      if (folds > 0) {
        report = crossValidate(served, { folds, onFold: (done, total) => process.stderr.write(`\rcross-validation fold ${done}/${total}`) });
        process.stderr.write('\n');
        process.stdout.write(opts.json ? `${JSON.stringify(report)}\n` : `${formatReport(report)}\n`);
      }
      process.stderr.write(`training on all ${corpus.length} messages…\n`);
      const weights = trainLinearModel(served, TRIAGE_LABELS);
      const file: TriageModelFile = {
        ...toModelFile(TRIAGE_LABELS, weights.bias, weights.features, weights.weights),
        corpus: { sha256: corpusDigest(corpus), messages: corpus.length, situations: new Set(corpus.map((m) => m.situation)).size },
        heldOut: report ? { folds: report.folds, all: report.all, byLang: report.byLang } : undefined,
      };
      fs.writeFileSync(opts.out, `${JSON.stringify(file, null, 1)}\n`);
      process.stderr.write(`model written to ${opts.out}\n`);
    });
  triage
    .command('explain')
    .description('route one message and show the model probabilities')
    .argument('<text...>', 'the message')
    .option('--model <file>', 'model file', bundledModelPath())
    .action((words: string[], opts: { model: string }) => {
      // Masked first, as every message is before the triage in service.
      const text = new PiiMasker().mask(words.join(' ')).text;
      const model = loadTriageModel(opts.model);
      const explanation = new Triage({ model }).explain(text, detectLanguage(text, 'en'));
      const probabilities = Object.fromEntries([...model.predict(text)].map(([label, p]) => [label, Number(p.toFixed(4))]));
      process.stdout.write(`${JSON.stringify({ ...explanation, probabilities }, null, 2)}\n`);
    });
}
