import { ByteDictionary } from '../../src/domain/csv/dictionary.js';

/** Adds each value's bytes (found, or inserted on first sight) and counts it; returns the dictionary. */
function count(values: string[], limit = 100_000): ByteDictionary<string> {
  const dictionary = new ByteDictionary<string>(limit);
  for (const value of values) {
    const bytes = Buffer.from(`,${value},`);
    let entry = dictionary.find(bytes, 1, bytes.length - 1);
    if (entry < 0) entry = dictionary.insert(bytes, 1, bytes.length - 1, value, value, true);
    if (entry >= 0) dictionary.counts[entry] += 1;
  }
  return dictionary;
}

const drained = (dictionary: ByteDictionary<string>) => {
  const counts = new Map<string, number>();
  dictionary.drain((text, n) => counts.set(text, n));
  return counts;
};

describe('a column dictionary keyed by bytes', () => {
  it('finds an empty value again instead of adding it once per row', () => {
    const dictionary = count(['', 'a', '', '', 'a', '']);
    expect(dictionary.size).toBe(2);
    expect(drained(dictionary)).toEqual(new Map([['', 4], ['a', 2]]));
  });

  it('counts 50 000 near-identical values (dates, numbered names) exactly, through every growth', () => {
    const values = Array.from({ length: 150_000 }, (_, i) => (i % 3 === 0 ? new Date(Date.UTC(2020, 0, 1) + (i % 1500) * 86_400_000).toISOString().slice(0, 10) : `item ${i % 48_500} ç`));
    const expected = new Map<string, number>();
    for (const value of values) expected.set(value, (expected.get(value) ?? 0) + 1);
    const dictionary = count(values);
    expect(dictionary.size).toBe(expected.size);
    expect(drained(dictionary)).toEqual(expected);
    // Drained counts start again from zero.
    expect(drained(dictionary).size).toBe(0);
  });

  it('says it is full past its limit and keeps what it holds', () => {
    const dictionary = count(['a', 'b', 'c', 'a'], 2);
    expect(dictionary.size).toBe(2);
    expect(drained(dictionary)).toEqual(new Map([['a', 2], ['b', 1]]));
  });

  it('tells apart values that differ in any one byte, at every length to 40 bytes and past 4 KB', () => {
    const values: string[] = [];
    for (const length of [...Array.from({ length: 41 }, (_, n) => n), 4099]) {
      const base = 'x'.repeat(length);
      values.push(base);
      // The same length, one byte changed (a NUL too: the padding of a last word is zeros); one byte longer.
      for (let at = 0; at < Math.min(length, 41); at++) values.push(`${base.slice(0, at)}${at % 2 ? '\u0000' : 'y'}${base.slice(at + 1)}`);
      values.push(`${base}\u0000`);
    }
    const expected = new Map<string, number>();
    for (const value of values) expected.set(value, (expected.get(value) ?? 0) + 1);
    const dictionary = count(values);
    expect(dictionary.size).toBe(expected.size);
    expect(drained(dictionary)).toEqual(expected);
  });
});
