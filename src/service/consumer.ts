import type { SQSClient } from '@aws-sdk/client-sqs';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { pollQueue, type PollerStats } from '../adapters/aws/sqs-poller.js';
import { ConfigError, TransientError } from '../shared/errors.js';
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
  /** The address /health binds: 127.0.0.1 (default) or 0.0.0.0 in a container. */
  healthHost?: string;
  /** Receives failing for longer than this turn /health to 503 (default 60 s). */
  unhealthyAfterMs?: number;
  maxEmptyReceives?: number;
  /** Told the health port once it listens. */
  onListening?: (port: number) => void;
}

const MAX_BACKOFF_MS = 20_000;
/** Receive errors that mean "these credentials will never work". */
const CREDENTIAL_ERRORS = new Set(['CredentialsProviderError', 'InvalidClientTokenId', 'UnrecognizedClientException', 'InvalidAccessKeyId', 'SignatureDoesNotMatch', 'ExpiredToken', 'AccessDenied', 'AccessDeniedException', 'InvalidSecurity']);
/** `--once` (a drain): give up after this many failed receives instead of retrying forever. */
const ONCE_RECEIVE_ATTEMPTS = 3;

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
  // Messages failing with none succeeding in between (a missing setting fails every one): /health says so.
  let messagesFailingSince: number | undefined;
  let lastMessageError: string | undefined;
  let inFlight = 0;
  const totals = { received: 0, deleted: 0, failed: 0 };
  const probe = (): Health => {
    const since = (start: number | undefined) => start !== undefined && Date.now() - start > unhealthyAfterMs;
    const failing = since(failingSince) || since(messagesFailingSince);
    return {
      status: failing ? 503 : 200,
      body: {
        status: failing ? 'unhealthy' : 'ok',
        function: options.name,
        lastReceiveAt,
        inFlight,
        ...totals,
        ...(failingSince !== undefined ? { receiveFailingSince: new Date(failingSince).toISOString(), lastError } : {}),
        ...(messagesFailingSince !== undefined ? { messagesFailingSince: new Date(messagesFailingSince).toISOString(), lastMessageError } : {}),
      },
    };
  };
  const health = options.healthPort === undefined ? undefined : await startHealthServer(options.healthPort, probe, options.healthHost);
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
          if (failed < inFlight) messagesFailingSince = undefined;
          else if (failed > 0) {
            messagesFailingSince ??= Date.now();
            lastMessageError = 'see the log lines with their messageId';
          }
          return response;
        } catch (error) {
          totals.failed += inFlight;
          messagesFailingSince ??= Date.now();
          lastMessageError = (error as Error)?.name ?? 'Error';
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
        // No credentials, or credentials AWS refuses: waiting cannot help. A one-shot drain does not wait either.
        if (CREDENTIAL_ERRORS.has(lastError)) throw new ConfigError(['AWS credentials'], `${lastError} receiving from the queue: set AWS_PROFILE or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, or run where a role provides them`);
        if (options.maxEmptyReceives !== undefined && failures >= ONCE_RECEIVE_ATTEMPTS) throw new TransientError(`cannot receive from ${options.queueUrl}: ${lastError} (${failures} attempts)`);
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
