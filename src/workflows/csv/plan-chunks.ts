import path from 'node:path';
import { RecordSplitter } from '../../domain/csv/split.js';
import { MAX_COLUMNS } from '../../domain/csv/tokenizer.js';
import { ValidationError } from '../../shared/errors.js';
import type { ObjectStore } from '../../ports/object-store.js';
import { blocksInOrder, SCAN_BLOCK_BYTES, SCAN_GETS_IN_FLIGHT } from './read-ahead.js';
import type { Chunk, InspectedFile, WorkObject } from './schemas.js';
import { workKeys } from './work-keys.js';

/** How the planning scan reads: blocks of `blockBytes`, `inFlight` at once (S3 defaults: SCAN_BLOCK_BYTES, SCAN_GETS_IN_FLIGHT). */
export interface ScanReads {
  blockBytes: number;
  inFlight: number;
}

/**
 * PlanChunks: byte ranges of about `chunkBytes` that end on a record boundary
 * (records.ts), found by one byte scan (of blocks read several at a time:
 * docs/performance.md; a local folder needs less read-ahead: `reads`).
 */
export async function planChunks(objects: ObjectStore, file: InspectedFile, chunkBytes: number, reads: ScanReads = { blockBytes: SCAN_BLOCK_BYTES, inFlight: SCAN_GETS_IN_FLIGHT }): Promise<Chunk[]> {
  const splitter = new RecordSplitter(file.delimiter.charCodeAt(0), (start) => start + chunkBytes);
  for await (const block of blocksInOrder(objects, file.bucket, file.key, file.size, reads.blockBytes, reads.inFlight)) splitter.push(block);
  // Before any chunk runs: a chunk past the first would report a later line for the same fault.
  if (splitter.headerFields > MAX_COLUMNS) throw new ValidationError(`${path.posix.basename(file.key)}: line 1: ${splitter.headerFields} columns (limit ${MAX_COLUMNS})`);
  return splitter.finish(file.size).map((range, index) => ({ index, ...range }));
}

/** How PlanHugeChunks writes its manifest: chunk size, the work bucket, the execution it belongs to, the Map's concurrency. */
export interface ManifestOptions {
  chunkBytes: number;
  workBucket: string;
  executionName: string;
  maxConcurrency: number;
}

/** What PlanHugeChunks hands the Distributed Map. */
export interface HugePlan {
  manifest: WorkObject;
  chunks: number;
  maxConcurrency: number;
  /** Nominal ranges whose boundaries each chunk finds and checks; false: ranges from a scan. */
  speculative: boolean;
  /** The map runs' ResultWriter Prefix, one per execution (`map-runs/<execution>`): RecordFailure reads a failed run's children there. */
  results: string;
}

async function writeManifest(objects: ObjectStore, chunks: Chunk[], options: ManifestOptions, speculative: boolean): Promise<HugePlan> {
  const manifest = { bucket: options.workBucket, key: workKeys.manifest(options.executionName, !speculative) };
  await objects.put(manifest.bucket, manifest.key, JSON.stringify(chunks), 'application/json');
  return { manifest, chunks: chunks.length, maxConcurrency: options.maxConcurrency, speculative, results: workKeys.mapRuns(options.executionName) };
}

/**
 * PlanHugeChunksExactly: the scanned, record-aligned ranges, written as a JSON manifest to
 * the work bucket for the Distributed Map's ItemReader (a chunk list of a 100 GB file would
 * not fit the 256 KB state payload).
 */
export async function planManifest(objects: ObjectStore, file: InspectedFile, options: ManifestOptions): Promise<HugePlan> {
  return writeManifest(objects, await planChunks(objects, file, options.chunkBytes), options, false);
}

/**
 * PlanHugeChunks, first try: nominal byte ranges of `chunkBytes`, with no read of the file
 * (a 100 GB file is planned in milliseconds instead of a 19-minute scan). Each chunk task
 * finds its own record boundaries and checks them (summarize-chunk.ts); when one does not
 * hold (a quoted field with a line end across a boundary), MergeHugePartials says so and
 * the machine plans again with the scan (planManifest).
 */
export async function planSpeculativeManifest(objects: ObjectStore, file: InspectedFile, options: ManifestOptions): Promise<HugePlan> {
  return writeManifest(objects, speculativeChunks(file.size, options.chunkBytes), options, true);
}

/**
 * Nominal byte ranges of `chunkBytes` over a file of `size`, with no read of it: each chunk
 * finds and checks its own record boundaries (summarizeSpeculativeChunk).
 */
export function speculativeChunks(size: number, chunkBytes: number): Chunk[] {
  const chunks: Chunk[] = [];
  // Inclusive ends, as every byte range here (HTTP Range semantics).
  for (let start = 0, index = 0; start < size || index === 0; start += chunkBytes, index += 1) chunks.push({ index, start, end: Math.min(start + chunkBytes, size) - 1, speculative: true });
  return chunks;
}
