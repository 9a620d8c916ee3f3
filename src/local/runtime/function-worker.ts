import { parentPort, workerData } from 'node:worker_threads';
import { FsObjectStore } from '../../adapters/local/fs-object-store.js';
import { MemoryMetrics } from '../../adapters/local/memory-metrics.js';
import { createLogger } from '../../platform/logger.js';
import type { Ports } from '../../ports/index.js';
import type { CpuBoundFunction, FunctionWorkerAnswer, FunctionWorkerData, FunctionWorkerRequest } from './function-workers.js';
import { lambdaContext, type AnyHandler } from './lambda-context.js';

/**
 * One worker thread of FunctionWorkers: builds the CPU-bound functions on the same object
 * folder as the main thread (they need nothing else: the loaders' type says so) and
 * invokes them one request at a time.
 */
type Loader = () => Promise<{ build: (deps: Ports<'objects'>) => unknown }>;
const loaders: Record<CpuBoundFunction, Loader> = {
  csv_summarize: () => import('../../handlers/csv_summarize.js'),
  csv_summarize_chunk: () => import('../../handlers/csv_summarize_chunk.js'),
  csv_refine_chunk: () => import('../../handlers/csv_refine_chunk.js'),
};

const data = workerData as FunctionWorkerData;
const deps: Ports<'objects'> = {
  config: data.config,
  logger: createLogger({ service: 'fluxo-local', level: data.logLevel, destination: process.stderr }),
  metrics: new MemoryMetrics(),
  objects: new FsObjectStore(data.objectsRoot),
};
const built = new Map<CpuBoundFunction, AnyHandler>();

async function handlerOf(name: CpuBoundFunction): Promise<AnyHandler> {
  let handler = built.get(name);
  if (!handler) {
    handler = (await loaders[name]()).build(deps) as AnyHandler;
    built.set(name, handler);
  }
  return handler;
}

parentPort?.on('message', (request: FunctionWorkerRequest) => {
  void (async (): Promise<FunctionWorkerAnswer> => {
    try {
      const result = await (await handlerOf(request.name))(request.event, lambdaContext(request.name));
      return { ok: true, result: result === undefined ? null : result };
    } catch (error) {
      const named = error instanceof Error ? error : new Error(String(error));
      return { ok: false, name: named.name, message: named.message };
    }
  })().then((answer) => parentPort?.postMessage(answer));
});
