import type { FsObjectStore } from '../../adapters/local/fs-object-store.js';
import type { LocalBus } from '../../adapters/local/memory-bus.js';
import { s3Notification } from '../../platform/aws-events.js';
import type { FunctionRegistry } from '../runtime/functions.js';
import type { LocalWiring } from './topology.js';

/**
 * Creates the wiring's queues (each feeding its consumer function), topics
 * (fanning out to queues) and bucket notifications (S3 events to a topic), as
 * serverless.yml does on AWS. Visibility timeouts are waits too: `waitScale`
 * (FLUXO_WAIT_SCALE) shortens redelivery locally.
 */
export function connectWiring(wiring: LocalWiring, parts: { bus: LocalBus; objects: FsObjectStore; registry: FunctionRegistry; waitScale: number }): void {
  const { bus, objects, registry, waitScale } = parts;
  for (const queue of wiring.queues) {
    const visibility = queue.settings?.visibilityTimeoutMs;
    const created = bus.createQueue(queue.name, { ...queue.settings, ...(visibility !== undefined ? { visibilityTimeoutMs: Math.max(1, visibility * waitScale) } : {}) });
    if (queue.consumer) {
      const consumer = queue.consumer;
      created.subscribe(async (event) => (await registry.invoke(consumer, event)) as { batchItemFailures: { itemIdentifier: string }[] });
    }
  }
  for (const topic of wiring.topics) bus.createTopic(topic.name, topic.subscriptions);
  for (const bucket of wiring.buckets) {
    const notify = bucket.notify;
    if (!notify) continue;
    objects.onObjectCreated(async (info) => {
      if (info.bucket !== bucket.name || !info.key.startsWith(notify.prefix ?? '') || !info.key.endsWith(notify.suffix ?? '')) return;
      await bus.publish(notify.topic, JSON.stringify(s3Notification(info.bucket, info.key, info.size, info.etag)));
    });
  }
}
