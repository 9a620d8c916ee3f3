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

/**
 * Serves an HTTP-kind function as a plain HTTP server (behind a load balancer): each
 * request becomes the API Gateway v2 event the Lambda gets, built by the same function
 * the dev server uses; `GET /health` answers without calling the function.
 */
export async function serveHttpFunction(options: HttpServiceOptions): Promise<{ port: number; close(): Promise<void> }> {
  const server = createServer((request, response) => {
    void (async () => {
      const url = new URL(request.url ?? '/', `http://${request.headers.host ?? 'localhost'}`);
      if (request.method === 'GET' && url.pathname === '/health') {
        response.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
        return response.end(JSON.stringify({ status: 'ok', function: options.name }));
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
      response.writeHead(result.statusCode ?? 200, (result.headers ?? {}) as Record<string, string>);
      response.end(result.isBase64Encoded ? Buffer.from(payload, 'base64') : payload);
    })().catch((error: unknown) => {
      options.logger.error({ error: (error as Error)?.name ?? 'Error' }, 'request failed outside the handler');
      if (!response.headersSent) response.writeHead(500, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ error: 'InternalError', message: 'internal error' }));
    });
  });
  const port = await listenOn(server, options.port, options.host ?? '0.0.0.0');
  return { port, close: () => closeServer(server) };
}
