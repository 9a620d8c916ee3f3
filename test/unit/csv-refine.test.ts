import { planRefinement, RefinePass, withExactQuartiles } from '../../src/domain/csv/refine.js';
import { refineStream, summarizeStream } from '../../src/domain/csv/stream.js';
import { Summarizer } from '../../src/domain/csv/summary.js';
import { formatDate } from '../../src/domain/csv/values.js';
import { seeded } from '../support/random.js';

/** pandas' quantile: linear interpolation between the two nearest ranks of the sorted values. */
function pandasQuantile(values: number[], q: number): number {
  const sorted = Float64Array.from(values).sort();
  const h = (sorted.length - 1) * q;
  const lo = Math.floor(h);
  return (sorted[lo] as number) + (h - lo) * ((sorted[Math.min(lo + 1, sorted.length - 1)] as number) - (sorted[lo] as number));
}

const dialect = { delimiter: ',', encoding: 'utf-8' as const, decimal: '.' as const };

function file(rows: number, seed: number): { text: string; amounts: number[]; days: number[]; ints: number[] } {
  const random = seeded(seed);
  const pick = (range: number) => Math.floor(random() * range);
  const amounts: number[] = [];
  const days: number[] = [];
  const ints: number[] = [];
  const lines = ['id,amount,day,label,blank'];
  for (let i = 0; i < rows; i++) {
    const amount = pick(10_000_000) / 100 - 20_000;
    const day = Date.UTC(1990, 0, 1) + pick(20_000) * 86_400_000;
    const int = pick(1_000_003);
    amounts.push(amount);
    days.push(day);
    ints.push(int);
    // Every 10th amount is missing (NA), every 7th id written with a sign, so both number readers are used.
    lines.push(`${i % 7 === 0 ? `+${int}` : int},${i % 10 === 0 ? 'NA' : amount},${formatDate(day, false)},x${i % 13},`);
    if (i % 10 === 0) amounts.pop();
  }
  return { text: `${lines.join('\n')}\n`, amounts, days, ints };
}

async function* bytes(text: string): AsyncGenerator<Buffer> {
  const buffer = Buffer.from(text);
  for (let at = 0; at < buffer.length; at += 65_536) yield buffer.subarray(at, at + 65_536);
}

// histogramBytes: 0 - columns that no histogram holds (a range wider than its budget) are what the second pass is for.
describe('exact quartiles by a second bounded pass', () => {
  it('turns sketched quartiles (budget exceeded) into the pandas values, for numbers and dates', async () => {
    const { text, amounts, days, ints } = file(120_000, 11);
    const options = { dialect, file: 'refine.csv', exactValues: 1000, histogramBytes: 0 };
    const summarizer = await summarizeStream(bytes(text), options);
    const first = summarizer.finish();
    expect(first.columns.slice(0, 3).map((column) => column.exact)).toEqual([false, false, false]);
    const plan = planRefinement(summarizer);
    expect(plan.columns.map((column) => column.index)).toEqual([0, 1, 2]);
    const pass = await refineStream(bytes(text), options, plan);
    const { summary, missed } = withExactQuartiles(first, pass);
    expect(missed).toBe(0);
    const [id, amount, day] = summary.columns;
    expect(id).toMatchObject({ exact: true, p25: pandasQuantile(ints, 0.25), p50: pandasQuantile(ints, 0.5), p75: pandasQuantile(ints, 0.75) });
    expect(amount).toMatchObject({ exact: true, p25: pandasQuantile(amounts, 0.25), p50: pandasQuantile(amounts, 0.5), p75: pandasQuantile(amounts, 0.75) });
    expect(day).toMatchObject({ p25: formatDate(Math.round(pandasQuantile(days, 0.25)), false), p50: formatDate(Math.round(pandasQuantile(days, 0.5)), false), p75: formatDate(Math.round(pandasQuantile(days, 0.75)), false) });
    // Kept in memory: about 2 x slack of each column per quartile, not the column.
    const kept = pass.toJSON().inside.flat().reduce((total, values) => total + values.length, 0);
    expect(kept).toBeLessThan(0.1 * 3 * 3 * 120_000);
  });

  it('gives the same answer from byte ranges summarized and refined apart, through JSON (the Map path)', async () => {
    const { text, amounts } = file(60_000, 5);
    const cut = text.indexOf('\n', Math.floor(text.length / 2)) + 1;
    const header = ['id', 'amount', 'day', 'label', 'blank'];
    const parts = [
      { text: text.slice(0, cut), options: { dialect, file: 'r.csv', exactValues: 500, histogramBytes: 0 } },
      { text: text.slice(cut), options: { dialect, file: 'r.csv', exactValues: 500, histogramBytes: 0, header } },
    ];
    const partials = await Promise.all(parts.map(async (part) => Summarizer.fromJSON(JSON.parse(JSON.stringify((await summarizeStream(bytes(part.text), part.options)).toJSON())))));
    const [merged, other] = partials as [Summarizer, Summarizer];
    merged.merge(other);
    const plan = JSON.parse(JSON.stringify(planRefinement(merged)));
    const passes = await Promise.all(parts.map(async (part) => RefinePass.fromJSON(plan, JSON.parse(JSON.stringify((await refineStream(bytes(part.text), part.options, plan)).toJSON())))));
    const [pass, rest] = passes as [RefinePass, RefinePass];
    pass.merge(rest);
    const { summary } = withExactQuartiles(merged.finish(), pass);
    expect(summary.columns[1]).toMatchObject({ exact: true, p25: pandasQuantile(amounts, 0.25), p50: pandasQuantile(amounts, 0.5), p75: pandasQuantile(amounts, 0.75) });
  });

  it('keeps the sketch value and says approximate when a bracket misses (a plan from other data)', async () => {
    const { text } = file(20_000, 3);
    const options = { dialect, file: 'miss.csv', exactValues: 100, histogramBytes: 0 };
    const summarizer = await summarizeStream(bytes(text), options);
    const plan = planRefinement(summarizer);
    const wrong = { ...plan, columns: plan.columns.map((column) => ({ ...column, bounds: column.bounds.map((): [number, number] => [-1e12, -1e11]) })) };
    const first = summarizer.finish();
    const { summary, missed } = withExactQuartiles(first, await refineStream(bytes(text), options, wrong));
    expect(missed).toBe(9);
    expect(summary.columns[1]).toMatchObject({ exact: false, p50: first.columns[1]?.p50 });
  });

  it('plans nothing when every column fits the exact budget', async () => {
    const { text } = file(2000, 1);
    expect(planRefinement(await summarizeStream(bytes(text), { dialect, file: 'small.csv' })).columns).toEqual([]);
  });
});
