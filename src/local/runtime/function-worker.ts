import { parentPort, workerData } from 'node:worker_threads';
import { FsObjectStore } from '../../adapters/local/fs-object-store.js';
import { MemoryMetrics } from '../../adapters/local/memory-metrics.js';
import { createLogger } from '../../platform/logger.js';
import { manifest, type FunctionName, type WorkerPort } from '../../handlers/manifest.js';
import type { Deps, Ports } from '../../ports/index.js';
import type { FunctionWorkerAnswer, FunctionWorkerData, FunctionWorkerRequest } from './function-workers.js';
import { portsFor } from './functions.js';
import { lambdaContext, type AnyHandler } from '../../platform/lambda-context.js';

/**
 * One worker thread of FunctionWorkers: builds the CPU-bound functions on the same object
 * folder as the main thread (they need nothing else: the manifest's type says so) and
 * invokes them one request at a time.
 */
const data = workerData as FunctionWorkerData;
const deps: Ports<WorkerPort> = {
  config: data.config,
  logger: createLogger({ service: 'fluxo-local', level: data.logLevel, destination: process.stderr }),
  metrics: new MemoryMetrics(),
  objects: new FsObjectStore(data.objectsRoot),
};
const built = new Map<FunctionName, AnyHandler>();

async function handlerOf(name: FunctionName): Promise<AnyHandler> {
  let handler = built.get(name);
  if (!handler) {
    const spec = manifest[name];
    if (!spec.cpuBound) throw new Error(`${name} is not CPU-bound: it runs in the main thread`);
    handler = (await spec.load()).build(portsFor(deps as Deps, spec.ports)) as AnyHandler;
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
