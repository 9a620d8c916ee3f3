import { availableParallelism } from 'node:os';
import { Worker, type ResourceLimits } from 'node:worker_threads';
import { cpuBoundFunctions, type FunctionName } from '../../handlers/manifest.js';
import type { EtagKind } from '../../adapters/local/fs-object-store.js';
import type { BaseConfig } from '../../shared/config.js';
import { workerEntry } from './worker-entry.js';

/** What a function worker starts with: the object store's folder (and its ETags: md5 unless said), the stack's config and its log level (lines go to stderr). */
export interface FunctionWorkerData {
  objectsRoot: string;
  objectEtags?: EtagKind;
  config: BaseConfig;
  logLevel: string;
}

export type FunctionWorkerRequest = { name: FunctionName; event: unknown };
/** Load these functions' modules now, answer nothing (see FunctionWorkers.warm). */
export type FunctionWorkerPreload = { preload: FunctionName[] };
export type FunctionWorkerAnswer = { ok: true; result: unknown } | { ok: false; name: string; message: string };

/** An error a handler threw in a worker, with its name kept (what a Retry or Catch matches). */
class WorkerHandlerError extends Error {
  constructor(name: string, message: string) {
    super(message);
    this.name = name;
  }
}

/**
 * V8 limits of the CSV chunk workers: a small young generation. A range's garbage is short-lived,
 * and V8's default lets each thread's grow to ~50 MB of resident memory, kept after the task
 * (measured: `fluxo summarize` 180 -> 164 MB on 60 MB, the same CPU time; docs/performance.md).
 */
export const CHUNK_WORKER_LIMITS: ResourceLimits = { maxYoungGenerationSizeMb: 6 };

/**
 * A pool of long-lived worker threads (function-worker.ts) for the functions the manifest
 * marks `cpuBound`: their work is parsing bytes and they need nothing but the object
 * store, so a Map or a Distributed Map of chunks uses every core as Lambda's parallel
 * invocations would. Everything else runs in the main thread, beside the database and
 * the engine.
 */
export class FunctionWorkers {
  private readonly idle: Worker[] = [];
  private readonly busy = new Set<Worker>();
  private readonly waiting: ((worker: Worker) => void)[] = [];
  private started = 0;
  private closed = false;
  /** Calls answered by a worker thread so far. */
  invocations = 0;

  constructor(
    private readonly data: FunctionWorkerData,
    readonly size = availableParallelism(),
    /** V8 limits of each worker thread (a small young generation keeps short-lived garbage from growing the RSS). */
    private readonly resourceLimits?: ResourceLimits,
  ) {}

  handles(name: string): name is FunctionName {
    return !this.closed && (cpuBoundFunctions as readonly string[]).includes(name);
  }

  async invoke(name: FunctionName, event: unknown): Promise<unknown> {
    const worker = await this.acquire();
    this.busy.add(worker);
    worker.ref(); // a call in flight keeps the process alive; an idle worker does not
    this.invocations += 1;
    let healthy = true;
    try {
      return await new Promise<unknown>((resolve, reject) => {
        const done = (): void => {
          worker.off('message', onMessage);
          worker.off('error', onError);
          worker.off('exit', onExit);
        };
        const onMessage = (answer: FunctionWorkerAnswer): void => {
          done();
          if (answer.ok) resolve(answer.result);
          else reject(new WorkerHandlerError(answer.name, answer.message));
        };
        const onError = (error: Error): void => {
          done();
          healthy = false;
          reject(new Error(`${name}: its worker thread failed: ${error.message}`));
        };
        const onExit = (code: number): void => {
          done();
          healthy = false;
          reject(new Error(`${name}: its worker thread stopped (exit code ${code})`));
        };
        worker.on('message', onMessage);
        worker.once('error', onError);
        worker.once('exit', onExit);
        worker.postMessage({ name, event } satisfies FunctionWorkerRequest);
      });
    } finally {
      this.busy.delete(worker);
      this.release(worker, healthy);
    }
  }

  /**
   * Starts every worker now, each loading `functions`' modules, so that their start-up
   * (a Node thread, the modules) overlaps the caller's own work before the first call.
   */
  warm(functions: FunctionName[]): void {
    while (!this.closed && this.started < this.size) {
      this.started += 1;
      const worker = this.spawn();
      worker.postMessage({ preload: functions } satisfies FunctionWorkerPreload);
      worker.unref();
      this.idle.push(worker);
    }
  }

  /** Stops the idle workers now and the busy ones when their call ends; later calls run in the caller's thread. */
  async close(): Promise<void> {
    this.closed = true;
    const workers = this.idle.splice(0);
    await Promise.all(workers.map((worker) => worker.terminate()));
  }

  /** Stops every worker now, busy ones too (their calls fail): nothing of theirs runs on after a failed run. */
  async terminate(): Promise<void> {
    this.closed = true;
    const workers = [...this.idle.splice(0), ...this.busy];
    await Promise.all(workers.map((worker) => worker.terminate()));
  }

  private acquire(): Promise<Worker> {
    const worker = this.idle.pop();
    if (worker) return Promise.resolve(worker);
    if (this.started < this.size) {
      this.started += 1;
      return Promise.resolve(this.spawn());
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private spawn(): Worker {
    return new Worker(workerEntry(import.meta.url, 'function-worker'), { workerData: this.data, resourceLimits: this.resourceLimits });
  }

  private release(worker: Worker, healthy: boolean): void {
    if (!healthy) {
      this.started -= 1;
      void worker.terminate();
      // a waiting call gets a fresh worker in the dead one's place
      const next = this.waiting.shift();
      if (next) void this.acquire().then(next);
      return;
    }
    const next = this.waiting.shift();
    if (next) return next(worker);
    if (this.closed) {
      this.started -= 1;
      void worker.terminate();
      return;
    }
    worker.unref();
    this.idle.push(worker);
  }
}
