import * as z from '../../../src/shared/zod.js';
import { stateTask } from '../../../src/platform/kinds/state-task.js';
import { lambdaContext } from '../../../src/platform/lambda-context.js';
import { testDeps } from '../../support/deps.js';
import type { RelationalStore } from '../../../src/ports/relational-store.js';

const task = stateTask(testDeps({} as RelationalStore), {
  name: 'test_task',
  input: z.object({ n: z.number().check(z.int()) }),
  handle: async ({ n }) => {
    if (n < 0) throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    return { doubled: n * 2 };
  },
});

describe('stateTask kind', () => {
  it('returns the typed output', async () => {
    await expect(task({ n: 21 }, lambdaContext('test_task'))).resolves.toEqual({ doubled: 42 });
  });

  it('throws ValidationError for bad input, with the field named', async () => {
    await expect(task({ n: 'x' }, lambdaContext('test_task'))).rejects.toMatchObject({ name: 'ValidationError', message: expect.stringContaining('n:') });
  });

  it('turns a dropped connection into TransientError, which ASL Retry matches', async () => {
    await expect(task({ n: -1 }, lambdaContext('test_task'))).rejects.toMatchObject({ name: 'TransientError' });
  });

  it('says which function ran out of its Lambda timeout and what to change, instead of an AbortError', async () => {
    const slow = stateTask(testDeps({} as RelationalStore), {
      name: 'slow_task',
      input: z.object({}),
      timeoutAdvice: 'lower X_BYTES',
      handle: () => new Promise((resolve) => setTimeout(resolve, 2000)),
    });
    await expect(slow({}, lambdaContext('slow_task', 1000))).rejects.toMatchObject({ name: 'FunctionTimeoutError', message: 'slow_task ran out of its 1 s timeout: lower X_BYTES' });
  });
});
