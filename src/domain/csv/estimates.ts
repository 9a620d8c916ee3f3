import type { ColumnSummary } from './summary-schema.js';

/**
 * How an estimated column's unique/top/freq read, for `fluxo summarize`, `fluxo summaries
 * show` and the console alike (docs/csv.md, "Estimates"). Exact columns carry no `estimate`.
 */

/** unique as shown in a table: `~N` for HyperLogLog's estimate, `>=N` when values were skipped. */
export function uniqueShown(column: ColumnSummary): string {
  if (column.unique === null) return '';
  if (!column.estimate) return String(column.unique);
  return `${column.estimate.uniqueError === null ? '>=' : '~'}${column.unique}`;
}

/** One line on what an estimated column's unique/top/freq are; '' for an exact one. */
export function estimateNote(column: ColumnSummary): string {
  const estimate = column.estimate;
  if (!estimate) return '';
  const unique = estimate.uniqueError === null ? `unique is at least ${column.unique} (values were skipped)` : `unique ~${column.unique} is HyperLogLog's estimate (standard error ${(estimate.uniqueError * 100).toFixed(1)}%)`;
  const sure = column.freq !== null && estimate.freqBound !== null && column.freq > estimate.freqBound;
  const top =
    estimate.freqBound === null
      ? "top is the sketch's most frequent value, freq unknown (no second pass counted it)"
      : `freq ${column.freq ?? 0} is top's exact count; ${sure ? 'top is the most frequent value' : `a value not counted may occur up to ${estimate.freqBound} times`}`;
  return `${column.name}: ${unique}; ${top}`;
}
