import type { Summarizer } from '../../src/domain/csv/summary.js';
import { CsvTokenizer } from '../../src/domain/csv/tokenizer.js';

const quoted = (field: string): string => (/[",\r\n]/.test(field) ? `"${field.replace(/"/g, '""')}"` : field);

/**
 * Feeds rows to a Summarizer the way files reach it in production: written as
 * CSV bytes, split by the byte-level tokenizer, added with `addRaw`.
 */
export function feedRows(summarizer: Summarizer, rows: readonly (readonly string[])[]): Summarizer {
  const tokenizer = new CsvTokenizer(','.charCodeAt(0), 'utf8', false, (row) => summarizer.addRaw(row));
  const lines: string[] = [];
  const flush = () => {
    tokenizer.push(Buffer.from(lines.join(''), 'utf8'));
    lines.length = 0;
  };
  for (const row of rows) {
    lines.push(`${row.map(quoted).join(',')}\n`);
    if (lines.length >= 4096) flush();
  }
  flush();
  tokenizer.end();
  return summarizer;
}
