import { createWriteStream } from 'node:fs';
import { mkdir, readFile, rm } from 'node:fs/promises';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { PayloadTooLargeError, ValidationError } from '../../shared/errors.js';
import { requireType } from './guard.js';

/** One route of the dev server: `METHOD /path` matched by a pattern, then handled. */
export type Route = [RegExp, (match: RegExpExecArray, request: IncomingMessage, response: ServerResponse, url: URL) => Promise<void>];

export const WEB_DIST = fileURLToPath(new URL('../../../web/dist/', import.meta.url));

const TYPES: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml', '.png': 'image/png', '.json': 'application/json' };

const FALLBACK_PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>fluxo</title></head>
<body><h1>fluxo</h1><p>The console is not built: run <code>npm run build:web</code> (<code>npm install</code> and <code>fluxo dev</code> build it when vite is installed).</p></body></html>`;

/**
 * On every answer: the console's scripts come only from this server, no page may
 * frame it (a framed console could be clicked into a Redrive), no type sniffing,
 * no Referer (a URL may carry a sign-in token).
 */
export function securityHeaders(response: ServerResponse): void {
  response.setHeader('content-security-policy', "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; media-src 'self' blob:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'");
  response.setHeader('x-frame-options', 'DENY');
  response.setHeader('x-content-type-options', 'nosniff');
  response.setHeader('referrer-policy', 'no-referrer');
}

export function send(response: ServerResponse, status: number, body: unknown, type = 'application/json'): void {
  response.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
  response.end(typeof body === 'string' || Buffer.isBuffer(body) ? body : JSON.stringify(body));
}

export async function readBody(request: IncomingMessage, limit = 10 * 1024 * 1024): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new PayloadTooLargeError(`request body larger than ${limit} bytes`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/** How deep a request's JSON may nest: far beyond any message of ours, far below what would overflow a recursive reader. */
const MAX_JSON_DEPTH = 64;

/** The deepest nesting of arrays and objects in JSON text (brackets inside strings do not count). */
function jsonDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let index = 0; index < text.length; index++) {
    const char = text[index];
    if (inString) {
      if (char === '\\') index++;
      else if (char === '"') inString = false;
    } else if (char === '"') inString = true;
    else if (char === '[' || char === '{') deepest = Math.max(deepest, ++depth);
    else if (char === ']' || char === '}') depth--;
  }
  return deepest;
}

export async function readJson(request: IncomingMessage): Promise<unknown> {
  requireType(request, ['application/json']);
  const text = (await readBody(request)).toString('utf8');
  if (jsonDepth(text) > MAX_JSON_DEPTH) throw new ValidationError(`request body nests deeper than ${MAX_JSON_DEPTH} levels`);
  try {
    return JSON.parse(text);
  } catch {
    throw new ValidationError('request body is not valid JSON');
  }
}

/** A JSON object body (not null, an array or a scalar). */
export async function readJsonObject(request: IncomingMessage): Promise<Record<string, unknown>> {
  const body = await readJson(request);
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new ValidationError('request body must be a JSON object');
  return body as Record<string, unknown>;
}

/**
 * Streams a request body to a new temporary file, counting bytes as they arrive.
 * Past `limit` nothing more is written (the file is removed) and the rest of the
 * body is read and dropped, so the client gets the refusal instead of a reset.
 */
export async function bodyToFile(request: IncomingMessage, dir: string, limit: number): Promise<string> {
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
    if (size > limit) throw new PayloadTooLargeError(`upload larger than ${limit} bytes`);
    return file;
  } catch (error) {
    await rm(file, { force: true });
    throw error;
  }
}

export async function serveStatic(response: ServerResponse, pathname: string): Promise<void> {
  const file = path.resolve(WEB_DIST, `.${pathname === '/' ? '/index.html' : pathname}`);
  if (!file.startsWith(WEB_DIST)) return send(response, 404, { error: 'NotFoundError' });
  const body = await readFile(file).catch(() => undefined);
  if (body) return send(response, 200, body, TYPES[path.extname(file)] ?? 'application/octet-stream');
  // Client-side routes (#/...) all load index.html.
  const index = await readFile(path.join(WEB_DIST, 'index.html')).catch(() => undefined);
  send(response, 200, index ?? FALLBACK_PAGE, 'text/html; charset=utf-8');
}

export async function listen(server: Server, port: number, host = '127.0.0.1'): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  return (server.address() as AddressInfo).port;
}
