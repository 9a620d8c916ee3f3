import type { HandlerKind } from './kind.js';

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** What Lambda hands a function of each kind, as a sample (README, "Adding a function"). */
export const EVENT_SAMPLES: Record<Exclude<HandlerKind, 'task'>, string> = {
  sqs: 'an SQS event, {"Records":[{"messageId":"m-1","body":"<the message as JSON text>"}]}',
  http: 'an API Gateway HTTP API (payload 2.0) request, {"version":"2.0","rawPath":"/x","headers":{},"requestContext":{"http":{"method":"POST","path":"/x"}},"body":"..."}',
  scheduled: 'an EventBridge scheduled event, {"id":"run-1","detail-type":"Scheduled Event","source":"aws.events","time":"2026-12-07T12:00:00Z","detail":{}}',
};

/** Whether `event` has the envelope of a kind (the task kind takes any state input: its own schema checks it). */
function fits(kind: HandlerKind, event: unknown): boolean {
  if (kind === 'task') return true;
  if (!isObject(event)) return false;
  if (kind === 'sqs') return Array.isArray(event.Records) && event.Records.length > 0 && event.Records.every((record) => isObject(record) && typeof record.body === 'string' && typeof record.messageId === 'string');
  if (kind === 'http') {
    const http = isObject(event.requestContext) ? event.requestContext.http : undefined;
    return event.version === '2.0' && typeof event.rawPath === 'string' && isObject(http) && typeof http.method === 'string';
  }
  return typeof event['detail-type'] === 'string' && typeof event.time === 'string';
}

/**
 * Why `event` cannot be what Lambda hands a function of this kind, in one line, or undefined:
 * `fluxo invoke` refuses an SQS function a bare message (it would succeed having done nothing).
 *
 * @example eventShapeProblem('sqs', 'billing_import', { id: 'b-1' }) // "billing_import is an SQS function: its event must be an SQS event, {...}"
 */
export function eventShapeProblem(kind: HandlerKind, name: string, event: unknown): string | undefined {
  if (fits(kind, event)) return undefined;
  return `${name} is ${kind === 'sqs' ? 'an SQS' : kind === 'http' ? 'an HTTP' : 'a scheduled'} function: its event must be ${EVENT_SAMPLES[kind as Exclude<HandlerKind, 'task'>]}`;
}
