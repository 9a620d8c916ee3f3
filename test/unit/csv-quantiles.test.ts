import { EXACT_VALUES_BUDGET, ExactBudget, Quantiles, ValueBuffer } from '../../src/domain/csv/column.js';
import { Distinct, DistinctBudget } from '../../src/domain/csv/distinct.js';
import { Summarizer } from '../../src/domain/csv/summary.js';
import { feedRows } from '../support/csv-rows.js';

/** pandas' quantile: linear interpolation between the two nearest ranks of the sorted values. */
function pandasQuantile(values: number[], q: number): number {
  const sorted = Float64Array.from(values).sort();
  const h = (sorted.length - 1) * q;
  const lo = Math.floor(h);
  return (sorted[lo] as number) + (h - lo) * ((sorted[Math.min(lo + 1, sorted.length - 1)] as number) - (sorted[lo] as number));
}

function distinctIntegers(count: number, seed: number): number[] {
  const values: number[] = [];
  let state = seed;
  for (let i = 0; i < count; i++) {
    state = (state * 1103515245 + 12345) % 2147483648;
    values.push(i * 25 + (state % 25));
  }
  return values.sort(() => 0).reverse();
}

describe('exact quartiles while the values fit the summarizer budget', () => {
  it('gives pandas quartiles for two columns of 400 000 distinct integers (a 10 MB file)', () => {
    const a = distinctIntegers(400_000, 1);
    const b = distinctIntegers(400_000, 2).map((value) => value / 7);
    const summarizer = new Summarizer(['a', 'b'], { delimiter: ',', decimal: '.', encoding: 'utf-8' });
    feedRows(summarizer, a.map((value, i) => [String(value), String(b[i])]));
    const summary = summarizer.finish();
    for (const [index, values] of [a, b].entries()) {
      const column = summary.columns[index];
      expect(column).toMatchObject({ exact: true, p25: pandasQuantile(values, 0.25), p50: pandasQuantile(values, 0.5), p75: pandasQuantile(values, 0.75) });
    }
  });

  it('gives pandas quartiles for a column of 2 M distinct random numbers read in one pass', () => {
    let state = 42;
    const values = Array.from({ length: 2_000_000 }, () => (state = (state * 1103515245 + 12345) % 2147483648) / 1000);
    const summarizer = new Summarizer(['value'], { delimiter: ',', decimal: '.', encoding: 'utf-8' });
    feedRows(summarizer, values.map((value) => [String(value)]));
    expect(summarizer.finish().columns[0]).toMatchObject({ exact: true, p25: pandasQuantile(values, 0.25), p50: pandasQuantile(values, 0.5), p75: pandasQuantile(values, 0.75) });
  }, 60_000);

  it('sends the column that would overflow the budget to its sketch, gives its share back, and says so', () => {
    const budget = new ExactBudget(1000);
    const first = new Quantiles(undefined, undefined, undefined, budget);
    const second = new Quantiles(undefined, undefined, undefined, budget);
    // Past QUANTILE_COUNTS_BUDGET different values, each column keeps its values one by one.
    for (let i = 0; i < 10_001; i++) first.add(i);
    expect(first.isExact).toBe(false);
    expect(budget.remaining).toBe(1000);
    for (let i = 0; i < 900; i++) second.add(i % 10);
    expect(second.isExact).toBe(true);
    expect(second.quantile(0.5)).toBe(4.5);
    expect(EXACT_VALUES_BUDGET).toBeGreaterThanOrEqual(800_000);
  });

  it('keeps merged partials exact while they fit, and survives JSON (the Map path)', () => {
    const values = distinctIntegers(30_000, 3);
    const parts = [values.slice(0, 12_000), values.slice(12_000)].map((part) => {
      const summarizer = new Summarizer(['v'], { delimiter: ',', decimal: '.', encoding: 'utf-8' });
      feedRows(summarizer, part.map((value) => [String(value)]));
      return Summarizer.fromJSON(JSON.parse(JSON.stringify(summarizer.toJSON())));
    });
    const [merged, other] = parts as [Summarizer, Summarizer];
    merged.merge(other);
    expect(merged.finish().columns[0]).toMatchObject({ exact: true, p25: pandasQuantile(values, 0.25), p50: pandasQuantile(values, 0.5), p75: pandasQuantile(values, 0.75) });
  });
});

describe('per-column memory of a wide file', () => {
  it('a column keeping few values one by one takes kilobytes, not a 512 KB block', () => {
    const before = process.memoryUsage().arrayBuffers;
    const columns = Array.from({ length: 200 }, () => new ValueBuffer());
    for (const column of columns) for (let i = 0; i < 10; i++) column.push(i);
    const grown = process.memoryUsage().arrayBuffers - before;
    expect(columns.reduce((sum, column) => sum + column.length, 0)).toBe(2000);
    // 200 x 1 Ki doubles = 1.6 MB (a first block of 64 Ki doubles each was 105 MB).
    expect(grown).toBeLessThan(8 * 1024 * 1024);
    expect(ValueBuffer.of(Array.from({ length: 200_000 }, (_, i) => i)).quantile(0.5)).toBe(99_999.5);
  });

  it('numeric columns leave half the distinct budget to text columns, whose counts pandas reports', () => {
    const budget = new DistinctBudget(200_000);
    const numbers = Array.from({ length: 20 }, () => new Distinct(new Map(), undefined, undefined, 0, true, budget));
    const text = new Distinct(new Map(), undefined, undefined, 0, true, budget);
    for (let row = 0; row < 500; row++) {
      numbers.forEach((column, index) => column.addNumber(row * 1000 + index + 0.5));
      text.add(`v${row}`);
    }
    // 20 x 500 numbers at 64 bytes each would take 640 000 bytes: past half the budget they stop counting (frozen).
    expect(numbers.filter((column) => column.mode === 'frozen').length).toBeGreaterThan(10);
    expect([text.mode, text.unique()]).toEqual(['exact', 500]);
  });
});

describe('date quartiles counted by day number (days.ts)', () => {
  const DAY = 86_400_000;
  const quartiles = (q: Quantiles): Array<number | undefined> => [0, 0.25, 0.5, 0.75, 1].map((p) => q.quantile(p));
  function both(epochs: number[]): { byDay: Quantiles; byValue: Quantiles } {
    const byDay = new Quantiles();
    const byValue = new Quantiles();
    for (const epoch of epochs) {
      byDay.addDate(epoch);
      byValue.add(epoch);
    }
    return { byDay, byValue };
  }

  it('gives the quartiles of the values, growing either way, before 1970 too', () => {
    const epochs = [20_000, 19_000, 21_500, -400, 20_000, 25_000, 19_999, 3].map((day) => day * DAY);
    const { byDay, byValue } = both(epochs);
    expect(quartiles(byDay)).toEqual([0, 0.25, 0.5, 0.75, 1].map((p) => pandasQuantile(epochs, p)));
    expect(quartiles(byDay)).toEqual(quartiles(byValue));
    expect(byDay.mode).toBe('counts');
  });

  it('takes a time of day and a range past 179 years by value, with the days counted before', () => {
    const epochs = [...Array.from({ length: 300 }, (_, i) => (19_000 + (i % 37)) * DAY), 19_005 * DAY + 3_600_000, 19_010 * DAY, 19_000 * DAY - 1];
    expect(quartiles(both(epochs).byDay)).toEqual([0, 0.25, 0.5, 0.75, 1].map((p) => pandasQuantile(epochs, p)));
    const wide = [0, 100_000 * DAY, 5 * DAY, 0, 100_000 * DAY];
    expect(quartiles(both(wide).byDay)).toEqual([0, 0.25, 0.5, 0.75, 1].map((p) => pandasQuantile(wide, p)));
  });

  it('counts days by day past few repeats (a Map would not), and leaves past 10 000 different days', () => {
    const repeated = Array.from({ length: 36_000 }, (_, i) => (Math.floor(i / 3) * 7919 % 12_000) * DAY);
    const differing = Array.from({ length: 3_000 }, (_, i) => i * 5 * DAY);
    for (const [epochs, modes] of [[repeated.slice(0, 27_000), ['counts', 'counts']], [repeated, ['exact', 'exact']], [differing, ['counts', 'exact']]] as const) {
      const { byDay, byValue } = both(epochs);
      expect([byDay.mode, byValue.mode]).toEqual(modes);
      expect(quartiles(byDay)).toEqual(quartiles(byValue));
      expect(quartiles(byDay)).toEqual([0, 0.25, 0.5, 0.75, 1].map((p) => pandasQuantile(epochs, p)));
    }
  });
});
