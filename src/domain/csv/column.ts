import { HyperLogLog, KllSketch, SpaceSaving } from './sketches.js';
import { isMissing, parseBoolean, parseDate, parseNumber, type Decimal } from './values.js';

/** Values kept exactly per column before switching to sketches (quartiles, distinct, top). */
export const EXACT_BUDGET = 100_000;

/** Count, mean and sum of squared deviations, merged with Chan et al.'s formula. */
export interface Moments {
  n: number;
  mean: number;
  m2: number;
  min: number;
  max: number;
}

const emptyMoments = (): Moments => ({ n: 0, mean: 0, m2: 0, min: Infinity, max: -Infinity });

function addMoment(moments: Moments, value: number): void {
  moments.n += 1;
  const delta = value - moments.mean;
  moments.mean += delta / moments.n;
  moments.m2 += delta * (value - moments.mean);
  if (value < moments.min) moments.min = value;
  if (value > moments.max) moments.max = value;
}

export function mergeMoments(a: Moments, b: Moments): Moments {
  if (a.n === 0) return { ...b };
  if (b.n === 0) return { ...a };
  const n = a.n + b.n;
  const delta = b.mean - a.mean;
  return { n, mean: a.mean + (delta * b.n) / n, m2: a.m2 + b.m2 + (delta * delta * a.n * b.n) / n, min: Math.min(a.min, b.min), max: Math.max(a.max, b.max) };
}

/** Exact values until the budget, then a KLL sketch. */
export class Quantiles {
  constructor(
    public exact: number[] | undefined = [],
    public sketch: KllSketch | undefined = undefined,
  ) {}

  add(value: number): void {
    if (this.exact) {
      this.exact.push(value);
      if (this.exact.length > EXACT_BUDGET) this.toSketch();
    } else this.sketch?.add(value);
  }

  private toSketch(): void {
    const sketch = new KllSketch();
    for (const value of this.exact ?? []) sketch.add(value);
    this.exact = undefined;
    this.sketch = sketch;
  }

  merge(other: Quantiles): void {
    if (this.exact && other.exact && this.exact.length + other.exact.length <= EXACT_BUDGET) {
      for (const value of other.exact) this.exact.push(value);
      return;
    }
    if (this.exact) this.toSketch();
    if (other.exact) for (const value of other.exact) this.sketch?.add(value);
    else if (other.sketch) this.sketch?.merge(other.sketch);
  }

  get isExact(): boolean {
    return this.exact !== undefined;
  }

  /** pandas' default: linear interpolation between the two nearest ranks. */
  quantile(q: number): number | undefined {
    if (!this.exact) return this.sketch?.quantile(q);
    if (this.exact.length === 0) return undefined;
    const sorted = Float64Array.from(this.exact).sort();
    const h = (sorted.length - 1) * q;
    const lo = Math.floor(h);
    const a = sorted[lo] as number;
    const b = sorted[Math.min(lo + 1, sorted.length - 1)] as number;
    return a + (h - lo) * (b - a);
  }
}

/**
 * Distinct values with their counts until the budget, then HyperLogLog + space-saving.
 * pandas reports no unique/top/freq for numeric columns, so a column that is still all
 * numbers when it outgrows the budget stops tracking them ("frozen", `untracked` counts
 * what was skipped): the sketches' per-value cost is paid only by columns that need them.
 * Should such a column turn out not numeric after all, its unique/top/freq come from the
 * values after that point and are marked approximate.
 */
export class Distinct {
  constructor(
    public exact: Map<string, number> | undefined = new Map(),
    public hll: HyperLogLog | undefined = undefined,
    public top: SpaceSaving | undefined = undefined,
    public untracked = 0,
  ) {}

  get frozen(): boolean {
    return this.exact === undefined && this.hll === undefined;
  }

  /** `numericSoFar`: every value of the column so far, this one included, is a number. */
  add(value: string, weight = 1, numericSoFar = false): void {
    if (this.exact) {
      this.exact.set(value, (this.exact.get(value) ?? 0) + weight);
      if (this.exact.size > EXACT_BUDGET) {
        if (numericSoFar) this.freeze();
        else this.toSketch();
      }
      return;
    }
    if (!this.hll) this.toSketch();
    this.hll?.add(value);
    this.top?.add(value, weight);
  }

  private freeze(): void {
    for (const count of this.exact?.values() ?? []) this.untracked += count;
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
    if (this.frozen && other.exact) {
      for (const count of other.exact.values()) this.untracked += count;
      return;
    }
    if (other.frozen) {
      if (this.exact && !other.hll) this.freeze();
      return;
    }
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
    return this.exact ? this.exact.size : (this.hll?.estimate() ?? 0);
  }

  mostFrequent(): { value: string; count: number } | undefined {
    if (!this.exact) return this.top?.top();
    let best: { value: string; count: number } | undefined;
    for (const [value, count] of this.exact) if (!best || count > best.count) best = { value, count };
    return best;
  }
}

/** Everything one column needs for its summary; merge two of them and you get the whole. */
export class ColumnAccumulator {
  missing = 0;
  present = 0;
  integers = 0;
  numbers = 0;
  booleans = 0;
  dates = 0;
  datesWithTime = 0;
  numeric = emptyMoments();
  numericQuantiles = new Quantiles();
  temporal = emptyMoments();
  temporalQuantiles = new Quantiles();
  distinct = new Distinct();

  constructor(readonly name: string) {}

  add(field: string | undefined, decimal: Decimal): void {
    if (field === undefined || isMissing(field)) {
      this.missing += 1;
      return;
    }
    // Once one value is not a number (boolean, date), the column cannot be numeric (...):
    // skip those parsers. Counts stay below `present`, so merged chunks decide the same type.
    const couldBeNumber = this.numbers === this.present;
    const couldBeBoolean = this.booleans === this.present;
    const couldBeDate = this.dates === this.present;
    this.present += 1;
    const number = couldBeNumber ? parseNumber(field, decimal) : undefined;
    const distinct = this.distinct;
    if (number && distinct.frozen) distinct.untracked += 1;
    else distinct.add(field, 1, number !== undefined);
    if (number) {
      this.numbers += 1;
      if (number.integer) this.integers += 1;
      addMoment(this.numeric, number.value);
      this.numericQuantiles.add(number.value);
      return;
    }
    if (couldBeBoolean && parseBoolean(field) !== undefined) {
      this.booleans += 1;
      return;
    }
    const date = couldBeDate ? parseDate(field) : undefined;
    if (date) {
      this.dates += 1;
      if (date.hasTime) this.datesWithTime += 1;
      addMoment(this.temporal, date.epoch);
      this.temporalQuantiles.add(date.epoch);
    }
  }

  merge(other: ColumnAccumulator): void {
    this.missing += other.missing;
    this.present += other.present;
    this.integers += other.integers;
    this.numbers += other.numbers;
    this.booleans += other.booleans;
    this.dates += other.dates;
    this.datesWithTime += other.datesWithTime;
    this.numeric = mergeMoments(this.numeric, other.numeric);
    this.numericQuantiles.merge(other.numericQuantiles);
    this.temporal = mergeMoments(this.temporal, other.temporal);
    this.temporalQuantiles.merge(other.temporalQuantiles);
    this.distinct.merge(other.distinct);
  }
}
