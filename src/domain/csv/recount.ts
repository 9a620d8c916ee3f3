import { DistinctBudget, mostFrequentOf, type Distinct } from './distinct.js';
import type { RawRow } from './raw-row.js';
import { isMissing } from './values.js';

/**
 * unique/top/freq counted again, exactly, in the second pass (refine.ts), for the columns
 * whose first pass could not: a column of numbers that stopped counting its values past
 * NUMERIC_DISTINCT_BUDGET and turned to text later (in any chunk), and a column sketched past
 * DISTINCT_BYTES. Every present value is counted by its text, in the order first seen, within
 * the budget; should the column still not fit, only its candidates (the first pass's top
 * values) are counted, so freq is top's true count and `bound` says how often a value not
 * counted may occur. Validated where a plan is read (workflows/csv/plan-schema.ts): the
 * domain loads no zod, nor does a range worker that runs it.
 */
export interface RecountColumn {
  index: number;
  /** The first pass's most frequent values: counted whatever else fits. */
  candidates: string[];
  /** The most occurrences a value outside the candidates can have (the first pass's sketch bound, plus what it skipped). */
  bound: number;
}

/** Candidates a plan carries per column (the sketch's table holds up to twice as many). */
const CANDIDATES = 1000;

/** What the second pass must count again of a column whose unique/top/freq are not exact. */
export function recountOf(index: number, distinct: Distinct): RecountColumn {
  const sketched = distinct.top;
  const entries = sketched ? [...sketched.counts] : [...distinct.entries()];
  const kept = entries.sort((a, b) => b[1] - a[1]).slice(0, CANDIDATES);
  const left = sketched ? sketched.bound : kept.length < entries.length ? (kept[kept.length - 1]?.[1] ?? 0) : 0;
  return { index, candidates: kept.map(([value]) => value), bound: left + distinct.untracked };
}

export interface SerializedRecount {
  /** Every value with its count, in the order first seen; absent once the column outgrew the budget. */
  all?: [string, number][];
  /** The candidates' counts, once `all` is gone. */
  picked: [string, number][];
}

/** One column's values counted again over one byte range (or the file); ranges merge in file order. */
class ColumnRecount {
  all: Map<string, number> | undefined = new Map();
  picked = new Map<string, number>();
  private held = 0;
  private readonly candidates: Set<string>;

  constructor(
    column: RecountColumn,
    private readonly budget: DistinctBudget,
  ) {
    this.candidates = new Set(column.candidates);
  }

  add(value: string, weight: number): void {
    const all = this.all;
    if (all) {
      const count = all.get(value);
      all.set(value, (count ?? 0) + weight);
      if (count === undefined) {
        const bytes = 48 + value.length;
        this.held += bytes;
        this.budget.remaining -= bytes;
        if (this.budget.remaining < 0) this.pick();
      }
      return;
    }
    if (this.candidates.has(value)) this.picked.set(value, (this.picked.get(value) ?? 0) + weight);
  }

  /** Over the budget: only the candidates are counted from now on. */
  pick(): void {
    const all = this.all;
    if (!all) return;
    this.all = undefined;
    this.budget.remaining += this.held;
    this.held = 0;
    for (const [value, count] of all) if (this.candidates.has(value)) this.picked.set(value, count);
  }

  merge(other: ColumnRecount): void {
    if (!other.all) this.pick();
    for (const [value, count] of other.all ?? other.picked) this.add(value, count);
  }

  toJSON(): SerializedRecount {
    return this.all ? { all: [...this.all], picked: [] } : { picked: [...this.picked] };
  }

  static fromJSON(column: RecountColumn, budget: DistinctBudget, data: SerializedRecount): ColumnRecount {
    const recount = new ColumnRecount(column, budget);
    if (!data.all) recount.pick();
    for (const [value, count] of data.all ?? data.picked) recount.add(value, count);
    return recount;
  }
}

/** unique/top/freq as the second pass found them, and what is still estimated. */
export interface Recounted {
  /** Every value was counted: exact, in the order first seen. */
  all?: [string, number][];
  /** Only the candidates were: the first seen of the most frequent of them, with its true count. */
  top?: { value: string; count: number };
}

/** The second pass's counting of values for every planned column. */
export class RecountPass {
  private readonly columns: ColumnRecount[];
  constructor(
    readonly plan: RecountColumn[],
    budget = new DistinctBudget(),
    data?: SerializedRecount[],
  ) {
    this.columns = plan.map((column, c) => (data?.[c] ? ColumnRecount.fromJSON(column, budget, data[c]) : new ColumnRecount(column, budget)));
  }

  addRaw(row: RawRow): void {
    const plan = this.plan;
    for (let c = 0; c < plan.length; c++) {
      const index = (plan[c] as RecountColumn).index;
      if (index >= row.count) continue;
      const text = row.text(index);
      if (!isMissing(text)) (this.columns[c] as ColumnRecount).add(text, 1);
    }
  }

  merge(other: RecountPass): void {
    this.columns.forEach((column, c) => column.merge(other.columns[c] as ColumnRecount));
  }

  toJSON(): SerializedRecount[] {
    return this.columns.map((column) => column.toJSON());
  }

  result(c: number): Recounted {
    const column = this.columns[c] as ColumnRecount;
    if (column.all) return { all: [...column.all] };
    return { top: mostFrequentOf(column.picked) };
  }
}
