import type { ObjectStore } from '../../ports/object-store.js';
import type { WorkObject } from './schemas.js';

/** Block size and GETs in flight for a sequential scan of a whole object (PlanChunks' record boundaries). */
export const SCAN_BLOCK_BYTES = 8 * 1024 * 1024;
export const SCAN_GETS_IN_FLIGHT = 6;

/**
 * `read(0)`, `read(1)`, ... `read(count - 1)`, yielded in order with up to `inFlight` reads
 * started ahead of the consumer (and so at most `inFlight` results held at once). A
 * failed read fails the iteration when its turn comes.
 */
export async function* inOrder<T>(count: number, read: (index: number) => Promise<T>, inFlight: number): AsyncGenerator<T> {
  const pending: Promise<T>[] = [];
  let next = 0;
  const fill = (): void => {
    while (pending.length < inFlight && next < count) {
      const started = read(next++);
      started.catch(() => undefined); // awaited in order below; never an unhandled rejection meanwhile
      pending.push(started);
    }
  };
  fill();
  while (pending.length) {
    const value = await (pending.shift() as Promise<T>);
    fill();
    yield value;
  }
}

/** Bytes `start`..`end` (inclusive) of an object, as one buffer. */
export async function readObjectRange(objects: ObjectStore, bucket: string, key: string, start: number, end: number): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const piece of await objects.stream(bucket, key, { start, end })) parts.push(Buffer.from(piece as Uint8Array));
  return Buffer.concat(parts);
}

/**
 * An object's bytes in order, as ranged GETs of `blockBytes`, several at once: one S3
 * stream gives a Lambda about 90 MB/s, several give what the scan's CPU can take.
 */
export function blocksInOrder(objects: ObjectStore, bucket: string, key: string, size: number, blockBytes = SCAN_BLOCK_BYTES, inFlight = SCAN_GETS_IN_FLIGHT): AsyncGenerator<Buffer> {
  return inOrder(Math.ceil(size / blockBytes), (index) => readObjectRange(objects, bucket, key, index * blockBytes, Math.min(size, (index + 1) * blockBytes) - 1), inFlight);
}

/** A JSON object of the work bucket. */
export const readJson = async <T>(objects: ObjectStore, at: WorkObject): Promise<T> => JSON.parse((await objects.get(at.bucket, at.key)).toString('utf8')) as T;

/** GETs in flight while merging: many small reads are bound by S3's per-request latency, not bandwidth. */
export const MERGE_READ_AHEAD = 16;

/** The JSON objects at `refs`, in order, read `MERGE_READ_AHEAD` ahead of the fold. */
export const readAhead = <T>(objects: ObjectStore, refs: WorkObject[]): AsyncGenerator<T> => inOrder(refs.length, (index) => readJson<T>(objects, refs[index] as WorkObject), MERGE_READ_AHEAD);
