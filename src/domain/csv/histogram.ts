/**
 * Exact quartiles of decimal numbers by counting: a value written with at most `decimals`
 * digits after the point is the integer value x 10^decimals, and a column of such numbers
 * over a bounded range (ids, cents, 4-decimal scores, small counts) is counted per integer
 * in a dense array. One add is an increment, the quartiles are a scan of the counts, and
 * memory is a byte per integer of the range, not 8 bytes per value: a 3 M-row column of
 * 2-decimal amounts under 50 000.00 takes 5 MB, with no second pass over the file.
 *
 * The value of slot i is (base + i) / 10^decimals: a division of two exact doubles is
 * correctly rounded, so it is the very double the text parses to (a value is only taken
 * after checking that round trip).
 */

import { VarintReader, VarintWriter } from './varint.js';

/** Slots kept 4 bytes wide (any count); above, 1 byte with the rare count past 255 beside. */
const WIDE_SLOTS = 65_536;
/** Up to 10^15: scaled integers stay exact doubles. */
const MAX_DECIMALS = 15;
const POWERS = Array.from({ length: MAX_DECIMALS + 1 }, (_, power) => 10 ** power);

/** Bytes a summarizer's histograms may take together (shared by its columns, as ExactBudget is). */
export class HistogramBudget {
  constructor(public remaining: number) {}
}

/** Slots base .. base + span - 1; `counts`: base64 of varints, slot by slot (a count c as 2c, a run of r empty slots as 2r + 1). */
export type SerializedHistogram = { base: number; span: number; decimals: number; total: number; counts: string };

/** A histogram's own arrays, for another thread of this process: moved by postMessage's transfer list, not encoded. */
export type HistogramParts = { base: number; decimals: number; total: number; counts: Uint32Array | Uint8Array; overflow: Map<number, number> };

export class ScaledHistogram {
  private base = 0;
  private decimals = 0;
  private wide: Uint32Array | undefined = new Uint32Array(0);
  private narrow: Uint8Array | undefined;
  /** Counts past 255 of a narrow slot, by scaled integer (kept apart so growing needs no re-keying). */
  private overflow = new Map<number, number>();
  /** Values counted. */
  total = 0;

  constructor(private readonly budget: HistogramBudget) {}

  private get size(): number {
    return (this.wide ?? (this.narrow as Uint8Array)).length;
  }

  private get bytes(): number {
    return this.wide ? this.wide.byteLength : (this.narrow as Uint8Array).byteLength;
  }

  /**
   * Counts `value`, written with `decimals` digits after the point; false (nothing counted)
   * when it cannot be: its scaled integer does not give the value back, or the range would
   * outgrow the budget. The caller then keeps the values another way (see take()).
   */
  add(value: number, decimals: number): boolean {
    if (decimals > this.decimals && !this.rescale(decimals)) return false;
    const power = POWERS[this.decimals] as number;
    const scaled = Math.round(value * power);
    if (scaled / power !== value || !Number.isSafeInteger(scaled)) return false;
    const slot = scaled - this.base;
    if (slot < 0 || slot >= this.size) {
      if (!this.cover(scaled)) return false;
      return this.add(value, decimals);
    }
    this.total += 1;
    const wide = this.wide;
    if (wide) {
      wide[slot] = (wide[slot] as number) + 1;
      return true;
    }
    const narrow = this.narrow as Uint8Array;
    const count = narrow[slot] as number;
    if (count < 255) narrow[slot] = count + 1;
    else this.overflow.set(scaled, (this.overflow.get(scaled) ?? 0) + 1);
    return true;
  }

  /** Count of slot i. */
  private count(slot: number): number {
    if (this.wide) return this.wide[slot] as number;
    const count = (this.narrow as Uint8Array)[slot] as number;
    return count === 255 ? 255 + (this.overflow.get(this.base + slot) ?? 0) : count;
  }

  /** Every (value, count) in ascending order of value. */
  *entries(): IterableIterator<[number, number]> {
    const power = POWERS[this.decimals] as number;
    for (let slot = 0; slot < this.size; slot++) {
      const count = this.count(slot);
      if (count > 0) yield [(this.base + slot) / power, count];
    }
  }

  /** pandas' linear-interpolation quantile (the values at ranks floor(h) and floor(h) + 1, h = (n - 1) q). */
  quantile(q: number): number | undefined {
    if (this.total === 0) return undefined;
    const h = (this.total - 1) * q;
    const lo = Math.floor(h);
    const power = POWERS[this.decimals] as number;
    const { wide, narrow, overflow, base } = this;
    const size = this.size;
    let seen = 0;
    let a: number | undefined;
    for (let slot = 0; slot < size; slot++) {
      let count = wide ? (wide[slot] as number) : ((narrow as Uint8Array)[slot] as number);
      if (count === 0) continue;
      if (count === 255 && !wide) count += overflow.get(base + slot) ?? 0;
      seen += count;
      if (a === undefined) {
        if (seen <= lo) continue;
        a = (base + slot) / power;
      }
      if (seen > lo + 1 || seen >= this.total) return a + (h - lo) * ((base + slot) / power - a);
    }
    return a;
  }

  /** Adds another histogram's counts; false (this one unchanged) when their union outgrows the budget. */
  merge(other: ScaledHistogram): boolean {
    if (other.total === 0) return true;
    const decimals = Math.max(this.decimals, other.decimals);
    if (decimals > this.decimals && !this.rescale(decimals)) return false;
    const factor = POWERS[decimals - other.decimals] as number;
    const first = other.firstSlot();
    const last = other.lastSlot();
    const lo = (other.base + first) * factor;
    const hi = (other.base + last) * factor;
    if (this.size === 0 ? !this.refill(lo, hi - lo + 1, 1) : !this.covers(lo, hi)) return false;
    for (let slot = first; slot <= last; slot++) {
      const count = other.count(slot);
      if (count > 0) this.addCount((other.base + slot) * factor, count);
    }
    return true;
  }

  /** Gives its bytes back to the budget (the caller keeps the values another way). */
  release(): void {
    this.budget.remaining += this.bytes;
    this.wide = new Uint32Array(0);
    this.narrow = undefined;
    this.overflow.clear();
    this.total = 0;
  }

  /**
   * Only the slots from the first counted one to the last (the range's slack is not carried),
   * as varints: a count c as 2c, a run of r empty slots as 2r + 1. A byte a slot for ids,
   * about two a counted slot for sparse cents.
   */
  toJSON(): SerializedHistogram {
    const first = this.total === 0 ? 0 : this.firstSlot();
    const last = this.total === 0 ? -1 : this.lastSlot();
    const out = new VarintWriter();
    let empty = 0;
    for (let slot = first; slot <= last; slot++) {
      const count = this.count(slot);
      if (count === 0) empty += 1;
      else {
        if (empty > 0) out.put(empty * 2 + 1);
        empty = 0;
        out.put(count * 2);
      }
    }
    return { base: this.base + first, span: last - first + 1, decimals: this.decimals, total: this.total, counts: out.bytes().toString('base64') };
  }

  /** A histogram as a partial carried it, charged to `budget` (undefined when it does not fit: the caller keeps the values another way). */
  static fromJSON(data: SerializedHistogram, budget: HistogramBudget): ScaledHistogram | undefined {
    const histogram = new ScaledHistogram(budget);
    histogram.decimals = data.decimals;
    if (data.span > 0 && !histogram.refill(data.base, data.span, 1)) return undefined;
    const tokens = new VarintReader(Buffer.from(data.counts, 'base64'));
    let scaled = data.base;
    while (!tokens.done) {
      const token = tokens.next();
      if (token % 2 === 1) scaled += (token - 1) / 2;
      else histogram.addCount(scaled++, token / 2);
    }
    if (histogram.total !== data.total || scaled !== data.base + data.span) throw new Error('a histogram of a partial does not add up to its count');
    return histogram;
  }

  /** Its arrays as they are, their buffer added to `transfer` (this histogram is not used after). */
  toParts(transfer: ArrayBuffer[]): HistogramParts {
    const counts = this.wide ?? (this.narrow as Uint8Array);
    transfer.push(counts.buffer as ArrayBuffer);
    return { base: this.base, decimals: this.decimals, total: this.total, counts, overflow: this.overflow };
  }

  /** The histogram of toParts' arrays, adopted and charged to `budget` (undefined when they do not fit it). */
  static fromParts(parts: HistogramParts, budget: HistogramBudget): ScaledHistogram | undefined {
    if (parts.counts.byteLength > budget.remaining) return undefined;
    budget.remaining -= parts.counts.byteLength;
    const histogram = new ScaledHistogram(budget);
    const wide = parts.counts instanceof Uint32Array;
    Object.assign(histogram, { base: parts.base, decimals: parts.decimals, total: parts.total, overflow: parts.overflow, wide: wide ? parts.counts : undefined, narrow: wide ? undefined : parts.counts });
    return histogram;
  }

  /** Grows the range to hold [lo, hi] exactly (no slack: a merge knows its whole range); false past the budget. */
  private covers(lo: number, hi: number): boolean {
    const from = Math.min(this.base, lo);
    const to = Math.max(this.base + this.size - 1, hi);
    return (from === this.base && to === this.base + this.size - 1) || this.refill(from, to - from + 1, 1);
  }

  private firstSlot(): number {
    let slot = 0;
    while (slot < this.size && this.count(slot) === 0) slot++;
    return slot;
  }

  private lastSlot(): number {
    let slot = this.size - 1;
    while (slot > 0 && this.count(slot) === 0) slot--;
    return slot;
  }

  private addCount(scaled: number, count: number): void {
    const slot = scaled - this.base;
    this.total += count;
    if (this.wide) {
      this.wide[slot] = (this.wide[slot] as number) + count;
      return;
    }
    const narrow = this.narrow as Uint8Array;
    const sum = (narrow[slot] as number) + count;
    if (sum < 255) narrow[slot] = sum;
    else {
      const past = (narrow[slot] as number) === 255 ? count : sum - 255;
      narrow[slot] = 255;
      this.overflow.set(scaled, (this.overflow.get(scaled) ?? 0) + past);
    }
  }

  /**
   * Makes room for `scaled`: half as many slots again on the side the range grew to (ids
   * arrive in order, and so would the next ones), none below 0 for a column that has
   * held no negative value; false when the budget does not allow it.
   */
  private cover(scaled: number): boolean {
    const size = this.size;
    if (size === 0) return this.refill(scaled, 64, 1);
    if (scaled >= this.base && scaled < this.base + size) return true;
    const lo = Math.min(this.base, scaled);
    const hi = Math.max(this.base + size - 1, scaled);
    const needed = hi - lo + 1;
    // Without room for the slack, all the room there is (never a copy of the counts per value).
    const slack = Math.min(needed >> 1, Math.max(0, this.budget.remaining + this.bytes - needed));
    if (scaled > lo) return this.refill(lo, needed + slack, 1);
    const base = lo >= 0 ? Math.max(0, lo - slack) : lo - slack;
    return this.refill(base, hi - base + 1, 1);
  }

  /**
   * Counts the same values with `decimals` digits (each integer x 10^k: the range grows
   * k-fold); false when the wider range does not fit.
   */
  private rescale(decimals: number): boolean {
    if (decimals > MAX_DECIMALS) return false;
    const factor = POWERS[decimals - this.decimals] as number;
    if (this.total === 0) {
      this.release();
      this.decimals = decimals;
      return true;
    }
    const first = this.base + this.firstSlot();
    const last = this.base + this.lastSlot();
    if (!Number.isSafeInteger(last * factor) || !Number.isSafeInteger(first * factor)) return false;
    if (!this.refill(first * factor, (last - first) * factor + 1, factor)) return false;
    this.decimals = decimals;
    return true;
  }

  /** New arrays of `size` slots from `base`, holding the old counts with every integer x `factor`; false (nothing changed) past the budget. */
  private refill(base: number, size: number, factor: number): boolean {
    if (!Number.isSafeInteger(base) || !Number.isSafeInteger(base + size)) return false;
    const wide = size <= WIDE_SLOTS;
    const bytes = wide ? size * 4 : size;
    if (bytes - this.bytes > this.budget.remaining) return false;
    this.budget.remaining -= bytes - this.bytes;
    const old = { base: this.base, wide: this.wide, narrow: this.narrow, overflow: this.overflow, size: this.size };
    this.base = base;
    this.wide = wide ? new Uint32Array(size) : undefined;
    this.narrow = wide ? undefined : new Uint8Array(size);
    this.overflow = new Map();
    const total = this.total;
    for (let slot = 0; slot < old.size; slot++) {
      let count = old.wide ? (old.wide[slot] as number) : ((old.narrow as Uint8Array)[slot] as number);
      if (count === 0) continue;
      if (!old.wide && count === 255) count += old.overflow.get(old.base + slot) ?? 0;
      this.addCount((old.base + slot) * factor, count);
    }
    this.total = total;
    return true;
  }
}
