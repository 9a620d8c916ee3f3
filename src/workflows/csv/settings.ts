import { requireKeys, type BaseConfig } from '../../shared/config.js';
import { csvConfig } from '../../shared/settings/csv.js';

/** The CsvSummary use cases' settings, read from config once, when a handler is built. */
export interface CsvSettings {
  /** Above this size the inline Map path (CSV_LARGE_BYTES). */
  largeBytes: number;
  /** Above this size the Distributed Map path (CSV_HUGE_BYTES). */
  hugeBytes: number;
  /** Chunk size of the inline Map (CSV_CHUNK_BYTES). */
  chunkBytes: number;
  /** Chunk size of the Distributed Map (CSV_HUGE_CHUNK_BYTES). */
  hugeChunkBytes: number;
  /** Child executions at once on the Distributed Map (CSV_MAP_MAX_CONCURRENCY). */
  mapMaxConcurrency: number;
  /** Up to this size a second pass makes sketched quartiles exact (CSV_EXACT_QUARTILES_MAX_BYTES). */
  exactQuartilesMaxBytes: number;
  /** Up to this size the huge path runs a second Distributed Map for exact quartiles (CSV_HUGE_EXACT_QUARTILES_MAX_BYTES). */
  hugeExactQuartilesMaxBytes: number;
  /** Records longer than this are refused (CSV_MAX_RECORD_BYTES). */
  maxRecordBytes: number;
  /** Bytes of exact-quartile histograms a chunk keeps (CSV_CHUNK_HISTOGRAM_BYTES). */
  chunkHistogramBytes: number;
  /** Partials, refine passes and manifests (CSV_WORK_BUCKET; work-keys.ts names the prefixes). */
  workBucket: string;
}

/** What a chunk's function says when it runs out of its Lambda timeout (a wide file's chunk costs more per byte). */
export const CHUNK_TIMEOUT_ADVICE = 'its chunk was too much for one invocation: lower CSV_CHUNK_BYTES (files under CSV_HUGE_BYTES) or CSV_HUGE_CHUNK_BYTES (larger files) to split files into smaller chunks';
/** What SummarizeSmallFile says when it runs out of its Lambda timeout. */
export const SMALL_FILE_TIMEOUT_ADVICE = 'the file was too much for one invocation: lower CSV_LARGE_BYTES so that files this size are split into chunks';

/**
 * CsvSettings from the validated config. A missing CSV_WORK_BUCKET is a ConfigError here,
 * when the function is composed (its first invocation on AWS, the stack's start locally),
 * not in every use case at every call.
 */
export function csvSettings(config: BaseConfig): CsvSettings {
  const { CSV_WORK_BUCKET: workBucket } = requireKeys({ CSV_WORK_BUCKET: config.CSV_WORK_BUCKET }, csvConfig.where(''));
  return {
    largeBytes: config.CSV_LARGE_BYTES,
    hugeBytes: config.CSV_HUGE_BYTES,
    chunkBytes: config.CSV_CHUNK_BYTES,
    hugeChunkBytes: config.CSV_HUGE_CHUNK_BYTES,
    mapMaxConcurrency: config.CSV_MAP_MAX_CONCURRENCY,
    exactQuartilesMaxBytes: config.CSV_EXACT_QUARTILES_MAX_BYTES,
    hugeExactQuartilesMaxBytes: config.CSV_HUGE_EXACT_QUARTILES_MAX_BYTES,
    maxRecordBytes: config.CSV_MAX_RECORD_BYTES,
    chunkHistogramBytes: config.CSV_CHUNK_HISTOGRAM_BYTES,
    workBucket,
  };
}
