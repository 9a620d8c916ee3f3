import { randomUUID } from 'node:crypto';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { NotFoundError } from '../../shared/errors.js';
import { QueueJournal } from './queue-journal.js';
import { snsEnvelope, sqsRecord } from '../../platform/aws-events.js';
import type { MessageAttributes, QueuePort, TopicPort } from '../../ports/messaging-bus.js';

export type QueueConsumer = (event: SQSEvent) => Promise<SQSBatchResponse | void>;

export interface QueueSettings {
  /** Ms a received message stays invisible before it is redelivered (SQS VisibilityTimeout). */
  visibilityTimeoutMs: number;
  /** Receives before a message moves to the dead-letter queue (redrive policy). */
  maxReceiveCount: number;
  batchSize: number;
  deadLetterQueue?: string;
}

export interface QueuedMessage {
  messageId: string;
  body: string;
  attributes: MessageAttributes;
  receiveCount: number;
  sentAt: number;
  visibleAt: number;
}

const DEFAULTS: QueueSettings = { visibilityTimeoutMs: 30_000, maxReceiveCount: 3, batchSize: 10 };

/**
 * An in-process SQS queue: batches up to `batchSize`, hides received messages
 * for the visibility timeout, deletes what the consumer acknowledged (partial
 * batch responses honoured) and moves a message to the DLQ once it has been
 * received `maxReceiveCount` times without success.
 */
export class LocalQueue {
  readonly settings: QueueSettings;
  private messages: QueuedMessage[] = [];
  private consumer: QueueConsumer | undefined;
  private timer: NodeJS.Timeout | undefined;
  private running = false;
  private paused = false;
  private waiters: (() => void)[] = [];
  private idleWaiters: (() => void)[] = [];

  constructor(
    readonly name: string,
    settings: Partial<QueueSettings>,
    private readonly bus: LocalBus,
    private readonly journal?: QueueJournal,
  ) {
    this.settings = { ...DEFAULTS, ...settings };
    // After a restart, what was waiting or in flight is delivered again, with its receive count.
    const now = Date.now();
    for (const message of journal?.open() ?? []) this.messages.push({ ...message, visibleAt: now });
  }

  get arn(): string {
    return `arn:aws:sqs:local:000000000000:${this.name}`;
  }

  /** Messages not yet deleted (visible or in flight). */
  peek(): QueuedMessage[] {
    return this.messages.map((message) => ({ ...message }));
  }

  get consuming(): boolean {
    return this.consumer !== undefined;
  }

  subscribe(consumer: QueueConsumer): void {
    this.consumer = consumer;
    this.schedule(0);
  }

  send(body: string, attributes: MessageAttributes = {}): string {
    const now = Date.now();
    const message = { messageId: randomUUID(), body, attributes, receiveCount: 0, sentAt: now, visibleAt: now };
    this.journal?.sent(message);
    this.messages.push(message);
    this.schedule(0);
    return message.messageId;
  }

  /** Resolves when every message has been deleted or dead-lettered. */
  drained(): Promise<void> {
    if (this.messages.length === 0 && !this.running) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  close(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.consumer = undefined;
  }

  /** Stops taking new batches; resolves when the batch in hand (if any) is done. Messages stay (journaled). */
  async pause(): Promise<void> {
    this.paused = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (!this.running) return;
    await new Promise<void>((resolve) => this.idleWaiters.push(resolve));
  }

  private schedule(delayMs: number): void {
    if (!this.consumer || this.paused) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.pump(), Math.max(0, delayMs));
  }

  private async pump(): Promise<void> {
    this.timer = undefined;
    if (this.running || !this.consumer) return;
    this.running = true;
    try {
      for (;;) {
        if (this.paused) break;
        const batch = this.receive();
        if (batch.length === 0) break;
        await this.deliver(batch);
      }
    } finally {
      this.running = false;
      for (const resolve of this.idleWaiters.splice(0)) resolve();
    }
    if (this.paused) return;
    if (this.messages.length === 0) {
      for (const resolve of this.waiters.splice(0)) resolve();
      return;
    }
    const next = Math.min(...this.messages.map((message) => message.visibleAt));
    this.schedule(next - Date.now());
  }

  private receive(): QueuedMessage[] {
    const now = Date.now();
    const batch: QueuedMessage[] = [];
    for (const message of [...this.messages]) {
      if (batch.length >= this.settings.batchSize) break;
      if (message.visibleAt > now) continue;
      if (message.receiveCount >= this.settings.maxReceiveCount) {
        this.remove(message.messageId);
        const dlq = this.settings.deadLetterQueue;
        if (dlq) this.bus.queue(dlq).send(message.body, { ...message.attributes, DeadLetterSourceQueue: this.name });
        continue;
      }
      message.receiveCount += 1;
      this.journal?.received(message.messageId);
      message.visibleAt = now + this.settings.visibilityTimeoutMs;
      batch.push(message);
    }
    return batch;
  }

  private async deliver(batch: QueuedMessage[]): Promise<void> {
    const consumer = this.consumer;
    if (!consumer) return;
    const event: SQSEvent = { Records: batch.map((message) => this.record(message)) };
    let failed: Set<string>;
    try {
      const response = await consumer(event);
      failed = new Set((response?.batchItemFailures ?? []).map((failure) => failure.itemIdentifier));
    } catch {
      failed = new Set(batch.map((message) => message.messageId));
    }
    for (const message of batch) if (!failed.has(message.messageId)) this.remove(message.messageId);
  }

  private remove(messageId: string): void {
    this.journal?.deleted(messageId);
    this.messages = this.messages.filter((message) => message.messageId !== messageId);
  }

  private record(message: QueuedMessage): SQSRecord {
    return sqsRecord({ messageId: message.messageId, body: message.body, receiveCount: message.receiveCount, sentAt: message.sentAt, attributes: message.attributes, queueArn: this.arn });
  }

}

/** Where a topic delivers: a queue, wrapped in the SNS envelope unless raw delivery is on. */
export interface Subscription {
  queue: string;
  rawMessageDelivery?: boolean;
}

/** In-process SNS topics and SQS queues, addressed by name (or by an ARN / URL ending in the name). */
export class LocalBus implements QueuePort, TopicPort {
  private readonly queues = new Map<string, LocalQueue>();
  private readonly topics = new Map<string, Subscription[]>();

  /** With `journalDir`, every queue's messages survive the process (QueueJournal). */
  constructor(private readonly journalDir?: string) {}

  static nameOf(address: string): string {
    return address.split(/[/:]/).pop() ?? address;
  }

  createQueue(name: string, settings: Partial<QueueSettings> = {}): LocalQueue {
    const queue = new LocalQueue(name, settings, this, this.journalDir ? new QueueJournal(this.journalDir, name) : undefined);
    this.queues.set(name, queue);
    return queue;
  }

  createTopic(name: string, subscriptions: Subscription[]): void {
    this.topics.set(name, subscriptions);
  }

  queue(address: string): LocalQueue {
    const queue = this.queues.get(LocalBus.nameOf(address));
    if (!queue) throw new NotFoundError(`queue ${LocalBus.nameOf(address)} does not exist`);
    return queue;
  }

  queueNames(): string[] {
    return [...this.queues.keys()];
  }

  async send(queue: string, body: string, attributes?: MessageAttributes): Promise<string> {
    return this.queue(queue).send(body, attributes);
  }

  async publish(topic: string, message: string, attributes: MessageAttributes = {}): Promise<string> {
    const name = LocalBus.nameOf(topic);
    const subscriptions = this.topics.get(name);
    if (!subscriptions) throw new NotFoundError(`topic ${name} does not exist`);
    const messageId = randomUUID();
    const envelope = JSON.stringify(snsEnvelope(message, { topicArn: `arn:aws:sns:local:000000000000:${name}`, messageId, attributes }));
    for (const subscription of subscriptions) this.queue(subscription.queue).send(subscription.rawMessageDelivery ? message : envelope, attributes);
    return messageId;
  }

  /** Resolves when every consumed queue (dead-letter queues aside) is empty. */
  async drained(): Promise<void> {
    const dlqs = new Set([...this.queues.values()].map((queue) => queue.settings.deadLetterQueue).filter(Boolean));
    for (;;) {
      const busy = [...this.queues.values()].filter((queue) => queue.consuming && !dlqs.has(queue.name) && queue.peek().length > 0);
      if (busy.length === 0) return;
      await Promise.all(busy.map((queue) => queue.drained()));
    }
  }

  close(): void {
    for (const queue of this.queues.values()) queue.close();
  }

  /** No new deliveries on any queue; resolves when the batches in hand are done. */
  async pause(): Promise<void> {
    await Promise.all([...this.queues.values()].map((queue) => queue.pause()));
  }
}
