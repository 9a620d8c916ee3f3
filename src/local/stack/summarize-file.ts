import { mkdtemp, rm, stat, symlink } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import path from 'node:path';
import { FsObjectStore } from '../../adapters/local/fs-object-store.js';
import type { DialectOverrides } from '../../domain/csv/dialect.js';
import type { Summary } from '../../domain/csv/summary.js';
import { HISTOGRAM_BYTES } from '../../domain/csv/quantiles.js';
import { baseConfigSchema, localCsvConfig, parseConfig, type ConfigSource, type LocalCsvConfig } from '../../shared/config.js';
import { UsageError, ValidationError } from '../../shared/errors.js';
import { exactQuartiles } from '../../workflows/csv/exact-quartiles.js';
import { inspect } from '../../workflows/csv/inspect-file.js';
import { mergePartials } from '../../workflows/csv/merge-partials.js';
import { planChunks, speculativeChunks } from '../../workflows/csv/plan-chunks.js';
import type { Chunk, InspectedFile, WorkObject } from '../../workflows/csv/schemas.js';
import { unitBytes } from '../../workflows/csv/source.js';
import { summarizeObject } from '../../workflows/csv/summarize-small-file.js';
import { CHUNK_WORKER_LIMITS, FunctionWorkers } from '../runtime/function-workers.js';
import { WorkerHandlers } from '../runtime/worker-handlers.js';

export interface SummarizeOptions extends DialectOverrides {
  /** Records longer than this are refused (default CSV_MAX_RECORD_BYTES, 64 MB). */
  maxRecordBytes?: number;
  /** `approximate` skips the second pass that makes sketched quartiles exact. */
  quantiles?: 'exact' | 'approximate';
}

/** Worker threads for a file of `size`: one per core up to 8 (FLUXO_CSV_WORKERS to change; 1 turns it off). */
function workerCount(size: number, settings: LocalCsvConfig): number {
  if (size < settings.FLUXO_CSV_PARALLEL_MIN_BYTES) return 1;
  return Math.max(1, Math.min(8, settings.FLUXO_CSV_WORKERS ?? availableParallelism()));
}

/** The file's folder, as the bucket of a folder object store; the store's other bucket holds the work objects. */
const INPUT_BUCKET = 'input';
const WORK_BUCKET = 'work';

/**
 * `fluxo summarize <file>`: the CsvSummary use cases over the file, through a folder object
 * store whose `input` bucket is the file's folder. A file below FLUXO_CSV_PARALLEL_MIN_BYTES (32 MiB) is one
 * SummarizeSmallFile; a larger one is the Map path: one nominal range per worker that finds
 * its own record boundaries, as the huge path's chunks do (PlanChunks' scan only when one does
 * not hold), SummarizeChunk on the engine's function worker pool, MergePartials, and
 * RefineChunk / ExactQuartiles when a sketch answered quartiles.
 */
export async function summarizeLocalFile(file: string, overrides: SummarizeOptions = {}, env: ConfigSource = process.env): Promise<Summary> {
  // Validated before any work: a bad FLUXO_CSV_WORKERS is one line, whatever the file's size.
  const settings = localCsvConfig(env);
  const info = await stat(file).catch(() => {
    throw new UsageError(`${file}: no such file`);
  });
  if (!info.isFile()) throw new UsageError(`${file}: not a file`);
  const root = await mkdtemp(path.join(tmpdir(), 'fluxo-summarize-'));
  // Read by this process only: the file's ETag need not be its MD5 (a whole read before any work).
  const objects = new FsObjectStore(root, 'version');
  const workers = workerCount(info.size, settings);
  // Each range keeps what one pass over a whole file would (histograms carried in its partial):
  // decimal columns of a bounded range need no second pass.
  const config = parseConfig(baseConfigSchema, { CSV_WORK_BUCKET: WORK_BUCKET, CSV_MAX_RECORD_BYTES: overrides.maxRecordBytes === undefined ? undefined : String(overrides.maxRecordBytes), CSV_CHUNK_HISTOGRAM_BYTES: String(HISTOGRAM_BYTES) });
  const data = { objectsRoot: root, objectEtags: objects.etags, config, logLevel: 'silent' };
  // This thread takes a chunk itself: one V8 isolate fewer than chunks, every core busy. The
  // workers start now, so that their start-up overlaps the inspection.
  const pool = workers > 1 ? new FunctionWorkers(data, workers - 1, CHUNK_WORKER_LIMITS) : undefined;
  pool?.warm(['csv_summarize_chunk']);
  try {
    await symlink(path.dirname(path.resolve(file)), path.join(root, INPUT_BUCKET), 'dir');
    const sizes = { largeBytes: Number.MAX_SAFE_INTEGER };
    const inspected = await inspect(objects, { bucket: INPUT_BUCKET, key: path.basename(file), etag: '' }, sizes, { delimiter: overrides.delimiter, encoding: overrides.encoding, decimal: overrides.decimal });
    const exact = overrides.quantiles !== 'approximate';
    if (!pool) return await summarizeObject(objects, inspected, { maxRecordBytes: overrides.maxRecordBytes, exactQuartiles: exact });
    return await summarizeInChunks(objects, { pool, here: new WorkerHandlers(data) }, inspected, workers, exact);
  } catch (error) {
    // No chunk may go on writing into the folder being removed (a timed-out one would).
    await pool?.terminate();
    throw error;
  } finally {
    await pool?.close();
    // Retried: a file written while the folder is removed makes one rmdir fail (ENOTEMPTY). Never hides the run's own error.
    await rm(root, { recursive: true, force: true, maxRetries: 5 }).catch(() => undefined);
  }
}

/** A ValidationError a worker threw keeps its class here (exit code 2, one line). */
/** The worker pool, and the same functions built in this thread (which takes the first chunk itself). */
interface Runners {
  pool: FunctionWorkers;
  here: WorkerHandlers;
}

async function invoke<T>(runners: Runners, name: 'csv_summarize_chunk' | 'csv_refine_chunk', event: object, here: boolean): Promise<T> {
  try {
    return (await (here ? runners.here.invoke(name, event) : runners.pool.invoke(name, event))) as T;
  } catch (error) {
    if ((error as Error).name === 'ValidationError') throw new ValidationError((error as Error).message);
    throw error;
  }
}

/** Every chunk's answer; when some fail, the first chunk's fault in file order (the earliest line), not the first to arrive. */
async function inChunkOrder<T>(calls: Promise<T>[]): Promise<T[]> {
  const settled = await Promise.allSettled(calls);
  const failed = settled.find((result) => result.status === 'rejected');
  if (failed) throw failed.reason;
  return settled.map((result) => (result as PromiseFulfilledResult<T>).value);
}

/**
 * What this thread reads ahead of the worker threads while they start (a Node thread and its
 * modules: 0.2-0.35 s measured, at ~40 MB/s a thread on this text-heavy file), so that all
 * ranges end together: each worker otherwise finished its range last and this thread waited.
 */
const HEAD_START_BYTES = 8 * 1024 * 1024;

/** Nominal ranges, one per thread: this thread's (the first) HEAD_START_BYTES longer (at most a quarter of a share), the rest alike. */
function workerRanges(file: InspectedFile, workers: number): Chunk[] {
  const unit = unitBytes(file);
  const share = Math.ceil(file.size / workers);
  const first = Math.min(file.size, Math.ceil((share + Math.min(HEAD_START_BYTES, Math.floor(share / 4))) / unit) * unit);
  const rest = speculativeChunks(file.size - first, Math.ceil((file.size - first) / (workers - 1)), unit);
  return [{ index: 0, start: 0, end: first - 1, speculative: true }, ...rest.map((chunk) => ({ ...chunk, index: chunk.index + 1, start: chunk.start + first, end: chunk.end + first }))];
}

/**
 * The chunks' partials: first over nominal ranges that find their own record boundaries (no
 * scan of the file before the work starts); when one does not hold (a quoted line end at a
 * boundary, or a malformed file), again over ranges a scan found (errors then name true lines).
 */
async function summarizeChunks(objects: FsObjectStore, runners: Runners, file: InspectedFile, workers: number): Promise<{ chunks: Chunk[]; partials: WorkObject[] }> {
  const executionName = 'summarize';
  const run = (chunks: Chunk[]) => inChunkOrder(chunks.map((chunk) => invoke<WorkObject | { mismatch: true }>(runners, 'csv_summarize_chunk', { file, chunk, executionName }, chunk.index === 0)));
  const chunkBytes = Math.ceil(file.size / workers);
  const nominal = workerRanges(file, workers);
  const answers = await run(nominal);
  if (answers.every((answer) => !('mismatch' in answer))) return { chunks: nominal, partials: answers as WorkObject[] };
  // A local disk needs no S3-sized read-ahead (6 x 8 MB blocks would double the peak RSS).
  const chunks: Chunk[] = await planChunks(objects, file, chunkBytes, { blockBytes: 1024 * 1024, inFlight: 2 });
  return { chunks, partials: (await run(chunks)) as WorkObject[] };
}

async function summarizeInChunks(objects: FsObjectStore, runners: Runners, file: InspectedFile, workers: number, exact: boolean): Promise<Summary> {
  const executionName = 'summarize';
  const { chunks, partials } = await summarizeChunks(objects, runners, file, workers);
  const merged = await mergePartials(objects, partials, { file, exactMaxBytes: exact ? Number.MAX_SAFE_INTEGER : -1, executionName });
  if (merged.summary.columns.length === 0) throw new ValidationError(`${path.basename(file.key)}: line 1: no header`);
  const plan = merged.refine;
  if (!plan) return merged.summary;
  const refined = await inChunkOrder(chunks.map((chunk) => invoke<WorkObject>(runners, 'csv_refine_chunk', { file, chunk, plan, executionName }, chunk.index === 0)));
  return exactQuartiles(objects, merged.summary, plan, refined);
}
