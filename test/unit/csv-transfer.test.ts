import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { RANGE_EXACT_VALUES_BUDGET } from '../../src/domain/csv/column.js';
import { summarizeStream } from '../../src/domain/csv/stream.js';
import { Summarizer, type SerializedSummarizer } from '../../src/domain/csv/summary.js';
import { fileRange } from '../../src/local/stack/file-range.js';
import { feedRows } from '../support/csv-rows.js';

const HEADER = ['id', 'amount', 'qty', 'day', 'word', 'paid', 'wide'];
const WORDS = Array.from({ length: 3000 }, (_, i) => `palavra ${i} ção`);

/** Rows `from`..`to` of a table with every kind of column: histogram, counts, kept values (past 5000 distinct: a sketch), text, dates, booleans. */
function rows(from: number, to: number): string[][] {
  const out: string[][] = [];
  for (let i = from; i < to; i++) {
    const amount = i % 97 === 0 ? '' : ((i * 7919) % 100_000 / 100).toFixed(2);
    const day = `2024-${String((i % 12) + 1).padStart(2, '0')}-${String((i % 28) + 1).padStart(2, '0')}`;
    out.push([String(i + 1), amount, String(i % 9), day, WORDS[(i * 7) % WORDS.length] as string, i % 3 === 0 ? 'True' : 'False', String(Math.sin(i) * 1e6)]);
  }
  return out;
}

/** A range's summarizer, as a chunk keeps it (a range's budgets). */
const range = (from: number, to: number): Summarizer => feedRows(new Summarizer(HEADER, { delimiter: ',', encoding: 'utf-8', decimal: '.' }, RANGE_EXACT_VALUES_BUDGET / 20, 256 * 1024), rows(from, to));
const viaJson = (summarizer: Summarizer): Summarizer => Summarizer.fromJSON(JSON.parse(JSON.stringify(summarizer.toJSON())) as SerializedSummarizer);

describe('partials between threads of one process', () => {
  it('a partial moved as toTransfer gives it merges into a range summarizer to the summary their JSON gives', () => {
    const json = viaJson(range(0, 6000));
    json.merge(viaJson(range(6000, 12_000)));

    const moved = range(6000, 12_000);
    const { partial, transfer } = moved.toTransfer();
    const received = structuredClone(partial, { transfer }) as SerializedSummarizer;
    const own = range(0, 6000).asMergeBase();
    own.merge(Summarizer.fromJSON(received));

    expect(own.finish()).toEqual(json.finish());
    const summary = own.finish();
    expect(summary.columns.map((column) => column.exact)).toEqual(json.finish().columns.map((column) => column.exact));
    expect(summary.columns.find((column) => column.name === 'word')?.unique).toBe(WORDS.length);
    // the histograms' counts were moved, not copied: the sender's arrays are empty now
    expect(transfer.length).toBeGreaterThan(0);
    expect(transfer.every((buffer) => buffer.byteLength === 0)).toBe(true);
  });
});

describe('fileRange', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'fluxo-file-range-'));
  const file = path.join(dir, 'rows.csv');
  const text = `${HEADER.join(',')}\n${rows(0, 3000)
    .map((row) => row.map((field) => (field.includes(',') ? `"${field}"` : field)).join(','))
    .join('\n')}\n`;
  writeFileSync(file, text);
  const bytes = Buffer.from(text);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('gives bytes start..end of the file, whatever its buffer size', async () => {
    for (const size of [61, 4096, 1 << 20]) {
      const pieces: Buffer[] = [];
      for await (const piece of fileRange(file, 13, bytes.length - 5, size)) pieces.push(Buffer.from(piece));
      expect(Buffer.concat(pieces).equals(bytes.subarray(13, bytes.length - 4))).toBe(true);
    }
  });

  it('summarizes a file read into one reused 61-byte buffer as it does the whole file at once', async () => {
    const options = { dialect: { delimiter: ',', encoding: 'utf-8' as const, decimal: '.' as const }, file: 'rows.csv' };
    const whole = await summarizeStream(fileRange(file, 0, bytes.length - 1, bytes.length), options);
    const reused = await summarizeStream(fileRange(file, 0, bytes.length - 1, 61), options);
    expect(reused.finish()).toEqual(whole.finish());
    expect(reused.rows).toBe(3000);
  });
});
