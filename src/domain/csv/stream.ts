import { ValidationError } from '../../shared/errors.js';
import type { Encoding } from './sniff.js';
import { Summarizer, type Dialect } from './summary.js';
import { RefinePass, type RefinePlan } from './refine.js';
import type { RawRow } from './raw-row.js';
import { CsvTokenizer, MalformedCsvError, type TokenizerLimits } from './tokenizer.js';

export interface ReadOptions {
  dialect: Dialect & { encoding: Encoding };
  /** The header, when the stream starts after it (a byte range of a large file). */
  header?: string[];
  /** Named in error messages: `file: line N: ...`. */
  file: string;
  /** Line number of the stream's first line in the file (for messages). */
  firstLine?: number;
  /** Column and record-length limits (defaults: 16 384 columns, 64 MB). */
  limits?: TokenizerLimits;
  /** Values kept for exact quartiles (default EXACT_VALUES_BUDGET; a range of a large file: RANGE_EXACT_VALUES_BUDGET). */
  exactValues?: number;
  /** Bytes of histograms (default HISTOGRAM_BYTES; a range of a large file: RANGE_HISTOGRAM_BYTES, or what its caller affords). */
  histogramBytes?: number;
}

/**
 * Streams CSV rows into a Summarizer with the byte-level tokenizer: the file is
 * never held in memory (one row at most is carried between chunks). A malformed
 * file (unterminated quote) throws one ValidationError naming the file and the line.
 */
export async function summarizeStream(stream: AsyncIterable<Buffer | Uint8Array>, options: ReadOptions): Promise<Summarizer> {
  let summarizer = options.header ? new Summarizer(options.header, options.dialect, options.exactValues, options.histogramBytes) : undefined;
  const tokenizer = await tokenizeStream(stream, options, (row) => {
    if (summarizer) summarizer.addRaw(row);
    else summarizer = new Summarizer(row.toArray().map((name) => name.trim()), options.dialect, options.exactValues, options.histogramBytes);
  });
  if (!summarizer) throw new ValidationError(`${options.file}: line 1: empty file`);
  summarizer.lineStats.add(tokenizer.lines, tokenizer.longestQuoted);
  return summarizer;
}

/** The second pass for exact quartiles (refine.ts) over a file or a byte range: the same rows as summarizeStream read. */
export async function refineStream(stream: AsyncIterable<Buffer | Uint8Array>, options: ReadOptions, plan: RefinePlan): Promise<RefinePass> {
  const pass = new RefinePass(plan);
  let header = options.header !== undefined;
  await tokenizeStream(stream, options, (row) => {
    if (header) pass.addRaw(row);
    else header = true;
  });
  return pass;
}

/** A file that does not parse (an unterminated quote, a record past the limits): a ValidationError that says so. */
export class MalformedCsv extends ValidationError {
  // Still a ValidationError to the machines' Catch and to RecordFailure.
  override name = 'ValidationError';
}

async function tokenizeStream(stream: AsyncIterable<Buffer | Uint8Array>, options: ReadOptions, onRow: (row: RawRow) => void): Promise<CsvTokenizer> {
  const { delimiter, encoding } = options.dialect;
  const tokenizer = new CsvTokenizer(delimiter.charCodeAt(0), encoding === 'latin1' ? 'latin1' : 'utf8', encoding === 'utf-8-bom' && !options.header, onRow, options.limits);
  try {
    for await (const chunk of stream) tokenizer.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
    tokenizer.end();
    return tokenizer;
  } catch (error) {
    if (error instanceof MalformedCsvError || (error as Error).name === 'MalformedCsvError') {
      const { line, reason } = error as MalformedCsvError;
      throw new MalformedCsv(`${options.file}: line ${line + (options.firstLine ?? 1) - 1}: ${reason}`);
    }
    throw error;
  }
}
