/**
 * Infinite numbers, as pandas 3 reads and describes them: `inf`, `-inf`, `+inf`, `Infinity`
 * (any case) and numbers past the double range (`1e400`) make a column float64 and are
 * values of it; numpy then gives mean inf (nan with both signs), std nan, and quartiles
 * interpolated by numpy's lerp (inf - inf is nan: the median of 1, 2, inf is nan).
 * A numeric column keeps its infinities apart from its moments and quartiles (which stay
 * finite, exact and mergeable) and they are put back here. JSON has no Infinity: a
 * statistic that is infinite is the string `inf` or `-inf`, as pandas prints it; one that
 * is nan is null, as a statistic that does not apply.
 */
import type { Quantiles } from './quantiles.js';
import { select } from './select.js';

/** Infinite values of a numeric column: how many of each sign. */
export interface Infinities {
  negative: number;
  positive: number;
}

/** A numeric statistic as a summary holds it: a finite number, `inf`/`-inf`, or null for nan. */
export function shown(value: number): number | string | null {
  if (Number.isNaN(value)) return null;
  if (value === Infinity) return 'inf';
  if (value === -Infinity) return '-inf';
  return value;
}

/** numpy's linear interpolation (`_lerp`): from b back when t >= 0.5, so the same double, nan for inf - inf. */
export function lerp(a: number, b: number, t: number): number {
  const diff = b - a;
  return t >= 0.5 ? b - diff * (1 - t) : a + diff * t;
}

/**
 * The finite value of rank `rank` (0-based, as sorted) of a column's `count` finite values, read at
 * that rank (a quantile q would interpolate: no double q makes (n - 1) q exactly every rank).
 */
export function valueAtRank(quantiles: Quantiles, count: number, rank: number): number | undefined {
  const sorted = quantiles.histogram ? quantiles.histogram.entries() : quantiles.counts ? [...quantiles.counts].sort((a, b) => a[0] - b[0]) : undefined;
  if (sorted) {
    let seen = 0;
    for (const [value, count] of sorted) {
      seen += count;
      if (seen > rank) return value;
    }
    return undefined;
  }
  if (quantiles.exact) {
    const values = quantiles.exact.values();
    return rank < values.length ? select(values, rank) : undefined;
  }
  return quantiles.sketch?.quantile(count > 1 ? rank / (count - 1) : 0);
}

/** Quantile q of the finite values (`count` of them, their quartile counts) and the infinities together, as numpy computes it. */
export function quantileWithInfinities(q: number, count: number, infinities: Infinities, quantiles: Quantiles): number | undefined {
  const total = infinities.negative + count + infinities.positive;
  if (total === 0) return undefined;
  const h = (total - 1) * q;
  const r0 = Math.floor(h);
  const r1 = Math.min(r0 + 1, total - 1);
  const at = (rank: number): number | undefined => (rank < infinities.negative ? -Infinity : rank >= infinities.negative + count ? Infinity : valueAtRank(quantiles, count, rank - infinities.negative));
  const a = at(r0);
  const b = at(r1);
  return a === undefined || b === undefined ? undefined : lerp(a, b, h - r0);
}

/** Mean, std, min and max of a numeric column with infinities, as numpy gives them. */
export function momentsWithInfinities(moments: { n: number; min: number; max: number }, infinities: Infinities): { mean: number; std: number; min: number; max: number } {
  const { negative, positive } = infinities;
  return {
    mean: negative > 0 && positive > 0 ? Number.NaN : positive > 0 ? Infinity : -Infinity,
    std: Number.NaN,
    min: negative > 0 ? -Infinity : moments.n > 0 ? moments.min : Infinity,
    max: positive > 0 ? Infinity : moments.n > 0 ? moments.max : -Infinity,
  };
}
