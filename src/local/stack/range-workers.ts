import { Worker, type ResourceLimits } from 'node:worker_threads';
import { ValidationError } from '../../shared/errors.js';
import { workerEntry } from '../runtime/worker-entry.js';
import type { RangeAnswer, RangeRequest } from './range-passes.js';
import type { RangeWorkerData } from './range-worker.js';

/**
 * V8 limits of a range worker: a small young generation. A range's garbage is short-lived,
 * and V8's default lets each thread's grow to ~50 MB of resident memory, kept after the task
 * (measured: `fluxo summarize` 180 -> 164 MB on 60 MB, the same CPU time; docs/performance.md).
 */
export const RANGE_WORKER_LIMITS: ResourceLimits = { maxYoungGenerationSizeMb: 6 };

/** An error a range worker answered with, its class kept: a ValidationError is one line and exit 2. */
function rethrown(answer: { name: string; message: string }): Error {
  if (answer.name === 'ValidationError') return new ValidationError(answer.message);
  const error = new Error(answer.message);
  error.name = answer.name;
  return error;
}

/**
 * The worker threads of `fluxo summarize` (range-worker.ts), started at once so that their
 * start-up overlaps the inspection of the file; each answers one request at a time.
 */
export class RangeWorkers {
  private workers: Worker[] = [];
  private queues: Promise<unknown>[] = [];

  constructor(
    private readonly count: number,
    private readonly data: RangeWorkerData,
  ) {
    this.start();
  }

  private start(): void {
    this.workers = Array.from({ length: this.count }, () => new Worker(workerEntry(import.meta.url, 'range-worker'), { workerData: this.data, resourceLimits: RANGE_WORKER_LIMITS }));
    this.queues = this.workers.map(() => Promise.resolve());
  }

  /** Ends the threads now, their heaps given back before the merge; a later run() starts them again (a second pass). */
  async stop(): Promise<void> {
    const workers = this.workers.splice(0);
    this.queues = [];
    await Promise.all(workers.map((worker) => worker.terminate()));
  }

  /** `request` on worker `index`, after what that worker was asked before. */
  run(index: number, request: RangeRequest): Promise<Exclude<RangeAnswer, { ok: false }>> {
    if (this.workers.length === 0) this.start();
    const worker = this.workers[index % this.workers.length] as Worker;
    const call = (this.queues[index % this.queues.length] as Promise<unknown>).catch(() => undefined).then(() => this.ask(worker, request));
    this.queues[index % this.queues.length] = call;
    return call;
  }

  close(): Promise<void> {
    return this.stop();
  }

  private ask(worker: Worker, request: RangeRequest): Promise<Exclude<RangeAnswer, { ok: false }>> {
    return new Promise((resolve, reject) => {
      const done = (): void => {
        worker.off('message', onMessage);
        worker.off('error', onError);
        worker.off('exit', onExit);
      };
      const onMessage = (answer: RangeAnswer): void => {
        done();
        if (answer.ok) resolve(answer);
        else reject(rethrown(answer));
      };
      const onError = (error: Error): void => {
        done();
        reject(new Error(`summarize: a worker thread failed: ${error.message}`));
      };
      const onExit = (code: number): void => {
        done();
        reject(new Error(`summarize: a worker thread stopped (exit code ${code})`));
      };
      worker.on('message', onMessage);
      worker.once('error', onError);
      worker.once('exit', onExit);
      worker.postMessage(request);
    });
  }
}
