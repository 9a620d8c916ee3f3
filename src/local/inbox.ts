import { mkdir, readdir, readFile, rename, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from '../platform/logger.js';
import type { ObjectStore } from '../ports/object-store.js';
import { UPLOADS_BUCKET } from './wiring.js';

/**
 * `$FLUXO_HOME/inbox/` as the S3 drop: a `.csv` file whose size has stopped
 * changing is put in the uploads bucket under `incoming/` (which notifies,
 * exactly as S3 does) and moved to `inbox/processed/`.
 */
export class InboxWatcher {
  private timer: NodeJS.Timeout | undefined;
  private readonly sizes = new Map<string, number>();
  private busy = false;

  constructor(
    readonly folder: string,
    private readonly objects: ObjectStore,
    private readonly logger: Logger,
    private readonly intervalMs = 500,
  ) {}

  async start(): Promise<void> {
    await mkdir(path.join(this.folder, 'processed'), { recursive: true });
    this.timer = setInterval(() => void this.scan(), this.intervalMs);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /** One pass: files seen with the same size twice in a row are taken. */
  async scan(): Promise<string[]> {
    if (this.busy) return [];
    this.busy = true;
    const taken: string[] = [];
    try {
      for (const name of await readdir(this.folder)) {
        if (!name.toLowerCase().endsWith('.csv')) continue;
        const file = path.join(this.folder, name);
        const info = await stat(file).catch(() => undefined);
        if (!info?.isFile()) continue;
        if (this.sizes.get(name) !== info.size) {
          this.sizes.set(name, info.size);
          continue;
        }
        this.sizes.delete(name);
        await this.objects.put(UPLOADS_BUCKET, `incoming/${name}`, await readFile(file), 'text/csv');
        await rename(file, path.join(this.folder, 'processed', `${Date.now()}-${name}`));
        this.logger.info({ file: name }, 'inbox file uploaded');
        taken.push(name);
      }
    } catch (error) {
      this.logger.warn({ error: (error as Error).message }, 'inbox scan failed');
    } finally {
      this.busy = false;
    }
    return taken;
  }
}
