import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { FsObjectStore } from '../../src/adapters/local/fs-object-store.js';
import { LocalBus } from '../../src/adapters/local/memory-bus.js';
import { isSummarizedName, notSummarizedReason } from '../../src/domain/csv/file-names.js';
import { FunctionRegistry } from '../../src/local/runtime/functions.js';
import { connectWiring } from '../../src/local/stack/connect-topology.js';
import { InboxWatcher } from '../../src/local/stack/inbox.js';
import { incomingKey, UPLOADS_BUCKET, wiring } from '../../src/local/stack/topology.js';
import { createLogger, type Logger } from '../../src/platform/logger.js';
import type { RelationalStore } from '../../src/ports/relational-store.js';
import { testDeps } from '../support/deps.js';

describe('which uploaded files are summarized', () => {
  it('takes .csv, .tsv and .txt in any case, and says why it refuses the rest', () => {
    expect(['B.CSV', 'extrato.Csv', 'a.tsv', 'Unicode.TXT', 'incoming/vendas/x.csv'].map(isSummarizedName)).toEqual([true, true, true, true, true]);
    expect(['a.xlsx', '.csv', 'csv', 'incoming/a.csv/notes.pdf'].map(isSummarizedName)).toEqual([false, false, false, false]);
    expect(notSummarizedReason('a.xlsx')).toBe('a.xlsx: not summarized: only .csv, .tsv or .txt files are (any case)');
    expect(incomingKey('EXTRATO.CSV')).toBe('incoming/EXTRATO.CSV');
    expect(() => incomingKey('a.xlsx')).toThrow('name must be a file name ending in .csv, .tsv, .txt (any case)');
  });

  it('starts a summary for B.CSV and x.txt put under incoming/, and none for notes.pdf (the local bucket notifies as serverless.yml does)', async () => {
    const started: string[] = [];
    const deps = testDeps({} as RelationalStore, { workflows: { start: async (_machine, name, input) => (started.push((input as { key: string }).key), { executionArn: name, alreadyExisted: false }) } });
    const objects = new FsObjectStore(mkdtempSync(path.join(tmpdir(), 'fluxo-names-')));
    const bus = new LocalBus();
    const registry = new FunctionRegistry(deps, { csv_ingest: { ports: ['db', 'workflows'], load: () => import('../../src/handlers/csv_ingest.js') } });
    connectWiring({ ...wiring, queues: wiring.queues.filter((queue) => queue.name.startsWith('Csv')) }, { bus, objects, registry, waitScale: 0 });
    for (const key of ['incoming/B.CSV', 'incoming/notes.pdf', 'incoming/vendas/x.txt']) await objects.put(UPLOADS_BUCKET, key, 'a,b\n1,2\n');
    for (let wait = 0; wait < 100 && started.length < 2; wait++) await new Promise((resolve) => setTimeout(resolve, 50));
    await new Promise((resolve) => setTimeout(resolve, 200));
    bus.close();
    expect(started.sort()).toEqual(['incoming/B.CSV', 'incoming/vendas/x.txt']);
  });

  it('inbox: takes EXTRATO.CSV, and says once why it leaves notes.pdf and a subfolder where they are', async () => {
    const root = mkdtempSync(path.join(tmpdir(), 'fluxo-inbox-'));
    const inbox = path.join(root, 'inbox');
    mkdirSync(path.join(inbox, 'vendas'), { recursive: true });
    const objects = new FsObjectStore(path.join(root, 'objects'));
    const lines: string[] = [];
    const logger = createLogger({ service: 'test', level: 'info', destination: { write: (line: string) => (lines.push(line), true) } as unknown as NodeJS.WritableStream }) as Logger;
    const watcher = new InboxWatcher(inbox, objects, async () => undefined, logger, 60_000);
    await watcher.start();
    writeFileSync(path.join(inbox, 'EXTRATO.CSV'), 'a\n1\n');
    writeFileSync(path.join(inbox, 'notes.pdf'), '%PDF');
    writeFileSync(path.join(inbox, 'dialect.json'), '{}');
    writeFileSync(path.join(inbox, 'vendas', 'x.csv'), 'a\n1\n');
    await watcher.scan();
    expect(await watcher.scan()).toEqual(['EXTRATO.CSV']);
    await watcher.scan();
    await watcher.stop();
    expect((await objects.list(UPLOADS_BUCKET)).map((object) => object.key)).toEqual(['incoming/EXTRATO.CSV']);
    const told = lines.map((line) => (JSON.parse(line) as { message: string }).message).filter((msg) => msg.startsWith('inbox: '));
    expect(told).toEqual([
      'inbox: notes.pdf: not summarized: only .csv, .tsv or .txt files are (any case); left where it is',
      'inbox: inbox/vendas/: not read (the inbox takes files at its top level; for a dataset folder use fluxo upload --prefix vendas FILE); left where it is',
    ]);
    expect(readdirSync(inbox).sort()).toEqual(['dialect.json', 'failed', 'notes.pdf', 'pending', 'processed', 'vendas']);
  });
});
