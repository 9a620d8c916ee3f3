import { createServer, type IncomingMessage } from 'node:http';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { httpApiEvent } from '../platform/aws-events.js';
import type { Logger } from '../platform/logger.js';
import { closeServer, listenOn } from './health.js';

/** API Gateway's payload limit for an HTTP API (Lambda's own is 6 MB): larger bodies get 413. */
export const MAX_BODY_BYTES = 6 * 1024 * 1024;

export interface HttpServiceOptions {
  name: string;
  /** The Lambda handler, as built for the function. */
  handler: (event: APIGatewayProxyEventV2) => Promise<APIGatewayProxyStructuredResultV2>;
  port: number;
  host?: string;
  logger: Logger;
}

async function readBody(request: IncomingMessage): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) return undefined;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/** The error name a failed answer carries (`{"error":"ConfigError",...}`), never its message. */
function errorName(body: string): string | undefined {
  try {
    const error = (JSON.parse(body) as { error?: unknown }).error;
    return typeof error === 'string' && /^\w{1,64}$/.test(error) ? error : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Serves an HTTP-kind function as a plain HTTP server (behind a load balancer): each
 * request becomes the API Gateway v2 event the Lambda gets, built by the same function
 * the dev server uses; `GET /health` answers without calling the function.
 */
export async function serveHttpFunction(options: HttpServiceOptions): Promise<{ port: number; close(): Promise<void> }> {
  // /health follows the answers: after a 5xx (a ConfigError on every request, say) it is 503 until a request succeeds.
  let failing: { since: string; status: number; error: string } | undefined;
  const note = (status: number, error: string | undefined) => {
    if (status < 500) failing = undefined;
    else failing ??= { since: new Date().toISOString(), status, error: error ?? 'Error' };
  };
  const server = createServer((request, response) => {
    void (async () => {
      const url = new URL(request.url ?? '/', `http://${request.headers.host ?? 'localhost'}`);
      if (request.method === 'GET' && url.pathname === '/health') {
        response.writeHead(failing ? 503 : 200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
        return response.end(JSON.stringify(failing ? { status: 'unhealthy', function: options.name, failingSince: failing.since, lastStatus: failing.status, lastError: failing.error } : { status: 'ok', function: options.name }));
      }
      const body = await readBody(request);
      if (!body) {
        response.writeHead(413, { 'content-type': 'application/json' });
        return response.end(JSON.stringify({ error: 'PayloadTooLarge', message: `request body larger than ${MAX_BODY_BYTES} bytes` }));
      }
      const headers: Record<string, string> = {};
      for (const [key, value] of Object.entries(request.headers)) if (value !== undefined) headers[key] = Array.isArray(value) ? value.join(',') : value;
      // Behind a load balancer the client's address is the first X-Forwarded-For entry.
      const sourceIp = headers['x-forwarded-for']?.split(',')[0]?.trim() || request.socket.remoteAddress || '';
      const result = await options.handler(httpApiEvent({ method: request.method ?? 'GET', url, headers, body: body.length ? body : undefined, sourceIp }));
      const payload = result.body ?? '';
      note(result.statusCode ?? 200, errorName(payload));
      response.writeHead(result.statusCode ?? 200, (result.headers ?? {}) as Record<string, string>);
      response.end(result.isBase64Encoded ? Buffer.from(payload, 'base64') : payload);
    })().catch((error: unknown) => {
      options.logger.error({ error: (error as Error)?.name ?? 'Error' }, 'request failed outside the handler');
      note(500, (error as Error)?.name);
      if (!response.headersSent) response.writeHead(500, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ error: 'InternalError', message: 'internal error' }));
    });
  });
  const port = await listenOn(server, options.port, options.host ?? '127.0.0.1');
  return { port, close: () => closeServer(server) };
}
