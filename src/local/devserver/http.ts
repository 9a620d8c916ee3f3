import { createWriteStream } from 'node:fs';
import { mkdir, readFile, rm } from 'node:fs/promises';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { PayloadTooLargeError, ValidationError } from '../../platform/errors.js';
import { requireType } from './guard.js';

/** One route of the dev server: `METHOD /path` matched by a pattern, then handled. */
export type Route = [RegExp, (match: RegExpExecArray, request: IncomingMessage, response: ServerResponse, url: URL) => Promise<void>];

export const WEB_DIST = fileURLToPath(new URL('../../../web/dist/', import.meta.url));

const TYPES: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml', '.png': 'image/png', '.json': 'application/json' };

const FALLBACK_PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>fluxo</title></head>
<body><h1>fluxo</h1><p>The console is not built: run <code>npm run build:web</code> (npm start does it).</p></body></html>`;

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

export async function readJson(request: IncomingMessage): Promise<unknown> {
  requireType(request, ['application/json']);
  const text = (await readBody(request)).toString('utf8');
  try {
    return JSON.parse(text);
  } catch {
    throw new ValidationError('request body is not valid JSON');
  }
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
