import type { Deps } from '../../ports/index.js';
import { NotFoundError } from '../../platform/errors.js';
import { handlers, type HandlerModule } from '../../handlers/registry.js';
import type { FunctionWorkers } from './function-workers.js';
import { LambdaError, lambdaContext, type AnyHandler } from './lambda-context.js';

export { LambdaError, lambdaContext } from './lambda-context.js';

/**
 * The functions of `src/handlers`, built once with the local deps and invoked as
 * Lambda would: the event and the result go through JSON, errors come back
 * with their name as the error type.
 */
export class FunctionRegistry {
  private readonly built = new Map<string, AnyHandler>();
  constructor(
    private readonly deps: Deps,
    private readonly modules: Record<string, HandlerModule> = handlers,
    /** Worker threads for the CPU-bound functions (the local stack on a folder of objects). */
    private readonly workers?: FunctionWorkers,
  ) {}

  names(): string[] {
    return Object.keys(this.modules).sort();
  }

  has(name: string): boolean {
    return name in this.modules;
  }

  handler(name: string): AnyHandler {
    let handler = this.built.get(name);
    if (!handler) {
      const module = this.modules[name];
      if (!module) throw new NotFoundError(`function ${name} not found (known: ${this.names().join(', ')})`);
      handler = module.build(this.deps) as AnyHandler;
      this.built.set(name, handler);
    }
    return handler;
  }

  async invoke(name: string, event: unknown): Promise<unknown> {
    const run = this.runner(name);
    try {
      const result = await run(JSON.parse(JSON.stringify(event ?? null)));
      return result === undefined ? null : JSON.parse(JSON.stringify(result));
    } catch (error) {
      const named = error instanceof Error ? error : new Error(String(error));
      throw new LambdaError(named.name, named.message);
    }
  }

  /** The handler in this thread, or a worker thread's call for a CPU-bound function. */
  private runner(name: string): (payload: unknown) => Promise<unknown> {
    const workers = this.workers;
    if (workers?.handles(name) && name in this.modules) return (payload) => workers.invoke(name, payload);
    const handler = this.handler(name);
    return (payload) => handler(payload, lambdaContext(name));
  }
}
