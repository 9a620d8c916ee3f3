import path from 'node:path';
import { RANGE_EXACT_VALUES_BUDGET, RANGE_HISTOGRAM_BYTES } from '../../domain/csv/column.js';
import { MalformedCsv, summarizeStream, type ReadOptions } from '../../domain/csv/stream.js';
import { Summarizer } from '../../domain/csv/summary.js';
import type { ObjectStore } from '../../ports/object-store.js';
import { readText, recordStartFrom } from './source.js';
import type { Chunk, InspectedFile } from './schemas.js';
import { workKeys } from './work-keys.js';

/** Where a chunk task leaves its partial: the work bucket, under its execution. */
export interface ChunkOptions {
  workBucket: string;
  executionName: string;
  /** Records longer than this are refused (default MAX_RECORD_BYTES). */
  maxRecordBytes?: number;
  /** Bytes of exact-quartile histograms the range keeps (default RANGE_HISTOGRAM_BYTES: its partial carries them). */
  histogramBytes?: number;
}

export type SavedPartial = { bucket: string; key: string; rows: number };

/** How a byte range is read: after the first, the header comes from InspectFile. */
export const chunkReadOptions = (file: InspectedFile, chunk: Chunk, maxRecordBytes?: number, histogramBytes = RANGE_HISTOGRAM_BYTES): ReadOptions => ({
  dialect: file,
  header: chunk.index === 0 ? undefined : file.header,
  file: path.posix.basename(file.key),
  firstLine: chunk.firstLine,
  exactValues: RANGE_EXACT_VALUES_BUDGET,
  histogramBytes,
  limits: { maxRecordBytes },
});

/** SummarizeChunk: one byte range planned by a scan; the partial goes to the work bucket (it can exceed 256 KB). */
export async function summarizeChunk(objects: ObjectStore, file: InspectedFile, chunk: Chunk, options: ChunkOptions): Promise<SavedPartial> {
  const summarizer = await summarizeStream(await readText(objects, file, { start: chunk.start, end: chunk.end }), chunkReadOptions(file, chunk, options.maxRecordBytes, options.histogramBytes));
  return savePartial(objects, summarizer, chunk, options);
}

async function savePartial(objects: ObjectStore, summarizer: Summarizer, chunk: Chunk, options: ChunkOptions): Promise<SavedPartial> {
  const key = workKeys.partial(options.executionName, chunk.index);
  await objects.put(options.workBucket, key, JSON.stringify(summarizer.toJSON()), 'application/json');
  return { bucket: options.workBucket, key, rows: summarizer.rows };
}

/**
 * The bytes a speculative chunk reads: from the record start after its nominal start (chunk 0:
 * the file's start) to the one after its nominal end, by the rule its neighbours use too; null
 * when no record starts in it. The first pass and the second (RefineHugeChunks) read the same.
 */
export async function speculativeRange(objects: ObjectStore, file: InspectedFile, chunk: Chunk): Promise<{ start: number; end: number } | null> {
  const start = chunk.index === 0 ? 0 : await recordStartFrom(objects, file, chunk.start);
  const next = chunk.end + 1 >= file.size ? file.size : await recordStartFrom(objects, file, chunk.end + 1);
  return next <= start ? null : { start, end: next - 1 };
}

/**
 * SummarizeHugeChunk of a speculative chunk: it reads from the record start after its
 * nominal start up to the one after its nominal end, by the same rule its neighbour uses,
 * so the ranges tile the file. Its own parse then checks its end: a range that ends inside
 * a quoted field (or does not parse) answers `{mismatch}` instead of a partial. Chunk 0
 * starts at the true start, so if no chunk answers mismatch, every boundary was a true
 * record boundary (by induction on the chunks).
 */
export async function summarizeSpeculativeChunk(objects: ObjectStore, file: InspectedFile, chunk: Chunk, options: ChunkOptions): Promise<SavedPartial | { mismatch: true; index: number }> {
  const range = await speculativeRange(objects, file, chunk);
  // No record starts in this range (one record longer than a chunk): an empty partial.
  if (!range) return savePartial(objects, new Summarizer(file.header, file, RANGE_EXACT_VALUES_BUDGET, options.histogramBytes), chunk, options);
  try {
    const summarizer = await summarizeStream(await readText(objects, file, range), chunkReadOptions(file, chunk, options.maxRecordBytes, options.histogramBytes));
    return await savePartial(objects, summarizer, chunk, options);
  } catch (error) {
    if (error instanceof MalformedCsv) return { mismatch: true, index: chunk.index };
    throw error;
  }
}
