import type { Deps, PortName, Ports } from '../../ports/index.js';
import { NotFoundError } from '../../shared/errors.js';
import { manifest, type LoadedHandler } from '../../handlers/manifest.js';
import { pickConfig, type UseCaseSettings } from '../../handlers/wiring/config-needs.js';
import type { FunctionWorkers } from './function-workers.js';
import { LambdaError, lambdaContext, type AnyHandler } from '../../platform/lambda-context.js';


/** What the registry needs of a manifest entry: the ports to give the function, and its module. */
export type RegisteredFunction = { ports: readonly PortName[]; settings?: readonly UseCaseSettings[]; timeoutSeconds?: number; load: () => Promise<Pick<LoadedHandler, 'build'>> };

/**
 * The base and only the ports a function names: a handler reaching for another port finds nothing, as on AWS;
 * its config holds only its ports' and use case's settings, as on AWS (src/handlers/compose.ts).
 */
export function portsFor(deps: Deps, ports: readonly PortName[], settings: readonly UseCaseSettings[] = []): Ports<PortName> {
  const given: Partial<Deps> = { config: pickConfig(deps.config, ports, settings), logger: deps.logger, metrics: deps.metrics };
  for (const port of ports) Object.assign(given, { [port]: deps[port] });
  return given as Ports<PortName>;
}

/**
 * The functions of the manifest (src/handlers/manifest.ts), each loaded on its first
 * call and built with only its own ports, invoked as Lambda would: the event and the
 * result go through JSON, errors come back with their name as the error type.
 */
export class FunctionRegistry {
  private readonly built = new Map<string, Promise<AnyHandler>>();
  constructor(
    private readonly deps: Deps,
    private readonly functions: Record<string, RegisteredFunction> = manifest,
    /** Worker threads for the CPU-bound functions (the local stack on a folder of objects). */
    private readonly workers?: FunctionWorkers,
  ) {}

  names(): string[] {
    return Object.keys(this.functions).sort();
  }

  has(name: string): boolean {
    return Object.hasOwn(this.functions, name);
  }

  handler(name: string): Promise<AnyHandler> {
    let handler = this.built.get(name);
    if (!handler) {
      const spec = this.has(name) ? this.functions[name] : undefined;
      if (!spec) return Promise.reject(new NotFoundError(`function ${name} not found (known: ${this.names().join(', ')})`));
      handler = spec.load().then((module) => module.build(portsFor(this.deps, spec.ports, spec.settings)) as AnyHandler);
      handler.catch(() => this.built.delete(name));
      this.built.set(name, handler);
    }
    return handler;
  }

  async invoke(name: string, event: unknown): Promise<unknown> {
    const run = await this.runner(name);
    try {
      const result = await run(JSON.parse(JSON.stringify(event ?? null)));
      return result === undefined ? null : JSON.parse(JSON.stringify(result));
    } catch (error) {
      const named = error instanceof Error ? error : new Error(String(error));
      throw new LambdaError(named.name, named.message);
    }
  }

  /** The handler in this thread, or a worker thread's call for a CPU-bound function. */
  private async runner(name: string): Promise<(payload: unknown) => Promise<unknown>> {
    const workers = this.workers;
    if (workers?.handles(name) && this.has(name)) return (payload) => workers.invoke(name, payload);
    const handler = await this.handler(name);
    const timeoutSeconds = this.functions[name]?.timeoutSeconds;
    return (payload) => handler(payload, lambdaContext(name, timeoutSeconds === undefined ? undefined : timeoutSeconds * 1000));
  }
}
