import path from 'node:path';
import { RecordSplitter, type ByteRange } from '../../domain/csv/split.js';
import { utf16Units, type TextDecoderOfRange } from '../../domain/csv/transcode.js';
import { MAX_COLUMNS } from '../../domain/csv/tokenizer.js';
import { ValidationError } from '../../shared/errors.js';
import type { ObjectStore } from '../../ports/object-store.js';
import { blocksInOrder, SCAN_BLOCK_BYTES, SCAN_GETS_IN_FLIGHT } from './read-ahead.js';
import type { Chunk, InspectedFile, WorkObject } from './schemas.js';
import { decoderOf, unitBytes } from './source.js';
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
  const decoder = decoderOf(file, true);
  const unit = unitBytes(file);
  // A transcoded file is scanned as the UTF-8 it is read as (UTF-16: about half as many bytes for Latin text); ranges are mapped back to the file's offsets.
  const splitter = new RecordSplitter(file.delimiter.charCodeAt(0), (start) => start + Math.ceil(chunkBytes / unit));
  const blocks = blocksInOrder(objects, file.bucket, file.key, file.size, reads.blockBytes, reads.inFlight);
  const ranges = decoder ? await transcodedRanges(splitter, blocks, decoder, unit, file.size) : await scan(splitter, blocks, file.size);
  // Before any chunk runs: a chunk past the first would report a later line for the same fault.
  if (splitter.headerFields > MAX_COLUMNS) throw new ValidationError(`${path.posix.basename(file.key)}: line 1: ${splitter.headerFields} columns (limit ${MAX_COLUMNS})`);
  return ranges.map((range, index) => ({ index, ...range }));
}

async function scan(splitter: RecordSplitter, blocks: AsyncIterable<Buffer>, size: number): Promise<ByteRange[]> {
  for await (const block of blocks) splitter.push(block);
  return splitter.finish(size);
}

/**
 * The splitter's ranges over the transcoded text, as offsets of the file: each range starts
 * after a line end, so at a character, whose offset is `unit` bytes (UTF-16: 2, Windows-1252:
 * 1) per UTF-16 code unit before it, plus the BOM the decoder dropped. Counted as each block
 * goes by.
 */
async function transcodedRanges(splitter: RecordSplitter, blocks: AsyncIterable<Buffer>, decoder: TextDecoderOfRange, unit: number, size: number): Promise<ByteRange[]> {
  const ranges: ByteRange[] = [];
  let converted = 0;
  /** Text bytes before the current block, and the code units they hold. */
  let textStart = 0;
  let unitsBefore = 0;
  const convert = (text: Buffer, final: boolean): void => {
    // Counted from the last boundary in this block onwards: each byte is counted once.
    let at = 0;
    let units = unitsBefore;
    for (; converted < splitter.ranges.length; converted += 1) {
      const range = splitter.ranges[converted] as ByteRange;
      const next = range.end + 1 - textStart;
      if (next > text.length && !final) break;
      units += utf16Units(text, at, Math.min(next, text.length));
      at = Math.min(next, text.length);
      const start = ranges.length === 0 ? 0 : (ranges.at(-1) as ByteRange).end + 1;
      ranges.push({ start, end: Math.min(size, decoder.skipped + unit * units) - 1, firstLine: range.firstLine });
    }
  };
  for await (const block of blocks) {
    const text = decoder.push(block);
    splitter.push(text);
    convert(text, false);
    textStart += text.length;
    unitsBefore += utf16Units(text, 0, text.length);
  }
  const rest = decoder.end();
  splitter.push(rest);
  splitter.finish(textStart + rest.length);
  convert(rest, true);
  // The last range runs to the file's last byte (an odd byte at the end included).
  if (ranges.length) (ranges.at(-1) as ByteRange).end = size - 1;
  return ranges;
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
  return writeManifest(objects, speculativeChunks(file.size, options.chunkBytes, unitBytes(file)), options, true);
}

/**
 * Nominal byte ranges of `chunkBytes` over a file of `size`, with no read of it: each chunk
 * finds and checks its own record boundaries (summarizeSpeculativeChunk).
 */
export function speculativeChunks(size: number, chunkBytes: number, unit = 1): Chunk[] {
  const chunks: Chunk[] = [];
  // A UTF-16 file's ranges start on a code unit (`unit` 2: even offsets).
  const step = Math.ceil(chunkBytes / unit) * unit;
  // Inclusive ends, as every byte range here (HTTP Range semantics).
  for (let start = 0, index = 0; start < size || index === 0; start += step, index += 1) chunks.push({ index, start, end: Math.min(start + step, size) - 1, speculative: true });
  return chunks;
}
