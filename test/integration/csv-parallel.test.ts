import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { recordRanges, summarizeLocalFile } from '../../src/local/summarize-file.js';
import { FsObjectStore } from '../../src/adapters/local/fs-object-store.js';
import { inspect, mergePartials, planChunks, summarizeChunk } from '../../src/workflows/csv/steps.js';

const dir = mkdtempSync(path.join(tmpdir(), 'fluxo-parallel-'));
const file = path.join(dir, 'quoted.csv');
const rows = ['id,valor,quando,nota,cidade'];
for (let i = 0; i < 40_000; i++) {
  const note = i % 7 === 0 ? `"linha ${i}\ncom ""aspas"", e vírgula"` : i % 11 === 0 ? '' : `nota ${i % 300}`;
  rows.push(`${i},${i % 13 === 0 ? 'NA' : ((i * 37) % 1000) / 4},2026-0${(i % 9) + 1}-1${i % 9},${note},${['Recife', 'Natal', 'São Luís'][i % 3]}`);
}
writeFileSync(file, `${rows.join('\n')}\n`);

afterEach(() => {
  delete process.env.FLUXO_CSV_WORKERS;
  delete process.env.FLUXO_CSV_PARALLEL_MIN_BYTES;
});

describe('local summaries over worker threads', () => {
  it('cuts ranges only on record boundaries, never inside a quoted field', async () => {
    const size = Buffer.byteLength(`${rows.join('\n')}\n`);
    const ranges = await recordRanges(file, size, 3, ',');
    expect(ranges).toHaveLength(3);
    expect(ranges[0]?.start).toBe(0);
    expect(ranges.at(-1)?.end).toBe(size - 1);
    for (let i = 1; i < ranges.length; i++) expect(ranges[i]?.start).toBe((ranges[i - 1]?.end ?? 0) + 1);
  });

  it('gives the same summary with 3 workers as with one thread', async () => {
    const single = await summarizeLocalFile(file);
    process.env.FLUXO_CSV_WORKERS = '3';
    process.env.FLUXO_CSV_PARALLEL_MIN_BYTES = '1';
    const parallel = await summarizeLocalFile(file);
    expect(parallel.rows).toBe(40_000);
    const close = (value: unknown) => (typeof value === 'number' ? Number(value.toPrecision(12)) : value);
    const strip = (summary: typeof single) => summary.columns.map((column) => Object.fromEntries(Object.entries(column).map(([key, value]) => [key, key === 'top' && column.type === 'date' ? 'tie' : close(value)])));
    expect(strip(parallel)).toEqual(strip(single));
    expect(single.columns.find((column) => column.name === 'nota')).toMatchObject({ type: 'string', exact: true, missing: 3117 });
  }, 60_000);

  it('reads a quote inside an unquoted field (5" tv) as one pass does, in worker threads and in Map chunks', async () => {
    const tv = path.join(dir, 'tv.csv');
    const lines = ['id,item,nota'];
    for (let i = 0; i < 20_000; i++) lines.push(`${i},${i === 1 ? '5" tv' : `item ${i % 40}`},${i % 50 === 0 ? `"nota\nem ""duas"" linhas ${i}"` : `x${i % 9}`}`);
    writeFileSync(tv, `${lines.join('\n')}\n`);
    const single = await summarizeLocalFile(tv);
    expect(single.rows).toBe(20_000);
    process.env.FLUXO_CSV_WORKERS = '3';
    process.env.FLUXO_CSV_PARALLEL_MIN_BYTES = '1';
    const parallel = await summarizeLocalFile(tv);
    expect(parallel.columns.map(({ name, count, unique, top }) => ({ name, count, unique, top }))).toEqual(single.columns.map(({ name, count, unique, top }) => ({ name, count, unique, top })));
    // The CsvSummary Map path: PlanChunks' ranges (4 KB each), every chunk summarized alone, then merged.
    const objects = new FsObjectStore(dir);
    const file = await inspect(objects, { bucket: '.', key: 'tv.csv', etag: 'e' }, 1);
    const chunks = await planChunks(objects, file, 4096);
    expect(chunks.length).toBeGreaterThan(20);
    const work = mkdtempSync(path.join(dir, 'work-'));
    const partials = await Promise.all(chunks.map((chunk) => summarizeChunk(objects, file, chunk, path.basename(work), 'tv')));
    const merged = await mergePartials(objects, partials);
    expect(merged.rows).toBe(20_000);
    expect(merged.columns.find((column) => column.name === 'item')).toMatchObject({ count: 20_000, unique: single.columns[1]?.unique });
  }, 60_000);
});
