/**
 * Express middleware for the officer API: who is calling (session cookie or Bearer token), CSRF
 * for cookie-authenticated changes, and role checks.
 */
import { timingSafeEqual } from 'node:crypto';
import type { Request, RequestHandler, Response } from 'express';
import type { OfficerAuth } from './officer-auth';
import { roleAtLeast, type Officer, type Role } from './officer-repository';

/** Name of the console's session cookie. */
export const SESSION_COOKIE = 'mdg_officer';
/** Header carrying the CSRF token. */
export const CSRF_HEADER = 'x-csrf-token';

/** The authenticated caller, kept in `res.locals`. */
export interface OfficerCaller {
  officer: Officer;
  token: string;
  csrfToken: string;
  via: 'cookie' | 'bearer';
}

/** The caller set by {@link authenticate}; throws if the route forgot the middleware. */
export function caller(res: Response): OfficerCaller {
  const c = res.locals.officerCaller as OfficerCaller | undefined;
  if (!c) throw new Error('officer route mounted without authenticate()');
  return c;
}

/** Reads one cookie from the Cookie header. */
export function readCookie(req: Request, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) {
      try {
        return decodeURIComponent(part.slice(eq + 1).trim());
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}

function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Requires a live session; cookie-authenticated state changes also need the CSRF header. */
export function authenticate(auth: OfficerAuth): RequestHandler {
  return async (req, res, next) => {
    const header = req.headers.authorization ?? '';
    const bearer = /^Bearer\s+(\S+)$/i.exec(header)?.[1];
    const cookie = readCookie(req, SESSION_COOKIE);
    const token = bearer ?? cookie;
    if (!token) {
      res.status(401).json({ error: 'not logged in' });
      return;
    }
    const session = await auth.session(token);
    if (!session) {
      res.status(401).json({ error: 'session expired or invalid; log in again' });
      return;
    }
    const via = bearer ? 'bearer' : 'cookie';
    if (via === 'cookie' && !SAFE_METHODS.has(req.method)) {
      const sent = req.headers[CSRF_HEADER];
      if (typeof sent !== 'string' || !sameToken(sent, session.csrfToken)) {
        res.status(403).json({ error: 'missing or invalid CSRF token (send the X-CSRF-Token header from /api/officer/me)' });
        return;
      }
    }
    const value: OfficerCaller = { officer: session.officer, token, csrfToken: session.csrfToken, via };
    res.locals.officerCaller = value;
    next();
  };
}

/** Requires at least `role` (officer < supervisor < admin). */
export function requireRole(role: Role): RequestHandler {
  return (_req, res, next) => {
    if (!roleAtLeast(caller(res).officer.role, role)) {
      res.status(403).json({ error: `requires the ${role} role` });
      return;
    }
    next();
  };
}
