import { timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { StageExecutions } from '../../adapters/aws/sfn-stage.js';
import { classify, ForbiddenError, oneLine } from '../../platform/errors.js';
import { statusFor } from '../../platform/kinds/http-api.js';
import { refusal } from '../../local/devserver/guard.js';
import { send, serveStatic, type Route } from '../../local/devserver/http.js';
import { type POLL, stagePolling, stageRoutes } from './routes.js';

const COOKIE = 'fluxo_stage';

const HEADERS: Record<string, string> = {
  'content-security-policy': "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'",
  'x-frame-options': 'DENY',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};

function same(given: string, token: string): boolean {
  const [a, b] = [Buffer.from(given), Buffer.from(token)];
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The token from the cookie the console's URL set, or `Authorization: Bearer`. */
function credential(request: IncomingMessage): string {
  const bearer = /^Bearer (\S+)$/.exec(request.headers.authorization ?? '')?.[1];
  if (bearer) return bearer;
  for (const part of (request.headers.cookie ?? '').split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === COOKIE) return value.join('=');
  }
  return '';
}

/**
 * `fluxo console --stage S`: the console's built pages and the dev server's /api
 * shapes, answered from a deployed stage's Step Functions with the caller's
 * credentials. Only its owner uses it, as `fluxo dev`: it listens on 127.0.0.1,
 * answers only under a local Host, and every /api call needs the token of the URL
 * it printed (kept by the browser as an HttpOnly, SameSite=Strict cookie).
 */
export function createStageConsole(stage: StageExecutions, options: { token: string; poll?: typeof POLL }): Server {
  const routes: Route[] = [
    [/^GET \/health$/, async (_m, _q, response) => send(response, 200, { status: 'ok', pid: process.pid, stage: stage.names.stage })],
    ...stageRoutes(stage),
    [/^GET \/api\/events$/, async (_m, request, response) => stagePolling(stage, request, response, options.poll)],
  ];
  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    for (const [key, value] of Object.entries(HEADERS)) response.setHeader(key, value);
    const refused = refusal(request);
    if (refused) {
      request.resume();
      return send(response, refused.status, { error: refused.error, message: refused.message });
    }
    const url = new URL(request.url ?? '/', 'http://localhost');
    const given = url.searchParams.get('token');
    if (request.method === 'GET' && url.pathname === '/' && given !== null) {
      if (!same(given, options.token)) throw new ForbiddenError('this console link is not valid: use the one fluxo console printed');
      // The token leaves the address bar (and the history) at once; the cookie carries it from here.
      response.writeHead(303, { location: '/', 'set-cookie': `${COOKIE}=${options.token}; HttpOnly; SameSite=Strict; Path=/` });
      return response.end();
    }
    const key = `${request.method} ${url.pathname}`;
    if (url.pathname.startsWith('/api/') && !same(credential(request), options.token)) throw new ForbiddenError('open the console through the link fluxo console printed (its token is missing or wrong)');
    for (const [pattern, route] of routes) {
      const match = pattern.exec(key);
      if (match) return route(match, request, response, url);
    }
    if (request.method === 'GET' && !url.pathname.startsWith('/api/')) return serveStatic(response, url.pathname);
    send(response, 404, { error: 'NotFoundError', message: `no route for ${key.slice(0, 100)}` });
  };
  return createServer((request, response) => {
    handle(request, response).catch((raw: unknown) => {
      const error = classify(raw);
      if (!response.headersSent) send(response, statusFor(error), { error: error.name, message: oneLine(error) });
      else response.end();
    });
  });
}
