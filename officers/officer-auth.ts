/**
 * Officer authentication: bcrypt password hashes, login throttled per client and account (never an
 * account lockout, which anyone could trigger), the same answer for unknown e-mails and wrong passwords,
 * opaque session tokens (the same token works as the console's cookie and as a Bearer token), and a
 * per-session CSRF token for cookie-authenticated changes.
 */
import { createHmac, randomBytes, randomInt } from 'node:crypto';
import bcrypt from 'bcryptjs';
import { LoginFailedError, LoginThrottledError } from './officer-errors';
import type { Officer, OfficerRepository, OfficerSession, Role } from './officer-repository';
import type { AuditSink, LoginThrottle } from './ports';

/** Settings of {@link OfficerAuth}. */
export interface OfficerAuthOptions {
  officers: OfficerRepository;
  audit: AuditSink;
  /** SESSION_SECRET (or the shared generated one): keys the stored token hashes. */
  sessionSecret: string;
  /** Session lifetime (default 8 hours). */
  sessionTtlMs?: number;
  /** Back-off per client and account after failed logins (none when absent). */
  throttle?: LoginThrottle;
  /** bcrypt cost (default 12; tests use 4). */
  bcryptRounds?: number;
  now?: () => Date;
}

/** A new session. */
export interface LoginResult {
  token: string;
  csrfToken: string;
  expiresAt: string;
  officer: Officer;
}

/** Hashes a password with bcrypt (cost 12 unless given). */
export function hashPassword(password: string, rounds = 12): Promise<string> {
  return bcrypt.hash(password, rounds);
}

const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';

/** Logs officers in and out and resolves sessions. */
export class OfficerAuth {
  private readonly now: () => Date;
  /** Compared against when the e-mail has no account, so both cases cost one bcrypt check. */
  private readonly dummyHash: Promise<string>;

  constructor(private readonly options: OfficerAuthOptions) {
    if (!options.sessionSecret) throw new Error('OfficerAuth needs a session secret');
    this.now = options.now ?? (() => new Date());
    // Made at once, so even the first unknown e-mail costs no extra hash (which would time apart).
    this.dummyHash = bcrypt.hash('not-a-password', options.bcryptRounds ?? 12);
  }

  /** Hashes a password with bcrypt. */
  hashPassword(password: string): Promise<string> {
    return hashPassword(password, this.options.bcryptRounds ?? 12);
  }

  /** A random 20-character password (for `officer add` without one on stdin). */
  static generatePassword(length = 20): string {
    let out = '';
    for (let i = 0; i < length; i++) out += ALPHABET[randomInt(ALPHABET.length)];
    return out;
  }

  /**
   * Checks the password; creates a session or throws {@link LoginFailedError} (unknown e-mail and
   * wrong password alike: same status, message and work) or {@link LoginThrottledError} (this
   * client failed too often for this e-mail; other clients are not affected).
   */
  async login(email: string, password: string, meta: { ip?: string } = {}): Promise<LoginResult> {
    const now = this.now();
    const client = meta.ip ?? 'unknown';
    const throttle = this.options.throttle;
    const waitMs = (await throttle?.wait(client, email)) ?? 0;
    if (waitMs > 0) throw new LoginThrottledError(waitMs / 1000);
    const officer = await this.options.officers.findForLogin(email);
    const matches = await bcrypt.compare(password, officer?.passwordHash ?? (await this.dummyHash));
    if (!officer || !matches) {
      await throttle?.failed(client, email);
      await this.options.audit.append(
        officer
          ? { actorId: officer.id, actorRole: officer.role, action: 'officer.login_failed', target: `officer:${officer.id}`, detail: { ip: meta.ip } }
          : { actorId: 'anonymous', actorRole: 'none', action: 'officer.login_failed', target: 'officer:unknown', detail: { ip: meta.ip } },
      );
      throw new LoginFailedError();
    }
    await this.options.officers.recordSuccess(officer.id);
    const token = randomBytes(32).toString('base64url');
    const csrfToken = randomBytes(24).toString('base64url');
    const expiresAt = new Date(now.getTime() + (this.options.sessionTtlMs ?? 8 * 3600_000));
    await this.options.officers.createSession(this.hashToken(token), officer.id, csrfToken, expiresAt);
    // Expired sessions are cleared here rather than by a timer: logins are rare and any instance does it.
    await this.options.officers.purgeExpiredSessions(now);
    await this.options.audit.append({ actorId: officer.id, actorRole: officer.role, action: 'officer.login', target: `officer:${officer.id}`, detail: { ip: meta.ip } });
    const { passwordHash: _omit, ...publicOfficer } = officer;
    return { token, csrfToken, expiresAt: expiresAt.toISOString(), officer: { ...publicOfficer, failedLogins: 0, lockedUntil: null } };
  }

  /** The live session of a token, or null. */
  async session(token: string): Promise<OfficerSession | null> {
    if (!token || token.length > 200) return null;
    return this.options.officers.findSession(this.hashToken(token), this.now());
  }

  /** Ends a session. */
  async logout(token: string, officer: Officer): Promise<void> {
    await this.options.officers.deleteSession(this.hashToken(token));
    await this.options.audit.append({ actorId: officer.id, actorRole: officer.role, action: 'officer.logout', target: `officer:${officer.id}` });
  }

  /** Creates an officer with a hashed password. */
  async createOfficer(input: { email: string; name: string; role: Role; password: string }): Promise<Officer> {
    return this.options.officers.create({ email: input.email, name: input.name, role: input.role, passwordHash: await this.hashPassword(input.password) });
  }

  private hashToken(token: string): string {
    return createHmac('sha256', this.options.sessionSecret).update(token).digest('base64url');
  }
}
