import path from 'node:path';
import { blocksInOrder, inOrder, readObjectRange } from './read-ahead.js';
import type * as z from '../../shared/zod.js';
import type { chunk, inspectedFile, workObject } from './schemas.js';
import { RecordSplitter } from '../../domain/csv/split.js';
import { afterFirstLineEnd } from '../../domain/csv/records.js';
import { MAX_COLUMNS } from '../../domain/csv/tokenizer.js';
import { MalformedCsv, refineStream, summarizeStream, type ReadOptions } from '../../domain/csv/stream.js';
import { planRefinement, RefinePass, refinePlanSchema, withExactQuartiles, type SerializedRefinePass } from '../../domain/csv/refine.js';
import { RANGE_EXACT_VALUES_BUDGET } from '../../domain/csv/column.js';
import { detectDrift } from '../../domain/csv/drift.js';
import { sniff, SNIFF_BYTES } from '../../domain/csv/sniff.js';
import { Summarizer, type SerializedSummarizer, type Summary } from '../../domain/csv/summary.js';
import { ConfigError, ValidationError } from '../../shared/errors.js';
import type { ObjectStore } from '../../ports/object-store.js';
import type { SummaryRepository } from '../../ports/summary-repository.js';

/** What InspectFile learns, and every later state reads. */
export type InspectedFile = z.infer<typeof inspectedFile>;

export type Chunk = z.infer<typeof chunk>;

export type WorkObject = z.infer<typeof workObject>;

export const prefixOf = (key: string): string => (key.includes('/') ? path.posix.dirname(key) : '');

/** InspectFile: size and content type, then the dialect from the first 64 KB. */
export async function inspect(objects: ObjectStore, target: { bucket: string; key: string; etag: string }, largeBytes: number, hugeBytes = Infinity): Promise<InspectedFile> {
  const info = await objects.head(target.bucket, target.key);
  const name = path.posix.basename(target.key);
  if (info.size === 0) throw new ValidationError(`${name}: line 1: empty file`);
  const sample = await readObjectRange(objects, target.bucket, target.key, 0, Math.min(SNIFF_BYTES, info.size) - 1);
  const dialect = sniff(sample, name, info.size <= SNIFF_BYTES);
  return { bucket: target.bucket, key: target.key, etag: target.etag, size: info.size, contentType: info.contentType ?? null, ...dialect, large: info.size > largeBytes, huge: info.size > hugeBytes };
}

/** SummarizeSmallFile: one streaming pass, and a second one when a sketch answered quartiles (refine.ts). */
export async function summarizeObject(objects: ObjectStore, file: InspectedFile): Promise<Summary> {
  const options = { dialect: file, file: path.posix.basename(file.key) };
  const summarizer = await summarizeStream(await objects.stream(file.bucket, file.key), options);
  const plan = planRefinement(summarizer);
  if (plan.columns.length === 0) return summarizer.finish();
  return withExactQuartiles(summarizer.finish(), await refineStream(await objects.stream(file.bucket, file.key), options, plan)).summary;
}

/**
 * PlanChunks: byte ranges of about `chunkBytes` that end on a record boundary
 * (a newline outside double quotes), found by one byte scan (of blocks read several
 * at a time: docs/performance.md).
 */
export async function planChunks(objects: ObjectStore, file: InspectedFile, chunkBytes: number): Promise<Chunk[]> {
  const splitter = new RecordSplitter(file.delimiter.charCodeAt(0), (start) => start + chunkBytes);
  for await (const block of blocksInOrder(objects, file.bucket, file.key, file.size)) splitter.push(block);
  // Before any chunk runs: a chunk past the first would report a later line for the same fault.
  if (splitter.headerFields > MAX_COLUMNS) throw new ValidationError(`${path.posix.basename(file.key)}: line 1: ${splitter.headerFields} columns (limit ${MAX_COLUMNS})`);
  return splitter.finish(file.size).map((range, index) => ({ index, ...range }));
}

/** How a byte range is read: after the first, the header comes from InspectFile. */
const chunkOptions = (file: InspectedFile, chunk: Chunk): ReadOptions => ({
  dialect: file,
  header: chunk.index === 0 ? undefined : file.header,
  file: path.posix.basename(file.key),
  firstLine: chunk.firstLine,
  exactValues: RANGE_EXACT_VALUES_BUDGET,
});

/**
 * PlanHugeChunks: the same record-aligned ranges, written as a JSON manifest to the work
 * bucket for the Distributed Map's ItemReader (a chunk list of a 100 GB file would not fit
 * the 256 KB state payload), with the concurrency the Map should use.
 */
export async function planManifest(objects: ObjectStore, file: InspectedFile, chunkBytes: number, workBucket: string | undefined, executionName: string, maxConcurrency: number): Promise<HugePlan> {
  if (!workBucket) throw new ConfigError(['CSV_WORK_BUCKET']);
  const chunks = await planChunks(objects, file, chunkBytes);
  const manifest = { bucket: workBucket, key: `manifests/${executionName}/chunks-exact.json` };
  await objects.put(manifest.bucket, manifest.key, JSON.stringify(chunks), 'application/json');
  return { manifest, chunks: chunks.length, maxConcurrency, speculative: false };
}

/** What PlanHugeChunks hands the Distributed Map. */
export interface HugePlan {
  manifest: WorkObject;
  chunks: number;
  maxConcurrency: number;
  /** Nominal ranges whose boundaries each chunk finds and checks; false: ranges from a scan. */
  speculative: boolean;
}

/**
 * PlanHugeChunks, first try: nominal byte ranges of `chunkBytes`, with no read of the file
 * (a 100 GB file is planned in milliseconds instead of a 19-minute scan). Each chunk task
 * finds its own record boundaries and checks them (summarizeChunk); when one does not
 * hold (a quoted field with a newline across a boundary), MergeHugePartials says so and
 * the machine plans again with the scan (planManifest).
 */
export async function planSpeculativeManifest(objects: ObjectStore, file: InspectedFile, chunkBytes: number, workBucket: string | undefined, executionName: string, maxConcurrency: number): Promise<HugePlan> {
  if (!workBucket) throw new ConfigError(['CSV_WORK_BUCKET']);
  const chunks: Chunk[] = [];
  // Inclusive ends, as every byte range here (HTTP Range semantics).
  for (let start = 0, index = 0; start < file.size || index === 0; start += chunkBytes, index += 1) chunks.push({ index, start, end: Math.min(start + chunkBytes, file.size) - 1, speculative: true });
  const manifest = { bucket: workBucket, key: `manifests/${executionName}/chunks.json` };
  await objects.put(manifest.bucket, manifest.key, JSON.stringify(chunks), 'application/json');
  return { manifest, chunks: chunks.length, maxConcurrency, speculative: true };
}

/** What a Distributed Map's children left: their partials, and the chunks whose speculative boundaries did not hold. */
export async function partialsOfMapRun(objects: ObjectStore, resultWriter: { Bucket: string; Key: string }): Promise<{ partials: WorkObject[]; mismatched: number[] }> {
  const manifest = await readJson<{ ResultFiles: { SUCCEEDED?: { Key: string }[]; FAILED?: { Key: string }[] } }>(objects, { bucket: resultWriter.Bucket, key: resultWriter.Key });
  if (manifest.ResultFiles.FAILED?.length) throw new ValidationError('the map run has failed chunks: their partials are missing');
  const partials: WorkObject[] = [];
  const mismatched: number[] = [];
  for (const file of manifest.ResultFiles.SUCCEEDED ?? []) {
    const results = await readJson<{ Output: string }[]>(objects, { bucket: resultWriter.Bucket, key: file.Key });
    for (const result of results) {
      const output = JSON.parse(result.Output) as WorkObject | { mismatch: true; index: number };
      if ('mismatch' in output) mismatched.push(output.index);
      else partials.push(output);
    }
  }
  // Children finish in any order: merge in file order, as the inline Map does.
  return { partials: partials.sort((a, b) => a.key.localeCompare(b.key)), mismatched: mismatched.sort((a, b) => a - b) };
}

/** Where the record after `offset` starts, by the raw rule a speculative chunk uses (afterFirstLineEnd, records.ts), from `offset - 1`. */
async function recordStartFrom(objects: ObjectStore, file: InspectedFile, offset: number): Promise<number> {
  const window = 64 * 1024;
  for (let from = offset - 1; from < file.size; from += window) {
    // One byte past the window: a CR at its end may be the first half of a CRLF.
    const last = Math.min(from + window + 1, file.size);
    const bytes = await readObjectRange(objects, file.bucket, file.key, from, last - 1);
    const next = afterFirstLineEnd(bytes, 0, last === file.size);
    if (next >= 0) return from + next;
  }
  return file.size;
}

/** SummarizeChunk: one byte range planned by a scan; the partial goes to the work bucket (it can exceed 256 KB). */
export async function summarizeChunk(objects: ObjectStore, file: InspectedFile, chunk: Chunk, workBucket: string | undefined, executionName: string): Promise<{ bucket: string; key: string; rows: number }> {
  if (!workBucket) throw new ConfigError(['CSV_WORK_BUCKET']);
  const summarizer = await summarizeStream(await objects.stream(file.bucket, file.key, { start: chunk.start, end: chunk.end }), chunkOptions(file, chunk));
  return savePartial(objects, summarizer, chunk, workBucket, executionName);
}

async function savePartial(objects: ObjectStore, summarizer: Summarizer, chunk: Chunk, workBucket: string, executionName: string): Promise<{ bucket: string; key: string; rows: number }> {
  const key = `partials/${executionName}/${String(chunk.index).padStart(5, '0')}.json`;
  await objects.put(workBucket, key, JSON.stringify(summarizer.toJSON()), 'application/json');
  return { bucket: workBucket, key, rows: summarizer.rows };
}

/**
 * SummarizeHugeChunk of a speculative chunk: it reads from the record start after its
 * nominal start up to the one after its nominal end, by the same rule its neighbour uses,
 * so the ranges tile the file. Its own parse then checks its end: a range that ends inside
 * a quoted field (or does not parse) answers `{mismatch}` instead of a partial. Chunk 0
 * starts at the true start, so if no chunk answers mismatch, every boundary was a true
 * record boundary (by induction on the chunks).
 */
export async function summarizeSpeculativeChunk(objects: ObjectStore, file: InspectedFile, chunk: Chunk, workBucket: string | undefined, executionName: string): Promise<{ bucket: string; key: string; rows: number } | { mismatch: true; index: number }> {
  if (!workBucket) throw new ConfigError(['CSV_WORK_BUCKET']);
  const start = chunk.index === 0 ? 0 : await recordStartFrom(objects, file, chunk.start);
  const next = chunk.end + 1 >= file.size ? file.size : await recordStartFrom(objects, file, chunk.end + 1);
  // No record starts in this range (one record longer than a chunk): an empty partial.
  if (next <= start) return savePartial(objects, new Summarizer(file.header, file, RANGE_EXACT_VALUES_BUDGET), chunk, workBucket, executionName);
  try {
    const summarizer = await summarizeStream(await objects.stream(file.bucket, file.key, { start, end: next - 1 }), chunkOptions(file, chunk));
    return await savePartial(objects, summarizer, chunk, workBucket, executionName);
  } catch (error) {
    if (error instanceof MalformedCsv) return { mismatch: true, index: chunk.index };
    throw error;
  }
}

const readJson = async <T>(objects: ObjectStore, at: WorkObject): Promise<T> => JSON.parse((await objects.get(at.bucket, at.key)).toString('utf8')) as T;

/** GETs in flight while merging: many small reads are bound by S3's per-request latency, not bandwidth. */
export const MERGE_READ_AHEAD = 16;

/** The JSON objects at `refs`, in order, read `MERGE_READ_AHEAD` ahead of the fold. */
const readAhead = <T>(objects: ObjectStore, refs: WorkObject[]): AsyncGenerator<T> => inOrder(refs.length, (index) => readJson<T>(objects, refs[index] as WorkObject), MERGE_READ_AHEAD);

/**
 * MergePartials: Chan/Welford for moments, sketches for the rest. When a sketch answered
 * some quartiles and the file is at most `exactMaxBytes`, the plan of a second pass
 * (RefineChunks) goes to the work bucket and `refine` names it; otherwise `refine` is null.
 */
export async function mergePartials(objects: ObjectStore, partials: WorkObject[], refine: { file: InspectedFile; exactMaxBytes: number; executionName: string }): Promise<{ summary: Summary; refine: WorkObject | null }> {
  let merged: Summarizer | undefined;
  for await (const serialized of readAhead<SerializedSummarizer>(objects, partials)) {
    const summarizer = Summarizer.fromJSON(serialized);
    if (!merged) merged = summarizer;
    else merged.merge(summarizer);
  }
  if (!merged) throw new ValidationError('no partial summaries to merge');
  const summary = merged.finish();
  const plan = planRefinement(merged);
  if (plan.columns.length === 0 || refine.file.size > refine.exactMaxBytes) return { summary, refine: null };
  const at = { bucket: (partials[0] as WorkObject).bucket, key: `refine/${refine.executionName}/plan.json` };
  await objects.put(at.bucket, at.key, JSON.stringify(plan), 'application/json');
  return { summary, refine: at };
}

/** RefineChunk: the second pass over one byte range; values kept near the quartiles go to the work bucket. */
export async function refineChunk(objects: ObjectStore, file: InspectedFile, chunk: Chunk, planAt: WorkObject, executionName: string): Promise<WorkObject> {
  const plan = refinePlanSchema.parse(await readJson<unknown>(objects, planAt));
  const pass = await refineStream(await objects.stream(file.bucket, file.key, { start: chunk.start, end: chunk.end }), chunkOptions(file, chunk), plan);
  const key = `refine/${executionName}/${String(chunk.index).padStart(5, '0')}.json`;
  await objects.put(planAt.bucket, key, JSON.stringify(pass.toJSON()), 'application/json');
  return { bucket: planAt.bucket, key };
}

/** ExactQuartiles: the chunks' second passes merged, the needed ranks selected, written into the summary. */
export async function exactQuartiles(objects: ObjectStore, summary: Summary, planAt: WorkObject, refined: WorkObject[]): Promise<Summary> {
  const plan = refinePlanSchema.parse(await readJson<unknown>(objects, planAt));
  let merged: RefinePass | undefined;
  for await (const serialized of readAhead<SerializedRefinePass>(objects, refined)) {
    const pass = RefinePass.fromJSON(plan, serialized);
    if (!merged) merged = pass;
    else merged.merge(pass);
  }
  if (!merged) throw new ValidationError('no second-pass results to merge');
  return withExactQuartiles(summary, merged).summary;
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
