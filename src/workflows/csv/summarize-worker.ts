import { createReadStream } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { summarizeStream, type ReadOptions } from '../../adapters/csv/reader.js';

/** One record-aligned byte range of a local file, summarized in a worker thread (summarize-local.ts). */
export interface RangeJob {
  path: string;
  start: number;
  end: number;
  options: ReadOptions;
}

const job = workerData as RangeJob;
try {
  const summarizer = await summarizeStream(createReadStream(job.path, { start: job.start, end: job.end, highWaterMark: 1 << 20 }), job.options);
  parentPort?.postMessage({ ok: true, partial: summarizer.toJSON() });
} catch (error) {
  parentPort?.postMessage({ ok: false, name: (error as Error).name, message: (error as Error).message });
}
