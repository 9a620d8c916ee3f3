import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { FsObjectStore } from '../../src/adapters/local/fs-object-store.js';
import { renderExecution } from '../../src/cli/execution-text.js';
import { childExecutionName } from '../../src/local/engine/distributed-map.js';
import { LocalEngine } from '../../src/local/engine/engine.js';
import { ExecutionStore, type ExecutionRecord } from '../../src/local/engine/execution-store.js';
import { silentLogger } from '../../src/platform/logger.js';

const fan = (next: Record<string, unknown> = { End: true }) => ({
  Type: 'Map',
  ItemReader: { Resource: 'arn:aws:states:::s3:getObject', ReaderConfig: { InputType: 'JSON' }, Parameters: { Bucket: 'work', 'Key.$': '$.items' } },
  ItemSelector: { 'n.$': '$$.Map.Item.Value', 'from.$': '$$.Execution.Name' },
  MaxConcurrency: 2,
  ItemProcessor: { ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'EXPRESS' }, StartAt: 'Double', States: { Double: { Type: 'Task', Resource: '${double}', End: true } } },
  ...next,
});

/**
 * A machine folder and an engine over the same folders a `fluxo dev` uses (executions as files, objects as files).
 * `double` leaves one object per invocation under effects/<n>/ (what a real function's side effect would be)
 * and fails the first `times` times it sees any of `failOnce`.
 */
function setup(failOnce: number[], times = 1) {
  const dir = mkdtempSync(path.join(tmpdir(), 'fluxo-redrive-'));
  writeFileSync(path.join(dir, 'fan.asl.json'), JSON.stringify({ StartAt: 'Fan', States: { Fan: fan() } }));
  writeFileSync(
    path.join(dir, 'loop.asl.json'),
    JSON.stringify({
      StartAt: 'Fan',
      States: {
        Fan: fan({ ResultPath: '$.doubled', Next: 'Again' }),
        Again: { Type: 'Choice', Choices: [{ Variable: '$.items', StringEquals: 'items.json', Next: 'UseOthers' }], Default: 'Done' },
        UseOthers: { Type: 'Pass', Result: 'others.json', ResultPath: '$.items', Next: 'Fan' },
        Done: { Type: 'Pass', OutputPath: '$.doubled', End: true },
      },
    }),
  );
  const objects = new FsObjectStore(path.join(dir, 'objects'));
  const failed = new Map<number, number>();
  const engine = () =>
    new LocalEngine({
      store: new ExecutionStore(path.join(dir, 'executions')),
      integrations: {},
      waitScale: 0,
      logger: silentLogger(),
      machinesDir: dir,
      objects,
      invoke: async (_fn, payload) => {
        const { n } = payload as { n: number };
        const runs = await objects.list('effects', `${n}/`);
        await objects.put('effects', `${n}/${runs.length + 1}`, JSON.stringify(payload));
        if (failOnce.includes(n) && (failed.get(n) ?? 0) < times) {
          failed.set(n, (failed.get(n) ?? 0) + 1);
          throw Object.assign(new Error(`item ${n} fails once`), { name: 'TransientError' });
        }
        return { doubled: n * 2 };
      },
    });
  const invocations = async () => {
    const counts: Record<number, number> = {};
    for (const info of await objects.list('effects')) counts[Number(info.key.split('/')[0])] = (counts[Number(info.key.split('/')[0])] ?? 0) + 1;
    return counts;
  };
  return { engine, objects, invocations };
}

const childrenOf = async (store: ExecutionStore, parent: string): Promise<ExecutionRecord[]> =>
  (await store.list('fan')).filter((record) => record.parent?.name === parent).sort((a, b) => a.name.localeCompare(b.name, undefined, { numeric: true }));

describe('redriving a parent whose Distributed Map failed', () => {
  it('runs again only the child that failed, under its own name, and the parent succeeds with every result', async () => {
    const { engine, objects, invocations } = setup([3]);
    await objects.put('work', 'items.json', JSON.stringify([1, 2, 3, 4, 5]));
    const first = engine();
    const failed = await first.run('fan', { items: 'items.json' }, 'batch-7');
    expect(failed).toMatchObject({ status: 'FAILED', error: 'States.ExceedToleratedFailureThreshold', cause: expect.stringContaining('1 of 5 child executions failed') });
    const before = await childrenOf(first.store, 'batch-7');
    expect(before.map((child) => [child.name, child.status])).toEqual([
      ['batch-7-Fan-0', 'SUCCEEDED'],
      ['batch-7-Fan-1', 'SUCCEEDED'],
      ['batch-7-Fan-2', 'FAILED'],
      ['batch-7-Fan-3', 'SUCCEEDED'],
      ['batch-7-Fan-4', 'SUCCEEDED'],
    ]);
    expect(await invocations()).toEqual({ 1: 1, 2: 1, 3: 1, 4: 1, 5: 1 });

    // Redriven by another process (`fluxo executions redrive` while the console ran the first): only the files are shared.
    const second = engine();
    const { name, done } = await second.redrive('fan', 'batch-7');
    const redriven = await done;
    expect(redriven).toMatchObject({ name: 'batch-7-redrive-1', status: 'SUCCEEDED', redriveOf: 'batch-7', output: [1, 2, 3, 4, 5].map((n) => ({ doubled: n * 2 })) });
    expect(await invocations()).toEqual({ 1: 1, 2: 1, 3: 2, 4: 1, 5: 1 });

    const after = await childrenOf(second.store, 'batch-7');
    expect(after.map((child) => [child.name, child.status])).toEqual(before.map((child) => [child.name, 'SUCCEEDED']));
    // The four that had succeeded are the same records, untouched; the one that failed ran again, its first attempt kept in its history.
    for (const index of [0, 1, 3, 4]) expect(after[index]).toEqual(before[index]);
    const rerun = after[2]!;
    expect(rerun.redriveCount).toBe(1);
    expect(rerun.startDate > before[2]!.startDate).toBe(true);
    expect(rerun.events.map((event) => event.type)).toEqual(expect.arrayContaining(['ExecutionFailed', 'ExecutionRedriven', 'ExecutionSucceeded']));
    // To the machine a redrive is the execution it continues, as on AWS: `$$.Execution.Name` (work keys, locks) does not change.
    expect(rerun.input).toEqual({ n: 3, from: 'batch-7' });

    // `fluxo executions show` (and the console, which reads the same record) links the redrive and each child to the parent.
    const shown = renderExecution(await second.store.withChildren('fan', name));
    expect(shown).toContain('redriven from state Fan (continues fan/batch-7)');
    expect(shown).toContain('child executions (5)');
    for (const child of after) expect(shown).toContain(`SUCCEEDED  ${child.name}  (Fan)`);
    expect(renderExecution(await second.store.withChildren('fan', rerun.name))).toContain('child of fan/batch-7 (Fan)');
  });

  it('a redrive of a redrive still continues the same run: children keep the original name, each runs until it succeeds once', async () => {
    const { engine, objects, invocations } = setup([2], 2);
    await objects.put('work', 'items.json', JSON.stringify([1, 2, 3]));
    const local = engine();
    expect((await local.run('fan', { items: 'items.json' }, 'chain')).status).toBe('FAILED');
    const once = await local.redrive('fan', 'chain');
    expect(await once.done).toMatchObject({ name: 'chain-redrive-1', status: 'FAILED', redriveOf: 'chain', redriveCount: 1 });
    const twice = await local.redrive('fan', once.name);
    expect(await twice.done).toMatchObject({ status: 'SUCCEEDED', redriveOf: 'chain', redriveCount: 2, output: [{ doubled: 2 }, { doubled: 4 }, { doubled: 6 }] });
    expect(await invocations()).toEqual({ 1: 1, 2: 3, 3: 1 });
    expect((await childrenOf(local.store, 'chain')).map((child) => [child.name, child.status, child.redriveCount])).toEqual([
      ['chain-Fan-0', 'SUCCEEDED', undefined],
      ['chain-Fan-1', 'SUCCEEDED', 2],
      ['chain-Fan-2', 'SUCCEEDED', undefined],
    ]);
  });

  it('a second run of the Map in one execution (a loop) starts children of its own and runs every item', async () => {
    const { engine, objects, invocations } = setup([]);
    await objects.put('work', 'items.json', JSON.stringify([1, 2]));
    await objects.put('work', 'others.json', JSON.stringify([1, 2, 3]));
    const local = engine();
    const record = await local.run('loop', { items: 'items.json' }, 'loop-1');
    expect(record).toMatchObject({ status: 'SUCCEEDED', output: [{ doubled: 2 }, { doubled: 4 }, { doubled: 6 }], mapRunsStarted: { Fan: 2 } });
    expect(await invocations()).toEqual({ 1: 2, 2: 2, 3: 1 });
    expect((await local.store.list('loop')).filter((child) => child.parent).map((child) => child.name).sort()).toEqual(['loop-1-Fan-0', 'loop-1-Fan-1', 'loop-1-Fan-r2-0', 'loop-1-Fan-r2-1', 'loop-1-Fan-r2-2']);
  });
});

describe('Distributed Map child names', () => {
  const valid = /^[A-Za-z0-9_-]{1,80}$/;

  it('are <parent>-<state>-<index> when that is a valid execution name', () => {
    expect(childExecutionName('batch-7', 'SummarizeHugeChunks', 1, 12)).toBe('batch-7-SummarizeHugeChunks-12');
    expect(childExecutionName('batch-7', 'SummarizeHugeChunks', 3, 12)).toBe('batch-7-SummarizeHugeChunks-r3-12');
  });

  it('stay within 80 characters of A-Z a-z 0-9 - _, keep the index, and tell apart parents that share a long prefix', () => {
    const parent = 'a'.repeat(70);
    const one = childExecutionName(`${parent}-x`, 'Sum Chunks (huge)', 1, 99999);
    const other = childExecutionName(`${parent}-y`, 'Sum Chunks (huge)', 1, 99999);
    for (const name of [one, other]) {
      expect(name).toMatch(valid);
      expect(name.endsWith('-99999')).toBe(true);
    }
    expect(one).not.toBe(other);
    expect(childExecutionName(`${parent}-x`, 'Sum Chunks (huge)', 1, 99999)).toBe(one);
    expect(childExecutionName('short', 'Sum Chunks', 1, 0)).toMatch(valid);
    expect(childExecutionName('short', 'Sum Chunks', 1, 0)).not.toBe(childExecutionName('short', 'Sum_Chunks', 1, 0));
  });
});
