import { createServer, type IncomingMessage, type Server } from 'node:http';
import { classify, oneLine, ValidationError } from '../../shared/errors.js';
import { hasUnsafeCharacter } from '../../platform/path-segment.js';
import { statusFor } from '../../platform/kinds/http-api.js';
import { refusal, type DevCredentials } from './guard.js';
import { securityHeaders, send, serveStatic, type Route } from './http.js';

export interface ConsoleServerOptions {
  /** Who may call /api: a bearer token, or the cookie a one-time sign-in link sets. */
  credentials: DevCredentials;
  /** What a caller without a credential is told (which link to use). */
  unauthorized: string;
  /** A fault of ours (5xx other than 503), to log in full; the answer then says only `internalMessage`. */
  onFault?: (error: Error, request: IncomingMessage) => void;
  internalMessage?: string;
}

/** Refuses a path that is not valid percent-encoding or whose decoded names hold a control or bidi character (400, one line). */
function requirePlainPath(pathname: string): void {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    throw new ValidationError('the path is not valid percent-encoding');
  }
  if (hasUnsafeCharacter(decoded)) throw new ValidationError('the path has a control or bidirectional formatting character');
}

/** The one-time sign-in link: spent here for an HttpOnly, SameSite=Strict cookie, then the console. */
export function signInRoute(credentials: DevCredentials, refusedPage: string): Route {
  return [
    /^GET \/login$/,
    async (_m, request, response, url) => {
      // A HEAD (a link preview, a prefetch) must not spend the link the person is about to open.
      if (request.method === 'HEAD') return send(response, 200, '', 'text/html; charset=utf-8');
      const cookie = credentials.signIn(request, url.searchParams.get('token') ?? '');
      if (!cookie) return send(response, 403, refusedPage, 'text/html; charset=utf-8');
      response.writeHead(303, { location: '/', 'set-cookie': cookie, 'cache-control': 'no-store' });
      response.end();
    },
  ];
}

/**
 * A console server (`fluxo dev`, `fluxo console --stage`): security headers on every
 * answer, only a local Host (guard.ts), /api only with a credential, then the first
 * route that matches `METHOD /path`, else the built console's files.
 */
export function consoleServer(routes: Route[], options: ConsoleServerOptions): Server {
  return createServer((request, response) => {
    securityHeaders(response);
    void (async () => {
      const refused = refusal(request);
      if (refused) {
        request.resume();
        return send(response, refused.status, { error: refused.error, message: refused.message });
      }
      const url = new URL(request.url ?? '/', 'http://localhost');
      // HEAD is answered as GET is, and Node leaves the body out (RFC 9110 9.3.2).
      const method = request.method === 'HEAD' ? 'GET' : request.method;
      const key = `${method} ${url.pathname}`;
      if (url.pathname.startsWith('/api/') && !options.credentials.allows(request)) {
        request.resume();
        return send(response, 401, { error: 'Unauthorized', message: options.unauthorized });
      }
      // A NUL or a bidi override in a name is the caller's mistake, not a missing page.
      requirePlainPath(url.pathname);
      for (const [pattern, handle] of routes) {
        const match = pattern.exec(key);
        if (match) return handle(match, request, response, url);
      }
      if (method === 'GET' && !url.pathname.startsWith('/api/')) return serveStatic(response, url.pathname);
      send(response, 404, { error: 'NotFoundError', message: `no route for ${key.slice(0, 200)}` });
    })().catch((raw: unknown) => {
      const error = classify(raw);
      const status = statusFor(error);
      const internal = status >= 500 && status !== 503;
      if (internal) options.onFault?.(error, request);
      if (!response.headersSent) send(response, status, { error: error.name, message: internal && options.internalMessage ? options.internalMessage : oneLine(error) });
      else response.end();
      request.resume();
    });
  });
}
