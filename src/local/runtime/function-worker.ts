import { parentPort, workerData } from 'node:worker_threads';
import type { FunctionWorkerAnswer, FunctionWorkerData, FunctionWorkerPreload, FunctionWorkerRequest } from './function-workers.js';
import { WorkerHandlers } from './worker-handlers.js';

/** One worker thread of FunctionWorkers: invokes the CPU-bound functions one request at a time. */
const handlers = new WorkerHandlers(workerData as FunctionWorkerData);

parentPort?.on('message', (request: FunctionWorkerRequest | FunctionWorkerPreload) => {
  if ('preload' in request) {
    // Modules only, no answer: a failure here shows again, answered, at the first call.
    for (const name of request.preload) handlers.preload(name).catch(() => undefined);
    return;
  }
  void (async (): Promise<FunctionWorkerAnswer> => {
    try {
      const result = await handlers.invoke(request.name, request.event);
      return { ok: true, result: result === undefined ? null : result };
    } catch (error) {
      const named = error instanceof Error ? error : new Error(String(error));
      return { ok: false, name: named.name, message: named.message };
    }
  })().then((answer) => parentPort?.postMessage(answer));
});
