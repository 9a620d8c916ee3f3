import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { ForbiddenError, ValidationError } from '../../shared/errors.js';

/**
 * The dev server listens on 127.0.0.1, but a web page the developer visits can
 * still reach it through the browser: a `text/plain` or form POST needs no CORS
 * preflight, and a DNS-rebinding page can read answers under its own host name.
 * These checks close both ways in (docs/architecture.md, "The dev server's security").
 */

const LOCAL_HOST = /^(localhost|127\.0\.0\.1|\[::1\])(?::(\d{1,5}))?$/i;

/** A `Host` (or an origin's host) naming this server: localhost, 127.0.0.1 or [::1], with its port. */
export function isLocalHost(host: string | undefined, port: number): boolean {
  const match = host ? LOCAL_HOST.exec(host) : null;
  if (!match) return false;
  return match[2] === undefined ? port === 80 : Number(match[2]) === port;
}

/** A refusal for the request as a whole, or undefined when it may go on to its route. */
export function refusal(request: IncomingMessage): { status: number; error: string; message: string } | undefined {
  const port = request.socket.localPort ?? 0;
  if (!isLocalHost(request.headers.host, port)) {
    // Misdirected: a DNS-rebinding page reaches this socket under another name.
    return { status: 421, error: 'MisdirectedRequest', message: `this server answers only http://localhost:${port}` };
  }
  const method = request.method ?? 'GET';
  if (method === 'GET' || method === 'HEAD') return undefined;
  const origin = request.headers.origin;
  if (origin !== undefined && !(origin.startsWith('http://') && isLocalHost(origin.slice('http://'.length), port))) {
    return { status: 403, error: 'ForbiddenError', message: 'cross-origin request refused' };
  }
  const site = request.headers['sec-fetch-site'];
  if (site !== undefined && site !== 'same-origin' && site !== 'none') return { status: 403, error: 'ForbiddenError', message: `${site} request refused` };
  return undefined;
}

/** The media type of the request body, without parameters. */
export function mediaType(request: IncomingMessage): string {
  return (request.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
}

/**
 * Refuses a body whose type is not one of `allowed`. The types a page can send
 * cross-site without a preflight (`text/plain`, forms) are never among them.
 */
export function requireType(request: IncomingMessage, allowed: string[]): string {
  const type = mediaType(request);
  if (!allowed.some((item) => (item.endsWith('/*') ? type.startsWith(item.slice(0, -1)) : type === item))) {
    throw new ValidationError(`content-type must be ${allowed.join(' or ')}`);
  }
  return type;
}

function same(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

const bearer = (request: IncomingMessage): string => /^Bearer (\S+)$/.exec(request.headers.authorization ?? '')?.[1] ?? '';

/** Checks `Authorization: Bearer <token>` in constant time. */
export function requireToken(request: IncomingMessage, token: string): void {
  if (!same(bearer(request), token)) throw new ForbiddenError('the dev server token is missing or wrong ($FLUXO_HOME/dev.json)');
}

/**
 * Who may use the dev server (Jupyter's model): its owner. The CLI sends the
 * bearer token of dev.json (0600); a browser signs in once through a one-time
 * link `fluxo dev` prints, which sets an HttpOnly, SameSite=Strict cookie.
 * Every /api route and the event stream need one or the other.
 */
export class DevCredentials {
  /** The browser's credential: a cookie value that never appears in a URL or on the terminal. */
  private readonly session = randomBytes(32).toString('hex');
  private readonly links = new Set<string>();
  constructor(readonly token: string) {}

  /** A new sign-in link's token, good once. */
  mintLogin(): string {
    const once = randomBytes(24).toString('hex');
    this.links.add(once);
    return once;
  }

  /** The cookie's name: one per port, since browsers share localhost's cookies across ports. */
  cookieName(request: IncomingMessage): string {
    return `fluxo-${request.socket.localPort ?? 0}`;
  }

  /** Spends a sign-in token; the Set-Cookie header when it was good. */
  signIn(request: IncomingMessage, once: string): string | undefined {
    const match = [...this.links].find((link) => same(once, link));
    if (!match) return undefined;
    this.links.delete(match);
    return `${this.cookieName(request)}=${this.session}; HttpOnly; SameSite=Strict; Path=/`;
  }

  allows(request: IncomingMessage): boolean {
    if (same(bearer(request), this.token)) return true;
    const prefix = `${this.cookieName(request)}=`;
    const cookie = (request.headers.cookie ?? '').split(';').map((part) => part.trim()).find((part) => part.startsWith(prefix));
    return cookie !== undefined && same(cookie.slice(prefix.length), this.session);
  }
}

/** `argv` as the CLI endpoint accepts it: an array of at most 64 strings of at most 4096 characters. */
export function argvOf(body: unknown): string[] {
  const argv = (body as { argv?: unknown } | null)?.argv;
  if (!Array.isArray(argv) || argv.length === 0 || argv.length > 64 || !argv.every((arg) => typeof arg === 'string' && arg.length <= 4096)) {
    throw new ValidationError('argv must be a non-empty array of strings');
  }
  return argv as string[];
}

/** What the caller's standard input held (for a `-` argument), if it sent it: a string, bounded by the body limit. */
export function stdinOf(body: unknown): string | undefined {
  const stdin = (body as { stdin?: unknown } | null)?.stdin;
  if (stdin === undefined) return undefined;
  if (typeof stdin !== 'string') throw new ValidationError('stdin must be a string');
  return stdin;
}
