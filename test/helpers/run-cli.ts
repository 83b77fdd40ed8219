/**
 * Runs `madoguchi <argv…>` in-process on a commander program and captures what it printed and
 * the exit code it set (restoring stdout, stderr and `process.exitCode` afterwards).
 */
import { Command } from 'commander';

/** What a command printed and the exit code it set (undefined when it set none). */
export interface CliRun {
  out: string;
  err: string;
  code: number | undefined;
}

/** Registers commands with `register` on a fresh program and runs it with `argv`. */
export async function runCli(register: (program: Command) => void, argv: string[]): Promise<CliRun> {
  const program = new Command('madoguchi').exitOverride();
  register(program);
  let out = '';
  let err = '';
  const write = process.stdout.write.bind(process.stdout);
  const writeErr = process.stderr.write.bind(process.stderr);
  const before = process.exitCode;
  process.exitCode = undefined;
  process.stdout.write = ((chunk: string | Uint8Array) => ((out += String(chunk)), true));
  process.stderr.write = ((chunk: string | Uint8Array) => ((err += String(chunk)), true));
  try {
    await program.parseAsync(['node', 'madoguchi', ...argv]);
  } finally {
    process.stdout.write = write;
    process.stderr.write = writeErr;
  }
  const code = typeof process.exitCode === 'number' ? process.exitCode : undefined;
  process.exitCode = before;
  return { out, err, code };
}
