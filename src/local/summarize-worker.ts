import { parentPort, workerData } from 'node:worker_threads';
import { readRange } from '../adapters/local/file-range.js';
import type { RefinePlan, SerializedRefinePass } from '../domain/csv/refine.js';
import { refineStream, summarizeStream, type ReadOptions } from '../domain/csv/stream.js';
import type { SerializedSummarizer } from '../domain/csv/summary.js';
import { READ_CHUNK } from './summarize-file.js';

/** One record-aligned byte range of a local file, summarized in a worker thread (summarize-file.ts). */
export interface RangeJob {
  path: string;
  start: number;
  end: number;
  options: ReadOptions;
  /** The second pass (exact quartiles) instead of the first. */
  refine?: RefinePlan;
}

/** What a worker posts back: its partial summary, or its part of the second pass. */
export type WorkerAnswer = { ok: true; partial?: SerializedSummarizer; refined?: SerializedRefinePass };

const job = workerData as RangeJob;
try {
  const stream = readRange(job.path, job.start, job.end, READ_CHUNK);
  const answer: WorkerAnswer = job.refine ? { ok: true, refined: (await refineStream(stream, job.options, job.refine)).toJSON() } : { ok: true, partial: (await summarizeStream(stream, job.options)).toJSON() };
  parentPort?.postMessage(answer);
} catch (error) {
  parentPort?.postMessage({ ok: false, name: (error as Error).name, message: (error as Error).message });
}
