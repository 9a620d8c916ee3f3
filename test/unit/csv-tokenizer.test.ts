import { Summarizer } from '../../src/domain/csv/summary.js';
import fc from 'fast-check';
import { CsvTokenizer, type MalformedCsvError } from '../../src/domain/csv/tokenizer.js';

function tokenize(input: Buffer | string, options: { delimiter?: string; encoding?: 'utf8' | 'latin1'; bom?: boolean; cuts?: number[] } = {}): string[][] {
  const bytes = typeof input === 'string' ? Buffer.from(input, options.encoding ?? 'utf8') : input;
  const rows: string[][] = [];
  const tokenizer = new CsvTokenizer((options.delimiter ?? ',').charCodeAt(0), options.encoding ?? 'utf8', options.bom ?? false, (row) => rows.push(row.toArray()));
  let start = 0;
  for (const cut of [...(options.cuts ?? []), bytes.length]) {
    tokenizer.push(bytes.subarray(start, Math.max(start, cut)));
    start = Math.max(start, cut);
  }
  tokenizer.end();
  return rows;
}

describe('CsvTokenizer', () => {
  it('reads quotes, doubled quotes, embedded delimiters and newlines, CRLF, blank lines, empty and trailing fields', () => {
    const text = 'a,b,c\r\n"x, y","say ""hi""","line1\nline2"\n\n1,,3\n4,5,\n"",x"y,z';
    expect(tokenize(text)).toEqual([
      ['a', 'b', 'c'],
      ['x, y', 'say "hi"', 'line1\nline2'],
      ['1', '', '3'],
      ['4', '5', ''],
      ['', 'x"y', 'z'],
    ]);
  });

  it('gives the same rows however the bytes are cut into chunks', () => {
    const text = 'id;nome;valor\n1;"São Paulo";"1.234,56"\n2;"a;b";x\r\n3;ç;"multi\nline"\n';
    const whole = tokenize(text, { delimiter: ';' });
    const bytes = Buffer.from(text);
    for (let cut = 0; cut <= bytes.length; cut++) expect(tokenize(bytes, { delimiter: ';', cuts: [cut] })).toEqual(whole);
  });

  it('decodes Latin-1 and skips a UTF-8 BOM', () => {
    expect(tokenize('café;maçã\n', { delimiter: ';', encoding: 'latin1' })).toEqual([['café', 'maçã']]);
    expect(tokenize(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('a\tb\n')]), { delimiter: '\t', bom: true })).toEqual([['a', 'b']]);
  });

  it('names the line where an unterminated quote opened', () => {
    const error = (() => {
      try {
        tokenize('a,b\n1,2\n3,"open\nstill\n', { cuts: [5, 11] });
      } catch (caught) {
        return caught as MalformedCsvError;
      }
      return undefined;
    })();
    expect(error).toMatchObject({ name: 'MalformedCsvError', line: 3, reason: 'unterminated quoted field' });
  });

  it('round-trips any table written with RFC 4180 quoting, cut anywhere (property)', () => {
    const cell = fc.string({ unit: fc.constantFrom('a', 'ç', ',', '"', '\n', ' ', '1', ';') });
    fc.assert(
      fc.property(fc.array(fc.array(cell, { minLength: 2, maxLength: 2 }), { minLength: 1, maxLength: 8 }), fc.array(fc.nat(), { maxLength: 4 }), (table, rawCuts) => {
        const quote = (value: string) => (/[",\n]/.test(value) || value === '' ? `"${value.replaceAll('"', '""')}"` : value);
        const text = table.map((row) => row.map(quote).join(',')).join('\n') + '\n';
        const size = Buffer.byteLength(text);
        const cuts = rawCuts.map((cut) => cut % (size + 1)).sort((a, b) => a - b);
        expect(tokenize(text, { cuts })).toEqual(table);
      }),
      { numRuns: 300 },
    );
  });
});

describe('RawRow.number', () => {
  const read = (text: string) => {
    let result: { value: number; integer: boolean; canonical: boolean } | undefined;
    new CsvTokenizer(0x2c, 'utf8', false, (row) => {
      const value = row.number(0);
      result = { value, integer: row.integer, canonical: row.canonical };
    }).push(Buffer.from(`${text}\n`));
    return result;
  };
  it.each([
    ['42', 42, true, true],
    ['-3.25', -3.25, false, true],
    ['0.1', 0.1, false, true],
    ['1.50', 1.5, false, false],
    ['007', 7, true, false],
    ['+5', 5, true, false],
    ['-0', -0, true, false],
    ['.5', 0.5, false, false],
    ['5.', 5, false, false],
    ['0', 0, true, true],
    ['123456789.012345', 123456789.012345, false, true],
  ])('reads %s as Number() does, with its spelling', (text, value, integer, canonical) => {
    expect(read(text)).toEqual({ value, integer, canonical });
    expect(read(text)?.value).toBe(Number(text));
  });
  it.each(['1e5', '1;5', 'NA', ' 1', '1234567890123456', '--1', '1.2.3'])('leaves %j to the text path (NaN)', (text) => {
    expect(read(text)?.value).toBeNaN();
  });
});

describe('a column of numbers that turns out to be text', () => {
  it('keeps the spelling of every value, as pandas reads an object column', () => {
    let summarizer: Summarizer | undefined;
    const tokenizer = new CsvTokenizer(0x2c, 'utf8', false, (row) => {
      if (summarizer) summarizer.addRaw(row);
      else summarizer = new Summarizer(row.toArray(), { delimiter: ',', encoding: 'utf-8', decimal: '.' });
    });
    tokenizer.push(Buffer.from('code,price\n001,1.50\n002,2\n2,2.0\nA3,x\n002,1.50\n'));
    tokenizer.end();
    const [code, price] = summarizer?.finish().columns ?? [];
    expect(code).toMatchObject({ type: 'string', unique: 4, top: '002', freq: 2, exact: true });
    expect(price).toMatchObject({ type: 'string', unique: 4, top: '1.50', freq: 2, exact: true });
  });

  it('scans and copies a record longer than many chunks a bounded number of times (linear, not one rescan per chunk)', () => {
    const field = 'x'.repeat(1023) + '\n';
    const text = Buffer.from(`a,b\n1,"${field.repeat(8 * 1024)}"\n2,y\n`);
    const rows: string[][] = [];
    const tokenizer = new CsvTokenizer(44, 'utf8', false, (row) => rows.push(row.toArray()), { maxRecordBytes: 16 * 1024 * 1024 });
    const chunk = 64 * 1024;
    for (let start = 0; start < text.length; start += chunk) tokenizer.push(text.subarray(start, start + chunk));
    tokenizer.end();
    expect(rows.map((row) => row[1]?.length)).toEqual([1, 8 * 1024 * 1024, 1]);
    // One rescan per 64 KB chunk would scan ~128 times the record (512 MB); doubling keeps both under 4 times it.
    expect(tokenizer.cost.scanned).toBeLessThan(4 * text.length);
    expect(tokenizer.cost.copied).toBeLessThan(4 * text.length);
  });
});
