/**
 * The `madoguchi` command: `serve` runs the bot; other subcommands manage the knowledge base,
 * officers, residents' data and evaluation. Each subcommand lives in bot/commands/.
 */
import { Command } from 'commander';
import { ConfigError } from './config';
import { register as registerServe } from './commands/serve-command';
import { register as registerEligibility } from './commands/eligibility-command';
import { register as registerKb } from './commands/kb-command';
import { register as registerOfficer } from './commands/officer-command';
import { register as registerEval } from './commands/eval-command';
import { register as registerPurge } from './commands/purge-command';
import { register as registerReport } from './commands/report-command';
import { register as registerResident } from './commands/resident-command';
import { register as registerTriage } from './commands/triage-command';

/** Builds the command-line program (exported for tests). */
export function buildProgram(): Command {
  const program = new Command('madoguchi')
    .description('Madoguchi — citizen-service chatbot for cities')
    .showHelpAfterError()
    .exitOverride((err) => {
      // commander's own exits (help, version, usage errors) keep their exit codes.
      process.exitCode = err.exitCode;
      throw err;
    });
  registerServe(program);
  registerKb(program);
  registerOfficer(program);
  registerEligibility(program);
  registerEval(program);
  registerPurge(program);
  registerReport(program);
  registerResident(program);
  registerTriage(program);
  return program;
}

/** Entry point used by bin/madoguchi.js. */
export async function main(argv: string[]): Promise<void> {
  try {
    await buildProgram().parseAsync(argv);
  } catch (err) {
    if ((err as { code?: string }).code?.startsWith('commander.')) return;
    if (err instanceof ConfigError) {
      // Every subcommand's invalid configuration: one line naming the variable, exit code 2.
      process.stderr.write(`${err.message}\n`);
      process.exitCode = 2;
      return;
    }
    throw err;
  }
}
