import type { ColumnAccumulator, Distinct } from './column.js';
import { mostFrequentOf } from './distinct.js';
import { UNIQUE_ERROR } from './sketches.js';
import type { ColumnSummary } from './summary-schema.js';
import { parseBoolean, type Decimal } from './values.js';

/** unique/top/freq of a column, and what the summary says of its values beside its statistics (summary.ts). */

export function distinctCounts(distinct: Distinct): Pick<ColumnSummary, 'unique' | 'top' | 'freq' | 'estimate'> {
  if (distinct.isExact) {
    const top = distinct.mostFrequent();
    return { unique: distinct.unique(), top: top?.value ?? null, freq: top?.count ?? null };
  }
  // Sketched, or a numeric column that stopped counting then turned to text: the second pass
  // (refine.ts) counts again; until then unique is HyperLogLog's (a lower bound when values were
  // skipped), top the sketch's, and freq unknown: a sketch's count is an upper bound no value may have.
  const top = distinct.mostFrequent();
  return { unique: distinct.unique(), top: top?.value ?? null, freq: null, estimate: { uniqueError: distinct.untracked > 0 ? null : UNIQUE_ERROR, freqBound: null } };
}

/** pandas reads `true`, `True` and `TRUE` as one value, True: unique/top/freq count values, not spellings. */
export function booleanCounts(distinct: Distinct): Pick<ColumnSummary, 'unique' | 'top' | 'freq' | 'estimate'> {
  if (!distinct.isExact) return distinctCounts(distinct);
  return booleanValues(distinct.entries());
}

/** unique/top/freq of a boolean column's spellings and counts (in the order first seen). */
export function booleanValues(entries: Iterable<[string, number]>): Pick<ColumnSummary, 'unique' | 'top' | 'freq'> {
  const counts = new Map<string, number>();
  for (const [text, count] of entries) {
    const value = parseBoolean(text) ? 'True' : 'False';
    counts.set(value, (counts.get(value) ?? 0) + count);
  }
  const top = mostFrequentOf(counts);
  return { unique: counts.size, top: top?.value ?? null, freq: top?.count ?? null };
}

/**
 * A text column all of whose values are numbers read with the other decimal mark: a decimal
 * comma (or point) the sniffer's sample did not show, named with what to pass (docs/csv.md).
 */
export function otherDecimalWarning(column: ColumnAccumulator, decimal: Decimal): string | undefined {
  // All numbers with one mark or the other, some only with the other: not numeric (nor boolean or date: a number is neither).
  if (column.otherDecimal === 0 || column.numbers + column.laterNumbers + column.otherDecimal !== column.present) return undefined;
  const other = decimal === '.' ? ',' : '.';
  return (
    `column ${column.name}: text because ${column.otherDecimal} of its ${column.present} values are numbers only with a decimal ${other === ',' ? 'comma' : 'point'} ` +
    `(first: ${column.otherExample ?? ''}), and the file was read with decimal ${decimal} (sniffed from its first 64 KB, or set): ` +
    `to read it as numbers pass --decimal ${other} (fluxo summarize, fluxo upload) or put the file with metadata fluxo-decimal=${other}`
  );
}

