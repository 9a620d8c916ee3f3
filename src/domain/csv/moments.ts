/** Count, mean and sum of squared deviations: Welford within a range, Chan et al. across ranges. */
/** Count, mean and sum of squared deviations, merged with Chan et al.'s formula. */
export interface Moments {
  n: number;
  mean: number;
  m2: number;
  min: number;
  max: number;
}

export const emptyMoments = (): Moments => ({ n: 0, mean: 0, m2: 0, min: Infinity, max: -Infinity });

export function addMoment(moments: Moments, value: number): void {
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
