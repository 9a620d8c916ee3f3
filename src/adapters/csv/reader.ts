import { open } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { Summarizer, type Dialect } from '../../domain/csv/summary.js';
import type { Encoding } from '../../domain/csv/sniff.js';
import { CsvTokenizer, MalformedCsvError, type TokenizerLimits } from '../../domain/csv/tokenizer.js';
import { ValidationError } from '../../platform/errors.js';

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
}

/**
 * Streams CSV rows into a Summarizer with the byte-level tokenizer: the file is
 * never held in memory (one row at most is carried between chunks). A malformed
 * file (unterminated quote) throws one ValidationError naming the file and the line.
 */
export async function summarizeStream(stream: Readable | AsyncIterable<Buffer>, options: ReadOptions): Promise<Summarizer> {
  let summarizer = options.header ? new Summarizer(options.header, options.dialect) : undefined;
  const { delimiter, encoding } = options.dialect;
  const tokenizer = new CsvTokenizer(delimiter.charCodeAt(0), encoding === 'latin1' ? 'latin1' : 'utf8', encoding === 'utf-8-bom' && !options.header, (row) => {
    if (summarizer) summarizer.addRaw(row);
    else summarizer = new Summarizer(row.toArray().map((name) => name.trim()), options.dialect);
  }, options.limits);
  try {
    for await (const chunk of stream) tokenizer.push(chunk as Buffer);
    tokenizer.end();
  } catch (error) {
    if (error instanceof MalformedCsvError || (error as Error).name === 'MalformedCsvError') {
      const { line, reason } = error as MalformedCsvError;
      throw new ValidationError(`${options.file}: line ${line + (options.firstLine ?? 1) - 1}: ${reason}`);
    }
    throw error;
  }
  if (!summarizer) throw new ValidationError(`${options.file}: line 1: empty file`);
  return summarizer;
}

/**
 * A byte range of a local file, read into one reused buffer: no allocation per chunk
 * (a stream allocates a buffer per chunk, and those pile up as external memory until a
 * GC). Each chunk is valid until the next is asked for, which the tokenizer allows.
 */
export async function* readRange(file: string, start: number, end: number, chunkSize: number): AsyncGenerator<Buffer> {
  const handle = await open(file, 'r');
  const buffer = Buffer.allocUnsafeSlow(chunkSize);
  try {
    let position = start;
    while (position <= end) {
      const { bytesRead } = await handle.read(buffer, 0, Math.min(chunkSize, end - position + 1), position);
      if (bytesRead === 0) break;
      position += bytesRead;
      yield buffer.subarray(0, bytesRead);
    }
  } finally {
    await handle.close();
  }
}
