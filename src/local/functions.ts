import { randomUUID } from 'node:crypto';
import type { Context } from 'aws-lambda';
import type { Deps } from '../ports/index.js';
import { NotFoundError } from '../platform/errors.js';
import { handlers, type HandlerModule } from '../handlers/registry.js';

type AnyHandler = (event: unknown, context: Context) => Promise<unknown>;

/** A Lambda error as Step Functions reports it: `Error` is the type, `Cause` a JSON document. */
export class LambdaError extends Error {
  constructor(errorType: string, errorMessage: string) {
    super(JSON.stringify({ errorType, errorMessage }));
    this.name = errorType;
  }
}

export function lambdaContext(functionName: string, timeoutMs = 60_000): Context {
  const deadline = Date.now() + timeoutMs;
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:local:000000000000:function:${functionName}`,
    memoryLimitInMB: '1024',
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

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
    const handler = this.handler(name);
    try {
      const result = await handler(JSON.parse(JSON.stringify(event ?? null)), lambdaContext(name));
      return result === undefined ? null : JSON.parse(JSON.stringify(result));
    } catch (error) {
      const named = error instanceof Error ? error : new Error(String(error));
      throw new LambdaError(named.name, named.message);
    }
  }
}
