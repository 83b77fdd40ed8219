/**
 * Officer accounts and their sessions. Session tokens are stored only as keyed hashes, so a
 * database dump does not hand out working sessions.
 */
import { randomUUID } from 'node:crypto';
import type { Database } from '../storage/database';
import { DuplicateOfficerError } from './officer-errors';

/** Officer roles, lowest first. */
export const ROLES = ['officer', 'supervisor', 'admin'] as const;
/** An officer role. */
export type Role = (typeof ROLES)[number];

/** True when `role` is at least `needed`. */
export function roleAtLeast(role: Role, needed: Role): boolean {
  return ROLES.indexOf(role) >= ROLES.indexOf(needed);
}

/** An officer account (without the password hash). */
export interface Officer {
  id: string;
  email: string;
  name: string;
  role: Role;
  failedLogins: number;
  lockedUntil: string | null;
  createdAt: string;
}

/** A session joined with its officer. */
export interface OfficerSession {
  officer: Officer;
  csrfToken: string;
  expiresAt: string;
}

type Row = Record<string, unknown>;

function toOfficer(r: Row): Officer {
  return {
    id: String(r.id),
    email: String(r.email),
    name: String(r.name),
    role: r.role as Role,
    failedLogins: Number(r.failed_logins ?? 0),
    lockedUntil: r.locked_until ? new Date(r.locked_until as string).toISOString() : null,
    createdAt: new Date(r.created_at as string).toISOString(),
  };
}

/** Reads and writes officers and sessions. */
export class OfficerRepository {
  constructor(private readonly db: Database) {}

  /** Creates an officer; e-mail addresses are compared case-insensitively. */
  async create(input: { email: string; name: string; role: Role; passwordHash: string }): Promise<Officer> {
    const { rows } = await this.db.query(
      `INSERT INTO officers (id, email, name, role, password_hash) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (email) DO NOTHING RETURNING *`,
      [randomUUID(), input.email.trim().toLowerCase(), input.name, input.role, input.passwordHash],
    );
    if (!rows[0]) throw new DuplicateOfficerError();
    return toOfficer(rows[0]);
  }

  /** An officer by id. */
  async get(id: string): Promise<Officer | null> {
    const { rows } = await this.db.query('SELECT * FROM officers WHERE id = $1', [id]);
    return rows[0] ? toOfficer(rows[0]) : null;
  }

  /** An officer with the password hash, by e-mail (for login). */
  async findForLogin(email: string): Promise<(Officer & { passwordHash: string }) | null> {
    const { rows } = await this.db.query('SELECT * FROM officers WHERE email = $1', [email.trim().toLowerCase()]);
    const r = rows[0];
    return r ? { ...toOfficer(r), passwordHash: String(r.password_hash) } : null;
  }

  /** All officers by name. */
  async list(): Promise<Officer[]> {
    const { rows } = await this.db.query('SELECT * FROM officers ORDER BY name, email');
    return rows.map(toOfficer);
  }

  /** Counts a failed login; locks the account when `maxFailures` is reached. Returns the lock end, if locked. */
  async recordFailure(id: string, maxFailures: number, lockUntil: Date): Promise<string | null> {
    const { rows } = await this.db.query<{ failed_logins: number; locked_until: string | Date | null }>(
      `UPDATE officers SET
         failed_logins = CASE WHEN failed_logins + 1 >= $2 THEN 0 ELSE failed_logins + 1 END,
         locked_until = CASE WHEN failed_logins + 1 >= $2 THEN $3::timestamptz ELSE locked_until END
       WHERE id = $1 RETURNING failed_logins, locked_until`,
      [id, maxFailures, lockUntil.toISOString()],
    );
    const lock = rows[0]?.locked_until;
    return lock ? new Date(lock).toISOString() : null;
  }

  /** Clears failures after a successful login. */
  async recordSuccess(id: string): Promise<void> {
    await this.db.query('UPDATE officers SET failed_logins = 0, locked_until = NULL WHERE id = $1', [id]);
  }

  /** Sets a new password hash and ends the officer's sessions. */
  async setPassword(id: string, passwordHash: string): Promise<void> {
    await this.db.transaction(async (tx) => {
      await tx.query('UPDATE officers SET password_hash = $2, failed_logins = 0, locked_until = NULL WHERE id = $1', [id, passwordHash]);
      await tx.query('DELETE FROM officer_sessions WHERE officer_id = $1', [id]);
    });
  }

  /** Stores a session. */
  async createSession(tokenHash: string, officerId: string, csrfToken: string, expiresAt: Date): Promise<void> {
    await this.db.query('INSERT INTO officer_sessions (token_hash, officer_id, csrf_token, expires_at) VALUES ($1, $2, $3, $4)', [
      tokenHash,
      officerId,
      csrfToken,
      expiresAt.toISOString(),
    ]);
  }

  /** A live session by token hash (expired ones are ignored). */
  async findSession(tokenHash: string, now: Date): Promise<OfficerSession | null> {
    const { rows } = await this.db.query(
      `SELECT o.*, s.csrf_token, s.expires_at AS session_expires_at FROM officer_sessions s JOIN officers o ON o.id = s.officer_id
       WHERE s.token_hash = $1 AND s.expires_at > $2`,
      [tokenHash, now.toISOString()],
    );
    const r = rows[0];
    if (!r) return null;
    return { officer: toOfficer(r), csrfToken: String(r.csrf_token), expiresAt: new Date(r.session_expires_at as string).toISOString() };
  }

  /** Ends a session. */
  async deleteSession(tokenHash: string): Promise<void> {
    await this.db.query('DELETE FROM officer_sessions WHERE token_hash = $1', [tokenHash]);
  }

  /** Removes expired sessions. */
  async purgeExpiredSessions(now: Date): Promise<number> {
    const { affectedRows } = await this.db.query('DELETE FROM officer_sessions WHERE expires_at <= $1', [now.toISOString()]);
    return affectedRows;
  }
}
