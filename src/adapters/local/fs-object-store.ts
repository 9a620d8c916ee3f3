import { createHash, randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { copyFile, mkdir, readFile, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { NotFoundError, ValidationError } from '../../shared/errors.js';
import { bucketSegment, objectKey } from '../../platform/path-segment.js';
import type { ByteRange, ObjectInfo, ObjectStore } from '../../ports/object-store.js';
import { removeTempFiles, writeWhole } from './whole-file.js';

const READ_CHUNK_BYTES = 1024 * 1024;

export type ObjectCreatedListener = (info: ObjectInfo) => void | Promise<void>;

/**
 * What an object's ETag is: `md5` (the default), S3's for a single-part upload; `version`,
 * its size and mtime, for a store only read in one process (`fluxo summarize`), where no
 * summary is keyed by it and hashing the file would read it all once more before any work.
 */
export type EtagKind = 'md5' | 'version';

/**
 * A folder as object store: `<root>/<bucket>/<key>`. Emits an ObjectCreated
 * callback on put, as S3 does through its notifications.
 */
export class FsObjectStore implements ObjectStore {
  private readonly listeners: ObjectCreatedListener[] = [];
  constructor(
    readonly root: string,
    readonly etags: EtagKind = 'md5',
  ) {}

  onObjectCreated(listener: ObjectCreatedListener): void {
    this.listeners.push(listener);
  }

  pathOf(bucket: string, key: string): string {
    const resolved = path.resolve(this.root, bucketSegment(bucket), objectKey(key));
    if (!resolved.startsWith(path.resolve(this.root, bucket) + path.sep)) throw new ValidationError(`invalid object key: ${key}`);
    return resolved;
  }

  async put(bucket: string, key: string, body: Buffer | string, contentType?: string, metadata?: Record<string, string>): Promise<ObjectInfo> {
    const file = this.pathOf(bucket, key);
    await mkdir(path.dirname(file), { recursive: true });
    await this.writeMetadata(bucket, key, metadata);
    await writeWhole(file, body);
    return this.created(bucket, key, contentType);
  }

  /** Moves a finished file (on the same file system) in as the object: a whole upload appears at once, never half. */
  async putFile(bucket: string, key: string, source: string, contentType?: string, metadata?: Record<string, string>): Promise<ObjectInfo> {
    const file = this.pathOf(bucket, key);
    await mkdir(path.dirname(file), { recursive: true });
    await this.writeMetadata(bucket, key, metadata);
    await rename(source, file);
    return this.created(bucket, key, contentType);
  }

  /** Copies a local file in (to a temporary name beside the objects, then moved in whole): never read into memory. */
  async putCopy(bucket: string, key: string, source: string, contentType?: string, metadata?: Record<string, string>): Promise<ObjectInfo> {
    const temp = path.join(this.root, '.uploads', `copy-${randomUUID()}.tmp`);
    await mkdir(path.dirname(temp), { recursive: true });
    try {
      await copyFile(source, temp);
      return await this.putFile(bucket, key, temp, contentType, metadata);
    } catch (error) {
      await rm(temp, { force: true });
      throw error;
    }
  }

  /**
   * Announces an existing object again (not something S3 does: the local stack's
   * recovery after a crash between a put and its notification; the consumer's
   * one-execution-per-version naming makes a duplicate harmless).
   */
  async renotify(bucket: string, key: string, contentType?: string): Promise<ObjectInfo> {
    return this.created(bucket, key, contentType);
  }

  private async created(bucket: string, key: string, contentType?: string): Promise<ObjectInfo> {
    const info = await this.head(bucket, key);
    const withType = { ...info, contentType };
    for (const listener of this.listeners) await listener(withType);
    return withType;
  }

  async get(bucket: string, key: string): Promise<Buffer> {
    const file = this.pathOf(bucket, key);
    try {
      return await readFile(file);
    } catch {
      throw new NotFoundError(`${bucket}/${key} not found`);
    }
  }

  async stream(bucket: string, key: string, range?: ByteRange): Promise<Readable> {
    await this.head(bucket, key);
    // 1 MB reads, not the default 64 KB: a 100 MB range was 1600 reads and as many Buffers for the GC.
    return createReadStream(this.pathOf(bucket, key), { highWaterMark: READ_CHUNK_BYTES, ...(range ? { start: range.start, end: range.end } : {}) });
  }

  async head(bucket: string, key: string): Promise<ObjectInfo> {
    const file = this.pathOf(bucket, key);
    let info;
    try {
      info = await stat(file);
      if (!info.isFile()) throw new Error('not a file');
    } catch {
      throw new NotFoundError(`${bucket}/${key} not found`);
    }
    const metadata = await readFile(this.metadataPath(bucket, key), 'utf8').then((text) => JSON.parse(text) as Record<string, string>).catch(() => undefined);
    return { bucket, key, size: info.size, etag: await this.etagOf(bucket, key, file, info.size, info.mtimeMs), lastModified: info.mtime, ...(metadata ? { metadata } : {}) };
  }

  /** User-defined metadata beside the objects, as S3 keeps `x-amz-meta-*`: a put replaces it (none: removed). */
  private async writeMetadata(bucket: string, key: string, metadata: Record<string, string> | undefined): Promise<void> {
    const file = this.metadataPath(bucket, key);
    if (!metadata || Object.keys(metadata).length === 0) return rm(file, { force: true });
    await mkdir(path.dirname(file), { recursive: true });
    await writeWhole(file, JSON.stringify(metadata));
  }

  private metadataPath(bucket: string, key: string): string {
    return path.join(this.root, '.metadata', bucketSegment(bucket), `${objectKey(key)}.json`);
  }

  /**
   * The ETag S3 gives a single-part upload: the MD5 of the bytes, so the same bytes put
   * again under the same key keep their ETag (and the summary keyed by it is not stored
   * twice). Computed once per version (size and mtime) and kept beside the objects.
   */
  private async etagOf(bucket: string, key: string, file: string, size: number, mtimeMs: number): Promise<string> {
    if (this.etags === 'version') return `${size.toString(16)}-${Math.round(mtimeMs).toString(16)}`;
    const cache = this.etagPath(bucket, key);
    const cached = await readFile(cache, 'utf8').then((text) => JSON.parse(text) as { size?: unknown; mtimeMs?: unknown; etag?: unknown }).catch(() => undefined);
    if (cached && cached.size === size && cached.mtimeMs === mtimeMs && typeof cached.etag === 'string') return cached.etag;
    const hash = createHash('md5');
    for await (const chunk of createReadStream(file, { highWaterMark: READ_CHUNK_BYTES })) hash.update(chunk as Buffer);
    const etag = hash.digest('hex');
    await mkdir(path.dirname(cache), { recursive: true });
    await writeFile(cache, JSON.stringify({ size, mtimeMs, etag })).catch(() => undefined);
    return etag;
  }

  private etagPath(bucket: string, key: string): string {
    return path.join(this.root, '.etags', bucketSegment(bucket), `${objectKey(key)}.json`);
  }

  /** Removes what a process killed mid-write left behind (`*.tmp`); returns how many. */
  removeLeftovers(): Promise<number> {
    return removeTempFiles(this.root);
  }

  async list(bucket: string, prefix = ''): Promise<ObjectInfo[]> {
    const base = path.join(this.root, bucketSegment(bucket));
    const entries = await readdir(base, { recursive: true, withFileTypes: true }).catch(() => []);
    const keys = entries
      .filter((entry) => entry.isFile() && !entry.name.endsWith('.tmp'))
      .map((entry) => path.relative(base, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'))
      .filter((key) => key.startsWith(prefix))
      .sort();
    return Promise.all(keys.map((key) => this.head(bucket, key)));
  }

  async delete(bucket: string, key: string): Promise<void> {
    await rm(this.pathOf(bucket, key), { force: true });
    await rm(this.etagPath(bucket, key), { force: true });
    await rm(this.metadataPath(bucket, key), { force: true });
  }
}
