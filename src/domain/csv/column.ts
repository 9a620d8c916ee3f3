import { HyperLogLog, KllSketch, SpaceSaving } from './sketches.js';
import { isMissing, parseBoolean, parseDate, parseNumber, type Decimal } from './values.js';
import type { RawRow } from './tokenizer.js';
import { ByteDictionary } from './dictionary.js';

/** Values kept exactly per column before switching to sketches (quartiles, distinct, top). */
export const EXACT_BUDGET = 100_000;
/** Distinct values a column of numbers tracks before it stops (pandas reports none for numeric columns). */
export const NUMERIC_DISTINCT_BUDGET = 10_000;

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

/** Different values a column's quantiles are counted by, before they are kept one by one. */
export const QUANTILE_COUNTS_BUDGET = 10_000;

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
 * Numbers kept one by one in blocks of 64 Ki doubles: 8 bytes a value, and growing never
 * copies what is already kept (an array would reallocate and copy as it grows).
 */
const BLOCK = 65_536;

export class ValueBuffer {
  private readonly blocks: Float64Array[] = [];
  private used = BLOCK;
  length = 0;

  static of(values: Iterable<number>): ValueBuffer {
    const buffer = new ValueBuffer();
    for (const value of values) buffer.push(value);
    return buffer;
  }

  push(value: number): void {
    if (this.used === BLOCK) {
      this.blocks.push(new Float64Array(BLOCK));
      this.used = 0;
    }
    (this.blocks[this.blocks.length - 1] as Float64Array)[this.used++] = value;
    this.length += 1;
  }

  *[Symbol.iterator](): IterableIterator<number> {
    for (let b = 0; b < this.blocks.length; b++) {
      const block = this.blocks[b] as Float64Array;
      const end = b === this.blocks.length - 1 ? this.used : BLOCK;
      for (let i = 0; i < end; i++) yield block[i] as number;
    }
  }

  /** The values, sorted, in one array. */
  sorted(): Float64Array {
    const out = new Float64Array(this.length);
    let at = 0;
    for (let b = 0; b < this.blocks.length; b++) {
      const block = this.blocks[b] as Float64Array;
      const end = b === this.blocks.length - 1 ? this.used : BLOCK;
      out.set(block.subarray(0, end), at);
      at += end;
    }
    return out.sort();
  }

  toArray(): number[] {
    return [...this];
  }
}

/** The exact-values budget one summarizer's columns share. */
export class ExactBudget {
  constructor(public remaining = EXACT_VALUES_BUDGET) {}
}

/**
 * Exact while it can be: counts by value while the column has few different values
 * (any length of column, exact quartiles), then the values themselves until the
 * budget, then a KLL sketch.
 */
export class Quantiles {
  /** `exact: null` starts from a sketch (an explicit undefined would take the default). */
  public exact: ValueBuffer | undefined;
  public counts: Map<number, number> | undefined;
  constructor(
    exact: number[] | null = [],
    public sketch: KllSketch | undefined = undefined,
    counts: Map<number, number> | null = exact && exact.length === 0 && !sketch ? new Map() : null,
    private readonly budget: ExactBudget = new ExactBudget(),
  ) {
    this.exact = exact ? ValueBuffer.of(exact) : undefined;
    this.counts = counts ?? undefined;
    if (this.exact) budget.remaining -= this.exact.length;
  }

  add(value: number): void {
    const counts = this.counts;
    if (counts) {
      counts.set(value, (counts.get(value) ?? 0) + 1);
      if (counts.size > QUANTILE_COUNTS_BUDGET) this.leaveCounts();
      return;
    }
    this.addValue(value);
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

  get isExact(): boolean {
    return this.counts !== undefined || this.exact !== undefined;
  }

  /** pandas' default: linear interpolation between the two nearest ranks. */
  quantile(q: number): number | undefined {
    if (this.counts) return countedQuantile(this.counts, q);
    if (!this.exact) return this.sketch?.quantile(q);
    if (this.exact.length === 0) return undefined;
    const sorted = this.exact.sorted();
    const h = (sorted.length - 1) * q;
    const lo = Math.floor(h);
    const a = sorted[lo] as number;
    const b = sorted[Math.min(lo + 1, sorted.length - 1)] as number;
    return a + (h - lo) * (b - a);
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

  get frozen(): boolean {
    return this.exact === undefined && this.hll === undefined;
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

/** Different values a column's dictionary holds before the column decodes every field. */
export const DICTIONARY_LIMIT = 4096;

/** What a value is, parsed once per distinct value. */
interface Classified {
  missing: boolean;
  number: { value: number; integer: boolean } | undefined;
  boolean: boolean;
  date: { epoch: number; hasTime: boolean } | undefined;
}

function classify(text: string, decimal: Decimal): Classified {
  const missing = isMissing(text);
  return { missing, number: missing ? undefined : parseNumber(text, decimal), boolean: !missing && parseBoolean(text) !== undefined, date: missing ? undefined : parseDate(text) };
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
  numericQuantiles: Quantiles;
  temporal = emptyMoments();
  temporalQuantiles: Quantiles;
  distinct = new Distinct();
  /** Values seen before, by their bytes (only while the column has few different values). */
  private dictionary: ByteDictionary<Classified> | undefined = new ByteDictionary(DICTIONARY_LIMIT);

  constructor(
    readonly name: string,
    budget: ExactBudget = new ExactBudget(),
  ) {
    this.numericQuantiles = new Quantiles(undefined, undefined, undefined, budget);
    this.temporalQuantiles = new Quantiles(undefined, undefined, undefined, budget);
  }

  add(field: string | undefined, decimal: Decimal): void {
    if (field === undefined || isMissing(field)) {
      this.missing += 1;
      return;
    }
    this.addPresent(field, decimal, undefined);
  }

  /** A present value; `known` is what the dictionary remembers of it (parsed once per distinct value). */
  private addPresent(field: string, decimal: Decimal, known: Classified | undefined): void {
    // Once one value is not a number (boolean, date), the column cannot be numeric (...):
    // skip those parsers. Counts stay below `present`, so merged chunks decide the same type.
    const couldBeNumber = this.numbers === this.present;
    const couldBeBoolean = this.booleans === this.present;
    const couldBeDate = this.dates === this.present;
    this.present += 1;
    const number = couldBeNumber ? (known ? known.number : parseNumber(field, decimal)) : undefined;
    if (!number) this.distinct.add(field);
    else if (String(number.value) === field) this.distinct.addNumber(number.value);
    else this.distinct.addSpelled(field);
    if (number) {
      this.numbers += 1;
      if (number.integer) this.integers += 1;
      addMoment(this.numeric, number.value);
      this.numericQuantiles.add(number.value);
      return;
    }
    if (couldBeBoolean && (known ? known.boolean : parseBoolean(field) !== undefined)) {
      this.booleans += 1;
      return;
    }
    const date = couldBeDate ? (known ? known.date : parseDate(field)) : undefined;
    if (date) {
      this.dates += 1;
      if (date.hasTime) this.datesWithTime += 1;
      addMoment(this.temporal, date.epoch);
      this.temporalQuantiles.add(date.epoch);
    }
  }

  /**
   * The same as add(row.text(index)), faster for a column that has held only numbers:
   * a plain decimal is read from the bytes, without decoding text.
   */
  addRaw(row: RawRow, index: number, decimal: Decimal): void {
    if (decimal === '.' && this.numbers === this.present) {
      if (row.isEmpty(index)) {
        this.missing += 1;
        return;
      }
      const value = row.number(index);
      if (value === value) {
        this.present += 1;
        this.numbers += 1;
        if (row.integer) this.integers += 1;
        if (row.canonical) this.distinct.addNumber(value);
        else this.distinct.addSpelled(row.text(index));
        addMoment(this.numeric, value);
        this.numericQuantiles.add(value);
        return;
      }
    }
    const dictionary = this.dictionary;
    if (dictionary && row.decoded[index] === undefined) {
      const entry = dictionary.lookup(row.bytes, row.starts[index] as number, row.ends[index] as number, () => row.text(index), (text) => classify(text, decimal));
      if (entry) {
        if (entry.info.missing) this.missing += 1;
        else this.addPresent(entry.text, decimal, entry.info);
        return;
      }
      // More different values than a dictionary is worth: decode every field from now on.
      this.dictionary = undefined;
    }
    this.add(row.text(index), decimal);
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
