/**
 * `madoguchi officer add|list|reset-password`: manages officer accounts from the server's shell.
 * A password is read from stdin when it is piped (`echo "$PW" | madoguchi officer add …`), otherwise
 * generated and printed once. Output is JSON.
 */
import type { Command } from 'commander';
import { loadConfig } from '../config';
import { openCommandDatabase } from './command-database';
import type { Database } from '../../storage/database';
import { OfficerAuth, hashPassword } from '../../officers/officer-auth';
import { OfficerRepository, ROLES, type Officer, type Role } from '../../officers/officer-repository';

/** Shortest password accepted (the API uses the same). */
export const MIN_PASSWORD_LENGTH = 12;

/** Supplies a password, or null to generate one. */
export type PasswordSource = () => Promise<string | null>;

/** An account plus the password when it was generated (shown once). */
export interface OfficerCommandResult {
  officer: Officer;
  password?: string;
}

async function choosePassword(source: PasswordSource): Promise<{ password: string; generated: boolean }> {
  const given = await source();
  if (given === null || given === '') return { password: OfficerAuth.generatePassword(), generated: true };
  if (given.length < MIN_PASSWORD_LENGTH) throw new Error(`the password must have at least ${MIN_PASSWORD_LENGTH} characters`);
  return { password: given, generated: false };
}

/** Creates an officer. */
export async function addOfficer(db: Database, input: { email: string; name: string; role: string }, source: PasswordSource, rounds = 12): Promise<OfficerCommandResult> {
  if (!(ROLES as readonly string[]).includes(input.role)) throw new Error(`--role must be one of ${ROLES.join(', ')}`);
  if (!/^[^\s@]+@[^\s@]+$/.test(input.email)) throw new Error('--email is not an e-mail address');
  if (!input.name.trim()) throw new Error('--name is empty');
  const { password, generated } = await choosePassword(source);
  const officer = await new OfficerRepository(db).create({ email: input.email, name: input.name.trim(), role: input.role as Role, passwordHash: await hashPassword(password, rounds) });
  return generated ? { officer, password } : { officer };
}

/** Sets a new password (ends the officer's sessions and clears a lock). */
export async function resetOfficerPassword(db: Database, email: string, source: PasswordSource, rounds = 12): Promise<OfficerCommandResult> {
  const repo = new OfficerRepository(db);
  const found = await repo.findForLogin(email);
  if (!found) throw new Error(`no officer with e-mail ${email}`);
  const { password, generated } = await choosePassword(source);
  await repo.setPassword(found.id, await hashPassword(password, rounds));
  const { passwordHash: _omit, ...officer } = found;
  return generated ? { officer: { ...officer, failedLogins: 0, lockedUntil: null }, password } : { officer: { ...officer, failedLogins: 0, lockedUntil: null } };
}

/** Reads a piped password from stdin; null when stdin is a terminal. */
export const stdinPassword: PasswordSource = async () => {
  if (process.stdin.isTTY) return null;
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
};

async function withDatabase<T>(fn: (db: Database) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const db = await openCommandDatabase(config.DATABASE_URL, config.DATA_DIR);
  try {
    return await fn(db);
  } finally {
    await db.close();
  }
}

function run(name: string, fn: () => Promise<unknown>): Promise<void> {
  return fn().then(
    (result) => {
      process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    },
    (err: unknown) => {
      process.stderr.write(`madoguchi officer ${name}: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exitCode = 1;
    },
  );
}

/** Registers the `officer` subcommand. */
export function register(program: Command, passwordSource: PasswordSource = stdinPassword): void {
  const officer = program.command('officer').description('manage officer accounts for the console and the officer API');
  officer
    .command('add')
    .description('create an officer; the password is read from stdin when piped, otherwise generated and printed once')
    .requiredOption('--email <email>', 'login e-mail')
    .requiredOption('--name <name>', 'display name')
    .option('--role <role>', `one of ${ROLES.join(', ')}`, 'officer')
    .action((opts: { email: string; name: string; role: string }) => run('add', () => withDatabase((db) => addOfficer(db, opts, passwordSource))));
  officer
    .command('list')
    .description('list officers as JSON')
    .action(() => run('list', () => withDatabase((db) => new OfficerRepository(db).list())));
  officer
    .command('reset-password')
    .description('set a new password (stdin when piped, otherwise generated and printed once); ends sessions and clears a lock')
    .requiredOption('--email <email>', 'login e-mail')
    .action((opts: { email: string }) => run('reset-password', () => withDatabase((db) => resetOfficerPassword(db, opts.email, passwordSource))));
}
