import type { SQSClient } from '@aws-sdk/client-sqs';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { pollQueue, type PollerStats } from '../adapters/aws/sqs-poller.js';
import type { Logger } from '../platform/logger.js';
import { startHealthServer, type Health } from './health.js';

export interface ConsumerOptions {
  name: string;
  /** The Lambda handler, as built for the function. */
  handler: (event: SQSEvent) => Promise<SQSBatchResponse | void>;
  client: SQSClient;
  queueUrl: string;
  logger: Logger;
  batchSize?: number;
  waitSeconds?: number;
  /** Aborted: the batch in hand is finished, then the consumer returns. */
  signal: AbortSignal;
  /** Serve `GET /health` on this port (0: any free port). */
  healthPort?: number;
  /** Receives failing for longer than this turn /health to 503 (default 60 s). */
  unhealthyAfterMs?: number;
  maxEmptyReceives?: number;
  /** Told the health port once it listens. */
  onListening?: (port: number) => void;
}

const MAX_BACKOFF_MS = 20_000;

/**
 * A long-running SQS consumer (ECS, Kubernetes): the same loop as the Lambda event source
 * (partial batch failures stay on the queue), receive failures retried with backoff instead
 * of ending the process, and a health endpoint that reports the last receive and turns 503
 * when receives have failed for longer than `unhealthyAfterMs`, so the orchestrator restarts it.
 */
export async function runConsumer(options: ConsumerOptions): Promise<PollerStats> {
  const unhealthyAfterMs = options.unhealthyAfterMs ?? 60_000;
  let lastReceiveAt: string | null = null;
  let failingSince: number | undefined;
  let lastError: string | undefined;
  let inFlight = 0;
  const totals = { received: 0, deleted: 0, failed: 0 };
  const probe = (): Health => {
    const failing = failingSince !== undefined && Date.now() - failingSince > unhealthyAfterMs;
    return {
      status: failing ? 503 : 200,
      body: { status: failing ? 'unhealthy' : 'ok', function: options.name, lastReceiveAt, inFlight, ...totals, ...(failingSince !== undefined ? { receiveFailingSince: new Date(failingSince).toISOString(), lastError } : {}) },
    };
  };
  const health = options.healthPort === undefined ? undefined : await startHealthServer(options.healthPort, probe);
  if (health) options.onListening?.(health.port);
  try {
    const stats = await pollQueue({
      client: options.client,
      queueUrl: options.queueUrl,
      logger: options.logger,
      batchSize: options.batchSize,
      waitTimeSeconds: options.waitSeconds,
      signal: options.signal,
      maxEmptyReceives: options.maxEmptyReceives,
      handler: async (event) => {
        inFlight = event.Records.length;
        totals.received += inFlight;
        try {
          const response = await options.handler(event);
          const failed = response?.batchItemFailures?.length ?? 0;
          totals.failed += failed;
          totals.deleted += inFlight - failed;
          return response;
        } catch (error) {
          totals.failed += inFlight;
          throw error;
        } finally {
          inFlight = 0;
        }
      },
      onReceive: () => {
        lastReceiveAt = new Date().toISOString();
        failingSince = undefined;
        lastError = undefined;
      },
      onReceiveError: (error, failures) => {
        failingSince ??= Date.now();
        // The error's name only: SDK messages can carry request details.
        lastError = (error as Error)?.name ?? 'Error';
        const backoff = Math.min(MAX_BACKOFF_MS, 500 * 2 ** Math.min(failures - 1, 6));
        options.logger.warn({ error: lastError, failures, retryInMs: backoff }, 'receive failed; retrying');
        return backoff;
      },
    });
    return stats;
  } finally {
    await health?.close();
  }
}
