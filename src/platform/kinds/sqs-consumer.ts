import middy from '@middy/core';
import sqsPartialBatchFailure from '@middy/sqs-partial-batch-failure';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import type { Ports } from '../../ports/index.js';
import { classify, isPermanent, oneLine } from '../../shared/errors.js';
import type { Logger } from '../logger.js';
import { redact } from '../redact.js';
import { unwrapSqsBody } from '../envelopes.js';
import { withKind } from './kind.js';

export interface RecordContext {
  record: SQSRecord;
  messageId: string;
  /** The SNS MessageId when the record carried an SNS envelope: stable across SNS redeliveries. */
  snsMessageId?: string;
  logger: Logger;
}

export interface SqsConsumerOptions<T> {
  /** The Lambda's name (`<flow>_<what>`), used as `source` of recorded poison messages. */
  name: string;
  /** Turns the unwrapped message into the use case's input; throws ValidationError when it cannot. */
  parse: (message: unknown, record: SQSRecord) => T;
  /**
   * Pass a body that is not JSON to `parse` as a string instead of rejecting it
   * here (for flows that record their own rejections).
   */
  acceptText?: boolean;
  /** Does the work for one message. Throw TransientError to have it redelivered. */
  handle: (input: T, context: RecordContext) => Promise<void>;
}

export type SqsHandler = (event: SQSEvent, context: Context) => Promise<SQSBatchResponse>;

/**
 * An SQS consumer with partial batch failure: each record is handled on its
 * own; a permanent error (bad message) is recorded in `poison_messages` and
 * acknowledged; a transient one becomes a `batchItemFailures` entry, so SQS
 * redelivers only that record and, after maxReceiveCount, dead-letters it.
 * Requires `functionResponseType: ReportBatchItemFailures` on the event source.
 */
export function sqsConsumer<T>(deps: Ports<'db'>, options: SqsConsumerOptions<T>): SqsHandler {
  const handleRecord = async (record: SQSRecord): Promise<void> => {
    const logger = deps.logger.child({ function: options.name, messageId: record.messageId });
    try {
      const { message, snsMessageId } = unwrapSqsBody(record.body, { acceptText: options.acceptText });
      const input = options.parse(message, record);
      await options.handle(input, { record, messageId: record.messageId, snsMessageId, logger });
    } catch (raw) {
      const error = classify(raw);
      if (!isPermanent(error)) {
        logger.warn({ error: error.name, reason: oneLine(error) }, 'transient failure; message will be redelivered');
        throw error;
      }
      await recordPoison(deps, options.name, record, error).catch((raw: unknown) => {
        // Unrecorded, the message must stay on the queue: say why it was rejected and why it could not be recorded.
        const failure = classify(raw);
        logger.error({ error: error.name, reason: oneLine(error), recordError: failure.name, recordReason: oneLine(failure) }, 'message rejected but not recorded; it stays on the queue');
        throw failure;
      });
      logger.warn({ error: error.name, reason: oneLine(error) }, 'message rejected and recorded');
    }
  };
  const handler = middy<SQSEvent, SQSBatchResponse>()
    .use(sqsPartialBatchFailure({ logger: () => undefined }))
    .handler(async (event) => (await Promise.allSettled(event.Records.map(handleRecord))) as unknown as SQSBatchResponse);
  return withKind(handler as unknown as SqsHandler, 'sqs');
}

/** Records a message that will never succeed, so it is acknowledged without being lost. */
async function recordPoison(deps: Ports<'db'>, source: string, record: SQSRecord, error: Error): Promise<void> {
  const db = await deps.db();
  await db.query(
    `insert into poison_messages (source, message_id, error, reason, body, received_at)
     values ($1, $2, $3, $4, $5::jsonb, now())
     on conflict (source, message_id) do nothing`,
    [source, record.messageId, error.name, oneLine(error).slice(0, 1000), JSON.stringify(redact(safeBody(record.body), { personal: true }))],
  );
}

function safeBody(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    return body.slice(0, 4000);
  }
}
