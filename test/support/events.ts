import type { APIGatewayProxyEventV2, SQSEvent, SQSRecord } from 'aws-lambda';
import { httpApiEvent, s3Notification, snsEnvelope as buildSnsEnvelope, sqsRecord as buildSqsRecord } from '../../src/platform/aws-events.js';

/** An SQS record as Lambda delivers it, with the usual attributes (src/platform/aws-events.ts builds it). */
export function sqsRecord(body: string | object, overrides: Partial<SQSRecord> = {}): SQSRecord {
  return { ...buildSqsRecord({ body: typeof body === 'string' ? body : JSON.stringify(body), queueArn: 'arn:aws:sqs:us-east-1:123456789012:queue', region: 'us-east-1' }), ...overrides };
}

export function sqsEvent(...bodies: (string | object)[]): SQSEvent {
  return { Records: bodies.map((body) => sqsRecord(body)) };
}

/** The SNS envelope an SQS subscription without raw delivery receives. */
export function snsEnvelope(message: string | object, topic = 'arn:aws:sns:us-east-1:123456789012:topic'): { MessageId: string } & object {
  return buildSnsEnvelope(typeof message === 'string' ? message : JSON.stringify(message), { topicArn: topic });
}

/** An S3 ObjectCreated event; keys are URL-encoded as S3 sends them (`+` for spaces). */
export function s3Event(bucket: string, key: string, size = 1, eTag = 'etag'): object {
  return s3Notification(bucket, key, size, eTag, { region: 'us-east-1', sequencer: '0A1B2C3D4E5F' });
}

export interface HttpEventOptions {
  method?: string;
  path?: string;
  headers?: Record<string, string>;
  json?: unknown;
  form?: Record<string, string>;
  body?: string;
  base64?: boolean;
  query?: Record<string, string>;
}

/** An API Gateway HTTP API (payload format 2.0) event. */
export function httpEvent(options: HttpEventOptions = {}): APIGatewayProxyEventV2 {
  const method = options.method ?? 'GET';
  const headers: Record<string, string> = { ...options.headers };
  let body = options.body;
  if (options.json !== undefined) {
    body = JSON.stringify(options.json);
    headers['content-type'] ??= 'application/json';
  }
  if (options.form) {
    body = new URLSearchParams(options.form).toString();
    headers['content-type'] ??= 'application/x-www-form-urlencoded';
  }
  const url = new URL(options.path ?? '/', 'https://example.execute-api.us-east-1.amazonaws.com');
  for (const [key, value] of Object.entries(options.query ?? {})) url.searchParams.set(key, value);
  return httpApiEvent({ method, url, headers, body: body === undefined ? undefined : Buffer.from(body), base64: options.base64 ?? false });
}
