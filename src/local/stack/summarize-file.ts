import { mkdtemp, rm, stat, symlink } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import path from 'node:path';
import { FsObjectStore } from '../../adapters/local/fs-object-store.js';
import { sampleRows, SNIFF_BYTES, type Encoding, type SniffResult } from '../../domain/csv/sniff.js';
import type { Summary } from '../../domain/csv/summary.js';
import { HISTOGRAM_BYTES } from '../../domain/csv/quantiles.js';
import type { Decimal } from '../../domain/csv/values.js';
import { localCsvConfig, type ConfigSource, type LocalCsvConfig } from '../../shared/config.js';
import { UsageError } from '../../shared/errors.js';
import { inspect } from '../../workflows/csv/inspect-file.js';
import type { InspectedFile } from '../../workflows/csv/schemas.js';
import { readSample } from '../../workflows/csv/source.js';
import { summarizeObject } from '../../workflows/csv/summarize-small-file.js';
import { RangeWorkers } from './range-workers.js';
import { summarizeInRanges } from './summarize-ranges.js';

export interface DialectOverrides {
  delimiter?: string;
  encoding?: string;
  decimal?: string;
  /** Records longer than this are refused (default CSV_MAX_RECORD_BYTES, 64 MB). */
  maxRecordBytes?: number;
  /** `approximate` skips the second pass that makes sketched quartiles exact. */
  quantiles?: 'exact' | 'approximate';
}

const ENCODINGS: Record<string, Encoding> = {
  'utf-8': 'utf-8',
  utf8: 'utf-8',
  'utf-8-bom': 'utf-8-bom',
  'utf-8-sig': 'utf-8-bom',
  latin1: 'latin1',
  'latin-1': 'latin1',
  'iso-8859-1': 'latin1',
  'windows-1252': 'windows-1252',
  cp1252: 'windows-1252',
  // utf-16 as Python reads it: the byte order of the BOM, else little-endian (applyOverrides).
  'utf-16': 'utf-16le',
  utf16: 'utf-16le',
  'utf-16le': 'utf-16le',
  utf16le: 'utf-16le',
  'utf-16be': 'utf-16be',
  utf16be: 'utf-16be',
};

/** Applies the user's `--delimiter/--encoding/--decimal` on top of what was sniffed. */
export function applyOverrides<T extends SniffResult>(sniffed: T, overrides: DialectOverrides): T {
  const result = { ...sniffed };
  if (overrides.delimiter !== undefined) {
    const delimiter = overrides.delimiter === '\\t' || overrides.delimiter === 'tab' ? '\t' : overrides.delimiter;
    if (delimiter.length !== 1) throw new UsageError(`--delimiter must be one character, got ${JSON.stringify(overrides.delimiter)}`);
    result.delimiter = delimiter;
  }
  if (overrides.encoding !== undefined) {
    const encoding = ENCODINGS[overrides.encoding.toLowerCase()];
    if (!encoding) throw new UsageError(`--encoding must be one of utf-8, utf-8-bom, windows-1252, latin1, utf-16le, utf-16be`);
    // `utf-16` (no byte order named) keeps the order a BOM gave.
    result.encoding = encoding === 'utf-16le' && /^utf-?16$/i.test(overrides.encoding) && sniffed.encoding === 'utf-16be' ? 'utf-16be' : encoding;
  }
  if (overrides.decimal !== undefined) {
    if (overrides.decimal !== '.' && overrides.decimal !== ',') throw new UsageError('--decimal must be . or ,');
    result.decimal = overrides.decimal as Decimal;
  }
  return result;
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
export async function summarizeLocalFile(file: string, overrides: DialectOverrides = {}, env: ConfigSource = process.env): Promise<Summary> {
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
    const inspected = await withOverrides(objects, await inspect(objects, { bucket: INPUT_BUCKET, key: path.basename(file), etag: '' }, sizes), overrides);
    const exact = overrides.quantiles !== 'approximate';
    if (!pool) return await summarizeObject(objects, inspected, { maxRecordBytes: overrides.maxRecordBytes, exactQuartiles: exact });
    return await summarizeInRanges({ objects, path: path.resolve(file), options }, pool, inspected, workers, exact);
  } finally {
    await pool?.close();
    await rm(root, { recursive: true, force: true });
  }
}

/** The dialect the user forced, and the header read again with it (the sniffed one was split by another delimiter). */
async function withOverrides(objects: FsObjectStore, file: InspectedFile, overrides: DialectOverrides): Promise<InspectedFile> {
  if (overrides.delimiter === undefined && overrides.encoding === undefined && overrides.decimal === undefined) return file;
  const forced = applyOverrides(file, overrides);
  const { sample } = await readSample(objects, file, forced.encoding);
  return { ...forced, header: (sampleRows(sample, forced.encoding, forced.delimiter, 1, file.size <= SNIFF_BYTES)[0] ?? []).map((name) => name.trim()) };
}

