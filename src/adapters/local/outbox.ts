import { randomUUID } from 'node:crypto';
import { appendFile, mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { MessageSender, OutgoingMessage } from '../../ports/messaging.js';

export interface OutboxEntry extends OutgoingMessage {
  id: string;
  at: string;
}

/** WhatsApp locally: replies are appended to `<home>/outbox.jsonl` (the console and `fluxo chat` read them). */
export class Outbox implements MessageSender {
  private readonly memory: OutboxEntry[] = [];
  constructor(readonly file?: string) {}

  async send(message: OutgoingMessage): Promise<string> {
    const entry: OutboxEntry = { id: `SM${randomUUID().replace(/-/g, '')}`, at: new Date().toISOString(), ...message };
    if (this.file) {
      await mkdir(path.dirname(this.file), { recursive: true });
      await appendFile(this.file, `${JSON.stringify(entry)}\n`);
    } else this.memory.push(entry);
    return entry.id;
  }

  async list(to?: string): Promise<OutboxEntry[]> {
    const entries = this.file
      ? (await readFile(this.file, 'utf8').catch(() => ''))
          .split('\n')
          .filter(Boolean)
          .map((line) => JSON.parse(line) as OutboxEntry)
      : [...this.memory];
    return to ? entries.filter((entry) => entry.to === to) : entries;
  }
}
