import { HyperLogLog, SpaceSaving } from './sketches.js';

/**
 * Bytes (an estimate of the heap they take) of distinct values one summarizer counts exactly,
 * all its columns together: past it, the column that would overflow goes to its sketches and
 * gives its share back. About a million values of 20 characters.
 */
export const DISTINCT_BYTES = 64 * 1024 * 1024;
/** Distinct values a column of numbers tracks before it stops (pandas reports none for numeric columns). */
export const NUMERIC_DISTINCT_BUDGET = 10_000;
/** What one counted value costs besides its characters: a Map entry, a string or number header. */
const ENTRY_BYTES = 48;

/**
 * The distinct-value bytes the columns of one summarizer (or one second pass) share. Numbers
 * of numeric columns (counted only in case the column turns to text) may take half of it at
 * most: a wide file's thousands of numeric columns would otherwise take it all, and its text
 * columns, whose counts pandas reports, would go to sketches and a second pass.
 */
export class DistinctBudget {
  /** What numeric columns leave to text columns. */
  readonly reserve: number;
  constructor(public remaining = DISTINCT_BYTES) {
    this.reserve = remaining / 2;
  }
}

/** A value as counted: a number stands for its own String(), while the column holds only numbers. */
export type Counted = string | number;

const cost = (key: Counted): number => ENTRY_BYTES + (typeof key === 'number' ? 16 : key.length);

/**
 * Distinct values with their counts, in the order first seen (pandas' top on a tie is the
 * first-seen value), until the budget; then HyperLogLog + space-saving.
 *
 * While a column holds only numbers, those spelled as String(value) would spell them are
 * counted by value (no text needed; they become that text, losslessly, in their place, if
 * the column turns out not numeric), the others ("1.50", "007") by their text, in the same
 * map. pandas reports no unique/top/freq for numeric columns, so past NUMERIC_DISTINCT_BUDGET
 * different values such a column stops counting ("frozen"; `untracked` says how many it
 * skipped): should it turn out not numeric after all, its unique/top/freq are not exact, and
 * the second pass (refine.ts) counts the column again.
 */
export class Distinct {
  /** `values: null` starts without the exact map (sketches, or frozen); an explicit undefined would take the default. */
  public values: Map<Counted, number> | undefined;
  /** Bytes of the budget `values` holds. */
  private held = 0;
  constructor(
    values: Map<Counted, number> | null = new Map(),
    public hll: HyperLogLog | undefined = undefined,
    public top: SpaceSaving | undefined = undefined,
    public untracked = 0,
    /** Every value so far was a number (addNumber, addSpelled). */
    public numeric = true,
    private readonly budget = new DistinctBudget(),
  ) {
    this.values = values ?? undefined;
    for (const key of this.values?.keys() ?? []) this.held += cost(key);
    budget.remaining -= this.held;
  }

  /** How distinct values are kept: counted exactly, no longer counted (a numeric column past its budget), or sketched. */
  get mode(): 'exact' | 'frozen' | 'sketch' {
    return this.values !== undefined ? 'exact' : this.hll === undefined ? 'frozen' : 'sketch';
  }

  get frozen(): boolean {
    return this.mode === 'frozen';
  }

  /** A number of a column that has held only numbers (as text: String(value)). */
  addNumber(value: number, weight = 1): void {
    if (!Number.isFinite(value)) return this.addSpelled(String(value), weight);
    this.countNumeric(value, weight);
  }

  /** A number of a column that has held only numbers, spelled otherwise than String(value). */
  addSpelled(text: string, weight = 1): void {
    this.countNumeric(text, weight);
  }

  private countNumeric(key: Counted, weight: number): void {
    if (!this.numeric) return this.add(String(key), weight);
    const values = this.values;
    if (!values) {
      this.untracked += weight;
      return;
    }
    const count = values.get(key);
    values.set(key, (count ?? 0) + weight);
    if (count === undefined) this.charge(key);
    if (values.size > NUMERIC_DISTINCT_BUDGET || this.budget.remaining < this.budget.reserve) this.freeze();
  }

  /** A value as text (the column is not, or no longer, all numbers). */
  add(value: string, weight = 1): void {
    if (this.numeric) this.textualize();
    const values = this.values;
    if (values) {
      const count = values.get(value);
      values.set(value, (count ?? 0) + weight);
      if (count === undefined && !this.charge(value)) this.toSketch();
      return;
    }
    if (!this.hll) this.toSketch();
    this.hll?.add(value);
    this.top?.add(value, weight);
  }

  /** Takes a new key's bytes from the budget; false when there were not enough. */
  private charge(key: Counted): boolean {
    const bytes = cost(key);
    this.held += bytes;
    this.budget.remaining -= bytes;
    return this.budget.remaining >= 0;
  }

  private release(): void {
    this.budget.remaining += this.held;
    this.held = 0;
  }

  /** The column holds text: its numbers become their text, each where it was first seen. */
  private textualize(): void {
    this.numeric = false;
    const values = this.values;
    if (!values) return;
    this.release();
    this.values = new Map();
    for (const [key, count] of values) {
      const text = typeof key === 'number' ? String(key) : key;
      this.values.set(text, (this.values.get(text) ?? 0) + count);
    }
    for (const key of this.values.keys()) this.charge(key);
    if (this.budget.remaining < 0) this.toSketch();
  }

  private freeze(): void {
    for (const count of this.values?.values() ?? []) this.untracked += count;
    this.values = undefined;
    this.release();
  }

  private toSketch(): void {
    const hll = new HyperLogLog();
    const top = new SpaceSaving();
    for (const [value, count] of [...(this.values ?? new Map<Counted, number>())].sort((a, b) => b[1] - a[1])) {
      hll.add(String(value));
      top.add(String(value), count);
    }
    this.values = undefined;
    this.release();
    this.hll = hll;
    this.top = top;
  }

  /** Adds what `other`, read after this in the file, counted: its new values come after these. */
  merge(other: Distinct): void {
    this.untracked += other.untracked;
    if (this.numeric && !other.numeric) this.textualize();
    if (other.values) {
      for (const [key, count] of other.values) {
        if (this.numeric) this.countNumeric(key, count);
        else this.add(String(key), count);
      }
    } else if (other.mode === 'frozen') {
      if (this.numeric) this.freeze();
    } else {
      if (!this.hll) this.toSketch();
      if (other.hll) this.hll?.merge(other.hll);
      if (other.top) this.top?.merge(other.top);
    }
  }

  get isExact(): boolean {
    return this.values !== undefined && this.untracked === 0;
  }

  unique(): number {
    return this.values ? this.values.size : (this.hll?.estimate() ?? 0);
  }

  /** Values and counts in the order first seen, as text (exact mode only). */
  *entries(): IterableIterator<[string, number]> {
    for (const [key, count] of this.values ?? []) yield [String(key), count];
  }

  /** The most frequent value, the first seen among equals (exact mode); the sketch's in sketch mode. */
  mostFrequent(): { value: string; count: number } | undefined {
    if (!this.values) return this.top?.top();
    return mostFrequentOf(this.entries());
  }
}

/** The first of the most frequent (pandas' top on a tie: value_counts keeps the order of first appearance). */
export function mostFrequentOf(entries: Iterable<[string, number]>): { value: string; count: number } | undefined {
  let best: { value: string; count: number } | undefined;
  for (const [value, count] of entries) if (!best || count > best.count) best = { value, count };
  return best;
}
