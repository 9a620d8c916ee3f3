import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { StageExecutions } from '../../adapters/aws/sfn-stage.js';
import { classify, oneLine } from '../../shared/errors.js';
import { statusFor } from '../../platform/kinds/http-api.js';
import { refusal, type DevCredentials } from '../../local/devserver/guard.js';
import { securityHeaders, send, serveStatic, type Route } from '../../local/devserver/http.js';
import { type POLL, stagePolling, stageRoutes } from './routes.js';

/**
 * `fluxo console --stage S`: the console's built pages and the dev server's /api
 * shapes, answered from a deployed stage's Step Functions with the caller's
 * credentials. Only its owner uses it, as `fluxo dev` (src/local/devserver/server.ts):
 * 127.0.0.1, a local Host only, the same headers, and every /api call needs the
 * cookie the printed one-time link sets (or the bearer token).
 */
export function createStageConsole(stage: StageExecutions, options: { credentials: DevCredentials; poll?: typeof POLL }): Server {
  const { credentials } = options;
  const routes: Route[] = [
    [/^GET \/health$/, async (_m, _q, response) => send(response, 200, { status: 'ok', pid: process.pid, stage: stage.names.stage })],
    [
      /^GET \/login$/,
      async (_m, request, response, url) => {
        const cookie = credentials.signIn(request, url.searchParams.get('token') ?? '');
        if (!cookie) return send(response, 403, { error: 'ForbiddenError', message: 'this sign-in link was used already or is wrong: run fluxo console again for a new one' });
        response.writeHead(303, { location: '/', 'set-cookie': cookie, 'cache-control': 'no-store' });
        response.end();
      },
    ],
    ...stageRoutes(stage),
    [/^GET \/api\/events$/, async (_m, request, response) => stagePolling(stage, request, response, options.poll)],
  ];
  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    const refused = refusal(request);
    if (refused) {
      request.resume();
      return send(response, refused.status, { error: refused.error, message: refused.message });
    }
    const url = new URL(request.url ?? '/', 'http://localhost');
    const key = `${request.method} ${url.pathname}`;
    if (url.pathname.startsWith('/api/') && !credentials.allows(request)) {
      request.resume();
      return send(response, 401, { error: 'Unauthorized', message: 'sign in with the link `fluxo console` printed' });
    }
    for (const [pattern, route] of routes) {
      const match = pattern.exec(key);
      if (match) return route(match, request, response, url);
    }
    if (request.method === 'GET' && !url.pathname.startsWith('/api/')) return serveStatic(response, url.pathname);
    send(response, 404, { error: 'NotFoundError', message: `no route for ${key.slice(0, 100)}` });
  };
  return createServer((request, response) => {
    securityHeaders(response);
    handle(request, response).catch((raw: unknown) => {
      const error = classify(raw);
      if (!response.headersSent) send(response, statusFor(error), { error: error.name, message: oneLine(error) });
      else response.end();
    });
  });
}
