import type { Command } from 'commander';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { describeFlag } from '../../domain/csv/drift.js';
import { metadataOfOverrides } from '../../domain/csv/dialect.js';
import { incomingKey, UPLOADS_BUCKET } from '../../local/stack/topology.js';
import { UsageError } from '../../shared/errors.js';
import type { ColumnSummary, Summary } from '../../domain/csv/summary.js';
import { formatNumber, formatStatistic } from '../../domain/format.js';
import { estimateNote, uniqueShown } from '../../domain/csv/estimates.js';
import { SKETCH_RANK_ERROR } from '../../domain/csv/quantiles.js';
import { listCommand, printJson, type CommandContext } from '../io.js';

const COLUMNS: (keyof ColumnSummary)[] = ['name', 'type', 'count', 'missing', 'unique', 'top', 'freq', 'mean', 'std', 'min', 'p25', 'p50', 'p75', 'max'];

function cell(value: unknown, key: keyof ColumnSummary, decimals: number | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number' && decimals !== undefined && key !== 'count' && key !== 'missing') return formatStatistic(value, key, decimals);
  if (typeof value === 'number') return formatNumber(value);
  // Escaped whole (a cut never splits `\x0b`): a newline or a lone CR from a quoted field must not break the table.
  const parts = [...String(value)].map(visible);
  let text = '';
  for (const [index, part] of parts.entries()) {
    if (text.length + part.length > (index === parts.length - 1 ? 24 : 23)) return `${text}…`;
    text += part;
  }
  return text;
}

const ESCAPES: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** A character as text output shows it: control characters (C0, DEL) as visible escapes, \n \r \t or \xNN. */
function visible(char: string): string {
  const code = char.codePointAt(0) ?? 0;
  if (code >= 0x20 && code !== 0x7f) return char;
  return ESCAPES[char] ?? `\\x${code.toString(16).padStart(2, '0')}`;
}

/** The aligned table `fluxo summarize` prints without --json. */
export function summaryTable(summary: Summary): string {
  // An estimated unique reads ~N (HyperLogLog's) or >=N (values were skipped); a note under the table says more.
  const rows = summary.columns.map((column) => COLUMNS.map((key) => (key === 'unique' ? uniqueShown(column) : cell(column[key], key, column.decimals))));
  const widths = COLUMNS.map((key, index) => Math.max(key.length, ...rows.map((row) => (row[index] ?? '').length)));
  const line = (values: string[]) => values.map((value, index) => value.padEnd(widths[index] ?? 0)).join('  ').trimEnd();
  const delimiter = summary.delimiter === '\t' ? 'tab' : summary.delimiter;
  return [
    `${summary.rows} rows, delimiter ${delimiter}, encoding ${summary.encoding}, decimal ${summary.decimal}`,
    line(COLUMNS),
    ...rows.map(line),
    ...summary.columns.flatMap((column) => (column.estimate ? [`estimate: ${estimateNote(column)}`] : [])),
    ...summary.warnings.map((warning) => `warning: ${warning}`),
  ].join('\n');
}

/** The `--json` contract: `{rows, delimiter, encoding, decimal, columns: [...], warnings}`. */
export function summaryJson(summary: Summary): object {
  return {
    rows: summary.rows,
    delimiter: summary.delimiter,
    encoding: summary.encoding,
    decimal: summary.decimal,
    columns: summary.columns.map((column) => ({
      ...Object.fromEntries(COLUMNS.map((key) => [key, column[key]])),
      ...(column.decimals !== undefined ? { decimals: column.decimals } : {}),
      // unique/top/freq not exact: how far to trust them (summary-schema.ts, docs/csv.md "Estimates").
      ...(column.estimate ? { estimate: column.estimate } : {}),
      // Whether p25/p50/p75 are exact (as pandas computes them) or from the sketch, with its rank error.
      // (`exact` also covers a date column's unique/top/freq; `quartilesExact` says its quartiles are exact when they are not.)
      ...(column.p50 !== null ? ((column.quartilesExact ?? column.exact) ? { quantiles: 'exact' } : { quantiles: 'approximate', rankError: SKETCH_RANK_ERROR }) : {}),
    })),
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
    .option('--encoding <name>', 'utf-8, utf-8-bom, windows-1252, latin1, utf-16 (utf-16le, utf-16be) (default: sniffed: UTF-16 by its byte-order mark, UTF-8, else windows-1252)')
    .option('--decimal <char>', 'decimal separator, . or , (default: sniffed)')
    .option('--max-record-mb <n>', 'refuse records longer than this', '64')
    .option('--quantiles <how>', 'exact (a second pass when a sketch answered) or approximate (one pass)', 'exact')
    .action(async (file: string, options: { json?: boolean; delimiter?: string; encoding?: string; decimal?: string; maxRecordMb: string; quantiles: string }) => {
      const maxRecordMb = Number(options.maxRecordMb);
      if (!(maxRecordMb > 0)) throw new UsageError('--max-record-mb must be a positive number');
      if (options.quantiles !== 'exact' && options.quantiles !== 'approximate') throw new UsageError('--quantiles must be exact or approximate');
      // The young generation stays at its start size instead of doubling to 32 MB per semi-space
      // (the merge of the ranges' partials grew it): -10 to -20 MB of peak RSS, CPU within noise (docs/performance.md).
      setFlagsFromString('--semi-space-growth-factor=1');
      const { summarizeLocalFile } = await import('../../local/stack/summarize-file.js');
      // UTF-16 (Excel's "Unicode text") is read as every path reads it: its ranges transcoded to UTF-8 (workflows/csv/source.ts).
      const summary = await summarizeLocalFile(file, { ...options, quantiles: options.quantiles, maxRecordBytes: Math.round(maxRecordMb * 1024 * 1024) });
      if (options.json) printJson(context.io, summaryJson(summary));
      else context.io.out(summaryTable(summary));
    });
}

export function registerSummaries(program: Command, context: CommandContext): void {
  program
    .command('upload')
    .description('put a CSV in the local uploads bucket under incoming/<dataset>/, as a drop in S3 would, and wait for its summary (drift compares it with earlier files of the same dataset)')
    .argument('<file>')
    .option('--prefix <dataset>', 'dataset folder under incoming/, e.g. vendas (default: none, incoming/ itself)')
    .option('--as <name>', 'file name to store it as (default: the file name)')
    .option('--delimiter <char>', 'field delimiter (default: sniffed among , ; tab |); kept as the object\'s metadata fluxo-delimiter')
    .option('--encoding <name>', 'utf-8, utf-8-bom, windows-1252, latin1, utf-16, utf-16le or utf-16be (default: sniffed); metadata fluxo-encoding')
    .option('--decimal <char>', 'decimal separator, . or , (default: sniffed); metadata fluxo-decimal')
    .action(async (file: string, options: { as?: string; prefix?: string; delimiter?: string; encoding?: string; decimal?: string }) => {
      // `--as folder/name.csv` (the older form) still names the folder.
      const as = options.as ?? path.basename(file);
      const key = incomingKey(path.posix.basename(as), [options.prefix, path.posix.dirname(as)].filter((part) => part && part !== '.').join('/'));
      const source = await stat(file).catch(() => undefined);
      if (!source?.isFile()) throw new UsageError(`${file}: no such file`);
      // The dialect travels as the object's metadata, as `aws s3 cp --metadata fluxo-decimal=,` would carry it (docs/csv.md).
      const metadata = metadataOfOverrides({ delimiter: options.delimiter, encoding: options.encoding, decimal: options.decimal });
      const stack = await context.stack();
      // As it is, as a drop in S3 would be: InspectFile reads UTF-8, Latin-1 and UTF-16.
      const info = await stack.objects.putCopy(UPLOADS_BUCKET, key, file, 'text/csv', metadata);
      await stack.settle();
      const repository = await stack.deps.summaries();
      const stored = (await repository.list()).find((entry) => entry.bucket === UPLOADS_BUCKET && entry.key === key && entry.etag === info.etag);
      if (!stored) throw new Error(`${key} was uploaded but has no summary yet`);
      // Bad input, as `fluxo summarize` reports it: one line and exit 2 (the failure stays recorded: fluxo summaries show).
      if (stored.status === 'failed') throw new UsageError(`${file}: failed: ${stored.reason ?? stored.error ?? 'unknown reason'}`);
      printJson(context.io, { id: stored.id, key, status: stored.status, rows: stored.rows, reason: stored.reason, driftFlags: stored.drift?.flags.length ?? 0 });
    });

  const summaries = program.command('summaries').description('stored CSV summaries');
  listCommand(summaries, context, {
    name: 'list',
    description: 'list summarized and failed files, newest first',
    rows: async (stack) => (await (await stack.deps.summaries()).list()).map(({ id, bucket, key, status, rows: count, reason, drift, createdAt }) => ({ id, bucket, key, status, rows: count, driftFlags: drift?.flags.length ?? 0, reason, createdAt })),
    render: (rows) => rows.map((row) => `${String(row.id).padStart(4)}  ${row.status.padEnd(10)}  ${String(row.rows ?? '').padStart(8)}  ${row.key}${row.reason ? `  (${row.reason})` : ''}${row.driftFlags ? `  drift: ${row.driftFlags}` : ''}`).join('\n'),
    empty: 'no summaries yet',
  });
  summaries
    .command('show')
    .description('one file: its summary, drift flags or failure reason')
    .argument('<id>')
    .option('--json', 'print JSON')
    .action(async (id: string, options: { json?: boolean }) => {
      if (!/^\d+$/.test(id)) throw new UsageError(`invalid id ${id}: a number from fluxo summaries list`);
      const file = await (await (await context.stack()).deps.summaries()).get(Number(id));
      if (!file) throw new UsageError(`no summary with id ${id}`);
      if (options.json) return printJson(context.io, { ...file, summary: file.summary ? summaryJson(file.summary) : null });
      context.io.out(`${file.key} (${file.status})`);
      if (file.summary) context.io.out(summaryTable(file.summary));
      if (file.reason) context.io.out(`failed: ${file.reason}`);
      for (const flag of file.drift?.flags ?? []) context.io.out(`drift: ${describeFlag(flag)}`);
    });
}
