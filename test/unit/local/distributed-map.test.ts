import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { FsObjectStore } from '../../../src/adapters/local/fs-object-store.js';
import { LocalEngine } from '../../../src/local/engine/engine.js';
import { withDistributedMapsAsTasks } from '../../../src/local/engine/distributed-map.js';
import { ExecutionStore } from '../../../src/local/engine/execution-store.js';
import { silentLogger } from '../../../src/platform/logger.js';

/** A machine folder with one machine around a Distributed Map, and an engine whose only function doubles. */
function engineWith(map: Record<string, unknown>) {
  const dir = mkdtempSync(path.join(tmpdir(), 'fluxo-dmap-'));
  writeFileSync(path.join(dir, 'fan.asl.json'), JSON.stringify({ StartAt: 'Fan', States: { Fan: { Type: 'Map', ItemProcessor: { ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'EXPRESS' }, StartAt: 'Double', States: { Double: { Type: 'Task', Resource: '${double}', End: true } } }, End: true, ...map } } }));
  const objects = new FsObjectStore(mkdtempSync(path.join(tmpdir(), 'fluxo-dmap-objects-')));
  let running = 0;
  let peak = 0;
  const engine = new LocalEngine({
    store: new ExecutionStore(),
    integrations: {},
    waitScale: 0,
    logger: silentLogger(),
    machinesDir: dir,
    objects,
    invoke: async (_fn, payload) => {
      running += 1;
      peak = Math.max(peak, running);
      await new Promise((resolve) => setTimeout(resolve, 5));
      running -= 1;
      const n = (payload as { n: number }).n;
      if (n < 0) throw Object.assign(new Error(`negative: ${n}`), { name: 'ValidationError' });
      return { doubled: n * 2 };
    },
  });
  return { engine, objects, peak: () => peak };
}

describe('Distributed Map on the local engine', () => {
  it('reads items from a JSON object, runs each as a child execution within MaxConcurrency, and returns their outputs in order', async () => {
    const { engine, objects, peak } = engineWith({ ItemReader: { Resource: 'arn:aws:states:::s3:getObject', ReaderConfig: { InputType: 'JSON' }, Parameters: { 'Bucket.$': '$.bucket', Key: 'items.json' } }, ItemSelector: { 'n.$': '$$.Map.Item.Value', 'from.$': '$$.Execution.Name' }, MaxConcurrency: 2 });
    await objects.put('b', 'items.json', JSON.stringify([1, 2, 3, 4, 5]));
    const record = await engine.run('fan', { bucket: 'b' }, 'fan-1');
    expect(record).toMatchObject({ status: 'SUCCEEDED', output: [{ doubled: 2 }, { doubled: 4 }, { doubled: 6 }, { doubled: 8 }, { doubled: 10 }] });
    expect(peak()).toBeLessThanOrEqual(2);
    const children = (await engine.store.list('fan')).filter((child) => child.parent?.name === 'fan-1');
    expect(children.map((child) => child.input).sort((a, b) => (a as { n: number }).n - (b as { n: number }).n)).toEqual([1, 2, 3, 4, 5].map((n) => ({ n, from: 'fan-1' })));
  });

  it('fails with States.ExceedToleratedFailureThreshold when a child fails, after writing FAILED results', async () => {
    const { engine, objects } = engineWith({ ItemsPath: '$.items', ItemSelector: { 'n.$': '$$.Map.Item.Value' }, ResultWriter: { Resource: 'arn:aws:states:::s3:putObject', Parameters: { Bucket: 'out', Prefix: 'runs' } } });
    const record = await engine.run('fan', { items: [1, -2, 3] }, 'fan-2');
    expect(record).toMatchObject({ status: 'FAILED', error: 'States.ExceedToleratedFailureThreshold', cause: expect.stringContaining('1 of 3 child executions failed') });
    const keys = await objects.list('out', 'runs/');
    expect(keys.map((info) => path.basename(info.key)).sort()).toEqual(['FAILED_0.json', 'SUCCEEDED_0.json', 'manifest.json']);
  });

  it('refuses what it does not support, naming the field, instead of ignoring it', async () => {
    const { engine } = engineWith({ ItemsPath: '$.items', ItemBatcher: { MaxItemsPerBatch: 10 } });
    const record = await engine.run('fan', { items: [1] }, 'fan-3');
    expect(record).toMatchObject({ status: 'FAILED', error: 'States.Runtime', cause: 'Distributed Map Fan: the local engine does not support ItemBatcher' });
  });

  it("gives a map run no 60 s Task timeout (a 1 GB file's chunks outlast it on two cores), within a Node timer's range", () => {
    const processor = { ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'EXPRESS' }, StartAt: 'Double', States: { Double: { Type: 'Task', Resource: '${double}', End: true } } };
    const { definition } = withDistributedMapsAsTasks({ StartAt: 'Fan', States: { Fan: { Type: 'Map', ItemsPath: '$.items', ItemProcessor: processor, End: true } } });
    const seconds = definition.States.Fan?.TimeoutSeconds as number;
    expect(seconds).toBeGreaterThanOrEqual(7 * 24 * 3600);
    expect(seconds * 1000).toBeLessThan(2 ** 31);
  });
});
