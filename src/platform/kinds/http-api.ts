import middy from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import type { BaseDeps } from '../../ports/index.js';
import { ConflictError, ForbiddenError, NotFoundError, PayloadTooLargeError, TransientError, ValidationError, classify, oneLine } from '../../shared/errors.js';
import type { Logger } from '../logger.js';
import { withKind } from './kind.js';

export interface HttpRequest {
  method: string;
  path: string;
  /** Header names lower-cased. */
  headers: Record<string, string>;
  query: Record<string, string>;
  /** The body as received, after base64 decoding. */
  rawBody: string;
  /** JSON bodies parsed; form bodies as a flat record; otherwise undefined. */
  body: unknown;
  requestId: string;
}

export interface HttpResponse {
  status: number;
  headers?: Record<string, string>;
  /** Objects are sent as JSON; strings as they are. */
  body?: unknown;
}

export type Route = (request: HttpRequest, context: { logger: Logger }) => Promise<HttpResponse>;

export interface HttpApiOptions {
  name: string;
  /** Keyed by `METHOD /path`, e.g. `POST /webhook/whatsapp`. `GET /health` is built in. */
  routes: Record<string, Route>;
}

export type HttpHandler = (event: APIGatewayProxyEventV2, context: Context) => Promise<APIGatewayProxyStructuredResultV2>;

/** Decodes an API Gateway HTTP API (payload v2) request: base64, JSON and form bodies. */
export function decodeRequest(event: APIGatewayProxyEventV2): HttpRequest {
  const headers: Record<string, string> = {};
  for (const [key, value] of Object.entries(event.headers ?? {})) if (value !== undefined) headers[key.toLowerCase()] = value;
  const rawBody = event.body ? (event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body) : '';
  const type = (headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  let body: unknown;
  if (rawBody && type === 'application/json') {
    try {
      body = JSON.parse(rawBody);
    } catch {
      throw new ValidationError('request body is not valid JSON');
    }
  } else if (rawBody && type === 'application/x-www-form-urlencoded') {
    body = Object.fromEntries(new URLSearchParams(rawBody));
  }
  const query: Record<string, string> = {};
  for (const [key, value] of Object.entries(event.queryStringParameters ?? {})) if (value !== undefined) query[key] = value;
  return {
    method: event.requestContext?.http?.method ?? 'GET',
    path: event.rawPath ?? event.requestContext?.http?.path ?? '/',
    headers,
    query,
    rawBody,
    body,
    requestId: event.requestContext?.requestId ?? '',
  };
}

/** HTTP status for an error; the body never carries a stack or a secret. */
export function statusFor(error: Error): number {
  if (error instanceof PayloadTooLargeError) return 413;
  if (error instanceof ValidationError) return 400;
  if (error instanceof ForbiddenError) return 403;
  if (error instanceof NotFoundError) return 404;
  if (error instanceof ConflictError) return 409;
  if (error instanceof TransientError) return 503;
  return 500;
}

function encode(response: HttpResponse): APIGatewayProxyStructuredResultV2 {
  const isText = typeof response.body === 'string';
  const headers = { 'content-type': isText ? 'text/plain; charset=utf-8' : 'application/json', ...response.headers };
  return {
    statusCode: response.status,
    headers,
    body: response.body === undefined ? '' : isText ? (response.body as string) : JSON.stringify(response.body),
  };
}

/**
 * An API Gateway HTTP API handler: routes by `METHOD /path`, decodes bodies,
 * maps fluxo errors to statuses (400, 403, 404, 409, 503, else 500).
 */
export function httpApi(deps: BaseDeps, options: HttpApiOptions): HttpHandler {
  const routes: Record<string, Route> = {
    'GET /health': async () => ({ status: 200, body: { status: 'ok', function: options.name } }),
    ...options.routes,
  };
  const handler = middy<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2>().handler(async (event) => {
    const logger = deps.logger.child({ function: options.name, requestId: event.requestContext?.requestId });
    try {
      const request = decodeRequest(event);
      const route = routes[`${request.method} ${request.path}`];
      if (!route) throw new NotFoundError(`no route for ${request.method} ${request.path}`);
      return encode(await route(request, { logger }));
    } catch (raw) {
      const error = classify(raw);
      const status = statusFor(error);
      if (status >= 500) logger.error({ error: error.name, reason: oneLine(error) }, 'request failed');
      else logger.info({ error: error.name, status }, 'request refused');
      return encode({ status, body: { error: error.name, message: status >= 500 && status !== 503 ? 'internal error' : oneLine(error) } });
    }
  });
  return withKind(handler as unknown as HttpHandler, 'http');
}
