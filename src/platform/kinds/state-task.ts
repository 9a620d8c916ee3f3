import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import type * as z from '../../shared/zod.js';
import type { BaseDeps } from '../../ports/index.js';
import { FunctionTimeoutError, ValidationError, classify, oneLine } from '../../shared/errors.js';
import type { Logger } from '../logger.js';
import { withKind } from './kind.js';

export interface TaskContext {
  logger: Logger;
  /** The execution name when the state passes it as `executionName` (for correlation). */
  executionName?: string;
}

export interface StateTaskOptions<S extends z.ZodMiniType, O> {
  name: string;
  input: S;
  handle: (input: z.infer<S>, context: TaskContext) => Promise<O>;
  /** What to change when it runs out of its Lambda timeout (the failure's reason ends with it). */
  timeoutAdvice?: string;
}

export type TaskHandler<O> = (event: unknown, context: Context) => Promise<O>;

/**
 * A Step Functions task: validates its input with zod and throws errors whose
 * `name` the machine's `Retry` / `Catch` match (`ValidationError`,
 * `TransientError`, ...). Driver and SDK faults are classified first, so a
 * dropped connection surfaces as `TransientError`.
 */
export function stateTask<S extends z.ZodMiniType, O>(deps: BaseDeps, options: StateTaskOptions<S, O>): TaskHandler<O> {
  let timeoutMs = 0;
  // middy answers just before the Lambda timeout; its own error says only "[AbortError]": this one says who and what to do.
  const handler = middy<unknown, O>({
    timeoutEarlyResponse: () => {
      throw new FunctionTimeoutError(`${options.name} ran out of its ${Math.round(timeoutMs / 1000)} s timeout${options.timeoutAdvice ? `: ${options.timeoutAdvice}` : ''}`);
    },
  }).before((request) => {
    // A caller that is not Lambda (a test, a script) may pass a context without a clock.
    const remaining = (request.context as Partial<Context>).getRemainingTimeInMillis;
    timeoutMs = typeof remaining === 'function' ? remaining.call(request.context) : 0;
  }).handler(async (event) => {
    const executionName = typeof (event as { executionName?: unknown })?.executionName === 'string' ? (event as { executionName: string }).executionName : undefined;
    const logger = deps.logger.child({ function: options.name, executionName });
    const parsed = options.input.safeParse(event);
    if (!parsed.success) {
      const issues = parsed.error.issues.map((issue) => `${issue.path.join('.') || 'input'}: ${issue.message}`);
      throw new ValidationError(`invalid input for ${options.name}: ${issues.join('; ')}`, issues);
    }
    try {
      return await options.handle(parsed.data, { logger, executionName });
    } catch (raw) {
      const error = classify(raw);
      logger.warn({ error: error.name, reason: oneLine(error) }, 'task failed');
      throw error;
    }
  });
  return withKind(handler as unknown as TaskHandler<O>, 'task');
}
