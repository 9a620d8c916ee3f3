import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import path from 'node:path';
import { classify, oneLine } from '../../platform/errors.js';
import { statusFor } from '../../platform/kinds/http-api.js';
import type { LocalStack } from '../stack/compose.js';
import { argvOf, refusal, requireToken } from './guard.js';
import { assistantRoutes } from './assistant.js';
import { dataRoutes } from './data.js';
import { executionRoutes } from './executions.js';
import { readJson, send, serveStatic, WEB_DIST, type Route } from './http.js';

export { listen, WEB_DIST } from './http.js';

/** Runs a CLI command in this process (the dev server's stack); passed in by the CLI to avoid an import cycle. */
export type CliRunner = (argv: string[]) => Promise<{ code: number; stdout: string; stderr: string }>;

export interface DevServerOptions {
  /** What `/api/cli` callers must send as `Authorization: Bearer <token>` (written to `$FLUXO_HOME/dev.json`, mode 0600). */
  token: string;
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
  const routes: Route[] = [
    [/^GET \/health$/, async (_m, _q, response) => send(response, 200, { status: 'ok', pid: process.pid })],
    ...executionRoutes(stack),
    ...dataRoutes(stack, options.maxUploadBytes),
    ...assistantRoutes(stack),
    [
      /^POST \/api\/cli$/,
      async (_m, request, response) => {
        requireToken(request, options.token);
        send(response, 200, await cli(argvOf(await readJson(request))));
      },
    ],
  ];

  return createServer((request, response) => {
    void (async () => {
      const refused = refusal(request);
      if (refused) {
        request.resume();
        return send(response, refused.status, { error: refused.error, message: refused.message });
      }
      const url = new URL(request.url ?? '/', 'http://localhost');
      const key = `${request.method} ${url.pathname}`;
      for (const [pattern, handle] of routes) {
        const match = pattern.exec(key);
        if (match) return handle(match, request, response, url);
      }
      if (request.method === 'GET' && !url.pathname.startsWith('/api/')) return serveStatic(response, url.pathname);
      send(response, 404, { error: 'NotFoundError', message: `no route for ${key}` });
    })().catch((raw: unknown) => {
      const error = classify(raw);
      if (!response.headersSent) send(response, statusFor(error), { error: error.name, message: oneLine(error) });
      else response.end();
    });
  });
}

export function consoleBuilt(): boolean {
  return existsSync(path.join(WEB_DIST, 'index.html'));
}
