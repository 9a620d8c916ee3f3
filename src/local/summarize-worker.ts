import { parentPort, workerData } from 'node:worker_threads';
import { readRange } from '../adapters/local/file-range.js';
import { summarizeStream, type ReadOptions } from '../domain/csv/stream.js';
import { READ_CHUNK } from './summarize-file.js';

/** One record-aligned byte range of a local file, summarized in a worker thread (summarize-file.ts). */
export interface RangeJob {
  path: string;
  start: number;
  end: number;
  options: ReadOptions;
}

const job = workerData as RangeJob;
try {
  const summarizer = await summarizeStream(readRange(job.path, job.start, job.end, READ_CHUNK), job.options);
  parentPort?.postMessage({ ok: true, partial: summarizer.toJSON() });
} catch (error) {
  parentPort?.postMessage({ ok: false, name: (error as Error).name, message: (error as Error).message });
}
