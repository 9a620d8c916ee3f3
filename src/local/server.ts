import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { oneLine } from '../platform/errors.js';
import { statusFor } from '../platform/kinds/http-api.js';
import { classify } from '../platform/errors.js';
import type { LocalStack } from './compose.js';

/** Runs a CLI command in this process (the dev server's stack); set by the CLI to avoid an import cycle. */
export type CliRunner = (argv: string[]) => Promise<{ code: number; stdout: string; stderr: string }>;

const PAGE = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>fluxo</title>
<style>body{font-family:system-ui,sans-serif;max-width:52rem;margin:2rem auto;padding:0 1rem;color:#1b1f24}code{background:#f1f3f5;padding:.1rem .3rem;border-radius:4px}li{margin:.3rem 0}</style></head>
<body>
<h1>fluxo</h1>
<p>The local stack is running: state machines from <code>statemachines/</code>, handlers from <code>src/handlers/</code>, data under <code>FLUXO_HOME</code>.</p>
<h2>Executions</h2>
<ul id="executions"><li>loading…</li></ul>
<p>Try <code>npx fluxo run hello --input '{"name":"Ana","loud":true}' --history</code>, then reload.</p>
<script>
fetch('/api/executions').then(r => r.json()).then(rows => {
  const list = document.getElementById('executions');
  list.textContent = '';
  if (!rows.length) { list.innerHTML = '<li>none yet</li>'; return; }
  for (const row of rows.slice(0, 50)) {
    const item = document.createElement('li');
    item.textContent = row.startDate + '  ' + row.status + '  ' + row.machine + '/' + row.name;
    list.appendChild(item);
  }
});
</script>
</body>
</html>`;

function send(response: ServerResponse, status: number, body: unknown, type = 'application/json'): void {
  response.writeHead(status, { 'content-type': type });
  response.end(typeof body === 'string' ? body : JSON.stringify(body));
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * The local HTTP server of `fluxo dev`: the console page, a JSON API over the
 * stack, and `/api/cli`, through which `fluxo` commands run in this process
 * while it owns the local database.
 */
export function createDevServer(stack: LocalStack, cli: CliRunner): Server {
  return createServer((request, response) => {
    void (async () => {
      const url = new URL(request.url ?? '/', 'http://localhost');
      const route = `${request.method} ${url.pathname}`;
      if (route === 'GET /') return send(response, 200, PAGE, 'text/html; charset=utf-8');
      if (route === 'GET /health') return send(response, 200, { status: 'ok' });
      if (route === 'GET /api/executions') {
        const records = await stack.engine.store.list(url.searchParams.get('machine') ?? undefined);
        return send(response, 200, records.map(({ events: _events, ...rest }) => rest));
      }
      const execution = /^GET \/api\/executions\/([\w-]+)\/([\w-]+)$/.exec(route);
      if (execution) return send(response, 200, await stack.engine.store.get(execution[1] ?? '', execution[2] ?? ''));
      if (route === 'POST /api/cli') {
        const { argv } = JSON.parse(await readBody(request)) as { argv: string[] };
        return send(response, 200, await cli(argv));
      }
      return send(response, 404, { error: 'NotFoundError', message: `no route for ${route}` });
    })().catch((raw: unknown) => {
      const error = classify(raw);
      send(response, statusFor(error), { error: error.name, message: oneLine(error) });
    });
  });
}

export async function listen(server: Server, port: number, host = '127.0.0.1'): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  return (server.address() as AddressInfo).port;
}
