import * as z from '../../../src/shared/zod.js';
import { createLocalStack } from '../../../src/local/stack/compose.js';
import { LocalEngine } from '../../../src/local/engine/engine.js';
import { executionArn, ExecutionStore } from '../../../src/local/engine/execution-store.js';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { TransientError } from '../../../src/shared/errors.js';
import { silentLogger } from '../../../src/platform/logger.js';
import { stateTask } from '../../../src/platform/kinds/state-task.js';
import { FunctionRegistry } from '../../../src/local/runtime/functions.js';
import { testDeps } from '../../support/deps.js';
import type { RelationalStore } from '../../../src/ports/relational-store.js';

describe('local engine', () => {
  it('aborts an execution a stopped process left RUNNING and redrives it from the state where it stopped', async () => {
    const home = mkdtempSync(path.join(tmpdir(), 'fluxo-engine-'));
    // What a process killed while Hello waited in CatchBreath leaves on disk.
    const input = { name: 'Ana', loud: true, result: { greeting: 'OLÁ, ANA!', loud: true } };
    const left = { executionArn: executionArn('hello', 'left-running'), machine: 'hello', name: 'left-running', status: 'RUNNING' as const, input: { name: 'Ana', loud: true }, startDate: new Date().toISOString(), events: [
      { id: 1, timestamp: new Date().toISOString(), type: 'ExecutionStarted' },
      { id: 2, timestamp: new Date().toISOString(), type: 'StateEntered', stateName: 'Greet', input: { name: 'Ana', loud: true } },
      { id: 3, timestamp: new Date().toISOString(), type: 'StateExited', stateName: 'Greet', output: input },
      { id: 4, timestamp: new Date().toISOString(), type: 'StateEntered', stateName: 'CatchBreath', input },
    ] };
    await new ExecutionStore(path.join(home, 'executions')).create(left);
    const stack = await createLocalStack({ home, waitScale: 0, logger: silentLogger() });
    expect(await stack.engine.recoverAbandoned()).toEqual([{ machine: 'hello', name: 'left-running', redrive: 'left-running-redrive-1' }]);
    const redriven = await stack.engine.wait('hello', 'left-running-redrive-1');
    expect(redriven).toMatchObject({ status: 'SUCCEEDED', redriveFrom: 'CatchBreath', output: { greeting: 'OLÁ, ANA!' } });
    // It did not greet again: it started at the Wait.
    expect(redriven.events.filter((event) => event.type === 'StateEntered').map((event) => event.stateName)).toEqual(['CatchBreath', 'Done']);
    expect(await stack.engine.store.get('hello', 'left-running')).toMatchObject({ status: 'ABORTED', error: 'fluxo.ProcessStopped' });
    expect(await stack.engine.recoverAbandoned()).toEqual([]);
    await stack.close();
  });

  it('runs hello: Task, Choice and Wait, with the history of each state', async () => {
    const stack = await createLocalStack({ waitScale: 0.01, logger: silentLogger() });
    const record = await stack.engine.run('hello', { name: ' Ana ', loud: true }, 'hello-1');
    expect(record.status).toBe('SUCCEEDED');
    expect(record.output).toEqual({ greeting: 'OLÁ, ANA!' });
    const entered = record.events.filter((event) => event.type === 'StateEntered').map((event) => event.stateName);
    expect(entered).toEqual(['Greet', 'IsLoud', 'CatchBreath', 'Done']);
    const greetExit = record.events.find((event) => event.type === 'StateExited' && event.stateName === 'Greet');
    expect(greetExit?.output).toMatchObject({ result: { greeting: 'OLÁ, ANA!', loud: true } });
    await stack.close();
  });

  it('treats a second start with the same name as already existing', async () => {
    const stack = await createLocalStack({ waitScale: 0, logger: silentLogger() });
    const first = await stack.engine.start('hello', 'same-name', { name: 'A' });
    const second = await stack.engine.start('hello', 'same-name', { name: 'B' });
    expect([first.alreadyExisted, second.alreadyExisted]).toEqual([false, true]);
    await stack.engine.idle();
    expect((await stack.engine.store.list('hello')).length).toBe(1);
    await stack.close();
  });

  it('routes a ValidationError to the Catch and fails the execution with it', async () => {
    const stack = await createLocalStack({ waitScale: 0, logger: silentLogger() });
    const record = await stack.engine.run('hello', { name: '   ' });
    expect(record.status).toBe('FAILED');
    expect(record.error).toBe('ValidationError');
    expect(JSON.parse(record.cause ?? '{}')).toMatchObject({ errorType: 'ValidationError', errorMessage: expect.stringContaining('name') });
    expect(record.events.some((event) => event.type === 'StateCaught' && event.stateName === 'Greet')).toBe(true);
    await stack.close();
  });

  it('retries a TransientError as the Retry block says', async () => {
    let calls = 0;
    const deps = testDeps({} as RelationalStore);
    const flaky = stateTask(deps, {
      name: 'hello_greet',
      input: z.object({ name: z.string() }),
      handle: async ({ name }) => {
        calls += 1;
        if (calls < 3) throw new TransientError('database restarting');
        return { greeting: `hi ${name}`, loud: false };
      },
    });
    const functions = new FunctionRegistry(deps, { hello_greet: { ports: [], load: async () => ({ build: () => flaky }) } });
    const engine = new LocalEngine({ store: new ExecutionStore(), integrations: {}, invoke: (fn, payload) => functions.invoke(fn, payload), waitScale: 0, logger: silentLogger() });
    const record = await engine.run('hello', { name: 'Bia' });
    expect(record.status).toBe('SUCCEEDED');
    expect(calls).toBe(3);
    expect(record.events.filter((event) => event.type === 'StateRetried').map((event) => event.attempt)).toEqual([1, 2]);
  });
});
