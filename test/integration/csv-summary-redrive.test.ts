import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PgSummaryRepository } from '../../src/adapters/postgres/summary-repository.js';
import { createLocalStack, type LocalStack } from '../../src/local/stack/compose.js';
import { UPLOADS_BUCKET } from '../../src/local/stack/topology.js';
import { summarizeLocalFile } from '../../src/local/stack/summarize-file.js';
import { silentLogger } from '../../src/platform/logger.js';
import { openTestDb, type TestDb } from '../support/db.js';

/** 400 short rows: a dozen chunks on the Distributed Map path with these settings. */
function hugeText(): string {
  const lines = ['n,label,when'];
  for (let i = 0; i < 400; i++) lines.push(`${i * 1.5},${i % 7 === 0 ? '' : `l${i % 5}`},2026-01-${String((i % 28) + 1).padStart(2, '0')}`);
  return `${lines.join('\n')}\n`;
}

let database: TestDb;
let stack: LocalStack;

beforeAll(async () => {
  database = await openTestDb();
  // No worker threads: every chunk goes through stack.functions, where the test makes one fail once.
  stack = await createLocalStack({ db: database.db, waitScale: 0, logger: silentLogger(), workers: 0, env: { CSV_LARGE_BYTES: '1000', CSV_HUGE_BYTES: '2000', CSV_HUGE_CHUNK_BYTES: '700', CSV_MAP_MAX_CONCURRENCY: '3' } });
});
afterAll(async () => {
  await stack.close();
  await database.drop();
});

describe('CsvSummary redriven after one chunk of its Distributed Map failed', () => {
  it('summarizes only that chunk again and stores the same summary as one pass over the file', async () => {
    const functions = stack.functions;
    const invoke = functions.invoke.bind(functions);
    const chunkCalls = new Map<number, number>();
    functions.invoke = async (name, event) => {
      if (name === 'csv_summarize_chunk') {
        const index = (event as { chunk: { index: number } }).chunk.index;
        chunkCalls.set(index, (chunkCalls.get(index) ?? 0) + 1);
        // Not an error the machine retries: the child fails, the map run fails, the file is recorded as failed.
        if (index === 2 && chunkCalls.get(index) === 1) throw Object.assign(new Error('the disk was full for a moment'), { name: 'ValidationError' });
      }
      return invoke(name, event);
    };
    const text = hugeText();
    await stack.objects.put(UPLOADS_BUCKET, 'incoming/redrive/huge.csv', text);
    await stack.settle();
    const summaries = new PgSummaryRepository(database.db);
    const stored = async () => (await summaries.list()).find((entry) => entry.key === 'incoming/redrive/huge.csv');
    expect(await stored()).toMatchObject({ status: 'failed', error: 'States.ExceedToleratedFailureThreshold' });
    const [parent] = (await stack.engine.store.list('csv-summary')).filter((record) => !record.parent);
    expect(parent?.status).toBe('FAILED');
    const childrenOf = async () => (await stack.engine.store.list('csv-summary')).filter((record) => record.parent?.name === parent?.name).sort((a, b) => a.name.localeCompare(b.name, undefined, { numeric: true }));
    const before = await childrenOf();
    const chunks = before.length;
    expect(chunks).toBeGreaterThan(5);
    expect(before.map((child) => child.name)).toEqual(Array.from({ length: chunks }, (_, index) => `${parent?.name}-SummarizeHugeChunks-${index}`));
    expect(before.filter((child) => child.status !== 'SUCCEEDED').map((child) => child.name)).toEqual([`${parent?.name}-SummarizeHugeChunks-2`]);

    const { done } = await stack.engine.redrive('csv-summary', parent?.name ?? '');
    const redriven = await done;
    expect(redriven).toMatchObject({ status: 'SUCCEEDED', redriveFrom: 'SummarizeHugeChunks', output: { rows: 400, columns: 3 } });
    // Chunk 2 ran twice, every other chunk once; the children that had succeeded are the same records.
    expect([...chunkCalls.entries()].sort(([a], [b]) => a - b)).toEqual(Array.from({ length: chunks }, (_, index) => [index, index === 2 ? 2 : 1]));
    const after = await childrenOf();
    expect(after.map((child) => child.status)).toEqual(before.map(() => 'SUCCEEDED'));
    for (const [index, child] of after.entries()) if (index !== 2) expect(child).toEqual(before[index]);

    const file = await stored();
    expect(file?.status).toBe('summarized');
    const local = path.join(mkdtempSync(path.join(tmpdir(), 'fluxo-redrive-')), 'huge.csv');
    writeFileSync(local, text);
    const single = await summarizeLocalFile(local);
    file?.summary?.columns.forEach((column, index) => {
      for (const key of ['name', 'type', 'count', 'missing', 'unique', 'top', 'freq', 'min', 'max', 'p25', 'p50', 'p75'] as const) expect([key, column[key]]).toEqual([key, single.columns[index]?.[key]]);
    });
  }, 120_000);
});
