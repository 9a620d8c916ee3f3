import { mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { summarizeLocalFile } from '../../src/local/stack/summarize-file.js';
import { FsObjectStore } from '../../src/adapters/local/fs-object-store.js';
import { seeded } from '../support/random.js';
import { blocksInOrder } from '../../src/workflows/csv/read-ahead.js';
import { RecordSplitter } from '../../src/domain/csv/split.js';
import { exactQuartiles } from '../../src/workflows/csv/exact-quartiles.js';
import { inspect } from '../../src/workflows/csv/inspect-file.js';
import { mergePartials } from '../../src/workflows/csv/merge-partials.js';
import { planChunks } from '../../src/workflows/csv/plan-chunks.js';
import { refineChunk } from '../../src/workflows/csv/refine-chunk.js';
import { summarizeChunk } from '../../src/workflows/csv/summarize-chunk.js';

/** The object store's root; the files are in its bucket `data`. */
const root = mkdtempSync(path.join(tmpdir(), 'fluxo-parallel-'));
const dir = path.join(root, 'data');
mkdirSync(dir);
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
    const objects = new FsObjectStore(root);
    const ranges = await planChunks(objects, await inspect(objects, { bucket: 'data', key: 'quoted.csv', etag: 'e' }, { largeBytes: 1 }), Math.ceil(size / 3));
    expect(ranges).toHaveLength(3);
    expect(ranges[0]?.start).toBe(0);
    expect(ranges.at(-1)?.end).toBe(size - 1);
    for (let i = 1; i < ranges.length; i++) expect(ranges[i]?.start).toBe((ranges[i - 1]?.end ?? 0) + 1);
  });

  it('reads a file for the planning scan as ranged blocks, several in flight, in order and whole', async () => {
    const objects = new FsObjectStore(root);
    const size = statSync(file).size;
    const blocks: Buffer[] = [];
    for await (const block of blocksInOrder(objects, 'data', 'quoted.csv', size, 1000, 3)) blocks.push(block);
    expect(blocks).toHaveLength(Math.ceil(size / 1000));
    expect(Buffer.concat(blocks).equals(readFileSync(file))).toBe(true);
    // Boundaries found across 8 MB blocks are those of one stream (the file here is one block: cut it finer).
    const inspected = await inspect(objects, { bucket: 'data', key: 'quoted.csv', etag: 'e' }, { largeBytes: 1 });
    const whole = new RecordSplitter(44, (start) => start + 4096);
    whole.push(readFileSync(file));
    const chunked = new RecordSplitter(44, (start) => start + 4096);
    for (const block of blocks) chunked.push(block);
    const ranges = whole.finish(size);
    expect(ranges.length).toBeGreaterThan(100);
    expect(chunked.finish(size)).toEqual(ranges);
    expect((await planChunks(objects, inspected, 4096)).map(({ start, end }) => ({ start, end }))).toEqual(ranges.map(({ start, end }) => ({ start, end })));
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
    const objects = new FsObjectStore(root);
    const file = await inspect(objects, { bucket: 'data', key: 'tv.csv', etag: 'e' }, { largeBytes: 1 });
    const chunks = await planChunks(objects, file, 4096);
    expect(chunks.length).toBeGreaterThan(20);
    const work = 'work-tv';
    const partials = await Promise.all(chunks.map((chunk) => summarizeChunk(objects, file, chunk, { workBucket: work, executionName: 'tv' })));
    const { summary: merged } = await mergePartials(objects, partials, { file, exactMaxBytes: 0, executionName: 'tv' });
    expect(merged.rows).toBe(20_000);
    expect(merged.columns.find((column) => column.name === 'item')).toMatchObject({ count: 20_000, unique: single.columns[1]?.unique });
    // Partials are read 16 ahead of the fold: a missing one past the first window still fails the merge, by name.
    const missing = { bucket: work, key: 'partials/tv/missing.json' };
    await expect(mergePartials(objects, [...partials.slice(0, 18), missing, ...partials.slice(18)], { file, exactMaxBytes: 0, executionName: 'tv' })).rejects.toThrow(/partials\/tv\/missing\.json not found/);
  }, 60_000);

  it('ranges cut at a quoted line end (their boundaries do not hold) give one thread\'s summary, and a malformed file its true line', async () => {
    // The two nominal halves meet inside a quoted note of 3000 lines: the ranges are scanned again.
    const straddled = path.join(dir, 'straddled.csv');
    const lines = ['id,nota,valor'];
    for (let i = 0; i < 3000; i++) lines.push(`${i},nota ${i % 17},${i % 5}.5`);
    lines.push(`3000,"${Array.from({ length: 3000 }, (_, at) => `linha ${at}, com vírgula`).join('\n')}",7`);
    for (let i = 3001; i < 6000; i++) lines.push(`${i},nota ${i % 17},${i % 5}.5`);
    const text = `${lines.join('\n')}\n`;
    const middle = Buffer.byteLength(text) / 2;
    const quoted = Buffer.from(text).indexOf('"');
    expect(quoted).toBeLessThan(middle);
    expect(Buffer.from(text).indexOf('"', quoted + 1)).toBeGreaterThan(middle);
    writeFileSync(straddled, text);
    const single = await summarizeLocalFile(straddled);
    expect(single.rows).toBe(6000);
    process.env.FLUXO_CSV_WORKERS = '2';
    process.env.FLUXO_CSV_PARALLEL_MIN_BYTES = '1';
    // Sums in another order: means to 12 digits.
    const close = (summary: typeof single) => ({ ...summary, columns: summary.columns.map((column) => ({ ...column, mean: typeof column.mean === 'number' ? Number(column.mean.toPrecision(12)) : column.mean })) });
    expect(close(await summarizeLocalFile(straddled))).toEqual(close(single));

    // An unterminated quote in the second half: the line in the whole file, as one thread says.
    const broken = path.join(dir, 'broken.csv');
    writeFileSync(broken, `${[...lines.slice(0, 3001), '3000,"never closed,7', ...lines.slice(3002)].join('\n')}\n`);
    await expect(summarizeLocalFile(broken)).rejects.toThrow('broken.csv: line 3002: unterminated quoted field');
    delete process.env.FLUXO_CSV_WORKERS;
    await expect(summarizeLocalFile(broken)).rejects.toThrow('broken.csv: line 3002: unterminated quoted field');
  }, 60_000);

  it('gives pandas-exact quartiles past the ranges\' exact budget: a second pass in worker threads and a second Map', async () => {
    const wide = path.join(dir, 'distinct.csv');
    const lines = ['n,amount,day'];
    const random = seeded(9);
    // n spreads over 3.2e9 integers: wider than any histogram (histogram.ts), so sketches answer past the values budget.
    for (let i = 0; i < 400_000; i++) lines.push(`${i * 7919},${(random() * 2e6).toFixed(3)},${new Date(Date.UTC(1900, 0, 1) + Math.floor(random() * 40_000) * 86_400_000).toISOString().slice(0, 10)}`);
    writeFileSync(wide, `${lines.join('\n')}\n`);
    const quartiles = (summary: { columns: { p25: unknown; p50: unknown; p75: unknown; exact: boolean }[] }) => summary.columns.map(({ p25, p50, p75, exact }) => ({ p25, p50, p75, exact }));
    // One pass holds every value (EXACT_VALUES_BUDGET): the reference.
    const single = await summarizeLocalFile(wide);
    expect(quartiles(single).every((column) => column.exact)).toBe(true);
    process.env.FLUXO_CSV_WORKERS = '3';
    process.env.FLUXO_CSV_PARALLEL_MIN_BYTES = '1';
    // Three ranges of 133 000 rows each overflow RANGE_EXACT_VALUES_BUDGET: without the second pass, sketches answer.
    const approximate = await summarizeLocalFile(wide, { quantiles: 'approximate' });
    expect(quartiles(approximate).map((column) => column.exact)).toEqual([false, false, false]);
    expect(quartiles(await summarizeLocalFile(wide))).toEqual(quartiles(single));

    // The Map path: 1.2 MB chunks (39 000 rows: 3 columns past RANGE_EXACT_VALUES_BUDGET), merged, a plan in the work bucket, RefineChunk per chunk, ExactQuartiles.
    const objects = new FsObjectStore(root);
    const file = await inspect(objects, { bucket: 'data', key: 'distinct.csv', etag: 'e' }, { largeBytes: 1 });
    const chunks = await planChunks(objects, file, 1.2 * 1024 * 1024);
    expect(chunks.length).toBeGreaterThan(5);
    const work = 'work-exact';
    const partials = await Promise.all(chunks.map((chunk) => summarizeChunk(objects, file, chunk, { workBucket: work, executionName: 'exact' })));
    const merged = await mergePartials(objects, partials, { file, exactMaxBytes: file.size, executionName: 'exact' });
    expect(merged.refine).toEqual({ bucket: work, key: 'refine/exact/plan.json' });
    expect((await mergePartials(objects, partials, { file, exactMaxBytes: file.size - 1, executionName: 'exact' })).refine).toBeNull();
    const plan = merged.refine as { bucket: string; key: string };
    const refined = await Promise.all(chunks.map((chunk) => refineChunk(objects, { file, chunk, plan, executionName: 'exact' })));
    const summary = await exactQuartiles(objects, merged.summary, plan, refined);
    expect(quartiles(summary)).toEqual(quartiles(single));
  }, 120_000);
});
