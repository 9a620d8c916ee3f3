import { mkdtemp, rm, stat, symlink } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import path from 'node:path';
import { FsObjectStore } from '../../adapters/local/fs-object-store.js';
import type { DialectOverrides } from '../../domain/csv/dialect.js';
import type { Summary } from '../../domain/csv/summary.js';
import { HISTOGRAM_BYTES } from '../../domain/csv/quantiles.js';
import { localCsvConfig, type ConfigSource, type LocalCsvConfig } from '../../shared/config.js';
import { UsageError } from '../../shared/errors.js';
import { inspect } from '../../workflows/csv/inspect-file.js';
import { summarizeObject } from '../../workflows/csv/summarize-small-file.js';
import { RangeWorkers } from './range-workers.js';
import { summarizeInRanges } from './summarize-ranges.js';

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

/** The file's folder, as the bucket of a folder object store. */
const INPUT_BUCKET = 'input';

/**
 * `fluxo summarize <file>`: the CsvSummary use cases over the file, through a folder object
 * store whose `input` bucket is the file's folder. A file below FLUXO_CSV_PARALLEL_MIN_BYTES (32 MiB) is one
 * SummarizeSmallFile; a larger one is the Map path: one nominal range per worker that finds
 * its own record boundaries, as the huge path's chunks do (PlanChunks' scan only when one does
 * not hold), the chunks' passes on this thread and on worker threads, their partials merged
 * in this process (summarize-ranges.ts), and the second pass when a sketch answered quartiles.
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
  const options = { maxRecordBytes: overrides.maxRecordBytes, histogramBytes: HISTOGRAM_BYTES };
  // This thread takes a chunk itself (one V8 isolate fewer than chunks, every core busy); the
  // workers start now, so that their start-up overlaps the inspection.
  const pool = workers > 1 ? new RangeWorkers(workers - 1, { objectsRoot: root, objectEtags: objects.etags, path: path.resolve(file), options }) : undefined;
  try {
    await symlink(path.dirname(path.resolve(file)), path.join(root, INPUT_BUCKET), 'dir');
    const sizes = { largeBytes: Number.MAX_SAFE_INTEGER };
    const inspected = await inspect(objects, { bucket: INPUT_BUCKET, key: path.basename(file), etag: '' }, sizes, { delimiter: overrides.delimiter, encoding: overrides.encoding, decimal: overrides.decimal });
    const exact = overrides.quantiles !== 'approximate';
    if (!pool) return await summarizeObject(objects, inspected, { maxRecordBytes: overrides.maxRecordBytes, exactQuartiles: exact });
    return await summarizeInRanges({ objects, path: path.resolve(file), options }, pool, inspected, workers, exact);
  } finally {
    // Every worker stops, busy ones too: none goes on writing into the folder removed next.
    await pool?.close();
    // Retried: a file written while the folder is removed makes one rmdir fail (ENOTEMPTY). Never hides the run's own error.
    await rm(root, { recursive: true, force: true, maxRetries: 5 }).catch(() => undefined);
  }
}

