import { ValidationError } from '../../shared/errors.js';

/** Bytes read to sniff the dialect (and, locally, to find the header). */
export const SNIFF_BYTES = 64 * 1024;
import type { Decimal } from './values.js';
import { CsvTokenizer, MalformedCsvError } from './tokenizer.js';
import { countLineEnds } from './records.js';
import { windows1252ToUtf8 } from './transcode.js';

/**
 * How a file is stored; the scanner reads UTF-16 and Windows-1252 as the UTF-8 its reader
 * transcodes them to (transcode.ts), Latin-1 (only when asked for) as it is.
 */
export type Encoding = 'utf-8' | 'utf-8-bom' | 'latin1' | 'windows-1252' | 'utf-16le' | 'utf-16be';

export interface SniffResult {
  delimiter: string;
  encoding: Encoding;
  decimal: Decimal;
  header: string[];
}

const DELIMITERS = [',', ';', '\t', '|'];

/** Drops a trailing, possibly cut, UTF-8 sequence of a sample taken from the middle of a file. */
function completeUtf8(bytes: Uint8Array): Uint8Array {
  let end = bytes.length;
  for (let back = 1; back <= 3 && end - back >= 0; back++) {
    const byte = bytes[end - back] as number;
    if ((byte & 0xc0) === 0x80) continue;
    const need = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1;
    if (need > back) end -= back;
    break;
  }
  return bytes.subarray(0, end);
}

export function detectEncoding(sample: Uint8Array, whole: boolean): Encoding {
  if (sample[0] === 0xef && sample[1] === 0xbb && sample[2] === 0xbf) return 'utf-8-bom';
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(whole ? sample : completeUtf8(sample));
    return 'utf-8';
  } catch {
    // Not UTF-8: what Excel ("CSV" on Windows) and most ERPs write, a superset of Latin-1's letters.
    return 'windows-1252';
  }
}

export function decode(sample: Uint8Array, encoding: Encoding): string {
  if (encoding === 'latin1') return new TextDecoder('latin1').decode(sample);
  const text = new TextDecoder('utf-8').decode(completeUtf8(sample));
  return encoding === 'utf-8-bom' ? text.replace(/^\uFEFF/, '') : text;
}

/**
 * The first records of a sample as the tokenizer reads them with `delimiter` (one scanner
 * for every path: records.ts). A sample cut from a longer file drops its cut last record;
 * when no record is complete in it, what it holds is read as if it were the whole file.
 */
export function sampleRows(sample: Uint8Array, encoding: Encoding, delimiter: string, maxRows: number, whole: boolean): string[][] {
  const read = (final: boolean): string[][] => {
    const rows: string[][] = [];
    const tokenizer = new CsvTokenizer(delimiter.charCodeAt(0), encoding === 'latin1' ? 'latin1' : 'utf8', encoding === 'utf-8-bom', (row) => {
      if (rows.length < maxRows) rows.push(row.toArray());
    }, { maxColumns: Infinity, maxRecordBytes: Infinity });
    const bytes = Buffer.from(sample.buffer, sample.byteOffset, sample.byteLength);
    try {
      // A sample read whole as if it were the file: a UTF-8 sequence the cut split is not a character.
      tokenizer.push(final && !whole && encoding !== 'latin1' ? Buffer.from(completeUtf8(bytes)) : bytes);
      if (final) tokenizer.end();
    } catch (error) {
      // An unterminated quote: the summary reports it, with its line; the sniffer uses what it read.
      if (!(error instanceof MalformedCsvError)) throw error;
    }
    return rows;
  };
  const rows = read(whole);
  return rows.length > 0 || whole ? rows : read(true);
}

/**
 * Guesses the dialect from the first bytes: encoding (BOM, valid UTF-8, else
 * Windows-1252), delimiter (the one that splits the first lines most consistently),
 * decimal comma (`;`-separated files with `12,5`-style numbers) and the header.
 * Throws ValidationError for binary data or an empty file.
 */
export function sniff(bytes: Uint8Array, file: string, whole: boolean): SniffResult {
  if (bytes.length === 0) throw new ValidationError(`${file}: line 1: empty file`);
  const nul = bytes.indexOf(0);
  if (nul >= 0) throw new ValidationError(`${file}: line ${countLines(bytes, nul)}: binary data (NUL byte), not a CSV file`);
  const encoding = detectEncoding(bytes, whole);
  // Read as its chunks will be: transcoded to UTF-8 (a header with € or curly quotes is the same text).
  const sample = encoding === 'windows-1252' ? windows1252ToUtf8(bytes) : bytes;
  if (!decode(sample, encoding).trim()) throw new ValidationError(`${file}: line 1: empty file`);
  let best = { delimiter: ',', score: -1 };
  for (const delimiter of DELIMITERS) {
    const lines = sampleRows(sample, encoding, delimiter, 50, whole).filter((line) => line.length > 1 || line[0] !== '');
    if (lines.length === 0) continue;
    const counts = lines.map((line) => line.length);
    const first = counts[0] as number;
    if (first < 2) continue;
    const consistent = counts.filter((count) => count === first).length / counts.length;
    const score = consistent * 1000 + first;
    if (score > best.score) best = { delimiter, score };
  }
  // Every record of the sample is evidence for the decimal mark, not only the first lines.
  const lines = sampleRows(sample, encoding, best.delimiter, Infinity, whole);
  const header = (lines[0] ?? []).map((name) => name.trim());
  const decimal = decimalOf(best.delimiter, lines.slice(1).flat());
  return { delimiter: best.delimiter, encoding, decimal, header };
}

/** `12,50`, `-0,01`, `1.234,56`, `1234,567`: a decimal comma (no thousands group reads them). */
const COMMA_DECIMAL = /^[+-]?(\d{1,3}(\.\d{3})+,\d+|\d+,(\d{1,2}|\d{4,})|\d{4,},\d{3})$/;
/** `1.5`, `0.25`, `1,234.56`: a decimal point. */
const DOT_DECIMAL = /^[+-]?(\d{1,3}(,\d{3})+\.\d+|\d+\.(\d{1,2}|\d{4,})|\d{4,}\.\d{3})$/;

/**
 * The decimal separator a `;`/tab/`|` file's numbers are written with, from every field of the
 * sample: `12,50` and `1.234,56` are evidence of a decimal comma, `1.5` and `1,234.56` of a
 * point; `1.000` and `1,000` (three digits after the one separator) are either a decimal or a
 * thousands group, and are no evidence. A comma-separated file's decimal is `.`. A decimal comma
 * that appears only past the sample is not seen here: the summary then warns, naming the column
 * and the option to pass (ColumnAccumulator's `otherDecimal`).
 */
export function decimalOf(delimiter: string, fields: string[]): Decimal {
  if (delimiter === ',') return '.';
  let comma = 0;
  let dot = 0;
  for (const raw of fields) {
    const field = raw.trim();
    if (COMMA_DECIMAL.test(field)) comma += 1;
    else if (DOT_DECIMAL.test(field)) dot += 1;
  }
  return comma > dot ? ',' : '.';
}

const countLines = (bytes: Uint8Array, upTo: number): number => 1 + countLineEnds(bytes, 0, upTo);
