import type { QueueSettings, Subscription } from '../adapters/local/memory-bus.js';

/**
 * The local mirror of serverless.yml's event wiring: which queue feeds which
 * function, which topic fans out to which queue, which bucket prefix notifies
 * which topic. Each workflow adds its entries here and in serverless.yml.
 */
export interface LocalWiring {
  queues: { name: string; settings?: Partial<QueueSettings>; consumer?: string }[];
  topics: { name: string; subscriptions: Subscription[] }[];
  buckets: { name: string; notify?: { topic: string; prefix?: string; suffix?: string } }[];
  /** DynamoDB tables and their partition key attribute. */
  tables: Record<string, string>;
  /** Settings serverless.yml gives the functions (queue URLs become local queue names). */
  env: Record<string, string>;
}

export const wiring: LocalWiring = {
  queues: [
    // Client registration: NewClientNotification -> NewClientFunctionSQS (+ DLQ after 3 receives) -> client_ingest.
    { name: 'NewClientFunctionSQS', consumer: 'client_ingest', settings: { maxReceiveCount: 3, deadLetterQueue: 'NewClientFunctionDLQ', visibilityTimeoutMs: 180_000, batchSize: 10 } },
    { name: 'NewClientFunctionDLQ' },
  ],
  topics: [{ name: 'NewClientNotification', subscriptions: [{ queue: 'NewClientFunctionSQS' }] }],
  buckets: [],
  tables: {},
  env: {
    CLIENT_DEAD_LETTER_QUEUE_URL: 'NewClientFunctionDLQ',
  },
};
