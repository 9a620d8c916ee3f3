/**
 * Mergeable sketches for columns that outgrow the exact budget
 * (errors documented in docs/csv.md).
 */

/** 32-bit MurmurHash3 of a string: fast and well mixed, enough for HyperLogLog. */
export function murmur3(text: string, seed = 0x9747b28c): number {
  let h = seed >>> 0;
  let i = 0;
  const length = text.length;
  while (i + 1 < length) {
    let k = (text.charCodeAt(i) & 0xffff) | ((text.charCodeAt(i + 1) & 0xffff) << 16);
    k = Math.imul(k, 0xcc9e2d51);
    k = (k << 15) | (k >>> 17);
    k = Math.imul(k, 0x1b873593);
    h ^= k;
    h = (h << 13) | (h >>> 19);
    h = (Math.imul(h, 5) + 0xe6546b64) | 0;
    i += 2;
  }
  if (i < length) {
    let k = text.charCodeAt(i) & 0xffff;
    k = Math.imul(k, 0xcc9e2d51);
    k = (k << 15) | (k >>> 17);
    k = Math.imul(k, 0x1b873593);
    h ^= k;
  }
  h ^= length;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** HyperLogLog's relative standard error with 2^12 registers: 1.04 / sqrt(4096) ≈ 1.6%. */
export const UNIQUE_ERROR = 0.016;

/** HyperLogLog with 2^12 registers: standard error 1.04 / sqrt(4096) ≈ 1.6% (UNIQUE_ERROR). */
export class HyperLogLog {
  static readonly P = 12;
  readonly registers: Uint8Array;

  constructor(registers?: ArrayLike<number>) {
    this.registers = new Uint8Array(1 << HyperLogLog.P);
    if (registers) this.registers.set(registers);
  }

  add(value: string): void {
    const hash = murmur3(value);
    const index = hash >>> (32 - HyperLogLog.P);
    const rest = (hash << HyperLogLog.P) >>> 0;
    const rank = rest === 0 ? 32 - HyperLogLog.P + 1 : Math.clz32(rest) + 1;
    if (rank > (this.registers[index] ?? 0)) this.registers[index] = rank;
  }

  merge(other: HyperLogLog): void {
    for (let i = 0; i < this.registers.length; i++) this.registers[i] = Math.max(this.registers[i] ?? 0, other.registers[i] ?? 0);
  }

  estimate(): number {
    const m = this.registers.length;
    let sum = 0;
    let zeros = 0;
    for (const register of this.registers) {
      sum += 2 ** -register;
      if (register === 0) zeros += 1;
    }
    const alpha = 0.7213 / (1 + 1.079 / m);
    const raw = (alpha * m * m) / sum;
    if (raw <= 2.5 * m && zeros > 0) return Math.round(m * Math.log(m / zeros));
    return Math.round(raw);
  }
}

/**
 * Space-saving top-k (Metwally et al.), pruned in batches: the table grows to
 * twice its capacity, then keeps the `capacity` largest counts; a newcomer
 * starts at the largest count pruned so far, so counts are upper bounds, and a
 * value not in the table occurred at most `bound` times.
 */
export class SpaceSaving {
  readonly counts = new Map<string, number>();
  private floor = 0;
  /** What merged sketches could not count of a value absent from their tables. */
  private merged = 0;
  constructor(readonly capacity = 1000) {}

  static of(counts: Iterable<[string, number]>, bound: number): SpaceSaving {
    const sketch = new SpaceSaving();
    for (const [value, count] of counts) sketch.counts.set(value, count);
    sketch.merged = bound;
    return sketch;
  }

  /** The most occurrences a value not in the table can have had. */
  get bound(): number {
    return this.floor + this.merged;
  }

  add(value: string, weight = 1): void {
    const count = this.counts.get(value);
    if (count !== undefined) {
      this.counts.set(value, count + weight);
      return;
    }
    this.counts.set(value, this.floor + weight);
    if (this.counts.size > this.capacity * 2) this.prune();
  }

  private prune(): void {
    const entries = [...this.counts].sort((a, b) => b[1] - a[1]);
    this.floor = Math.max(this.floor, entries[this.capacity]?.[1] ?? 0);
    this.counts.clear();
    for (const [value, count] of entries.slice(0, this.capacity)) this.counts.set(value, count);
  }

  /** A value in one table and not the other may have had up to the other's bound there, uncounted. */
  merge(other: SpaceSaving): void {
    this.merged += other.bound;
    for (const [value, count] of other.counts) this.add(value, count);
  }

  top(): { value: string; count: number } | undefined {
    let best: { value: string; count: number } | undefined;
    for (const [value, count] of this.counts) if (!best || count > best.count) best = { value, count };
    return best;
  }
}

/** Deterministic PRNG so a summary is reproducible run to run. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * KLL quantile sketch (Karnin, Lang, Liberty 2016) with k = 512: normalized rank
 * error well under 1% with high probability, mergeable, memory O(k log n).
 */
export class KllSketch {
  /** Level 0 lives in a typed buffer (appends without allocation, numeric in-place sorts). */
  private buffer: Float64Array;
  private filled = 0;
  /** Levels 1 and up (index 0 unused while the buffer holds level 0). */
  private upper: number[][];
  private readonly random: () => number;

  constructor(
    readonly k = 512,
    levels?: number[][],
  ) {
    this.buffer = new Float64Array(k * 8);
    this.upper = [[], ...(levels ?? [[]]).slice(1).map((items) => [...items])];
    this.random = mulberry32(k * 7919 + (levels?.length ?? 0));
    for (const value of levels?.[0] ?? []) this.add(value);
  }

  /** The levels as arrays (level 0 first): what is serialized and merged. */
  get levels(): number[][] {
    return [Array.from(this.buffer.subarray(0, this.filled)), ...this.upper.slice(1)];
  }

  /**
   * Level 0 holds 8k items (sorted in batches: fewer, larger sorts; it only keeps more
   * items at weight 1, so the error bound holds); higher levels shrink geometrically as in KLL.
   */
  private capacity(level: number): number {
    const depth = this.upper.length - level - 1;
    return Math.max(8, Math.ceil(this.k * (2 / 3) ** depth));
  }

  add(value: number): void {
    this.buffer[this.filled++] = value;
    if (this.filled === this.buffer.length) this.flush();
  }

  /** Sorts level 0 in place and promotes every other item (random offset) to level 1. */
  private flush(): void {
    const sorted = this.buffer.subarray(0, this.filled).sort();
    const offset = this.random() < 0.5 ? 0 : 1;
    const even = sorted.length - (sorted.length % 2);
    if (this.upper.length < 2) this.upper.push([]);
    const next = this.upper[1] as number[];
    for (let i = offset; i < even; i += 2) next.push(sorted[i] as number);
    const odd = even < sorted.length ? (sorted[even] as number) : undefined;
    this.filled = 0;
    if (odd !== undefined) this.buffer[this.filled++] = odd;
    this.compress();
  }

  merge(other: KllSketch): void {
    const levels = other.levels;
    while (this.upper.length < levels.length) this.upper.push([]);
    levels.forEach((items, level) => {
      if (level > 0) for (const value of items) (this.upper[level] as number[]).push(value);
    });
    for (const value of levels[0] ?? []) this.add(value);
    this.compress();
  }

  private compress(): void {
    for (let level = 1; level < this.upper.length; level++) {
      const items = this.upper[level] as number[];
      if (items.length <= this.capacity(level)) continue;
      if (level + 1 === this.upper.length) this.upper.push([]);
      // A typed-array sort is numeric and several times faster than a comparator.
      const sorted = Float64Array.from(items).sort();
      const offset = this.random() < 0.5 ? 0 : 1;
      const even = sorted.length - (sorted.length % 2);
      const next = this.upper[level + 1] as number[];
      for (let i = offset; i < even; i += 2) next.push(sorted[i] as number);
      this.upper[level] = even < sorted.length ? [sorted[even] as number] : [];
    }
  }

  /** The item at normalized rank q among the weighted items. */
  quantile(q: number): number | undefined {
    const weighted: [number, number][] = [];
    this.levels.forEach((items, level) => items.forEach((value) => weighted.push([value, 2 ** level])));
    if (weighted.length === 0) return undefined;
    weighted.sort((a, b) => a[0] - b[0]);
    const total = weighted.reduce((sum, [, weight]) => sum + weight, 0);
    const target = q * (total - 1);
    let seen = 0;
    for (let i = 0; i < weighted.length; i++) {
      const [value, weight] = weighted[i] as [number, number];
      if (seen + weight - 1 >= target) return value;
      seen += weight;
    }
    return weighted[weighted.length - 1]?.[0];
  }
}
