import type { Summarizer } from '../../domain/csv/summary.js';
import type { ObjectStore } from '../../ports/object-store.js';
import { summarizeChunkRange, type Mismatch, type PassOptions } from './chunk-passes.js';
import type { Chunk, InspectedFile } from './schemas.js';
import { workKeys } from './work-keys.js';

/** Where a chunk task leaves its partial: the work bucket, under its execution. */
export interface ChunkOptions extends PassOptions {
  workBucket: string;
  executionName: string;
}

export type SavedPartial = { bucket: string; key: string; rows: number };

/** SummarizeChunk: one byte range planned by a scan; the partial goes to the work bucket (it can exceed 256 KB). */
export async function summarizeChunk(objects: ObjectStore, file: InspectedFile, chunk: Chunk, options: ChunkOptions): Promise<SavedPartial> {
  return savePartial(objects, (await summarizeChunkRange(objects, file, { ...chunk, speculative: false }, options)) as Summarizer, chunk, options);
}

async function savePartial(objects: ObjectStore, summarizer: Summarizer, chunk: Chunk, options: ChunkOptions): Promise<SavedPartial> {
  const key = workKeys.partial(options.executionName, chunk.index);
  await objects.put(options.workBucket, key, JSON.stringify(summarizer.toJSON()), 'application/json');
  return { bucket: options.workBucket, key, rows: summarizer.rows };
}

/**
 * SummarizeHugeChunk of a speculative chunk: it reads from the record start after its
 * nominal start up to the one after its nominal end, by the same rule its neighbour uses,
 * so the ranges tile the file. Its own parse then checks its end: a range that ends inside
 * a quoted field (or does not parse) answers `{mismatch}` instead of a partial. Chunk 0
 * starts at the true start, so if no chunk answers mismatch, every boundary was a true
 * record boundary (by induction on the chunks).
 */
export async function summarizeSpeculativeChunk(objects: ObjectStore, file: InspectedFile, chunk: Chunk, options: ChunkOptions): Promise<SavedPartial | Mismatch> {
  const summarizer = await summarizeChunkRange(objects, file, { ...chunk, speculative: true }, options);
  return 'mismatch' in summarizer ? summarizer : savePartial(objects, summarizer, chunk, options);
}
