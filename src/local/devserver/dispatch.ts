import { createServer, type IncomingMessage, type Server } from 'node:http';
import { classify, oneLine } from '../../shared/errors.js';
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

/** The one-time sign-in link: spent here for an HttpOnly, SameSite=Strict cookie, then the console. */
export function signInRoute(credentials: DevCredentials, refusedPage: string): Route {
  return [
    /^GET \/login$/,
    async (_m, request, response, url) => {
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
      const key = `${request.method} ${url.pathname}`;
      if (url.pathname.startsWith('/api/') && !options.credentials.allows(request)) {
        request.resume();
        return send(response, 401, { error: 'Unauthorized', message: options.unauthorized });
      }
      for (const [pattern, handle] of routes) {
        const match = pattern.exec(key);
        if (match) return handle(match, request, response, url);
      }
      if (request.method === 'GET' && !url.pathname.startsWith('/api/')) return serveStatic(response, url.pathname);
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
