import { randomUUID } from 'node:crypto';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';

/** A request as API Gateway (HTTP API, payload 2.0) hands it to a Lambda: the body base64-encoded. */
export function httpApiEvent(request: { method: string; url: URL; headers: Record<string, string>; body: Buffer; sourceIp?: string }): APIGatewayProxyEventV2 {
  const { method, url, headers } = request;
  return {
    version: '2.0',
    routeKey: `${method} ${url.pathname}`,
    rawPath: url.pathname,
    rawQueryString: url.search.slice(1),
    headers,
    queryStringParameters: Object.fromEntries(url.searchParams),
    requestContext: { http: { method, path: url.pathname, protocol: 'HTTP/1.1', sourceIp: request.sourceIp ?? '127.0.0.1', userAgent: headers['user-agent'] ?? '' }, requestId: randomUUID() },
    body: request.body.toString('base64'),
    isBase64Encoded: true,
  } as unknown as APIGatewayProxyEventV2;
}
