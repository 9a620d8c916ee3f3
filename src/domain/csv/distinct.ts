import { HyperLogLog, SpaceSaving } from './sketches.js';

/** Distinct values kept exactly per column before switching to sketches (unique, top/freq). */
export const EXACT_BUDGET = 100_000;
/** Distinct values a column of numbers tracks before it stops (pandas reports none for numeric columns). */
export const NUMERIC_DISTINCT_BUDGET = 10_000;

/**
 * Distinct values with their counts until the budget, then HyperLogLog + space-saving.
 * While a column holds only numbers, those spelled as String(value) would spell them are
 * counted by value (no text needed; they become that text, losslessly, if the column
 * turns out not numeric), the others ("1.50", "007") by their text. pandas reports no
 * unique/top/freq for numeric columns, so past NUMERIC_DISTINCT_BUDGET different values
 * the column stops counting them ("frozen"; `untracked` says how many it skipped): should
 * it turn out not numeric after all, unique/top/freq miss those and are marked approximate.
 */
export class Distinct {
  /** `exact: null` starts without the exact map (sketches, or frozen); an explicit undefined would take the default. */
  public exact: Map<string, number> | undefined;
  /** Counts by value while the column holds only numbers. */
  public numbers = new Map<number, number>();
  constructor(
    exact: Map<string, number> | null = new Map(),
    public hll: HyperLogLog | undefined = undefined,
    public top: SpaceSaving | undefined = undefined,
    public untracked = 0,
  ) {
    this.exact = exact ?? undefined;
  }

  /** How distinct values are kept: counted exactly, no longer counted (a numeric column past its budget), or sketched. */
  get mode(): 'exact' | 'frozen' | 'sketch' {
    return this.exact !== undefined ? 'exact' : this.hll === undefined ? 'frozen' : 'sketch';
  }

  get frozen(): boolean {
    return this.mode === 'frozen';
  }

  /** A number of a column that has held only numbers. */
  addNumber(value: number, weight = 1): void {
    if (this.frozen) {
      this.untracked += weight;
      return;
    }
    this.numbers.set(value, (this.numbers.get(value) ?? 0) + weight);
    if (this.numbers.size + (this.exact?.size ?? 0) > NUMERIC_DISTINCT_BUDGET) this.freeze();
  }

  /** A number of a column that has held only numbers, spelled otherwise than String(value). */
  addSpelled(text: string, weight = 1): void {
    if (this.frozen || !this.exact) {
      this.untracked += weight;
      return;
    }
    this.exact.set(text, (this.exact.get(text) ?? 0) + weight);
    if (this.numbers.size + this.exact.size > NUMERIC_DISTINCT_BUDGET) this.freeze();
  }

  /** A value as text (the column is not, or no longer, all numbers). */
  add(value: string, weight = 1): void {
    if (this.numbers.size > 0) this.textualize();
    if (this.exact) {
      this.exact.set(value, (this.exact.get(value) ?? 0) + weight);
      if (this.exact.size > EXACT_BUDGET) this.toSketch();
      return;
    }
    if (!this.hll) this.toSketch();
    this.hll?.add(value);
    this.top?.add(value, weight);
  }

  private textualize(): void {
    const numbers = [...this.numbers];
    this.numbers.clear();
    for (const [value, count] of numbers) this.add(String(value), count);
  }

  private freeze(): void {
    for (const count of this.exact?.values() ?? []) this.untracked += count;
    for (const count of this.numbers.values()) this.untracked += count;
    this.numbers.clear();
    this.exact = undefined;
  }

  private toSketch(): void {
    const hll = new HyperLogLog();
    const top = new SpaceSaving();
    for (const [value, count] of [...(this.exact ?? new Map<string, number>())].sort((a, b) => b[1] - a[1])) {
      hll.add(value);
      top.add(value, count);
    }
    this.exact = undefined;
    this.hll = hll;
    this.top = top;
  }

  merge(other: Distinct): void {
    this.untracked += other.untracked;
    const otherText = other.hll !== undefined || (other.exact?.size ?? 0) > 0;
    const thisText = this.hll !== undefined || (this.exact?.size ?? 0) > 0;
    // Numbers meet text: the numbers become text.
    if (otherText && this.numbers.size > 0) this.textualize();
    if (other.numbers.size > 0) {
      if (thisText) for (const [value, count] of other.numbers) this.add(String(value), count);
      else for (const [value, count] of other.numbers) this.addNumber(value, count);
    }
    if (other.frozen) {
      if (!this.hll && !thisText && !otherText) this.freeze();
      return;
    }
    if (this.frozen && !otherText) return;
    if (other.exact) {
      for (const [value, count] of other.exact) this.add(value, count);
      return;
    }
    if (!this.hll) this.toSketch();
    if (other.hll) this.hll?.merge(other.hll);
    if (other.top) this.top?.merge(other.top);
  }

  get isExact(): boolean {
    return this.exact !== undefined && this.untracked === 0;
  }

  unique(): number {
    return this.exact ? this.exact.size + this.numbers.size : (this.hll?.estimate() ?? 0);
  }

  mostFrequent(): { value: string; count: number } | undefined {
    if (!this.exact) return this.top?.top();
    let best: { value: string; count: number } | undefined;
    for (const [value, count] of this.exact) if (!best || count > best.count) best = { value, count };
    for (const [value, count] of this.numbers) if (!best || count > best.count) best = { value: String(value), count };
    return best;
  }
}
