import path from 'node:path';
import { RANGE_EXACT_VALUES_BUDGET, RANGE_HISTOGRAM_BYTES } from '../../domain/csv/column.js';
import { RefinePass, type RefinePlan } from '../../domain/csv/refine.js';
import { MalformedCsv, refineStream, summarizeStream, type ReadOptions } from '../../domain/csv/stream.js';
import { Summarizer } from '../../domain/csv/summary.js';
import type { ObjectStore } from '../../ports/object-store.js';
import type { Chunk, InspectedFile } from './schemas.js';
import { readText, recordStartFrom, type RawReader } from './source.js';

// A chunk's two passes, their results kept in memory: what SummarizeChunk and RefineChunk
// save to the work bucket, and what `fluxo summarize` hands between its threads.

/** What a chunk's first pass is held to: record length, and bytes of histograms (its partial carries them). */
export interface PassOptions {
  /** Records longer than this are refused (default MAX_RECORD_BYTES). */
  maxRecordBytes?: number;
  /** Bytes of exact-quartile histograms the range keeps (default RANGE_HISTOGRAM_BYTES). */
  histogramBytes?: number;
}

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

/** How a chunk's bytes are read: the object's stream unless told (`fluxo summarize` reads its local file into one reused buffer). */
export type RangeReader = RawReader;

export type Mismatch = { mismatch: true; index: number };

/**
 * The first pass over one chunk, kept in memory: a planned chunk's bytes, or a speculative
 * chunk's (see summarizeSpeculativeChunk: `{mismatch}` when its boundaries did not hold).
 */
export async function summarizeChunkRange(objects: ObjectStore, file: InspectedFile, chunk: Chunk, options: PassOptions, read?: RangeReader): Promise<Summarizer | Mismatch> {
  const reader = (range: { start: number; end: number }) => readText(objects, file, range, read);
  const readOptions = chunkReadOptions(file, chunk, options.maxRecordBytes, options.histogramBytes);
  if (!chunk.speculative) return summarizeStream(await reader({ start: chunk.start, end: chunk.end }), readOptions);
  const range = await speculativeRange(objects, file, chunk);
  // No record starts in this range (one record longer than a chunk): an empty partial.
  if (!range) return new Summarizer(file.header, file, RANGE_EXACT_VALUES_BUDGET, options.histogramBytes);
  try {
    return await summarizeStream(await reader(range), readOptions);
  } catch (error) {
    if (error instanceof MalformedCsv) return { mismatch: true, index: chunk.index };
    throw error;
  }
}

/** The second pass over one chunk, kept in memory (`read`: as summarizeChunkRange's). */
export async function refineChunkRange(objects: ObjectStore, file: InspectedFile, chunk: Chunk, plan: RefinePlan, maxRecordBytes?: number, read?: RangeReader): Promise<RefinePass> {
  // A speculative chunk (the huge path) reads the bytes its first pass read; its boundaries held, or there would be no second pass.
  const range = chunk.speculative ? await speculativeRange(objects, file, chunk) : { start: chunk.start, end: chunk.end };
  if (!range) return new RefinePass(plan);
  const stream = await readText(objects, file, range, read);
  return refineStream(stream, chunkReadOptions(file, chunk, maxRecordBytes), plan);
}
