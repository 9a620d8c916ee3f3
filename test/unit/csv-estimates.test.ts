import { summaryTable } from '../../src/cli/commands/csv.js';
import { planRefinement, RefinePass, withExactQuartiles } from '../../src/domain/csv/refine.js';
import { Summarizer, type ColumnSummary } from '../../src/domain/csv/summary.js';
import { CsvTokenizer } from '../../src/domain/csv/tokenizer.js';
import { feedRows } from '../support/csv-rows.js';

const dialect = { delimiter: ',', encoding: 'utf-8', decimal: '.' as const };
/** A budget of distinct-value bytes that holds about 1 500 values: the tests' columns outgrow it. */
const SMALL = 100_000;

/** 20 000 rows: `heavy` every 10th row, `second` every 40th, each other value once (as the 600 000 of 600 000). */
function rows(): string[][] {
  return Array.from({ length: 20_000 }, (_, i) => [i % 10 === 3 ? 'heavy' : i % 40 === 7 ? 'second' : `v${i}`]);
}
const TRUE_UNIQUE = 20_000 - 2000 - 500 + 2;

function secondPass(pass: RefinePass, data: string[][]): RefinePass {
  const tokenizer = new CsvTokenizer(44, 'utf8', false, (row) => pass.addRaw(row));
  tokenizer.push(Buffer.from(data.map((row) => `${row.join(',')}\n`).join('')));
  tokenizer.end();
  return pass;
}

describe('unique/top/freq past the distinct budget: estimates, said so, made exact by the second pass', () => {
  const data = rows();
  const first = feedRows(new Summarizer(['name'], dialect, undefined, undefined, SMALL), data);
  const plan = planRefinement(first);

  it('the first pass marks them: unique within HyperLogLog error, no freq a value may not have', () => {
    const column = first.finish().columns[0] as ColumnSummary;
    expect(column).toMatchObject({ top: 'heavy', freq: null, exact: false, estimate: { uniqueError: 0.016, freqBound: null } });
    expect(Math.abs((column.unique as number) - TRUE_UNIQUE) / TRUE_UNIQUE).toBeLessThan(0.05);
    expect(plan.recount?.map((column) => column.index)).toEqual([0]);
  });

  it('the second pass counts every value again when they fit: exact, as pandas (top first seen among ties)', () => {
    const { summary } = withExactQuartiles(first.finish(), secondPass(new RefinePass(plan), data));
    expect(summary.columns[0]).toEqual(expect.objectContaining({ unique: TRUE_UNIQUE, top: 'heavy', freq: 2000, exact: true }));
    expect(summary.columns[0]?.estimate).toBeUndefined();
  });

  it('when they still do not fit, top is counted exactly among the candidates, and the bound says how sure it is', () => {
    const { summary } = withExactQuartiles(first.finish(), secondPass(new RefinePass(plan, undefined, SMALL), data));
    const column = summary.columns[0] as ColumnSummary;
    expect(column).toMatchObject({ top: 'heavy', freq: 2000, exact: false, estimate: { uniqueError: 0.016 } });
    expect(column.estimate?.freqBound).toBeLessThan(2000);
    const table = summaryTable(summary);
    expect(table).toContain(`~${column.unique}`);
    expect(table).toContain(`estimate: name: unique ~${column.unique} is HyperLogLog's estimate (standard error 1.6%); freq 2000 is top's exact count; top is the most frequent value`);
  });

  it('every value seen once: the freq shown is a count a value really has (1), never the sketch over-count', () => {
    const once = Array.from({ length: 20_000 }, (_, i) => [`w${i}`]);
    const sketched = feedRows(new Summarizer(['name'], dialect, undefined, undefined, SMALL), once);
    expect(sketched.finish().columns[0]?.freq).toBeNull();
    const { summary } = withExactQuartiles(sketched.finish(), secondPass(new RefinePass(planRefinement(sketched), undefined, SMALL), once));
    const column = summary.columns[0] as ColumnSummary;
    expect(column.freq).toBe(1);
    expect(once.some(([value]) => value === column.top)).toBe(true);
    expect(summaryTable(summary)).toContain(`a value not counted may occur up to ${column.estimate?.freqBound} times`);
  });

  it('merged partials (the Map paths) keep the mark and plan the same recount', () => {
    const halves = [data.slice(0, 9000), data.slice(9000)].map((part) => Summarizer.fromJSON(JSON.parse(JSON.stringify(feedRows(new Summarizer(['name'], dialect, undefined, undefined, SMALL), part).toJSON()))));
    const [merged, later] = halves as [Summarizer, Summarizer];
    merged.merge(later);
    expect(merged.finish().columns[0]).toMatchObject({ freq: null, exact: false, estimate: { freqBound: null } });
    const { summary } = withExactQuartiles(merged.finish(), secondPass(new RefinePass(planRefinement(merged)), data));
    expect(summary.columns[0]).toMatchObject({ unique: TRUE_UNIQUE, top: 'heavy', freq: 2000, exact: true });
  });
});
