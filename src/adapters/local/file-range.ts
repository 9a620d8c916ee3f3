import { open } from 'node:fs/promises';

/**
 * A byte range of a local file, read into one reused buffer: no allocation per chunk
 * (a stream allocates a buffer per chunk, and those pile up as external memory until a
 * GC). Each chunk is valid until the next is asked for, which the tokenizer allows.
 */
export async function* readRange(file: string, start: number, end: number, chunkSize: number): AsyncGenerator<Buffer> {
  const handle = await open(file, 'r');
  const buffer = Buffer.allocUnsafeSlow(chunkSize);
  try {
    let position = start;
    while (position <= end) {
      const { bytesRead } = await handle.read(buffer, 0, Math.min(chunkSize, end - position + 1), position);
      if (bytesRead === 0) break;
      position += bytesRead;
      yield buffer.subarray(0, bytesRead);
    }
  } finally {
    await handle.close();
  }
}
