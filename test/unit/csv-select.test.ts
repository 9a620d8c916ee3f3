import { linearQuantile, rankPair, select } from '../../src/domain/csv/select.js';
import { ValueBuffer } from '../../src/domain/csv/quantiles.js';

function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = Math.imul(state ^ (state >>> 15), state | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const shapes: Record<string, (n: number, random: () => number) => number[]> = {
  random: (n, random) => Array.from({ length: n }, () => random() * 1e6 - 5e5),
  'few distinct': (n, random) => Array.from({ length: n }, () => Math.floor(random() * 3)),
  ascending: (n) => Array.from({ length: n }, (_, i) => i),
  descending: (n) => Array.from({ length: n }, (_, i) => n - i),
  'all equal': (n) => Array.from({ length: n }, () => 7),
  'organ pipe': (n) => Array.from({ length: n }, (_, i) => Math.min(i, n - i)),
  'negative zero and zero': (n, random) => Array.from({ length: n }, () => (random() < 0.5 ? -0 : random() < 0.5 ? 0 : random() - 0.5)),
};

describe('selecting ranks without sorting', () => {
  for (const [shape, make] of Object.entries(shapes)) {
    it(`finds every probed rank as a sort places it (${shape})`, () => {
      const random = seeded(shape.length);
      for (const n of [1, 2, 3, 33, 100, 1000, 20_001]) {
        const values = make(n, random);
        const sorted = Float64Array.from(values).sort();
        for (const rank of new Set([0, 1, Math.floor(n / 4), Math.floor(n / 2), Math.floor((3 * n) / 4), n - 2, n - 1].filter((r) => r >= 0 && r < n))) {
          const work = Float64Array.from(values);
          // + 0: -0 and 0 are equal values (numpy's partition does not order them either).
          expect(select(work, rank) + 0).toBe((sorted[rank] as number) + 0);
          expect(rankPair(Float64Array.from(values), rank).map((value) => value + 0)).toEqual([sorted[rank], sorted[Math.min(rank + 1, n - 1)]].map((value) => (value as number) + 0));
          // What select leaves is a permutation: the same multiset.
          expect(Array.from(Float64Array.from(work).sort(), (value) => value + 0)).toEqual(Array.from(sorted, (value) => value + 0));
        }
      }
    });
  }

  it('gives the linear-interpolation quartiles of a sort, and none of an empty column', () => {
    const random = seeded(3);
    const values = Array.from({ length: 10_007 }, () => Math.round(random() * 1e6) / 100);
    const sorted = Float64Array.from(values).sort();
    for (const q of [0.25, 0.5, 0.75]) {
      const h = (sorted.length - 1) * q;
      const lo = Math.floor(h);
      const expected = (sorted[lo] as number) + (h - lo) * ((sorted[lo + 1] as number) - (sorted[lo] as number));
      expect(linearQuantile(Float64Array.from(values), q)).toBe(expected);
      expect(ValueBuffer.of(values).quantile(q)).toBe(expected);
    }
    expect(linearQuantile(new Float64Array(0), 0.5)).toBeUndefined();
  });

  it('keeps taking values after its quartiles were read (the blocks are joined once)', () => {
    const buffer = ValueBuffer.of(Array.from({ length: 70_000 }, (_, i) => 70_000 - i));
    expect(buffer.quantile(0.5)).toBe(35_000.5);
    for (let i = 0; i < 70_000; i++) buffer.push(70_001 + i);
    expect(buffer.length).toBe(140_000);
    expect(buffer.quantile(0.5)).toBe(70_000.5);
    expect(buffer.toArray().length).toBe(140_000);
  });
});
