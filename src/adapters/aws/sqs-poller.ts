import { DeleteMessageBatchCommand, ReceiveMessageCommand, type Message, type SQSClient } from '@aws-sdk/client-sqs';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import type { Logger } from '../../platform/logger.js';

export interface PollerOptions {
  client: SQSClient;
  queueUrl: string;
  /** The same handler Lambda runs. */
  handler: (event: SQSEvent) => Promise<SQSBatchResponse | void>;
  logger: Logger;
  waitTimeSeconds?: number;
  batchSize?: number;
  /** Stops polling; the batch in hand is finished first. */
  signal?: AbortSignal;
  /** Stop after this many empty receives (for tests and one-shot drains). */
  maxEmptyReceives?: number;
  /** Called after every successful receive (empty or not): a long-running consumer's liveness. */
  onReceive?: (count: number) => void;
  /**
   * A failed receive (credentials, network): return how long to wait before trying again,
   * or undefined to stop polling with the error (the default).
   */
  onReceiveError?: (error: unknown, failures: number) => number | undefined;
}

export interface PollerStats {
  received: number;
  deleted: number;
  failed: number;
}

function toRecord(message: Message, queueArn: string): SQSRecord {
  return {
    messageId: message.MessageId ?? '',
    receiptHandle: message.ReceiptHandle ?? '',
    body: message.Body ?? '',
    attributes: (message.Attributes ?? {}) as unknown as SQSRecord['attributes'],
    messageAttributes: Object.fromEntries(
      Object.entries(message.MessageAttributes ?? {}).map(([key, value]) => [key, { stringValue: value.StringValue, dataType: value.DataType ?? 'String', stringListValues: [], binaryListValues: [] }]),
    ),
    md5OfBody: message.MD5OfBody ?? '',
    eventSource: 'aws:sqs',
    eventSourceARN: queueArn,
    awsRegion: '',
  };
}

/**
 * Long-polls a real SQS queue and feeds the Lambda handler, as the Lambda
 * event source mapping does: records the handler reports in
 * `batchItemFailures` (or all, if it throws) stay on the queue and come back
 * after their visibility timeout; the others are deleted.
 */
export async function pollQueue(options: PollerOptions): Promise<PollerStats> {
  const stats: PollerStats = { received: 0, deleted: 0, failed: 0 };
  const queueArn = `arn:aws:sqs:::${options.queueUrl.split('/').pop() ?? ''}`;
  let empty = 0;
  let failures = 0;
  while (!options.signal?.aborted) {
    let messages: Message[];
    try {
      const out = await options.client.send(
        new ReceiveMessageCommand({
          QueueUrl: options.queueUrl,
          MaxNumberOfMessages: options.batchSize ?? 10,
          WaitTimeSeconds: options.waitTimeSeconds ?? 20,
          MessageSystemAttributeNames: ['All'],
          MessageAttributeNames: ['All'],
        }),
        { abortSignal: options.signal },
      );
      messages = out.Messages ?? [];
      failures = 0;
      options.onReceive?.(messages.length);
    } catch (error) {
      if (options.signal?.aborted) break;
      failures += 1;
      const retryInMs = options.onReceiveError?.(error, failures);
      if (retryInMs === undefined) throw error;
      await sleep(retryInMs, options.signal);
      continue;
    }
    if (messages.length === 0) {
      empty += 1;
      if (options.maxEmptyReceives !== undefined && empty >= options.maxEmptyReceives) break;
      continue;
    }
    empty = 0;
    stats.received += messages.length;
    const records = messages.map((message) => toRecord(message, queueArn));
    let failed: Set<string>;
    try {
      const response = await options.handler({ Records: records });
      failed = new Set((response?.batchItemFailures ?? []).map((failure) => failure.itemIdentifier));
    } catch (error) {
      options.logger.error({ error: (error as Error).name }, 'handler failed for the whole batch');
      failed = new Set(records.map((record) => record.messageId));
    }
    const done = messages.filter((message) => !failed.has(message.MessageId ?? ''));
    stats.failed += messages.length - done.length;
    if (done.length > 0) {
      await options.client.send(
        new DeleteMessageBatchCommand({ QueueUrl: options.queueUrl, Entries: done.map((message, index) => ({ Id: String(index), ReceiptHandle: message.ReceiptHandle ?? '' })) }),
      );
      stats.deleted += done.length;
    }
  }
  return stats;
}

/** Waits, or less when the signal stops the poller. */
function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}
