import { ExactBudget, Quantiles } from '../../src/domain/csv/column.js';
import { HistogramBudget, ScaledHistogram } from '../../src/domain/csv/histogram.js';
import { Summarizer } from '../../src/domain/csv/summary.js';
import { feedRows } from '../support/csv-rows.js';
import { seeded } from '../support/random.js';

/** pandas' quantile: linear interpolation between the two nearest ranks of the sorted values. */
function pandasQuantile(values: number[], q: number): number {
  const sorted = Float64Array.from(values).sort();
  const h = (sorted.length - 1) * q;
  const lo = Math.floor(h);
  return (sorted[lo] as number) + (h - lo) * ((sorted[Math.min(lo + 1, sorted.length - 1)] as number) - (sorted[lo] as number));
}

const quartiles = (values: number[]) => ({ p25: pandasQuantile(values, 0.25), p50: pandasQuantile(values, 0.5), p75: pandasQuantile(values, 0.75) });
const dialect = { delimiter: ',', decimal: '.' as const, encoding: 'utf-8' };

/** Columns shaped like the benchmark's: sequential ids, 2-decimal amounts (written as they come: 5.1, 7), 4-decimal scores, signed values with many repeats. */
function columns(rows: number, seed: number): { texts: string[][]; values: number[][] } {
  const random = seeded(seed);
  const texts: string[][] = [];
  const values: number[][] = [[], [], [], []];
  for (let i = 0; i < rows; i++) {
    const row = [i + 1, Math.floor(random() * 5_000_000) / 100, Math.floor(random() * 10_001) / 10_000, (Math.floor(random() * 41) - 20) * 1000 + (i % 3 === 0 ? 0.5 : 0)];
    row.forEach((value, c) => (values[c] as number[]).push(value));
    texts.push(row.map(String));
  }
  return { texts, values };
}

describe('exact quartiles of decimal columns by counting their scaled integers', () => {
  it('gives pandas quartiles for ids, amounts, scores and signed repeats, counted not kept', () => {
    const { texts, values } = columns(200_000, 7);
    const summarizer = feedRows(new Summarizer(['id', 'amount', 'score', 'signed'], dialect, 1000), texts);
    summarizer.columns.forEach((column) => expect(column.numericQuantiles.mode).toBe('histogram'));
    const summary = summarizer.finish();
    values.forEach((column, index) => expect(summary.columns[index]).toMatchObject({ exact: true, ...quartiles(column) }));
  });

  it('gives the same quartiles from byte ranges merged through JSON (the Map path), in either order of growth', () => {
    const { texts, values } = columns(120_000, 3);
    const cut = 70_001;
    const parts = [texts.slice(0, cut), texts.slice(cut)].map((rows) => {
      const part = feedRows(new Summarizer(['id', 'amount', 'score', 'signed'], dialect, 1000, 8 * 1024 * 1024), rows);
      return Summarizer.fromJSON(JSON.parse(JSON.stringify(part.toJSON())));
    });
    const [merged, other] = parts as [Summarizer, Summarizer];
    merged.merge(other);
    const summary = merged.finish();
    values.forEach((column, index) => expect(summary.columns[index]).toMatchObject({ exact: true, ...quartiles(column) }));
  });

  it('counts past 255 of one value in a wide range, and more decimals arriving late', () => {
    const budget = new HistogramBudget(16 * 1024 * 1024);
    const histogram = new ScaledHistogram(budget);
    const values: number[] = [];
    const add = (value: number, decimals: number) => {
      expect(histogram.add(value, decimals)).toBe(true);
      values.push(value);
    };
    for (let i = 0; i < 20_000; i++) add(i * 3, 0);
    for (let i = 0; i < 1000; i++) add(42, 0);
    for (let i = 0; i < 300; i++) add(7.25, 2);
    const check = (h: ScaledHistogram) => [0.25, 0.5, 0.75].forEach((q) => expect(h.quantile(q)).toBe(pandasQuantile(values, q)));
    check(histogram);
    check(ScaledHistogram.fromJSON(JSON.parse(JSON.stringify(histogram.toJSON())), new HistogramBudget(64 * 1024 * 1024)) as ScaledHistogram);
    histogram.release();
    expect(budget.remaining).toBe(16 * 1024 * 1024);
  });

  it('leaves the histogram, still exact, for values it cannot count or a range past its budget', () => {
    const budget = new ExactBudget(1_000_000, 64 * 1024);
    const wide = new Quantiles(undefined, undefined, undefined, budget);
    const values = Array.from({ length: 20_000 }, (_, i) => i * 1_000_003);
    values.forEach((value) => wide.addDecimal(value, 0));
    expect(wide.mode).toBe('exact');
    expect(wide.quantile(0.5)).toBe(pandasQuantile(values, 0.5));
    expect(budget.histogram.remaining).toBe(64 * 1024);
    const tiny = new Quantiles(undefined, undefined, undefined, budget);
    [1.651e-7, 2e-7, 3.5e-7].forEach((value) => tiny.addDecimal(value, 0));
    expect(tiny.mode).toBe('counts');
    expect(tiny.quantile(0.5)).toBe(2e-7);
  });
});
