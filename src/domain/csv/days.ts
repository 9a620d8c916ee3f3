/**
 * Dates at midnight UTC counted by day number in a dense array: a date column's quartile
 * counts are an increment per row instead of a Map set (a hash and a probe). The array grows
 * to cover the days seen, up to MAX_SPAN days; a date past that, or one with a time of day,
 * is refused and the caller counts by value (quantiles.ts).
 */

export const DAY_MS = 86_400_000;
/** 2^16 days (179 years): 256 KB of counts at most, per date column of a summarizer. */
const MAX_SPAN = 65_536;

export class DayCounts {
  private base = 0;
  private counts = new Uint32Array(0);
  /** Days with a count (what a Map of the same counts would hold). */
  distinct = 0;

  /** Counts `epoch` (milliseconds); false (nothing counted) when it is not a midnight, or its day is out of reach. */
  add(epoch: number): boolean {
    const day = epoch / DAY_MS;
    if (!Number.isSafeInteger(day)) return false;
    let slot = day - this.base;
    if (slot < 0 || slot >= this.counts.length) {
      if (!this.cover(day)) return false;
      slot = day - this.base;
    }
    const counts = this.counts;
    const count = counts[slot] as number;
    if (count === 0) this.distinct += 1;
    counts[slot] = count + 1;
    return true;
  }

  /** Grows the array (doubling, within MAX_SPAN) to take `day`. */
  private cover(day: number): boolean {
    const size = this.counts.length;
    if (size === 0) {
      this.base = day - 32;
      this.counts = new Uint32Array(64);
      return true;
    }
    const low = Math.min(this.base, day);
    const high = Math.max(this.base + size - 1, day);
    const needed = high - low + 1;
    if (needed > MAX_SPAN) return false;
    let span = size * 2;
    while (span < needed) span *= 2;
    span = Math.min(span, MAX_SPAN);
    // Room on the side the column grows towards.
    const base = day < this.base ? high - span + 1 : low;
    const counts = new Uint32Array(span);
    counts.set(this.counts, this.base - base);
    this.base = base;
    this.counts = counts;
    return true;
  }

  /** Each counted day as (epoch milliseconds, count), in order, and nothing kept after. */
  drain(each: (epoch: number, count: number) => void): void {
    const counts = this.counts;
    for (let i = 0; i < counts.length; i++) {
      const count = counts[i] as number;
      if (count > 0) each((this.base + i) * DAY_MS, count);
    }
    this.counts = new Uint32Array(0);
    this.distinct = 0;
  }
}
