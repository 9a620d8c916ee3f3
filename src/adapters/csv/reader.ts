import { parse } from 'csv-parse';
import type { Readable } from 'node:stream';
import { Summarizer, type Dialect } from '../../domain/csv/summary.js';
import type { Encoding } from '../../domain/csv/sniff.js';
import { ValidationError } from '../../platform/errors.js';

export interface ReadOptions {
  dialect: Dialect & { encoding: Encoding };
  /** The header, when the stream starts after it (a byte range of a large file). */
  header?: string[];
  /** Named in error messages: `file: line N: ...`. */
  file: string;
  /** Line number of the stream's first line in the file (for messages). */
  firstLine?: number;
  /** Opens the same bytes again: on an unterminated quote, a second scan finds the line where it opened. */
  reopen?: () => Promise<Readable>;
}

/** The line where a double quote opened and never closed, by a byte scan; undefined when all quotes close. */
export async function openQuoteLine(stream: Readable): Promise<number | undefined> {
  let line = 1;
  let quoted = false;
  let openedAt = 0;
  for await (const piece of stream) {
    const bytes = piece as Buffer;
    for (let i = 0; i < bytes.length; i++) {
      const byte = bytes[i];
      if (byte === 0x0a) line += 1;
      else if (byte === 0x22) {
        quoted = !quoted;
        if (quoted) openedAt = line;
      }
    }
  }
  return quoted ? openedAt : undefined;
}

/**
 * Streams CSV rows into a Summarizer with csv-parse: the file is never held in
 * memory. A malformed file (unterminated quote, ...) throws one ValidationError
 * naming the file and the line.
 */
export async function summarizeStream(stream: Readable, options: ReadOptions): Promise<Summarizer> {
  const parser = parse({
    delimiter: options.dialect.delimiter,
    bom: options.dialect.encoding === 'utf-8-bom',
    encoding: options.dialect.encoding === 'latin1' ? 'latin1' : 'utf8',
    relax_column_count: true,
    skip_empty_lines: true,
    trim: false,
  });
  let summarizer = options.header ? new Summarizer(options.header, options.dialect) : undefined;
  stream.on('error', (error) => parser.destroy(error));
  stream.pipe(parser);
  try {
    for await (const record of parser as AsyncIterable<string[]>) {
      if (!summarizer) summarizer = new Summarizer(record.map((name) => name.trim()), options.dialect);
      else summarizer.add(record);
    }
  } catch (error) {
    const info = error as { code?: string; lines?: number; message?: string };
    if (info.code?.startsWith('CSV_')) {
      const opened = info.code === 'CSV_QUOTE_NOT_CLOSED' && options.reopen ? await openQuoteLine(await options.reopen()) : undefined;
      const line = (opened ?? info.lines ?? 1) + (options.firstLine ?? 1) - 1;
      const reason = info.code === 'CSV_QUOTE_NOT_CLOSED' ? 'unterminated quoted field' : (info.message ?? info.code).split('\n')[0];
      throw new ValidationError(`${options.file}: line ${line}: ${reason}`);
    }
    throw error;
  }
  if (!summarizer) throw new ValidationError(`${options.file}: line 1: empty file`);
  return summarizer;
}
