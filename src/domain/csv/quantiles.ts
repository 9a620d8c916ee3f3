import { HistogramBudget, ScaledHistogram } from './histogram.js';
import { KllSketch } from './sketches.js';
import { DistinctBudget } from './distinct.js';
import { ValueBuffer } from './value-buffer.js';
import { DayCounts } from './days.js';

export { ValueBuffer };

/** Different values a column's quantiles are counted by, before they are kept one by one. */
export const QUANTILE_COUNTS_BUDGET = 10_000;
const FEW_REPEATS_AFTER = 512; // different values after which a column whose values mostly differ is kept one by one

/**
 * Values one summarizer keeps one by one for exact quartiles, all its columns together
 * (8 bytes each). A file whose numbers and dates fit is summarized with the very
 * quartiles pandas computes; past it, the column that would overflow the budget goes to
 * its sketch and gives its share back (`quantiles: approximate` in the summary).
 * One pass over a whole file (a local file under 32 MB, the small-file Lambda) affords
 * a million values; the ranges of a large file, summarized side by side, much less.
 */
export const EXACT_VALUES_BUDGET = 4_000_000;
export const RANGE_EXACT_VALUES_BUDGET = 100_000;

/**
 * Bytes of counts by scaled integer (histogram.ts) one summarizer keeps, all its columns
 * together: a whole file read in one pass, and a byte range of a large file (a Map chunk:
 * its partial carries them, so they stay small; `fluxo summarize` gives its ranges more).
 */
export const HISTOGRAM_BYTES = 32 * 1024 * 1024;
export const RANGE_HISTOGRAM_BYTES = 1024 * 1024;

/** The rank error a sketched quartile is stated with when no second pass made it exact (KLL, k = 512: tested under 2%). */
export const SKETCH_RANK_ERROR = 0.02;

/** The exact-values budget one summarizer's columns share, and the bytes of their histograms. */
export class ExactBudget {
  readonly histogram: HistogramBudget;
  /** Bytes of distinct values counted exactly (unique/top/freq: distinct.ts). */
  readonly distinct: DistinctBudget;
  /** What it started with. */
  readonly initial: number;
  constructor(
    public remaining = EXACT_VALUES_BUDGET,
    readonly histogramBytes = HISTOGRAM_BYTES,
    distinctBytes?: number,
  ) {
    this.initial = remaining;
    this.histogram = new HistogramBudget(histogramBytes);
    this.distinct = new DistinctBudget(distinctBytes);
  }
}

/**
 * Exact while it can be: decimal numbers counted by their scaled integers over a bounded
 * range (histogram.ts), or counted by value while the column has few different values
 * (any length of column, exact quartiles), then the values themselves until the
 * budget, then a KLL sketch.
 */
export class Quantiles {
  /** `exact: null` starts from a sketch (an explicit undefined would take the default). */
  public exact: ValueBuffer | undefined;
  private countMap: Map<number, number> | undefined;
  /** Dates at midnight UTC, counted by day number (days.ts) until the counts are read; undefined once the range is too wide. */
  private days: DayCounts | undefined = new DayCounts();
  public histogram: ScaledHistogram | undefined;
  /** Once a histogram could not hold the column, it is not tried again. */
  private histogramTried = false;
  private counted = 0; // values add() and addDate() counted by value (in `counts` or `days`)
  constructor(
    exact: ArrayLike<number> & Iterable<number> | null = [],
    public sketch: KllSketch | undefined = undefined,
    counts: Map<number, number> | null = exact && exact.length === 0 && !sketch ? new Map() : null,
    private readonly budget: ExactBudget = new ExactBudget(),
  ) {
    this.exact = exact ? ValueBuffer.of(exact) : undefined;
    this.countMap = counts ?? undefined;
    if (this.exact) budget.remaining -= this.exact.length;
  }

  /** Counted by value (the day counts folded in), while the column has few different values. */
  get counts(): Map<number, number> | undefined {
    this.foldDays();
    return this.countMap;
  }

  set counts(counts: Map<number, number> | undefined) {
    this.foldDays();
    this.countMap = counts;
  }

  /**
   * The day counts, into the map of counts, for good: from then on the map alone counts
   * (so no value is ever in both), as it does once anything but addDate() adds.
   */
  private foldDays(): void {
    const days = this.days;
    if (!days) return;
    this.days = undefined;
    const counts = this.countMap;
    if (counts) days.drain((value, count) => counts.set(value, (counts.get(value) ?? 0) + count));
  }

  /**
   * A date's epoch milliseconds: a date at midnight UTC over a range of days that fits is an
   * increment in a typed array (days.ts), not a Map set; anything else as add() does. Random
   * dates over two years (730 days) stay counted: by add()'s few-repeats rule they went to
   * values one by one, 8 bytes a row.
   */
  addDate(epoch: number): void {
    const days = this.days;
    if (days && this.countMap && !this.histogram) {
      // A day costs 4 bytes of at most 256 KB, not a Map entry: only the 10 000 values end it (not few repeats).
      if (days.add(epoch)) {
        this.counted += 1;
        if (days.distinct + this.countMap.size > QUANTILE_COUNTS_BUDGET) this.leaveCounts();
        return;
      }
      // A time of day or a range too wide: the days go to the map, and it counts from now on.
      this.foldDays();
    }
    this.add(epoch);
  }

  /**
   * A number written with `decimals` digits after the point: counted in the histogram while
   * the column's range fits it (the fast and small case), else as add() does.
   */
  addDecimal(value: number, decimals: number): void {
    const histogram = this.histogram;
    if (histogram) {
      if (histogram.add(value, decimals)) return;
      this.leaveHistogram();
    } else if (!this.histogramTried && this.empty) {
      this.histogramTried = true;
      this.histogram = new ScaledHistogram(this.budget.histogram);
      this.counts = undefined;
      return this.addDecimal(value, decimals);
    }
    this.add(value);
  }

  /** Nothing counted yet (the state a column starts in). */
  private get empty(): boolean {
    return this.counts !== undefined && this.counts.size === 0;
  }

  /** The histogram's values, counted the next way (by value while few, else one by one). */
  private leaveHistogram(): void {
    const histogram = this.histogram;
    if (!histogram) return;
    this.histogram = undefined;
    this.histogramTried = true;
    this.counts = new Map();
    for (const [value, count] of histogram.entries()) this.addCounted(value, count);
    histogram.release();
  }

  private addCounted(value: number, count: number): void {
    const counts = this.countMap;
    if (counts) {
      counts.set(value, (counts.get(value) ?? 0) + count);
      if (counts.size > QUANTILE_COUNTS_BUDGET) this.leaveCounts();
      return;
    }
    for (let i = 0; i < count; i++) this.addValue(value);
  }

  add(value: number): void {
    if (this.histogram) this.leaveHistogram();
    const counts = this.countMap;
    if (counts) {
      if (this.days) this.foldDays();
      counts.set(value, (counts.get(value) ?? 0) + 1);
      this.counted += 1;
      if (this.leavesCounts(counts.size)) this.leaveCounts();
      return;
    }
    this.addValue(value);
  }

  /**
   * Past `size` different values, counting by value stops: past the budget, or, while the budget
   * has room for a column's worth, when values mostly differ (a Map entry costs 5x a kept double).
   */
  private leavesCounts(size: number): boolean {
    return size > QUANTILE_COUNTS_BUDGET || (size >= FEW_REPEATS_AFTER && size * 2 > this.counted && this.budget.remaining >= QUANTILE_COUNTS_BUDGET);
  }

  private addValue(value: number): void {
    if (this.exact && this.budget.remaining > 0) {
      this.exact.push(value);
      this.budget.remaining -= 1;
      return;
    }
    if (this.exact) this.toSketch();
    this.sketch?.add(value);
  }

  private leaveCounts(): void {
    const counts = this.counts ?? new Map<number, number>();
    this.counts = undefined;
    this.exact ??= new ValueBuffer();
    for (const [value, count] of counts) for (let i = 0; i < count; i++) this.addValue(value);
  }

  private toSketch(): void {
    const sketch = new KllSketch();
    for (const value of this.exact ?? []) sketch.add(value);
    this.budget.remaining += this.exact?.length ?? 0;
    this.exact = undefined;
    this.sketch = sketch;
  }

  merge(other: Quantiles): void {
    if (other.histogram) {
      if (this.empty && !this.histogram) {
        this.histogram = new ScaledHistogram(this.budget.histogram);
        this.counts = undefined;
      }
      if (this.histogram?.merge(other.histogram)) return;
      this.leaveHistogram();
      for (const [value, count] of other.histogram.entries()) this.addCounted(value, count);
      return;
    }
    if (this.histogram) {
      if (other.counts?.size === 0) return;
      this.leaveHistogram();
    }
    if (this.counts && other.counts) {
      for (const [value, count] of other.counts) this.counts.set(value, (this.counts.get(value) ?? 0) + count);
      if (this.counts.size > QUANTILE_COUNTS_BUDGET) this.leaveCounts();
      return;
    }
    if (this.counts) this.leaveCounts();
    if (other.counts) {
      for (const [value, count] of other.counts) for (let i = 0; i < count; i++) this.addValue(value);
      return;
    }
    if (this.exact && other.exact && other.exact.length <= this.budget.remaining) {
      for (const value of other.exact) this.exact.push(value);
      this.budget.remaining -= other.exact.length;
      return;
    }
    if (this.exact) this.toSketch();
    if (other.exact) for (const value of other.exact) this.sketch?.add(value);
    else if (other.sketch) this.sketch?.merge(other.sketch);
  }

  /** How the quartiles are kept: counted by value, the values themselves, or a sketch. */
  get mode(): 'histogram' | 'counts' | 'exact' | 'sketch' {
    return this.histogram ? 'histogram' : this.counts ? 'counts' : this.exact ? 'exact' : 'sketch';
  }

  get isExact(): boolean {
    return this.mode !== 'sketch';
  }

  /** pandas' default: linear interpolation between the two nearest ranks. */
  quantile(q: number): number | undefined {
    if (this.histogram) return this.histogram.quantile(q);
    if (this.counts) return countedQuantile(this.counts, q);
    if (!this.exact) return this.sketch?.quantile(q);
    return this.exact.quantile(q);
  }
}

/** The linear-interpolation quantile of values given with their counts. */
function countedQuantile(counts: Map<number, number>, q: number): number | undefined {
  const values = Float64Array.from(counts.keys()).sort();
  let total = 0;
  for (const count of counts.values()) total += count;
  if (total === 0) return undefined;
  const h = (total - 1) * q;
  const lo = Math.floor(h);
  // The values at ranks lo and lo + 1 (0-based) of the sorted column.
  let seen = 0;
  let a: number | undefined;
  let b: number | undefined;
  for (const value of values) {
    seen += counts.get(value) ?? 0;
    if (a === undefined && seen > lo) a = value;
    if (seen > lo + 1 || seen >= total) {
      b = value;
      break;
    }
  }
  if (a === undefined) return undefined;
  b ??= a;
  return a + (h - lo) * (b - a);
}
