/**
 * Who may talk to `/api/messages` and where the bot may send its replies.
 *
 * The bot POSTs its replies to the `serviceUrl` an activity names. Without authentication
 * (no MicrosoftAppId) that URL is chosen by whoever sends the request, so the endpoint would
 * call any host, port and path on the sender's behalf. Two rules close that:
 * - anonymous access is a development switch, honoured only for requests from this machine
 *   (the socket's address is loopback, and no proxy forwarded the request);
 * - a service URL must name a trusted channel host over https on the default port, or, in
 *   anonymous development mode only, a loopback address (the Emulator, `nc -l 9000`).
 */
import type { IncomingHttpHeaders } from 'node:http';
import { isIP } from 'node:net';

/** How the endpoint is opened to callers. */
export interface BotFrameworkAccess {
  /** Accept unauthenticated activities (only when no app id is set, and only from loopback). */
  allowAnonymous: boolean;
  /** Host names a service URL may name; `*.example.com` matches any subdomain of example.com. */
  trustedServiceHosts: readonly string[];
}

/** Thrown when a service URL (incoming or stored) is not one the bot may call. */
export class UntrustedServiceUrlError extends Error {
  constructor(readonly serviceUrl: string) {
    super('serviceUrl is not a trusted Bot Framework channel host');
    this.name = 'UntrustedServiceUrlError';
  }
}

/** True for 127.0.0.0/8, ::1 and their IPv4-mapped forms. */
export function isLoopbackAddress(address: string | undefined): boolean {
  if (!address) return false;
  const plain = address.startsWith('::ffff:') ? address.slice('::ffff:'.length) : address;
  if (isIP(plain) === 4) return plain.startsWith('127.');
  return plain === '::1';
}

/** Headers a reverse proxy adds: a proxied request is not local, whatever its socket says. */
const FORWARDING_HEADERS = ['forwarded', 'x-forwarded-for', 'x-real-ip'] as const;

/** True when the request comes from this machine itself and not through a proxy. */
export function isDirectLoopbackRequest(remoteAddress: string | undefined, headers: IncomingHttpHeaders): boolean {
  return isLoopbackAddress(remoteAddress) && FORWARDING_HEADERS.every((h) => headers[h] === undefined);
}

function hostMatches(hostname: string, pattern: string): boolean {
  const p = pattern.toLowerCase();
  return p.startsWith('*.') ? hostname.endsWith(p.slice(1)) && hostname.length > p.length - 1 : hostname === p;
}

/**
 * True when the bot may send to `serviceUrl`: https on the default port to a trusted host, or,
 * when `allowLoopback`, http(s) to a loopback address.
 */
export function isTrustedServiceUrl(serviceUrl: unknown, trustedHosts: readonly string[], allowLoopback: boolean): boolean {
  if (typeof serviceUrl !== 'string') return false;
  let url: URL;
  try {
    url = new URL(serviceUrl);
  } catch {
    return false;
  }
  if (url.username !== '' || url.password !== '') return false;
  const hostname = url.hostname.toLowerCase();
  const bare = hostname.startsWith('[') ? hostname.slice(1, -1) : hostname;
  if (allowLoopback && (url.protocol === 'http:' || url.protocol === 'https:') && (bare === 'localhost' || isLoopbackAddress(bare))) return true;
  if (url.protocol !== 'https:' || url.port !== '') return false;
  return trustedHosts.some((pattern) => hostMatches(hostname, pattern));
}
