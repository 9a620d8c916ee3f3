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
}

export const wiring: LocalWiring = {
  queues: [],
  topics: [],
  buckets: [],
  tables: {},
};
