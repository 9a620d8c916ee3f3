import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { recordRanges, summarizeLocalFile } from '../../src/workflows/csv/summarize-local.js';

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
    const ranges = await recordRanges(file, size, 3);
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
});
