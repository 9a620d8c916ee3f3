import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { classify, NotFoundError, oneLine, ValidationError } from '../platform/errors.js';
import { argvOf, refusal, requireToken, requireType } from './guard.js';
import { statusFor } from '../platform/kinds/http-api.js';
import type { LocalStack } from './compose.js';
import { machineNames } from './asl.js';
import type { ExecutionRecord, HistoryEvent } from './execution-store.js';
import { UPLOADS_BUCKET } from './wiring.js';
import { chat, DEFAULT_SENDER } from './chat.js';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { httpApiEvent } from '../platform/aws-events.js';

/** A Node request to the dev server, as API Gateway would hand it to the webhook's Lambda. */
function nodeRequestEvent(request: IncomingMessage, url: URL, body: Buffer) {
  const headers: Record<string, string> = {};
  for (const [key, value] of Object.entries(request.headers)) if (typeof value === 'string') headers[key] = value;
  return httpApiEvent({ method: request.method ?? 'GET', url, headers, body, sourceIp: request.socket.remoteAddress ?? '' });
}

/** Runs a CLI command in this process (the dev server's stack); passed in by the CLI to avoid an import cycle. */
export type CliRunner = (argv: string[]) => Promise<{ code: number; stdout: string; stderr: string }>;

export const WEB_DIST = fileURLToPath(new URL('../../web/dist/', import.meta.url));
const CLIENT_TOPIC = 'NewClientNotification';
const MAX_UPLOAD_BYTES = 512 * 1024 * 1024;

const TYPES: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml', '.png': 'image/png', '.json': 'application/json' };

const FALLBACK_PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>fluxo</title></head>
<body><h1>fluxo</h1><p>The console is not built: run <code>npm run build:web</code> (npm start does it).</p></body></html>`;

function send(response: ServerResponse, status: number, body: unknown, type = 'application/json'): void {
  response.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
  response.end(typeof body === 'string' || Buffer.isBuffer(body) ? body : JSON.stringify(body));
}

async function readBody(request: IncomingMessage, limit = 10 * 1024 * 1024): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new ValidationError(`request body larger than ${limit} bytes`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

async function readJson(request: IncomingMessage): Promise<unknown> {
  requireType(request, ['application/json']);
  const text = (await readBody(request)).toString('utf8');
  try {
    return JSON.parse(text);
  } catch {
    throw new ValidationError('request body is not valid JSON');
  }
}

const brief = ({ events: _events, ...rest }: ExecutionRecord) => rest;

async function serveStatic(response: ServerResponse, pathname: string): Promise<void> {
  const file = path.resolve(WEB_DIST, `.${pathname === '/' ? '/index.html' : pathname}`);
  if (!file.startsWith(WEB_DIST)) return send(response, 404, { error: 'NotFoundError' });
  const body = await readFile(file).catch(() => undefined);
  if (body) return send(response, 200, body, TYPES[path.extname(file)] ?? 'application/octet-stream');
  // Client-side routes (#/...) all load index.html.
  const index = await readFile(path.join(WEB_DIST, 'index.html')).catch(() => undefined);
  send(response, 200, index ?? FALLBACK_PAGE, 'text/html; charset=utf-8');
}

/**
 * Streams a request body to a new temporary file, counting bytes as they arrive.
 * Past `limit` nothing more is written (the file is removed) and the rest of the
 * body is read and dropped, so the client gets the refusal instead of a reset.
 */
async function bodyToFile(request: IncomingMessage, dir: string, limit: number): Promise<string> {
  await mkdir(dir, { recursive: true });
  const file = path.join(dir, `upload-${randomUUID()}.tmp`);
  let size = 0;
  const cap = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      size += chunk.length;
      done(null, size > limit ? undefined : chunk);
    },
  });
  try {
    await pipeline(request, cap, createWriteStream(file, { flags: 'wx' }));
    if (size > limit) throw new ValidationError(`upload larger than ${limit} bytes`);
    return file;
  } catch (error) {
    await rm(file, { force: true });
    throw error;
  }
}

/** A machine named in a query or a path: one of statemachines/*.asl.json, never a path. */
async function knownMachine(name: string): Promise<string> {
  if (!(await machineNames()).includes(name)) throw new NotFoundError(`no machine ${JSON.stringify(name.slice(0, 60))}`);
  return name;
}

const SENDER = /^whatsapp:\+\d{8,15}$/;
function senderOf(url: URL): string {
  const from = url.searchParams.get('from') || DEFAULT_SENDER;
  if (!SENDER.test(from)) throw new ValidationError('from must look like whatsapp:+5511999990000');
  return from;
}

export interface DevServerOptions {
  /** What `/api/cli` callers must send as `Authorization: Bearer <token>` (written to `$FLUXO_HOME/dev.json`, mode 0600). */
  token: string;
  /** Uploads above this are refused while they arrive (default 512 MB). */
  maxUploadBytes?: number;
}

/**
 * The local HTTP server of `fluxo dev`: the console (web/dist), a JSON API over
 * the stack, server-sent events for live executions, and `/api/cli`, through
 * which `fluxo` commands run in this process while it owns the local database.
 * Only this machine's own pages reach it: see guard.ts.
 */
export function createDevServer(stack: LocalStack, cli: CliRunner, options: DevServerOptions): Server {
  const routes: [RegExp, (match: RegExpExecArray, request: IncomingMessage, response: ServerResponse, url: URL) => Promise<void>][] = [
    [/^GET \/health$/, async (_m, _q, response) => send(response, 200, { status: 'ok', pid: process.pid })],
    [/^GET \/api\/machines$/, async (_m, _q, response) => send(response, 200, await Promise.all((await machineNames()).map(async (name) => ({ name, definition: await stack.engine.definition(name) }))))],
    [
      /^GET \/api\/executions$/,
      async (_m, _q, response, url) => {
        const machine = url.searchParams.get('machine');
        send(response, 200, (await stack.engine.store.list(machine === null ? undefined : await knownMachine(machine))).map(brief));
      },
    ],
    [/^GET \/api\/executions\/([\w-]+)\/([\w-]+)$/, async (m, _q, response) => send(response, 200, await stack.engine.store.get(await knownMachine(m[1] ?? ''), m[2] ?? ''))],
    [
      /^POST \/api\/executions\/([\w-]+)\/([\w-]+)\/redrive$/,
      async (m, _q, response) => {
        const { name } = await stack.engine.redrive(await knownMachine(m[1] ?? ''), m[2] ?? '');
        send(response, 202, { machine: m[1], name });
      },
    ],
    [/^GET \/api\/events$/, async (_m, request, response) => events(stack, request, response)],
    [
      /^POST \/api\/uploads$/,
      async (_m, request, response, url) => {
        const name = path.basename(url.searchParams.get('name') ?? '');
        if (!/^[^/\\]{1,200}\.csv$/i.test(name)) throw new ValidationError('name must be a file name ending in .csv');
        requireType(request, ['text/csv', 'application/octet-stream']);
        const temp = await bodyToFile(request, path.join(stack.objects.root, '.uploads'), options.maxUploadBytes ?? MAX_UPLOAD_BYTES);
        const info = await stack.objects.putFile(UPLOADS_BUCKET, `incoming/${name}`, temp, 'text/csv');
        send(response, 202, { key: info.key, etag: info.etag, size: info.size });
      },
    ],
    [/^GET \/api\/summaries$/, async (_m, _q, response) => send(response, 200, (await (await stack.deps.summaries()).list()).map(({ summary: _s, ...rest }) => rest))],
    [
      /^GET \/api\/summaries\/(\d+)$/,
      async (m, _q, response) => {
        const file = await (await stack.deps.summaries()).get(Number(m[1]));
        send(response, file ? 200 : 404, file ?? { error: 'NotFoundError', message: `no summary ${m[1]}` });
      },
    ],
    [
      /^POST \/api\/clients$/,
      async (_m, request, response) => {
        const message = await readJson(request);
        const messageId = await stack.bus.publish(CLIENT_TOPIC, JSON.stringify(message));
        send(response, 202, { messageId });
      },
    ],
    [/^GET \/api\/clients$/, async (_m, _q, response) => send(response, 200, await (await stack.deps.clients()).list())],
    [/^GET \/api\/clients\/rejections$/, async (_m, _q, response) => send(response, 200, await (await stack.deps.clients()).rejections())],
    [
      // Twilio (through a tunnel) or `curl` posting to the local webhook: the same Lambda as on AWS.
      /^POST \/webhook\/whatsapp$/,
      async (_m, request, response, url) => {
        const result = (await stack.functions.invoke('whatsapp_webhook', nodeRequestEvent(request, url, await readBody(request)))) as APIGatewayProxyStructuredResultV2;
        response.writeHead(result.statusCode ?? 200, (result.headers ?? {}) as Record<string, string>);
        response.end(result.body ?? '');
      },
    ],
    [
      // The console's chat: a signed webhook request made here, as Twilio would make it; answers when the turn is over.
      /^POST \/api\/chat$/,
      async (_m, request, response, url) => {
        const type = requireType(request, ['application/json', 'audio/*', 'video/webm', 'application/octet-stream']);
        const from = senderOf(url);
        if (type === 'application/json') {
          const { text } = (await readJson(request)) as { text?: string };
          if (typeof text !== 'string' || !text.trim()) throw new ValidationError('text is required');
          return send(response, 200, await chat(stack, { text, from }));
        }
        const fileName = path.basename(url.searchParams.get('name') ?? 'voice.ogg');
        const body = await readBody(request, 16 * 1024 * 1024);
        if (!body.length) throw new ValidationError('the voice note is empty');
        send(response, 200, await chat(stack, { from, text: url.searchParams.get('text') ?? '', audio: { body, fileName } }));
      },
    ],
    [
      // One sender's thread: inbound messages (from the turns' inputs) and the replies in the outbox, by time.
      /^GET \/api\/conversation$/,
      async (_m, _q, response, url) => {
        const from = senderOf(url);
        const turns = (await stack.engine.store.list('assistant-turn')).filter((record) => (record.input as { turn?: { from?: string } })?.turn?.from === from);
        const inbound = turns.map((record) => {
          const input = record.input as { text?: string; numMedia?: number; turn: { receivedAt: string } };
          return { direction: 'in', at: input.turn.receivedAt, text: input.text ?? '', voice: (input.numMedia ?? 0) > 0, execution: record.name, status: record.status };
        });
        const outbound = (await stack.outbox.list(from)).map((entry) => ({ direction: 'out', at: entry.at, text: entry.body, id: entry.id }));
        send(response, 200, [...inbound, ...outbound].sort((a, b) => a.at.localeCompare(b.at)));
      },
    ],
    [/^GET \/api\/outbox$/, async (_m, _q, response, url) => send(response, 200, await stack.outbox.list(url.searchParams.get('to') ?? undefined))],
    [/^GET \/api\/expenses$/, async (_m, _q, response) => send(response, 200, await stack.deps.ledger.list())],
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

/** Server-sent events: every execution status change and history event, live. */
async function events(stack: LocalStack, request: IncomingMessage, response: ServerResponse): Promise<void> {
  response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
  response.write(': connected\n\n');
  const onStatus = (record: ExecutionRecord) => response.write(`event: status\ndata: ${JSON.stringify(brief(record))}\n\n`);
  const onEvent = (record: ExecutionRecord, event: HistoryEvent) => response.write(`event: history\ndata: ${JSON.stringify({ machine: record.machine, name: record.name, event })}\n\n`);
  stack.engine.events.on('status', onStatus);
  stack.engine.events.on('event', onEvent);
  const keepAlive = setInterval(() => response.write(': ping\n\n'), 15_000);
  request.on('close', () => {
    clearInterval(keepAlive);
    stack.engine.events.off('status', onStatus);
    stack.engine.events.off('event', onEvent);
  });
}

export function consoleBuilt(): boolean {
  return existsSync(path.join(WEB_DIST, 'index.html'));
}

export async function listen(server: Server, port: number, host = '127.0.0.1'): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  return (server.address() as AddressInfo).port;
}
