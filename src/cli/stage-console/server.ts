import type { Server } from 'node:http';
import type { StageExecutions } from '../../adapters/aws/sfn-stage.js';
import { consoleServer, signInRoute } from '../../local/devserver/dispatch.js';
import type { DevCredentials } from '../../local/devserver/guard.js';
import { send, type Route } from '../../local/devserver/http.js';
import { type POLL, stagePolling, stageRoutes } from './routes.js';

const SIGN_IN_PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>fluxo: sign in</title></head>
<body><h1>This sign-in link was used already</h1><p>Each link <code>fluxo console --stage</code> prints signs in one browser once. Start it again for a fresh link.</p></body></html>`;

/**
 * `fluxo console --stage S`: the console's built pages and the dev server's /api
 * shapes, answered from a deployed stage's Step Functions with the caller's
 * credentials. Only its owner uses it, as `fluxo dev` (the same server, see
 * src/local/devserver/dispatch.ts): 127.0.0.1, a local Host only, and every /api
 * call needs the cookie the printed one-time link sets (or the bearer token).
 */
export function createStageConsole(stage: StageExecutions, options: { credentials: DevCredentials; poll?: typeof POLL }): Server {
  const routes: Route[] = [
    [/^GET \/health$/, async (_m, _q, response) => send(response, 200, { status: 'ok', pid: process.pid, stage: stage.names.stage })],
    signInRoute(options.credentials, SIGN_IN_PAGE),
    ...stageRoutes(stage, options.poll),
    [/^GET \/api\/events$/, async (_m, request, response) => stagePolling(stage, request, response, options.poll)],
  ];
  return consoleServer(routes, { credentials: options.credentials, unauthorized: 'sign in with the link `fluxo console` printed' });
}
