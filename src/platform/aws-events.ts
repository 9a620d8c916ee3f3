import { randomUUID } from 'node:crypto';
import type { APIGatewayProxyEventV2, ScheduledEvent, SQSRecord } from 'aws-lambda';

/**
 * The events AWS hands a Lambda, built the way AWS builds them: one module for the
 * local runtime (the dev server, the local queues and topics, the S3 drop) and for the
 * tests, so both feed the handlers the same shapes.
 */

/** A request as API Gateway (HTTP API, payload 2.0) hands it to a Lambda; the body base64-encoded unless `base64: false`. */
export function httpApiEvent(request: { method: string; url: URL; headers: Record<string, string>; body?: Buffer; sourceIp?: string; base64?: boolean }): APIGatewayProxyEventV2 {
  const { method, url, headers } = request;
  const base64 = request.base64 ?? true;
  const routeKey = `${method} ${url.pathname}`;
  return {
    version: '2.0',
    routeKey,
    rawPath: url.pathname,
    rawQueryString: url.search.slice(1),
    headers,
    queryStringParameters: url.search ? Object.fromEntries(url.searchParams) : undefined,
    requestContext: {
      accountId: '000000000000',
      apiId: 'local',
      domainName: url.host,
      domainPrefix: url.hostname.split('.')[0] ?? url.hostname,
      http: { method, path: url.pathname, protocol: 'HTTP/1.1', sourceIp: request.sourceIp ?? '127.0.0.1', userAgent: headers['user-agent'] ?? '' },
      requestId: randomUUID(),
      routeKey,
      stage: '$default',
      time: new Date().toISOString(),
      timeEpoch: Date.now(),
    },
    body: request.body === undefined ? undefined : base64 ? request.body.toString('base64') : request.body.toString('utf8'),
    isBase64Encoded: base64 && request.body !== undefined,
  };
}

/** The event S3 sends for ObjectCreated:Put; keys URL-encoded as S3 encodes them (`+` for spaces). */
export function s3Notification(bucket: string, key: string, size: number, etag: string, options: { region?: string; sequencer?: string } = {}) {
  return {
    Records: [
      {
        eventVersion: '2.1',
        eventSource: 'aws:s3',
        awsRegion: options.region ?? 'local',
        eventTime: new Date().toISOString(),
        eventName: 'ObjectCreated:Put',
        s3: {
          s3SchemaVersion: '1.0',
          bucket: { name: bucket, arn: `arn:aws:s3:::${bucket}` },
          object: { key: encodeURIComponent(key).replace(/%20/g, '+').replace(/%2F/g, '/'), size, eTag: etag, sequencer: options.sequencer ?? Date.now().toString(16).toUpperCase() },
        },
      },
    ],
  };
}

/** The SNS envelope an SQS subscription without raw message delivery receives. */
export function snsEnvelope(message: string, options: { topicArn: string; messageId?: string; attributes?: Record<string, string> }) {
  return {
    Type: 'Notification',
    MessageId: options.messageId ?? randomUUID(),
    TopicArn: options.topicArn,
    Message: message,
    Timestamp: new Date().toISOString(),
    SignatureVersion: '1',
    MessageAttributes: Object.fromEntries(Object.entries(options.attributes ?? {}).map(([key, value]) => [key, { Type: 'String', Value: value }])),
  };
}

/** One SQS record as Lambda's event source mapping delivers it. */
export function sqsRecord(message: { messageId?: string; body: string; receiveCount?: number; sentAt?: number; attributes?: Record<string, string>; queueArn: string; region?: string }): SQSRecord {
  const messageId = message.messageId ?? randomUUID();
  const sentAt = message.sentAt ?? Date.now();
  const receiveCount = message.receiveCount ?? 1;
  return {
    messageId,
    receiptHandle: `${messageId}:${receiveCount}`,
    body: message.body,
    attributes: { ApproximateReceiveCount: String(receiveCount), SentTimestamp: String(sentAt), SenderId: 'fluxo-local', ApproximateFirstReceiveTimestamp: String(Date.now()) },
    messageAttributes: Object.fromEntries(Object.entries(message.attributes ?? {}).map(([key, value]) => [key, { stringValue: value, dataType: 'String', stringListValues: [], binaryListValues: [] }])),
    md5OfBody: '',
    eventSource: 'aws:sqs',
    eventSourceARN: message.queueArn,
    awsRegion: message.region ?? 'local',
  };
}

/** The event an EventBridge schedule (`schedule: rate(...)` in serverless.yml) sends a function. */
export function scheduledEvent(ruleName: string, options: { time?: Date; region?: string; account?: string } = {}): ScheduledEvent {
  const region = options.region ?? 'us-east-1';
  const account = options.account ?? '000000000000';
  return {
    version: '0',
    id: randomUUID(),
    'detail-type': 'Scheduled Event',
    source: 'aws.events',
    account,
    time: (options.time ?? new Date()).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    region,
    resources: [`arn:aws:events:${region}:${account}:rule/${ruleName}`],
    detail: {},
  };
}
