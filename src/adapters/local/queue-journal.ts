import { appendFileSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { MessageAttributes } from '../../ports/messaging-bus.js';

/** What survives a restart of one local queue: its messages and how often each was received. */
export interface JournaledMessage {
  messageId: string;
  body: string;
  attributes: MessageAttributes;
  sentAt: number;
  receiveCount: number;
}

type Entry = { op: 'send'; messageId: string; body: string; attributes: MessageAttributes; sentAt: number } | { op: 'receive'; messageId: string } | { op: 'delete'; messageId: string };

/**
 * An append-only journal per queue (`<dir>/<queue>.jsonl`): a line per send,
 * receive and delete, appended before the call returns, so a `kill -9` loses
 * nothing that was sent and forgets no receive (maxReceiveCount still holds).
 * Replayed and compacted when the queue opens. Appends are synchronous: the
 * write is in the kernel before the sender is told its message id (enough for
 * a killed process; not for a power cut, which the local stack does not promise).
 */
export class QueueJournal {
  private readonly file: string;
  constructor(dir: string, queue: string) {
    mkdirSync(dir, { recursive: true });
    this.file = path.join(dir, `${queue}.jsonl`);
  }

  /** The live messages, oldest first; rewrites the journal with only them. */
  open(): JournaledMessage[] {
    const live = new Map<string, JournaledMessage>();
    let text = '';
    try {
      text = readFileSync(this.file, 'utf8');
    } catch {
      // a new queue
    }
    for (const line of text.split('\n')) {
      if (!line) continue;
      let entry: Entry;
      try {
        entry = JSON.parse(line) as Entry;
      } catch {
        continue; // the last line of a process killed mid-append
      }
      if (entry.op === 'send') live.set(entry.messageId, { messageId: entry.messageId, body: entry.body, attributes: entry.attributes, sentAt: entry.sentAt, receiveCount: 0 });
      else if (entry.op === 'receive') {
        const message = live.get(entry.messageId);
        if (message) message.receiveCount += 1;
      } else live.delete(entry.messageId);
    }
    const messages = [...live.values()];
    const compacted = messages.flatMap((message) => [
      JSON.stringify({ op: 'send', messageId: message.messageId, body: message.body, attributes: message.attributes, sentAt: message.sentAt }),
      ...Array.from({ length: message.receiveCount }, () => JSON.stringify({ op: 'receive', messageId: message.messageId })),
    ]);
    const temp = `${this.file}.${process.pid}.tmp`;
    writeFileSync(temp, compacted.length ? `${compacted.join('\n')}\n` : '');
    renameSync(temp, this.file);
    return messages;
  }

  sent(message: { messageId: string; body: string; attributes: MessageAttributes; sentAt: number }): void {
    this.append({ op: 'send', ...message });
  }

  received(messageId: string): void {
    this.append({ op: 'receive', messageId });
  }

  deleted(messageId: string): void {
    this.append({ op: 'delete', messageId });
  }

  private append(entry: Entry): void {
    appendFileSync(this.file, `${JSON.stringify(entry)}\n`);
  }
}
