import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { summarizeLocalFile } from '../../src/local/stack/summarize-file.js';
import { expectedTops, tiedFile } from '../support/csv-ties.js';

const dir = mkdtempSync(path.join(tmpdir(), 'fluxo-ties-'));
const file = path.join(dir, 'ties.csv');
writeFileSync(file, tiedFile());

afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(() => {
  delete process.env.FLUXO_CSV_WORKERS;
  delete process.env.FLUXO_CSV_PARALLEL_MIN_BYTES;
});

describe("fluxo summarize: top on a tie is the value seen first, as pandas'", () => {
  it('in one pass and over two worker ranges (the CLI Map path)', async () => {
    expect((await summarizeLocalFile(file)).columns.slice(0, 2)).toMatchObject(expectedTops);
    process.env.FLUXO_CSV_PARALLEL_MIN_BYTES = '1';
    process.env.FLUXO_CSV_WORKERS = '2';
    expect((await summarizeLocalFile(file)).columns.slice(0, 2)).toMatchObject(expectedTops);
  });
});
