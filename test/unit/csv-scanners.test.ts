import { sampleRows } from '../../src/domain/csv/sniff.js';
import { RecordSplitter } from '../../src/domain/csv/split.js';
import { CsvTokenizer, MAX_COLUMNS } from '../../src/domain/csv/tokenizer.js';

/**
 * One definition of CSV for the three scanners: a quote opens a quoted field only at
 * the start of a field, `""` inside one is a quote, a quote elsewhere is literal, LF or
 * CRLF end a record. The same cases go through the tokenizer (the rows), the splitter
 * (where records end) and the sniffer (the fields of the first lines).
 */
const CASES: { name: string; text: string; rows: string[][] }[] = [
  { name: 'a quote inside an unquoted field, then a multi-line quoted field', text: 'item,qty\n5" tv,2\n"multi\nline",3\n', rows: [['item', 'qty'], ['5" tv', '2'], ['multi\nline', '3']] },
  { name: 'doubled quotes, and a quoted field holding newlines and quotes', text: 'a,b\n"x""y",1\n"p\n""q""\nr",2\n', rows: [['a', 'b'], ['x"y', '1'], ['p\n"q"\nr', '2']] },
  { name: 'CRLF line ends', text: 'a,b\r\n1,2\r\n"3\r\n4",5\r\n', rows: [['a', 'b'], ['1', '2'], ['3\r\n4', '5']] },
  { name: 'text after a closing quote, with a quote in it', text: 'a,b\n"ab"c"d,1\n2,3\n', rows: [['a', 'b'], ['abc"d', '1'], ['2', '3']] },
  { name: 'a quote mid-field is literal; one after the delimiter opens a field', text: 'a;b\nx";y\n1;"2\n3"\n', rows: [['a', 'b'], ['x"', 'y'], ['1', '2\n3']] },
];

function tokenize(text: string, delimiter: string): string[][] {
  const rows: string[][] = [];
  const tokenizer = new CsvTokenizer(delimiter.charCodeAt(0), 'utf8', true, (row) => rows.push(row.toArray()));
  tokenizer.push(Buffer.from(text));
  tokenizer.end();
  return rows;
}

/** Record ends as the splitter sees them, asked to cut at every record boundary, fed one byte at a time or whole. */
function recordEnds(text: string, delimiter: string, byteByByte: boolean): number[] {
  const bytes = Buffer.from(text);
  const splitter = new RecordSplitter(delimiter.charCodeAt(0), (start) => start);
  if (byteByByte) for (let i = 0; i < bytes.length; i++) splitter.push(bytes.subarray(i, i + 1));
  else splitter.push(bytes);
  return splitter.finish(bytes.length).map((range) => range.end);
}

describe('one definition of CSV for the tokenizer, the splitter and the sniffer', () => {
  it.each(CASES)('$name', ({ text, rows }) => {
    const delimiter = text.includes(';') ? ';' : ',';
    expect(tokenize(text, delimiter)).toEqual(rows);
    // The splitter ends a range exactly where the tokenizer ends a record.
    const ends = recordEnds(text, delimiter, false);
    expect(ends).toHaveLength(rows.length);
    expect(recordEnds(text, delimiter, true)).toEqual(ends);
    let start = 0;
    const perRange = ends.map((end) => {
      const range = text.slice(0, Buffer.from(text).subarray(0, end + 1).toString().length).slice(start);
      start += range.length;
      return tokenize(range, delimiter);
    });
    expect(perRange.flat()).toEqual(rows);
    // The sniffer reads the same fields (it keeps CRLF inside quotes as read).
    expect(sampleRows(Buffer.from(text), 'utf-8', delimiter, 10, true)).toEqual(rows);
  });

  it.each(CASES)('counts the header fields as the tokenizer does, whole or byte by byte: $name', ({ text, rows }) => {
    const delimiter = text.includes(';') ? ';' : ',';
    for (const cut of [0, 1]) {
      const splitter = new RecordSplitter(delimiter.charCodeAt(0), () => Infinity);
      const bytes = Buffer.from(text);
      if (cut) for (let i = 0; i < bytes.length; i++) splitter.push(bytes.subarray(i, i + 1));
      else splitter.push(bytes);
      expect(splitter.headerFields).toBe(rows[0]?.length);
    }
  });

  it('skips a byte order mark before a quoted header in all three', () => {
    const text = '\uFEFF"id",name\n1,"a\nb"\n';
    expect(tokenize(text, ',')).toEqual([['id', 'name'], ['1', 'a\nb']]);
    expect(recordEnds(text, ',', false)).toHaveLength(2);
  });
});

describe('limits, with clear errors and in linear time', () => {
  it(`refuses more than ${MAX_COLUMNS} columns naming the line`, () => {
    const header = Array.from({ length: 100_000 }, (_, index) => `c${index}`).join(',');
    expect(() => tokenize(`${header}\n`, ',')).toThrow('line 1: 100000 columns (limit 16384)');
    expect(tokenize(`${Array.from({ length: MAX_COLUMNS }, (_, index) => `c${index}`).join(',')}\n`, ',')[0]).toHaveLength(MAX_COLUMNS);
  });

  it('refuses a record longer than the limit while it streams', () => {
    const rows: number[] = [];
    const tokenizer = new CsvTokenizer(44, 'utf8', false, (row) => rows.push(row.count), { maxRecordBytes: 1024 * 1024 });
    tokenizer.push(Buffer.from('a,b\n1,2\n'));
    const chunk = Buffer.alloc(64 * 1024, 'x');
    expect(() => {
      for (let i = 0; i < 40; i++) tokenizer.push(chunk);
    }).toThrow('line 3: record longer than 1 MB');
    expect(rows).toEqual([2, 2]);
  });

  it('reads one very long line fed in small chunks (held until there are as many new bytes as carried ones)', () => {
    const cells = 2_000_000;
    const line = Buffer.from(`${'1234567,'.repeat(cells - 1)}1234567\n`);
    let fields = 0;
    const tokenizer = new CsvTokenizer(44, 'utf8', false, (row) => (fields = row.count), { maxColumns: cells });
    for (let offset = 0; offset < line.length; offset += 64 * 1024) tokenizer.push(line.subarray(offset, offset + 64 * 1024));
    tokenizer.end();
    expect(fields).toBe(cells);
  });
});
