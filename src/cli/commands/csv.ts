import type { Command } from 'commander';
import type { ColumnSummary, Summary } from '../../domain/csv/summary.js';
import { summarizeLocalFile } from '../../workflows/csv/summarize-local.js';
import { printJson, type CommandContext } from '../io.js';

const COLUMNS: (keyof ColumnSummary)[] = ['name', 'type', 'count', 'missing', 'unique', 'top', 'freq', 'mean', 'std', 'min', 'p25', 'p50', 'p75', 'max'];

function cell(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : value.toPrecision(6).replace(/\.?0+$/, '');
  const text = String(value);
  return text.length > 24 ? `${text.slice(0, 23)}…` : text;
}

/** The aligned table `fluxo summarize` prints without --json. */
export function summaryTable(summary: Summary): string {
  const rows = summary.columns.map((column) => COLUMNS.map((key) => cell(column[key])));
  const widths = COLUMNS.map((key, index) => Math.max(key.length, ...rows.map((row) => (row[index] ?? '').length)));
  const line = (values: string[]) => values.map((value, index) => value.padEnd(widths[index] ?? 0)).join('  ').trimEnd();
  const delimiter = summary.delimiter === '\t' ? 'tab' : summary.delimiter;
  return [
    `${summary.rows} rows, delimiter ${delimiter}, encoding ${summary.encoding}, decimal ${summary.decimal}`,
    line(COLUMNS),
    ...rows.map(line),
    ...summary.warnings.map((warning) => `warning: ${warning}`),
  ].join('\n');
}

/** The `--json` contract: `{rows, delimiter, encoding, columns: [...], warnings}`. */
export function summaryJson(summary: Summary): object {
  return {
    rows: summary.rows,
    delimiter: summary.delimiter,
    encoding: summary.encoding,
    columns: summary.columns.map((column) => Object.fromEntries(COLUMNS.map((key) => [key, column[key]]))),
    warnings: summary.warnings,
  };
}

export function registerCsv(program: Command, context: CommandContext): void {
  program
    .command('summarize')
    .description("summarize a CSV file like pandas describe(include='all'), streaming")
    .argument('<file>')
    .option('--json', 'print JSON')
    .option('--delimiter <char>', 'field delimiter (default: sniffed among , ; tab |)')
    .option('--encoding <name>', 'utf-8, utf-8-bom or latin1 (default: sniffed)')
    .option('--decimal <char>', 'decimal separator, . or , (default: sniffed)')
    .action(async (file: string, options: { json?: boolean; delimiter?: string; encoding?: string; decimal?: string }) => {
      const summary = await summarizeLocalFile(file, options);
      if (options.json) printJson(context.io, summaryJson(summary));
      else context.io.out(summaryTable(summary));
    });
}
