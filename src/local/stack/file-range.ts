import { open } from 'node:fs/promises';

/** Bytes a local range is read by (docs/performance.md: 1 MB reads, not the read stream's 64 KB). */
export const RANGE_READ_BYTES = 1024 * 1024;

/**
 * Bytes `start`..`end` (inclusive) of a local file, read into one buffer that every step
 * reuses: the consumer must be done with a piece before it asks for the next (the tokenizer
 * is: it copies what it carries). A read stream allocates a new 1 MB Buffer per read, and a
 * 100 MB range left tens of MB of them waiting for the GC in each thread.
 */
export async function* fileRange(file: string, start: number, end: number, bytes = RANGE_READ_BYTES): AsyncGenerator<Buffer> {
  const handle = await open(file, 'r');
  try {
    const buffer = Buffer.allocUnsafeSlow(Math.max(1, Math.min(bytes, end - start + 1)));
    for (let at = start; at <= end; ) {
      const { bytesRead } = await handle.read(buffer, 0, Math.min(buffer.length, end - at + 1), at);
      if (bytesRead === 0) break;
      at += bytesRead;
      yield buffer.subarray(0, bytesRead);
    }
  } finally {
    await handle.close();
  }
}
