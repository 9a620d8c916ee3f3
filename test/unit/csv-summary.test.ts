import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { Summarizer, type ColumnSummary } from '../../src/domain/csv/summary.js';
import { feedRows } from '../support/csv-rows.js';
import { KllSketch, HyperLogLog } from '../../src/domain/csv/sketches.js';
import { parseNumber, parseDate, dedupeHeader } from '../../src/domain/csv/values.js';
import { sniff } from '../../src/domain/csv/sniff.js';
import { summarizeLocalFile } from '../../src/local/stack/summarize-file.js';
import { summaryJson, summaryTable } from '../../src/cli/commands/csv.js';

interface Expected {
  rows: number;
  columns: (Omit<ColumnSummary, 'type' | 'exact'> & { top: string | boolean | null })[];
}

const NUMERIC = ['mean', 'std', 'min', 'p25', 'p50', 'p75', 'max'] as const;

/** Compares with pandas' describe(include='all') as committed in fixtures/csv/*.pandas.json. */
function expectLikePandas(actual: ColumnSummary[], expected: Expected['columns']): void {
  expect(actual.map((column) => column.name)).toEqual(expected.map((column) => column.name));
  expected.forEach((want, index) => {
    const got = actual[index] as ColumnSummary;
    expect([got.name, got.count, got.missing]).toEqual([want.name, want.count, want.missing]);
    if (want.mean !== null) {
      for (const key of NUMERIC) expect([key, got[key]]).toEqual([key, want[key] === null ? null : expect.closeTo(want[key] as number, 9)]);
    } else {
      expect([got.name, got.unique]).toEqual([want.name, want.unique]);
      // pandas reads True/False into a bool column; fluxo reports the text as written.
      const top = typeof want.top === 'boolean' ? got.top?.toLowerCase() : got.top;
      if ((want.freq ?? 0) > 1) expect([got.name, top, got.freq]).toEqual([want.name, String(want.top), want.freq]);
    }
  });
}

describe('CSV summary, against pandas', () => {
  it('matches describe(include="all") on a UTF-8 file with quotes, multi-line fields and missing values', async () => {
    const expected = JSON.parse(readFileSync('fixtures/csv/sales.pandas.json', 'utf8')) as Expected;
    const summary = await summarizeLocalFile('fixtures/csv/sales.csv');
    expect(summary.rows).toBe(expected.rows);
    expectLikePandas(summary.columns, expected.columns);
    expect(summary.columns.map((column) => column.type)).toEqual(['integer', 'date', 'string', 'number', 'integer', 'boolean', 'string']);
  });

  it('reads a Brazilian Excel export: Latin-1, `;`, decimal comma with thousands dots', async () => {
    const expected = JSON.parse(readFileSync('fixtures/csv/vendas-latin1.pandas.json', 'utf8')) as Expected;
    const summary = await summarizeLocalFile('fixtures/csv/vendas-latin1.csv');
    expect([summary.delimiter, summary.encoding, summary.decimal]).toEqual([';', 'windows-1252', ',']);
    expectLikePandas(summary.columns, expected.columns);
    expect(summary.columns[1]?.top).toBe('Café');
    expect(summary.columns[0]).toMatchObject({ type: 'date', min: '2026-11-03', max: '2026-11-06' });
  });

  it('never advises --decimal , for US thousands groups (`10,106` would read 1000x too small)', () => {
    const summarizer = new Summarizer(['item', 'price'], { delimiter: ',', encoding: 'utf-8', decimal: '.' });
    feedRows(summarizer, [['a', '10,106'], ['b', '1,436'], ['c', '99,987']]);
    const summary = summarizer.finish();
    expect(summary.warnings).toEqual([]);
    expect(summary.columns[1]).toMatchObject({ type: 'string', unique: 3 });
    // A real decimal comma still gets its advice.
    const comma = new Summarizer(['item', 'price'], { delimiter: ';', encoding: 'utf-8', decimal: '.' });
    feedRows(comma, [['a', '10,50'], ['b', '1,25']]);
    expect(comma.finish().warnings).toEqual([expect.stringContaining('pass --decimal ,')]);
  });

  it('counts ragged rows in a warning', () => {
    const summarizer = new Summarizer(['a', 'b'], { delimiter: ',', encoding: 'utf-8', decimal: '.' });
    feedRows(summarizer, [['1', '2'], ['3'], ['4', '5', '6']]);
    expect(summarizer.finish().warnings).toEqual(['2 rows had a different number of fields than the header (2)']);
  });
});

describe('decimals a numeric column was written with', () => {
  it('counts digits after the point as written, less an exponent, with either decimal mark', () => {
    // The exponent form reads by significant digits: a column of 1.651e-07 and 2.492e-01 is not padded to 10 decimals.
    expect(['14924.04', '0.5003', '12', '-3.10', '1.5e-3', '2.492e-01', '.5'].map((text) => parseNumber(text, '.')?.decimals)).toEqual([2, 4, 0, 2, 0, 0, 1]);
    expect(['1.234,56', '12,5', '7'].map((text) => parseNumber(text, ',')?.decimals)).toEqual([2, 1, 0]);
  });

  it('keeps the most of any value, across merged partials and JSON, and none for text', () => {
    const part = (rows: string[][]) => Summarizer.fromJSON(JSON.parse(JSON.stringify(feedRows(new Summarizer(['amount', 'n', 'name'], { delimiter: ',', decimal: '.', encoding: 'utf-8' }), rows).toJSON())));
    const whole = part([['14924.04', '3', 'a'], ['12', '4', 'b']]);
    whole.merge(part([['0.125', '5', 'c'], ['7.5', '6', 'd']]));
    expect(whole.finish().columns.map((column) => column.decimals)).toEqual([3, 0, undefined]);
  });

  it('prints money with its cents in the text table: values as written, quartiles exact, means to the cent', () => {
    const summarizer = feedRows(new Summarizer(['item', 'amount', 'qty'], { delimiter: ',', decimal: '.', encoding: 'utf-8' }), [['A', '14924.04', '1'], ['B', '12', '2'], ['C', '100.5', '3'], ['D', '7.25', '4']]);
    const [, header, , amount, qty] = summaryTable(summarizer.finish()).split('\n');
    // Cells by the header's column offsets (empty cells are blank, so splitting on spaces would shift them).
    const starts = [...(header ?? '').matchAll(/\S+/g)].map((match) => [match[0], match.index] as const);
    const cells = (line = '') => Object.fromEntries(starts.map(([name, at], index) => [name, line.slice(at, starts[index + 1]?.[1]).trim()]));
    expect(cells(amount)).toMatchObject({ mean: '3760.95', min: '7.25', p25: '10.8125', p50: '56.25', p75: '3806.385', max: '14924.04' });
    expect(cells(qty)).toMatchObject({ mean: '2.5', min: '1', p25: '1.75', max: '4' });
  });
  it('shows control characters in text cells as visible escapes, one table line per column, and --json exact', () => {
    const top = 'line one\nline two';
    const values = [top, top, 'ok\rover', 'tab\there', 'bell\u0007\u001b[31m', 'del\u007f'];
    const summarizer = feedRows(new Summarizer(['note\nname', 'n'], { delimiter: ',', decimal: '.', encoding: 'utf-8' }), values.map((value, index) => [value, String(index)]));
    const summary = summarizer.finish();
    const lines = summaryTable(summary).split('\n');
    // header line, column header, one line per column: nothing broke the table.
    expect(lines).toHaveLength(2 + summary.columns.length + summary.warnings.length);
    expect([...lines.join('\n')].filter((char) => char !== '\n' && (char < ' ' || char === '\u007f'))).toEqual([]);
    expect(lines[2]).toMatch(/^note\\nname\s+\S+\s+6\s+0\s+5\s+line one\\nline two\s+2\b/);
    expect(summaryJson(summary)).toMatchObject({ columns: [{ name: 'note\nname', top }, { name: 'n' }] });
    // The text header's `decimal ,` is in --json too.
    const comma = feedRows(new Summarizer(['v'], { delimiter: ';', decimal: ',', encoding: 'utf-8' }), [['1,5']]).finish();
    expect(summaryJson(comma)).toMatchObject({ delimiter: ';', decimal: ',' });
    expect(summaryTable(comma).split('\n')[0]).toContain('decimal ,');
    const escaped = (value: string) => summaryTable(feedRows(new Summarizer(['v'], { delimiter: ',', decimal: '.', encoding: 'utf-8' }), [[value], [value]]).finish()).split('\n')[2] ?? '';
    expect(escaped('a\rb')).toContain('a\\rb');
    expect(escaped('a\tb')).toContain('a\\tb');
    expect(escaped('a\u0001b\u007f')).toContain('a\\x01b\\x7f');
    // A long value is cut at an escape's edge, never through it.
    expect(escaped(`${'x'.repeat(21)}\u000bmore`)).toContain(`${'x'.repeat(21)}…`);
  });
});

describe('boolean columns', () => {
  it('count values, not spellings, as pandas does: true, True and TRUE are one True', () => {
    const rows = ['true', 'True', 'FALSE', 'false', 'TRUE', 'true', 'NA'].map((flag) => [flag]);
    const [flag] = feedRows(new Summarizer(['flag'], { delimiter: ',', decimal: '.', encoding: 'utf-8' }), rows).finish().columns;
    expect(flag).toMatchObject({ type: 'boolean', count: 6, missing: 1, unique: 2, top: 'True', freq: 4 });
  });
});

describe('columns without values', () => {
  it('a header-only file has text columns with count 0 and unique 0, as pandas (object); all-missing rows stay numeric (float)', () => {
    const dialect = { delimiter: ',', decimal: '.', encoding: 'utf-8' } as const;
    const empty = new Summarizer(['a', 'b'], dialect).finish();
    expect(empty.columns).toEqual([expect.objectContaining({ name: 'a', type: 'string', count: 0, missing: 0, unique: 0, top: null, freq: null }), expect.objectContaining({ name: 'b', type: 'string', count: 0, unique: 0 })]);
    const [missing] = feedRows(new Summarizer(['a'], dialect), [['NA'], ['NULL']]).finish().columns;
    expect(missing).toMatchObject({ type: 'number', count: 0, missing: 2, unique: null });
  });
});

describe('CSV values', () => {
  it('parses numbers as pandas does, with either decimal mark', () => {
    expect(parseNumber('00501', '.')).toEqual({ value: 501, integer: true, decimals: 0 });
    expect(parseNumber('1.5e3', '.')).toEqual({ value: 1500, integer: false, decimals: 0 });
    expect(parseNumber('1.234,56', ',')?.value).toBe(1234.56);
    expect(parseNumber('12,5', ',')?.value).toBe(12.5);
    expect(parseNumber('1.5', ',')).toBeUndefined();
    expect(parseNumber('12,5', '.')).toBeUndefined();
  });

  it('parses ISO and dd/mm/yyyy dates and refuses impossible ones', () => {
    expect(parseDate('2026-02-28')).toEqual({ epoch: Date.UTC(2026, 1, 28), hasTime: false });
    expect(parseDate('28/02/2026 13:30')).toEqual({ epoch: Date.UTC(2026, 1, 28, 13, 30), hasTime: true });
    expect(parseDate('2026-11-20T12:00:00-03:00')?.epoch).toBe(Date.UTC(2026, 10, 20, 15));
    expect(parseDate('31/02/2026')).toBeUndefined();
  });

  it('renames duplicate and empty headers like pandas', () => {
    expect(dedupeHeader(['a', 'a', '', 'a'])).toEqual(['a', 'a.1', 'Unnamed: 2', 'a.2']);
  });

  it('skips a renamed header the file already has, and renames empty headers last, as pandas 3.0.6 does', () => {
    // Each right-hand side is pandas 3.0.6's read_csv(...).columns for the left-hand header.
    expect(dedupeHeader(['a', 'a', 'a.1'])).toEqual(['a', 'a.2', 'a.1']);
    expect(dedupeHeader(['a', 'a', 'a.1', 'a.1'])).toEqual(['a', 'a.2', 'a.1', 'a.1.1']);
    expect(dedupeHeader(['a.1', 'a', 'a'])).toEqual(['a.1', 'a', 'a.2']);
    expect(dedupeHeader(['', '', 'Unnamed: 0'])).toEqual(['Unnamed: 0.1', 'Unnamed: 1', 'Unnamed: 0']);
    expect(dedupeHeader(['x', '', 'x', ''])).toEqual(['x', 'Unnamed: 1', 'x.1', 'Unnamed: 3']);
  });

  it('sniffs tab and pipe delimiters and refuses binary data', () => {
    expect(sniff(Buffer.from('a\tb\tc\n1\t2\t3\n'), 'x.tsv', true).delimiter).toBe('\t');
    expect(sniff(Buffer.from('a|b\n1|2\n'), 'x.csv', true).delimiter).toBe('|');
    expect(sniff(Buffer.from('\uFEFFa,b\n1,2\n'), 'x.csv', true)).toMatchObject({ encoding: 'utf-8-bom', header: ['a', 'b'] });
    expect(() => sniff(Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00]), 'x.csv', true)).toThrow('x.csv: line 1: binary data (NUL byte), not a CSV file');
  });
});

const dialect = { delimiter: ',', encoding: 'utf-8', decimal: '.' as const };
const cellArb = fc.oneof(fc.double({ min: -1e6, max: 1e6, noNaN: true }).map((value) => String(value)), fc.integer({ min: -1000, max: 1000 }).map(String), fc.constantFrom('', 'NA', 'x', 'y'));

describe('CSV summary is mergeable', () => {
  it('chunked-and-merged equals one pass (rows through the tokenizer and addRaw) for count, missing, mean, std, min and max, and quartiles stay exact within budget', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(cellArb, cellArb), { minLength: 1, maxLength: 200 }), fc.integer({ min: 1, max: 5 }), (rows, parts) => {
        const whole = new Summarizer(['a', 'b'], dialect);
        feedRows(whole, rows);
        const merged = new Summarizer(['a', 'b'], dialect);
        const size = Math.ceil(rows.length / parts);
        for (let start = 0; start < rows.length; start += size) {
          const chunk = new Summarizer(['a', 'b'], dialect);
          feedRows(chunk, rows.slice(start, start + size));
          merged.merge(Summarizer.fromJSON(JSON.parse(JSON.stringify(chunk.toJSON()))));
        }
        const a = whole.finish();
        const b = merged.finish();
        expect(b.rows).toBe(a.rows);
        a.columns.forEach((column, index) => {
          const other = b.columns[index] as ColumnSummary;
          expect([other.type, other.count, other.missing, other.unique, other.freq, other.min, other.max]).toEqual([column.type, column.count, column.missing, column.unique, column.freq, column.min, column.max]);
          for (const key of ['mean', 'std', 'p25', 'p50', 'p75'] as const) {
            if (typeof column[key] === 'number') expect(other[key]).toBeCloseTo(column[key] as number, 6);
            else expect(other[key]).toEqual(column[key]);
          }
        });
      }),
      { numRuns: 100 },
    );
  });

  it('KLL quartiles stay within 2% rank error beyond the exact budget, merged or not', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1_000_000 }), fc.integer({ min: 2, max: 6 }), (seed, parts) => {
        const n = 60_000;
        const values = Array.from({ length: n }, (_, i) => ((i * 7919 + seed) % 100_003) / 7);
        const sketches = Array.from({ length: parts }, () => new KllSketch());
        values.forEach((value, i) => sketches[i % parts]?.add(value));
        const merged = sketches.reduce((acc, sketch) => (acc.merge(sketch), acc));
        const sorted = [...values].sort((a, b) => a - b);
        for (const q of [0.25, 0.5, 0.75]) {
          const estimate = merged.quantile(q) as number;
          const rank = sorted.findIndex((value) => value >= estimate) / n;
          expect(Math.abs(rank - q)).toBeLessThan(0.02);
        }
      }),
      { numRuns: 10 },
    );
  });

  it('HyperLogLog stays within 5% of the true distinct count', () => {
    const hll = new HyperLogLog();
    const other = new HyperLogLog();
    for (let i = 0; i < 150_000; i++) (i % 2 ? hll : other).add(`value-${i % 120_000}`);
    hll.merge(other);
    expect(Math.abs(hll.estimate() - 120_000) / 120_000).toBeLessThan(0.05);
  });
});
