import type { SQSEvent } from 'aws-lambda';
import { LocalBus } from '../../../src/adapters/local/memory-bus.js';

describe('LocalBus', () => {
  it('delivers in batches and deletes acknowledged messages', async () => {
    const bus = new LocalBus();
    const batches: number[] = [];
    const queue = bus.createQueue('q', { batchSize: 3 });
    for (let i = 0; i < 7; i++) queue.send(String(i));
    queue.subscribe(async (event) => {
      batches.push(event.Records.length);
      return { batchItemFailures: [] };
    });
    await bus.drained();
    expect(batches).toEqual([3, 3, 1]);
    expect(queue.peek()).toEqual([]);
    bus.close();
  });

  it('redelivers a failed record after the visibility timeout, then dead-letters it after maxReceiveCount', async () => {
    const bus = new LocalBus();
    bus.createQueue('dlq');
    const queue = bus.createQueue('q', { visibilityTimeoutMs: 5, maxReceiveCount: 3, deadLetterQueue: 'dlq' });
    const seen: Record<string, number> = {};
    queue.subscribe(async (event: SQSEvent) => {
      const failures = [];
      for (const record of event.Records) {
        seen[record.body] = Number(record.attributes.ApproximateReceiveCount);
        if (record.body === 'poison') failures.push({ itemIdentifier: record.messageId });
      }
      return { batchItemFailures: failures };
    });
    queue.send('good');
    queue.send('poison');
    await bus.drained();
    expect(seen).toEqual({ good: 1, poison: 3 });
    expect(bus.queue('dlq').peek().map((message) => [message.body, message.attributes.DeadLetterSourceQueue])).toEqual([['poison', 'q']]);
    bus.close();
  });

  it('wraps topic messages in the SNS envelope unless raw delivery is on', async () => {
    const bus = new LocalBus();
    bus.createQueue('wrapped');
    bus.createQueue('raw');
    bus.createTopic('NewThing', [{ queue: 'wrapped' }, { queue: 'raw', rawMessageDelivery: true }]);
    await bus.publish('arn:aws:sns:us-east-1:1:NewThing', '{"a":1}');
    const wrapped = JSON.parse(bus.queue('wrapped').peek()[0]?.body ?? '{}') as Record<string, unknown>;
    expect(wrapped).toMatchObject({ Type: 'Notification', Message: '{"a":1}', TopicArn: 'arn:aws:sns:local:000000000000:NewThing' });
    expect(bus.queue('https://sqs.local/000000000000/raw').peek()[0]?.body).toBe('{"a":1}');
    await expect(bus.publish('Missing', 'x')).rejects.toThrow('topic Missing does not exist');
  });
});
