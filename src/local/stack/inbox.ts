import { mkdir, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { FsObjectStore } from '../../adapters/local/fs-object-store.js';
import type { Logger } from '../../platform/logger.js';
import { isSummarizedName, notSummarizedReason } from '../../domain/csv/file-names.js';
import { incomingKey, UPLOADS_BUCKET } from './topology.js';
import { metadataOfOverrides, type DialectOverrides } from '../../domain/csv/dialect.js';

/** The dialect settings the inbox reads beside the files (`dialect.json`, `<name>.csv.json`): not files to summarize. */
const isDialectFile = (name: string): boolean => name === 'dialect.json' || (name.endsWith('.json') && isSummarizedName(name.slice(0, -5)));

/** The inbox's own folders. */
const HELD = new Set(['pending', 'processed', 'failed']);

/** What became of an uploaded object version: its summary is stored, its failure recorded, or not yet. */
export type InboxOutcome = (object: { bucket: string; key: string; etag: string }) => Promise<'summarized' | 'failed' | undefined>;

/**
 * `$FLUXO_HOME/inbox/` as the S3 drop. A `.csv`, `.tsv` or `.txt` file (any case:
 * domain/csv/file-names.ts) whose size has stopped
 * changing moves to `inbox/pending/` and is put in the uploads bucket under
 * `incoming/` (which notifies, exactly as S3 does); it stays in `pending/`
 * until its summary is stored or its failure recorded, then moves to
 * `processed/` or `failed/`. After a crash, a pending file is put again if the
 * bucket lacks it, and announced again otherwise (the consumer names one
 * execution per object version, so a duplicate is harmless): none is lost.
 * Any other file, and any subfolder, stays where it is, said once in the log.
 */
export class InboxWatcher {
  private timer: NodeJS.Timeout | undefined;
  private readonly sizes = new Map<string, number>();
  /** Pending file name -> the object version it became. */
  private readonly uploaded = new Map<string, string>();
  /** Names already said to be ignored (said once, not at every scan). */
  private readonly told = new Set<string>();
  private busy: Promise<string[]> | undefined;

  constructor(
    readonly folder: string,
    private readonly objects: FsObjectStore,
    private readonly outcome: InboxOutcome,
    private readonly logger: Logger,
    private readonly intervalMs = 500,
  ) {}

  private dir(kind: 'pending' | 'processed' | 'failed'): string {
    return path.join(this.folder, kind);
  }

  async start(): Promise<void> {
    for (const kind of ['pending', 'processed', 'failed'] as const) await mkdir(this.dir(kind), { recursive: true });
    await this.recover();
    this.timer = setInterval(() => void this.scan(), this.intervalMs);
  }

  /** Stops scanning; resolves when a scan in progress is done. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.busy;
  }

  /** Pending files a stopped process left: each reaches the bucket and the queue again. */
  private async recover(): Promise<void> {
    for (const name of await readdir(this.dir('pending'))) {
      if (!isSummarizedName(name)) continue;
      const key = `incoming/${name}`;
      const file = path.join(this.dir('pending'), name);
      const [local, stored] = await Promise.all([stat(file), this.objects.head(UPLOADS_BUCKET, key).catch(() => undefined)]);
      const info = stored && stored.size === local.size ? await this.objects.renotify(UPLOADS_BUCKET, key, 'text/csv') : await this.objects.putCopy(UPLOADS_BUCKET, key, file, 'text/csv');
      this.uploaded.set(name, info.etag);
      this.logger.info({ file: name }, 'inbox file from a stopped process taken again');
    }
  }

  /** One pass: settles pending files, then takes files seen with the same size twice in a row. */
  scan(): Promise<string[]> {
    this.busy ??= this.pass().finally(() => (this.busy = undefined));
    return this.busy;
  }

  private async pass(): Promise<string[]> {
    const taken: string[] = [];
    try {
      await this.settlePending();
      const pending = new Set(await readdir(this.dir('pending')));
      for (const name of await readdir(this.folder)) {
        if (pending.has(name) || HELD.has(name) || isDialectFile(name)) continue;
        const file = path.join(this.folder, name);
        const info = await stat(file).catch(() => undefined);
        if (!info) continue;
        const ignored = info.isDirectory()
          ? `inbox/${name}/: not read (the inbox takes files at its top level; for a dataset folder use fluxo upload --prefix ${name} FILE)`
          : info.isFile() ? notSummarizedReason(name) : undefined;
        if (ignored !== undefined || !info.isFile()) {
          if (ignored !== undefined && !this.told.has(name)) this.logger.warn({ file: name }, `inbox: ${ignored}; left where it is`);
          this.told.add(name);
          continue;
        }
        // Still being written (size changing): not yet.
        if (this.sizes.get(name) !== info.size) {
          this.sizes.set(name, info.size);
          continue;
        }
        this.sizes.delete(name);
        let key: string;
        try {
          key = incomingKey(name);
        } catch (error) {
          // A name no bucket key can be (a control character, over 255 bytes): set aside, never retried forever.
          await rename(file, path.join(this.dir('failed'), `${Date.now()}-refused.csv`));
          this.logger.warn({ error: (error as Error).message }, 'inbox file refused');
          continue;
        }
        const metadata = await this.dialectOf(name);
        const held = path.join(this.dir('pending'), name);
        await rename(file, held);
        const object = await this.objects.putCopy(UPLOADS_BUCKET, key, held, 'text/csv', metadata);
        this.uploaded.set(name, object.etag);
        this.logger.info({ file: name }, 'inbox file uploaded');
        taken.push(name);
      }
    } catch (error) {
      this.logger.warn({ error: (error as Error).message }, 'inbox scan failed');
    }
    return taken;
  }

  /**
   * The dialect a file dropped here is read with, as the object's metadata (docs/csv.md): its
   * sidecar `<name>.json` (`{"decimal": ","}`, taken with the file), else the folder's
   * `dialect.json`, else none (sniffed). A bad value fails the file's summary, naming the setting.
   */
  private async dialectOf(name: string): Promise<Record<string, string> | undefined> {
    const read = (file: string) => readFile(file, 'utf8').then((text) => JSON.parse(text) as DialectOverrides, (error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return undefined;
      throw error;
    });
    const sidecar = path.join(this.folder, `${name}.json`);
    let overrides: DialectOverrides | undefined;
    try {
      overrides = await read(sidecar);
      if (overrides) await rm(sidecar, { force: true });
      else overrides = await read(path.join(this.folder, 'dialect.json'));
    } catch (error) {
      this.logger.warn({ file: name, error: (error as Error).message }, 'inbox dialect file unreadable: the file is sniffed');
      return undefined;
    }
    const strings = (value: unknown) => (typeof value === 'string' ? value : undefined);
    return overrides && typeof overrides === 'object' ? metadataOfOverrides({ delimiter: strings(overrides.delimiter), encoding: strings(overrides.encoding), decimal: strings(overrides.decimal) }, false) : undefined;
  }

  private async settlePending(): Promise<void> {
    for (const [name, etag] of this.uploaded) {
      const outcome = await this.outcome({ bucket: UPLOADS_BUCKET, key: `incoming/${name}`, etag });
      if (!outcome) continue;
      await rename(path.join(this.dir('pending'), name), path.join(this.dir(outcome === 'summarized' ? 'processed' : 'failed'), `${Date.now()}-${name}`));
      this.uploaded.delete(name);
    }
  }
}
