import path from 'node:path';
import type { z } from 'zod';
import type { chunk, inspectedFile } from './schemas.js';
import { RecordSplitter } from '../../domain/csv/split.js';
import { MAX_COLUMNS } from '../../domain/csv/tokenizer.js';
import type { Readable } from 'node:stream';
import { summarizeStream } from '../../domain/csv/stream.js';
import { RANGE_EXACT_VALUES_BUDGET } from '../../domain/csv/column.js';
import { detectDrift } from '../../domain/csv/drift.js';
import { sniff, SNIFF_BYTES } from '../../domain/csv/sniff.js';
import { Summarizer, type SerializedSummarizer, type Summary } from '../../domain/csv/summary.js';
import { ConfigError, ValidationError } from '../../platform/errors.js';
import type { ObjectStore } from '../../ports/object-store.js';
import type { SummaryRepository } from '../../ports/summary-repository.js';

/** What InspectFile learns, and every later state reads. */
export type InspectedFile = z.infer<typeof inspectedFile>;

export type Chunk = z.infer<typeof chunk>;

export const prefixOf = (key: string): string => (key.includes('/') ? path.posix.dirname(key) : '');

/** InspectFile: size and content type, then the dialect from the first 64 KB. */
export async function inspect(objects: ObjectStore, target: { bucket: string; key: string; etag: string }, largeBytes: number): Promise<InspectedFile> {
  const info = await objects.head(target.bucket, target.key);
  const name = path.posix.basename(target.key);
  if (info.size === 0) throw new ValidationError(`${name}: line 1: empty file`);
  const sample = await read(await objects.stream(target.bucket, target.key, { start: 0, end: Math.min(SNIFF_BYTES, info.size) - 1 }));
  const dialect = sniff(sample, name, info.size <= SNIFF_BYTES);
  return { bucket: target.bucket, key: target.key, etag: target.etag, size: info.size, contentType: info.contentType ?? null, ...dialect, large: info.size > largeBytes };
}

async function read(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Uint8Array));
  return Buffer.concat(chunks);
}

/** SummarizeSmallFile: one streaming pass. */
export async function summarizeObject(objects: ObjectStore, file: InspectedFile): Promise<Summary> {
  const summarizer = await summarizeStream(await objects.stream(file.bucket, file.key), {
    dialect: file,
    file: path.posix.basename(file.key),
  });
  return summarizer.finish();
}

/**
 * PlanChunks: byte ranges of about `chunkBytes` that end on a record boundary
 * (a newline outside double quotes), found by one byte scan.
 */
export async function planChunks(objects: ObjectStore, file: InspectedFile, chunkBytes: number): Promise<Chunk[]> {
  const splitter = new RecordSplitter(file.delimiter.charCodeAt(0), (start) => start + chunkBytes);
  for await (const piece of await objects.stream(file.bucket, file.key)) splitter.push(piece as Buffer);
  // Before any chunk runs: a chunk past the first would report a later line for the same fault.
  if (splitter.headerFields > MAX_COLUMNS) throw new ValidationError(`${path.posix.basename(file.key)}: line 1: ${splitter.headerFields} columns (limit ${MAX_COLUMNS})`);
  return splitter.finish(file.size).map((range, index) => ({ index, ...range }));
}

/** SummarizeChunk: one byte range; the partial goes to the work bucket (it can exceed 256 KB). */
export async function summarizeChunk(objects: ObjectStore, file: InspectedFile, chunk: Chunk, workBucket: string | undefined, executionName: string): Promise<{ bucket: string; key: string; rows: number }> {
  if (!workBucket) throw new ConfigError(['CSV_WORK_BUCKET']);
  const range = { start: chunk.start, end: chunk.end };
  const summarizer = await summarizeStream(await objects.stream(file.bucket, file.key, range), {
    dialect: file,
    header: chunk.index === 0 ? undefined : file.header,
    file: path.posix.basename(file.key),
    firstLine: chunk.firstLine,
    exactValues: RANGE_EXACT_VALUES_BUDGET,
  });
  const key = `partials/${executionName}/${String(chunk.index).padStart(5, '0')}.json`;
  await objects.put(workBucket, key, JSON.stringify(summarizer.toJSON()), 'application/json');
  return { bucket: workBucket, key, rows: summarizer.rows };
}

/** MergePartials: Chan/Welford for moments, sketches for the rest. */
export async function mergePartials(objects: ObjectStore, partials: { bucket: string; key: string }[]): Promise<Summary> {
  let merged: Summarizer | undefined;
  for (const partial of partials) {
    const data = JSON.parse((await objects.get(partial.bucket, partial.key)).toString('utf8')) as SerializedSummarizer;
    const summarizer = Summarizer.fromJSON(data);
    if (!merged) merged = summarizer;
    else merged.merge(summarizer);
  }
  if (!merged) throw new ValidationError('no partial summaries to merge');
  return merged.finish();
}

/** StoreSummary: the summary, its columns and the drift against the prefix's previous summary. */
export async function storeSummary(repository: SummaryRepository, file: InspectedFile, summary: Summary, executionName?: string) {
  const prefix = prefixOf(file.key);
  const previous = await repository.previous(file, prefix);
  const drift = detectDrift(summary, previous?.summary ?? undefined, previous?.id ?? null);
  const stored = await repository.store({ bucket: file.bucket, key: file.key, etag: file.etag, prefix, size: file.size, executionName }, summary, drift);
  return { fileId: stored.fileId, rows: summary.rows, columns: summary.columns.length, drift: drift.flags.length };
}

/** The one-line reason of a caught error (its Cause is the Lambda error document). */
export function reasonOf(error: { Error?: string; Cause?: string }): string {
  try {
    const parsed = JSON.parse(error.Cause ?? '') as { errorMessage?: string };
    if (parsed.errorMessage) return parsed.errorMessage.split('\n')[0] ?? parsed.errorMessage;
  } catch {
    // not a Lambda error document
  }
  return (error.Cause ?? error.Error ?? 'failed').split('\n')[0] ?? 'failed';
}

/** RecordFailure: status failed with the reason, so the console and CLI show why. */
export async function recordFailure(repository: SummaryRepository, target: { bucket: string; key: string; etag: string }, error: { Error?: string; Cause?: string }, executionName?: string) {
  const reason = reasonOf(error);
  const { fileId } = await repository.recordFailure({ ...target, prefix: prefixOf(target.key), executionName }, error.Error ?? 'Error', reason);
  return { fileId, status: 'failed', error: error.Error ?? 'Error', reason };
}
