import { FsObjectStore } from '../../adapters/local/fs-object-store.js';
import { MemoryMetrics } from '../../adapters/local/memory-metrics.js';
import { manifest, type FunctionName, type WorkerPort } from '../../handlers/manifest.js';
import { createLogger } from '../../platform/logger.js';
import type { Deps, Ports } from '../../ports/index.js';
import type { FunctionWorkerData } from './function-workers.js';
import { portsFor } from './functions.js';
import { lambdaContext, type AnyHandler } from '../../platform/lambda-context.js';

/**
 * The CPU-bound functions built on the object folder of FunctionWorkerData (they need
 * nothing else: the manifest's type says so), each on its first call: what a function
 * worker thread runs, and what a caller that would otherwise only wait runs itself.
 */
export class WorkerHandlers {
  private readonly deps: Ports<WorkerPort>;
  private readonly built = new Map<FunctionName, AnyHandler>();

  constructor(data: FunctionWorkerData) {
    this.deps = {
      config: data.config,
      logger: createLogger({ service: 'fluxo-local', level: data.logLevel, destination: process.stderr }),
      metrics: new MemoryMetrics(),
      objects: new FsObjectStore(data.objectsRoot, data.objectEtags),
    };
  }

  async invoke(name: FunctionName, event: unknown): Promise<unknown> {
    const handler = await this.preload(name);
    // Its Lambda timeout, counted from now (when a thread runs it), not from when it was queued.
    return handler(event, lambdaContext(name, manifest[name].timeoutSeconds * 1000));
  }

  /** Builds `name` now (its module loaded) unless it was: what invoke does first. */
  async preload(name: FunctionName): Promise<AnyHandler> {
    let handler = this.built.get(name);
    if (!handler) {
      const spec = manifest[name];
      if (!spec.cpuBound) throw new Error(`${name} is not CPU-bound: it runs in the main thread`);
      handler = (await spec.load()).build(portsFor(this.deps as Deps, spec.ports, spec.settings)) as AnyHandler;
      if (!this.built.has(name)) this.built.set(name, handler);
      handler = this.built.get(name) as AnyHandler;
    }
    return handler;
  }
}
