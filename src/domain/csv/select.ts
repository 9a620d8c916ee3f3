/**
 * Order statistics without sorting: the values at given ranks, as a full sort would place
 * them, in linear expected time (quartiles need three ranks of millions of values; a sort
 * of them was the largest cost of a summary).
 */

/** Values a range shrinks to before it is sorted outright (a typed-array sort is fast on small ranges). */
const SMALL = 32;

/**
 * Moves the value of rank `k` (0-based, as in the sorted array) to `values[k]`, smaller or
 * equal ones before it and greater or equal ones after it, and returns it. Quickselect with a
 * median-of-three pivot; should the ranges stop shrinking (an adversarial order), the range
 * left is sorted (introselect's guard), so the worst case is O(n log n). NaN-free input.
 */
export function select(values: Float64Array | Int32Array, k: number, from = 0, to = values.length): number {
  let lo = from;
  let hi = to - 1;
  let budget = 2 * Math.ceil(Math.log2(to - from + 1)) + 8;
  while (hi - lo > SMALL) {
    if (budget-- === 0) {
      values.subarray(lo, hi + 1).sort();
      return values[k] as number;
    }
    const pivot = medianOfThree(values, lo, lo + ((hi - lo) >>> 1), hi);
    // Hoare partition: [lo, j] <= pivot <= [i, hi].
    let i = lo;
    let j = hi;
    while (i <= j) {
      while ((values[i] as number) < pivot) i++;
      while ((values[j] as number) > pivot) j--;
      if (i <= j) {
        const swap = values[i] as number;
        values[i] = values[j] as number;
        values[j] = swap;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return values[k] as number;
  }
  values.subarray(lo, hi + 1).sort();
  return values[k] as number;
}

function medianOfThree(values: Float64Array | Int32Array, a: number, b: number, c: number): number {
  const x = values[a] as number;
  const y = values[b] as number;
  const z = values[c] as number;
  if (x < y) return y < z ? y : x < z ? z : x;
  return x < z ? x : y < z ? z : y;
}

/** The smallest of values[from, to). */
export function minimum(values: Float64Array | Int32Array, from: number, to = values.length): number {
  let min = values[from] as number;
  for (let i = from + 1; i < to; i++) if ((values[i] as number) < min) min = values[i] as number;
  return min;
}

/**
 * The values at ranks `rank` and `rank + 1` (the second clamped to the last), the pair
 * pandas interpolates between. Reorders `values`.
 */
export function rankPair(values: Float64Array | Int32Array, rank: number): [number, number] {
  const a = select(values, rank);
  return [a, rank + 1 < values.length ? minimum(values, rank + 1) : a];
}

/** pandas' default quantile (numpy's linear method) of values, reordering them: undefined when empty. */
export function linearQuantile(values: Float64Array | Int32Array, q: number): number | undefined {
  if (values.length === 0) return undefined;
  const h = (values.length - 1) * q;
  const lo = Math.floor(h);
  const [a, b] = rankPair(values, lo);
  return a + (h - lo) * (b - a);
}
