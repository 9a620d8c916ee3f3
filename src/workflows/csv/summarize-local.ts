import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import path from 'node:path';
import { summarizeStream } from '../../adapters/csv/reader.js';
import { sniff, type Encoding, type SniffResult } from '../../domain/csv/sniff.js';
import type { Summary } from '../../domain/csv/summary.js';
import type { Decimal } from '../../domain/csv/values.js';
import { UsageError, ValidationError } from '../../platform/errors.js';

export const SNIFF_BYTES = 64 * 1024;

export interface DialectOverrides {
  delimiter?: string;
  encoding?: string;
  decimal?: string;
}

const ENCODINGS: Record<string, Encoding> = { 'utf-8': 'utf-8', utf8: 'utf-8', 'utf-8-bom': 'utf-8-bom', 'utf-8-sig': 'utf-8-bom', latin1: 'latin1', 'latin-1': 'latin1', 'iso-8859-1': 'latin1' };

/** Applies the user's `--delimiter/--encoding/--decimal` on top of what was sniffed. */
export function applyOverrides(sniffed: SniffResult, overrides: DialectOverrides): SniffResult {
  const result = { ...sniffed };
  if (overrides.delimiter !== undefined) {
    const delimiter = overrides.delimiter === '\\t' || overrides.delimiter === 'tab' ? '\t' : overrides.delimiter;
    if (delimiter.length !== 1) throw new UsageError(`--delimiter must be one character, got ${JSON.stringify(overrides.delimiter)}`);
    result.delimiter = delimiter;
  }
  if (overrides.encoding !== undefined) {
    const encoding = ENCODINGS[overrides.encoding.toLowerCase()];
    if (!encoding) throw new UsageError(`--encoding must be one of utf-8, utf-8-bom, latin1`);
    result.encoding = encoding;
  }
  if (overrides.decimal !== undefined) {
    if (overrides.decimal !== '.' && overrides.decimal !== ',') throw new UsageError('--decimal must be . or ,');
    result.decimal = overrides.decimal as Decimal;
  }
  return result;
}

/** `fluxo summarize <file>`: sniffs, then streams the file once. */
export async function summarizeLocalFile(file: string, overrides: DialectOverrides = {}): Promise<Summary> {
  const name = path.basename(file);
  const info = await stat(file).catch(() => {
    throw new UsageError(`${file}: no such file`);
  });
  if (!info.isFile()) throw new UsageError(`${file}: not a file`);
  const handle = await open(file, 'r');
  const sample = Buffer.alloc(Math.min(SNIFF_BYTES, info.size));
  try {
    await handle.read(sample, 0, sample.length, 0);
  } finally {
    await handle.close();
  }
  const dialect = applyOverrides(sniff(sample, name, info.size <= SNIFF_BYTES), overrides);
  const summarizer = await summarizeStream(createReadStream(file), { dialect, file: name });
  if (summarizer.columns.length === 0) throw new ValidationError(`${name}: line 1: no header`);
  return summarizer.finish();
}
