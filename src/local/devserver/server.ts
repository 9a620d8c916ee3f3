import type { Server } from 'node:http';
import { oneLine } from '../../shared/errors.js';
import type { LocalStack } from '../stack/compose.js';
import { consoleServer, signInRoute } from './dispatch.js';
import { argvOf, requireToken, stdinOf, type DevCredentials } from './guard.js';
import { assistantRoutes } from './assistant.js';
import { dataRoutes } from './data.js';
import { executionRoutes } from './executions.js';
import { readJson, send, type Route } from './http.js';

export { listen } from './http.js';

/** Runs a CLI command in this process (the dev server's stack); passed in by the CLI to avoid an import cycle. */
/** Runs `fluxo <argv>` in the dev server; `stdin` is what the caller's standard input held, for a `-` argument. */
export type CliRunner = (argv: string[], stdin?: string) => Promise<{ code: number; stdout: string; stderr: string }>;

export interface DevServerOptions {
  /** Who may call /api: the bearer token of `$FLUXO_HOME/dev.json` (mode 0600), or the cookie a one-time sign-in link sets. */
  credentials: DevCredentials;
  /** Uploads above this are refused while they arrive (default 512 MB). */
  maxUploadBytes?: number;
}

/**
 * The local HTTP server of `fluxo dev`: the console (web/dist), a JSON API over
 * the stack (routes by resource in ./server/), server-sent events for live
 * executions, and `/api/cli`, through which `fluxo` commands run in this process
 * while it owns the local database. Only this machine's own pages reach it: see guard.ts.
 */
export function createDevServer(stack: LocalStack, cli: CliRunner, options: DevServerOptions): Server {
  const { credentials } = options;
  const routes: Route[] = [
    [/^GET \/health$/, async (_m, _q, response) => send(response, 200, { status: 'ok', pid: process.pid })],
    // The one-time link `fluxo dev` prints.
    signInRoute(credentials, SIGN_IN_PAGE),
    [
      // A fresh sign-in link for another browser; the bearer token only (a second `fluxo dev` asks for one).
      /^POST \/api\/login-links$/,
      async (_m, request, response) => {
        requireToken(request, credentials.token);
        send(response, 201, { path: `/login?token=${credentials.mintLogin()}` });
      },
    ],
    ...executionRoutes(stack),
    ...dataRoutes(stack, options.maxUploadBytes),
    ...assistantRoutes(stack),
    [
      /^POST \/api\/cli$/,
      async (_m, request, response) => {
        requireToken(request, credentials.token);
        const body = await readJson(request);
        send(response, 200, await cli(argvOf(body), stdinOf(body)));
      },
    ],
  ];

  return consoleServer(routes, {
    credentials,
    unauthorized: 'sign in with the link `fluxo dev` printed (or send the token of dev.json as a bearer token)',
    // A fault of ours is logged here, in full; the answer names no file or path of this machine.
    onFault: (error, request) => stack.deps.logger.error({ error: error.name, reason: oneLine(error), route: `${request.method} ${(request.url ?? '').split('?')[0]}` }, 'dev server request failed'),
    internalMessage: 'internal error: see the fluxo dev output',
  });
}

const SIGN_IN_PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>fluxo: sign in</title></head>
<body><h1>This sign-in link was used already</h1><p>Each link <code>fluxo dev</code> prints signs in one browser once. Run <code>fluxo dev</code> again in the same folder: it prints a fresh link for the running server.</p></body></html>`;
