import { ValueBuffer } from './quantiles.js';
import { minimum, select } from './select.js';
import { booleanValues, typeOf, type ColumnSummary, type Summarizer, type Summary } from './summary.js';
import { recountOf, RecountPass, type RecountColumn, type SerializedRecount } from './recount.js';
import { DistinctBudget, mostFrequentOf } from './distinct.js';
import type { RawRow } from './raw-row.js';
import { formatDate, isMissing, parseDate, parseNumber, type Decimal } from './values.js';

/**
 * Exact quartiles past the exact-values budget, by a second bounded pass.
 *
 * The first pass leaves a KLL sketch for a column with too many values to keep. For each
 * quartile q the sketch gives values lo = Q(q - slack) and hi = Q(q + slack) whose ranks
 * surely bracket the ranks pandas interpolates between (the sketch's rank error, about
 * 0.3% at k = 512, is well under the slack). The second pass counts the values below lo
 * and keeps only those in [lo, hi] (about 2 x slack of the column); the needed ranks are
 * then selected exactly. Should a bracket miss (the sketch erred by more than the slack),
 * that quartile keeps the sketch's value and the column stays marked approximate.
 */
export const QUARTILES = [0.25, 0.5, 0.75] as const;
export const REFINE_SLACK = 0.015;

/** A column whose quartiles the second pass makes exact (validated where read: workflows/csv/plan-schema.ts). */
export interface RefineColumn {
  index: number;
  kind: 'numeric' | 'temporal';
  /** Values of the column (of this kind): the ranks are taken among them. */
  count: number;
  /** unique/top/freq are exact too (a date column's `exact` needs both). */
  distinctExact: boolean;
  /** [lo, hi] per quartile of QUARTILES. */
  bounds: [number, number][];
}

export interface RefinePlan {
  decimal: Decimal;
  columns: RefineColumn[];
  /** Columns whose unique/top/freq the second pass counts again (recount.ts). */
  recount?: RecountColumn[] | undefined;
}

/** Whether a plan has anything for a second pass to do. */
export const needsSecondPass = (plan: RefinePlan): boolean => plan.columns.length > 0 || (plan.recount?.length ?? 0) > 0;

/**
 * The columns whose quartiles came from a sketch, with the value brackets a second pass keeps,
 * and the columns whose unique/top/freq it counts again.
 */
export function planRefinement(summarizer: Summarizer, slack = REFINE_SLACK): RefinePlan {
  const columns: RefineColumn[] = [];
  const recount = summarizer.columns.flatMap((column, index) => {
    const type = typeOf(column);
    return type === 'integer' || type === 'number' || column.distinct.isExact ? [] : [recountOf(index, column.distinct)];
  });
  summarizer.columns.forEach((column, index) => {
    const type = typeOf(column);
    const kind = type === 'integer' || type === 'number' ? 'numeric' : type === 'date' || type === 'datetime' ? 'temporal' : undefined;
    if (!kind) return;
    const quantiles = kind === 'numeric' ? column.numericQuantiles : column.temporalQuantiles;
    const moments = kind === 'numeric' ? column.numeric : column.temporal;
    const sketch = quantiles.sketch;
    // A column with infinities keeps its sketch's quartiles (the brackets are of finite ranks).
    if (quantiles.mode !== 'sketch' || !sketch || moments.n === 0 || column.infinities.negative + column.infinities.positive > 0) return;
    const at = (p: number, edge: number): number => (p <= 0 || p >= 1 ? edge : (sketch.quantile(p) ?? edge));
    const bounds = QUARTILES.map((q): [number, number] => [at(q - slack, moments.min), at(q + slack, moments.max)]);
    columns.push({ index, kind, count: moments.n, distinctExact: column.distinct.isExact, bounds });
  });
  return { decimal: summarizer.dialect.decimal, columns, ...(recount.length ? { recount } : {}) };
}

export interface SerializedRefinePass {
  /** Per planned column, per quartile: values below the bracket, and the values inside it. */
  below: number[][];
  inside: number[][][];
  /** Per column of the plan's `recount`: its values counted again. */
  recount?: SerializedRecount[];
}

/** The second pass over one file or one byte range of it; partial passes merge. */
export class RefinePass {
  private readonly below: number[][];
  private readonly inside: ValueBuffer[][];
  readonly recount: RecountPass;

  constructor(
    readonly plan: RefinePlan,
    recounted?: SerializedRecount[],
    /** Bytes of values counted again exactly (DISTINCT_BYTES). */
    distinctBytes?: number,
  ) {
    this.below = plan.columns.map(() => QUARTILES.map(() => 0));
    this.inside = plan.columns.map(() => QUARTILES.map(() => new ValueBuffer()));
    this.recount = new RecountPass(plan.recount ?? [], new DistinctBudget(distinctBytes), recounted);
  }

  addRaw(row: RawRow): void {
    this.recount.addRaw(row);
    const { columns, decimal } = this.plan;
    for (let c = 0; c < columns.length; c++) {
      const column = columns[c] as RefineColumn;
      if (column.index >= row.count) continue;
      const value = column.kind === 'numeric' ? numberOf(row, column.index, decimal) : dateOf(row, column.index);
      if (value === undefined) continue;
      const below = this.below[c] as number[];
      const inside = this.inside[c] as ValueBuffer[];
      for (let t = 0; t < QUARTILES.length; t++) {
        const [lo, hi] = column.bounds[t] as [number, number];
        if (value < lo) below[t] = (below[t] as number) + 1;
        else if (value <= hi) (inside[t] as ValueBuffer).push(value);
      }
    }
  }

  merge(other: RefinePass): void {
    this.recount.merge(other.recount);
    other.below.forEach((counts, c) => counts.forEach((count, t) => ((this.below[c] as number[])[t] = ((this.below[c] as number[])[t] as number) + count)));
    other.inside.forEach((buffers, c) => buffers.forEach((buffer, t) => {
      const into = (this.inside[c] as ValueBuffer[])[t] as ValueBuffer;
      for (const value of buffer) into.push(value);
    }));
  }

  toJSON(): SerializedRefinePass {
    return { below: this.below.map((counts) => [...counts]), inside: this.inside.map((buffers) => buffers.map((buffer) => buffer.toArray())), recount: this.recount.toJSON() };
  }

  static fromJSON(plan: RefinePlan, data: SerializedRefinePass): RefinePass {
    const pass = new RefinePass(plan, data.recount);
    data.below.forEach((counts, c) => counts.forEach((count, t) => ((pass.below[c] as number[])[t] = count)));
    data.inside.forEach((lists, c) => lists.forEach((values, t) => {
      const into = (pass.inside[c] as ValueBuffer[])[t] as ValueBuffer;
      for (const value of values) into.push(value);
    }));
    return pass;
  }

  /** pandas' linear interpolation at q, or undefined when the bracket missed the ranks. */
  quartile(c: number, t: number): number | undefined {
    const column = this.plan.columns[c] as RefineColumn;
    const q = QUARTILES[t] as number;
    const h = (column.count - 1) * q;
    const r0 = Math.floor(h);
    const r1 = Math.min(r0 + 1, column.count - 1);
    const below = (this.below[c] as number[])[t] as number;
    const buffer = (this.inside[c] as ValueBuffer[])[t] as ValueBuffer;
    if (below > r0 || r1 >= below + buffer.length) return undefined;
    const values = buffer.values();
    const a = select(values, r0 - below);
    const b = r1 > r0 ? minimum(values, r0 - below + 1) : a;
    return a + (h - r0) * (b - a);
  }
}

/** A numeric column's value as the first pass read it; undefined for a missing one. */
function numberOf(row: RawRow, index: number, decimal: Decimal): number | undefined {
  if (decimal === '.') {
    const fast = row.number(index);
    if (fast === fast) return fast;
  }
  const text = row.text(index);
  const value = isMissing(text) ? undefined : parseNumber(text, decimal)?.value;
  // Infinities are not among the ranks the first pass planned (infinities.ts).
  return value === Infinity || value === -Infinity ? undefined : value;
}

function dateOf(row: RawRow, index: number): number | undefined {
  const text = row.text(index);
  return isMissing(text) ? undefined : parseDate(text)?.epoch;
}

/**
 * The summary with what the second pass found written in: the refined quartiles (a column
 * whose three quartiles all came out of their brackets has exact quartiles) and the recounted
 * unique/top/freq. A column is exact when its quartiles are and (but for numbers) its counts.
 */
export function withExactQuartiles(summary: Summary, pass: RefinePass): { summary: Summary; missed: number } {
  const columns = [...summary.columns];
  const quartilesExact = new Map<number, boolean>();
  let missed = 0;
  pass.plan.columns.forEach((planned, c) => {
    const column = columns[planned.index];
    if (!column) return;
    const values = QUARTILES.map((_, t) => pass.quartile(c, t));
    const shown = (value: number | undefined, previous: string | number | null) => {
      if (value === undefined || !Number.isFinite(value)) return previous;
      // A zoned column's statistics end in Z (summary.ts), a naive one's do not.
      return planned.kind === 'numeric' ? value : formatDate(Math.round(value), column.type === 'datetime', typeof column.min === 'string' && column.min.endsWith('Z'));
    };
    missed += values.filter((value) => value === undefined).length;
    quartilesExact.set(planned.index, values.every((value) => value !== undefined));
    columns[planned.index] = { ...column, p25: shown(values[0], column.p25), p50: shown(values[1], column.p50), p75: shown(values[2], column.p75) };
  });
  (pass.plan.recount ?? []).forEach((planned, c) => {
    const column = columns[planned.index];
    if (column) columns[planned.index] = recounted(column, pass.recount.result(c), planned.bound);
  });
  pass.plan.columns.forEach((planned) => {
    const column = columns[planned.index];
    if (!column) return;
    const { quartilesExact: _was, ...rest } = column;
    const exact = quartilesExact.get(planned.index) ?? false;
    // A date column's exact quartiles stay labelled exact when only its counts are estimates.
    columns[planned.index] = { ...rest, exact: exact && (planned.kind === 'numeric' || column.estimate === undefined), ...(exact && planned.kind !== 'numeric' && column.estimate !== undefined ? { quartilesExact: true } : {}) };
  });
  return { summary: { ...summary, columns }, missed };
}

/** A column's unique/top/freq as counted again: exact, or top's true count among the candidates. */
function recounted(column: ColumnSummary, result: ReturnType<RecountPass['result']>, bound: number): ColumnSummary {
  const { estimate: _estimate, quartilesExact, ...rest } = column;
  if (result.all) {
    const counts = column.type === 'boolean' ? booleanValues(result.all) : { unique: result.all.length, ...topOf(mostFrequentOf(result.all)) };
    // Its quartiles (a date column's) were exact unless the quartile plan says otherwise (applied after).
    return { ...rest, ...counts, exact: true };
  }
  const uniqueError = column.estimate?.uniqueError ?? null;
  return { ...rest, ...topOf(result.top), estimate: { uniqueError, freqBound: bound }, exact: false, ...(quartilesExact || (column.exact && (column.type === 'date' || column.type === 'datetime')) ? { quartilesExact: true } : {}) };
}

const topOf = (top: { value: string; count: number } | undefined) => ({ top: top?.value ?? null, freq: top?.count ?? null });
