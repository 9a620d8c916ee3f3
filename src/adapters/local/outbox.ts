import { randomUUID } from 'node:crypto';
import { appendFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { MessageSender, OutgoingMessage } from '../../ports/messaging.js';

export interface OutboxEntry {
  id: string;
  at: string;
  to: string;
  body: string;
  /** An image sent with the message: its file under `<home>/outbox-media/` and the console's URL for it. */
  media?: { file: string; url: string; contentType: string };
}

/** WhatsApp locally: replies are appended to `<home>/outbox.jsonl` (the console and `fluxo chat` read them), images saved beside it. */
export class Outbox implements MessageSender {
  private readonly memory: OutboxEntry[] = [];
  constructor(readonly file?: string) {}

  /** Where the images go: `<home>/outbox-media/` (a temp folder for an outbox kept in memory). */
  get mediaDir(): string {
    return this.file ? path.join(path.dirname(this.file), 'outbox-media') : path.join(tmpdir(), `fluxo-outbox-media-${process.pid}`);
  }

  async send(message: OutgoingMessage): Promise<string> {
    const id = `SM${randomUUID().replace(/-/g, '')}`;
    const entry: OutboxEntry = { id, at: new Date().toISOString(), to: message.to, body: message.body };
    if (message.media) {
      const name = `${id}-${message.media.name.replace(/[^\w.-]/g, '_')}`;
      const dir = this.mediaDir;
      await mkdir(dir, { recursive: true });
      await writeFile(path.join(dir, name), message.media.bytes);
      entry.media = { file: path.join(dir, name), url: `/api/outbox/media/${encodeURIComponent(name)}`, contentType: message.media.contentType };
    }
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
