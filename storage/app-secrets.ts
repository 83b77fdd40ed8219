/**
 * Secrets the deployment needs but the operator may not have set (e.g. SESSION_SECRET): generated
 * once, stored in the database, so every instance on the same database agrees and restarts keep them.
 */
import { randomBytes } from 'node:crypto';
import type { Database } from './database';

/** Returns the named secret, creating it on first use. */
export async function sharedSecret(db: Database, name: string): Promise<string> {
  await db.query('INSERT INTO app_secrets (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING', [name, randomBytes(32).toString('base64url')]);
  const { rows } = await db.query<{ value: string }>('SELECT value FROM app_secrets WHERE name = $1', [name]);
  const value = rows[0]?.value;
  if (!value) throw new Error(`secret ${name} could not be stored`);
  return value;
}
