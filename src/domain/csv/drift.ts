import type { DriftFlag } from './drift-flag.js';
import type { ColumnSummary, Summary } from './summary-schema.js';

export { describeFlag, type DriftFlag } from './drift-flag.js';

export interface DriftReport {
  /** The summary compared against (the previous one of the same prefix), if any. */
  baselineId: number | null;
  flags: DriftFlag[];
}

/** A missing rate this many points higher than before is a jump. */
export const MISSING_RATE_JUMP = 0.1;

const rate = (column: ColumnSummary) => (column.count + column.missing ? column.missing / (column.count + column.missing) : 0);

/**
 * Compares a new summary with the previous one of the same prefix: columns
 * added or gone, type changes, a mean that moved more than 3 standard
 * deviations (of the baseline), a missing rate up by 10 points or more.
 */
export function detectDrift(current: Summary, baseline: Summary | undefined, baselineId: number | null): DriftReport {
  if (!baseline) return { baselineId: null, flags: [] };
  const flags: DriftFlag[] = [];
  const before = new Map(baseline.columns.map((column) => [column.name, column]));
  const now = new Map(current.columns.map((column) => [column.name, column]));
  for (const column of current.columns) {
    const old = before.get(column.name);
    if (!old) {
      flags.push({ column: column.name, kind: 'new_column', detail: `new column (${column.type})` });
      continue;
    }
    if (old.type !== column.type) flags.push({ column: column.name, kind: 'type_change', detail: `${old.type} -> ${column.type}` });
    if (typeof old.mean === 'number' && typeof column.mean === 'number' && typeof old.std === 'number' && old.std > 0) {
      const sigmas = Math.abs(column.mean - old.mean) / old.std;
      if (sigmas > 3) flags.push({ column: column.name, kind: 'mean_shift', detail: `mean ${old.mean.toPrecision(6)} -> ${column.mean.toPrecision(6)} (${sigmas.toFixed(1)} sigma)` });
    }
    const jump = rate(column) - rate(old);
    if (jump >= MISSING_RATE_JUMP) flags.push({ column: column.name, kind: 'missing_rate_jump', detail: `missing ${(rate(old) * 100).toFixed(1)}% -> ${(rate(column) * 100).toFixed(1)}%` });
  }
  for (const column of baseline.columns) if (!now.has(column.name)) flags.push({ column: column.name, kind: 'missing_column', detail: 'column no longer present' });
  return { baselineId, flags };
}
