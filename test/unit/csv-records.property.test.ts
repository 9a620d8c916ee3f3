import { afterFirstLineEnd } from '../../src/domain/csv/records.js';
import { RecordSplitter } from '../../src/domain/csv/split.js';
import { sampleRows } from '../../src/domain/csv/sniff.js';
import { CsvTokenizer, MalformedCsvError } from '../../src/domain/csv/tokenizer.js';
import { generatedCsv, LINE_ENDINGS } from '../support/csv-files.js';

/** expect(actual).toEqual(expected), with a cheap comparison first: thousands of cuts per file. */
function same(actual: unknown, expected: unknown, expectedJson = JSON.stringify(expected)): void {
  if (JSON.stringify(actual) !== expectedJson) expect(actual).toEqual(expected);
}

/** Rows and the line each starts on, as the tokenizer reads `pieces` fed one after another. */
function tokenize(pieces: Buffer[], bom = true): { rows: string[][]; lines: number[] } {
  const rows: string[][] = [];
  const lines: number[] = [];
  const tokenizer = new CsvTokenizer(44, 'utf8', bom, (row, line) => {
    rows.push(row.toArray());
    lines.push(line);
  });
  for (const piece of pieces) tokenizer.push(piece);
  tokenizer.end();
  return { rows, lines };
}

/** Where the splitter ends records (a range per record), fed `pieces`. */
function recordRanges(pieces: Buffer[], size: number) {
  const splitter = new RecordSplitter(44, (start) => start);
  for (const piece of pieces) splitter.push(piece);
  return splitter.finish(size);
}

/** The record start a speculative chunk finds from its nominal start `offset` (summarize-chunk.ts reads the same rule from the store). */
const speculativeStart = (bytes: Buffer, offset: number): number => {
  if (offset === 0) return 0;
  const next = afterFirstLineEnd(bytes, offset - 1, true);
  return next < 0 ? bytes.length : next;
};

const FILES = LINE_ENDINGS.flatMap((ending) => Array.from({ length: 12 }, (_, seed) => ({ ending: JSON.stringify(ending), seed, bytes: generatedCsv(seed * 7 + ending.length, ending, 6 + seed * 3) })));

describe('one record scanner: the file cut at every byte reads as one pass (property)', () => {
  it.each(FILES)('ending $ending, file $seed', ({ bytes }) => {
    const whole = tokenize([bytes]);
    expect(whole.rows[0]).toHaveLength(5);
    expect(whole.rows.every((row) => row.length === 5)).toBe(true);
    const ranges = recordRanges([bytes], bytes.length);
    const starts = new Set([0, bytes.length, ...ranges.map((range) => range.start)]);
    // Each record range read alone gives its rows, starting on the line the splitter says.
    const perRange = ranges.map((range) => tokenize([bytes.subarray(range.start, range.end + 1)], range.start === 0));
    expect(perRange.flatMap((read) => read.rows)).toEqual(whole.rows);
    const firstLines = ranges.flatMap((range, index) => ((perRange[index] as { rows: unknown[] }).rows.length ? [range.firstLine + ((perRange[index] as { lines: number[] }).lines[0] as number) - 1] : []));
    expect(firstLines).toEqual(whole.lines);
    // The sniffer's sample reads the same header and first rows.
    expect(sampleRows(bytes, bytes[0] === 0xef ? 'utf-8-bom' : 'utf-8', ',', 3, true)).toEqual(whole.rows.slice(0, 3));

    const [wholeJson, rowsJson, rangesJson] = [JSON.stringify(whole), JSON.stringify(whole.rows), JSON.stringify(ranges)];
    for (let cut = 0; cut <= bytes.length; cut++) {
      const pieces = [bytes.subarray(0, cut), bytes.subarray(cut)];
      // Tokenizer and splitter, the bytes arriving in two blocks.
      same(tokenize(pieces), whole, wholeJson);
      same(recordRanges(pieces, bytes.length), ranges, rangesJson);
      // Two speculative chunks with their nominal boundary here: either the boundary holds and
      // the two parses are the one pass, or the first chunk's own parse refuses its end.
      const start = speculativeStart(bytes, cut);
      let first: string[][];
      try {
        first = tokenize([bytes.subarray(0, start)]).rows;
      } catch (error) {
        if (!(error instanceof MalformedCsvError) || starts.has(start)) throw error;
        continue;
      }
      if (starts.has(start)) same([...first, ...tokenize([bytes.subarray(start)], start === 0).rows], whole.rows, rowsJson);
    }
  });

  it('ends records at a lone CR on every scanner (an old Excel-for-Mac export)', () => {
    const bytes = Buffer.from('a,b\r1,"x\ry"\r2,3\r\r4,5');
    expect(tokenize([bytes])).toEqual({ rows: [['a', 'b'], ['1', 'x\ry'], ['2', '3'], ['4', '5']], lines: [1, 2, 4, 6] });
    expect(recordRanges([bytes], bytes.length).map((range) => [range.start, range.end, range.firstLine])).toEqual([
      [0, 3, 1],
      [4, 11, 2],
      [12, 15, 4],
      [16, 16, 5],
      [17, 19, 6],
    ]);
    expect(sampleRows(bytes, 'utf-8', ',', 10, true)).toEqual([['a', 'b'], ['1', 'x\ry'], ['2', '3'], ['4', '5']]);
    // From inside the quoted field the raw rule stops at its CR; that chunk's parse then refuses its end.
    expect(speculativeStart(bytes, 5)).toBe(9);
    expect(() => tokenize([bytes.subarray(0, 9)])).toThrow('line 2: unterminated quoted field');
  });
});
