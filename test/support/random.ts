/**
 * mulberry32: a small seeded generator for test data, uniform in [0, 1).
 * (An LCG modulo 2^31 repeats its low bits with short periods: a column drawn from it
 * can hold a few hundred different values where the test wanted hundreds of thousands.)
 */
export function seeded(seed: number): () => number {
  let state = seed | 0;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
