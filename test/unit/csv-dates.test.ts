import { summaryJson } from '../../src/cli/commands/csv.js';
import { Summarizer, type ColumnSummary, type Summary } from '../../src/domain/csv/summary.js';
import { formatDate } from '../../src/domain/csv/values.js';
import { feedRows } from '../support/csv-rows.js';

const dialect = { delimiter: ',', encoding: 'utf-8', decimal: '.' } as const;
const dates = (summary: Summary, name: string) => {
  const column = summary.columns.find((entry) => entry.name === name) as ColumnSummary;
  return [column.type, column.mean, column.min, column.p25, column.p50, column.p75, column.max];
};

/** The same rows in one pass, and in two partials that travel as JSON and merge (the Map paths). */
function bothWays(header: string[], rows: string[][]): Summary[] {
  const half = Math.ceil(rows.length / 2);
  const part = (slice: string[][]) => Summarizer.fromJSON(JSON.parse(JSON.stringify(feedRows(new Summarizer(header, dialect), slice).toJSON())));
  const merged = part(rows.slice(0, half));
  merged.merge(part(rows.slice(half)));
  return [feedRows(new Summarizer(header, dialect), rows).finish(), merged.finish()];
}

describe('date statistics as pandas gives them (read_csv(parse_dates=...).describe())', () => {
  it('keeps the time a statistic of a date column has: the mean of 2026-01-01 and 2026-01-02 is 12:00', () => {
    for (const summary of bothWays(['d'], [['2026-01-01'], ['2026-01-02']])) {
      // pandas: mean 2026-01-01 12:00:00, 25% 06:00:00, 50% 12:00:00, 75% 18:00:00, min/max at midnight.
      expect(dates(summary, 'd')).toEqual(['date', '2026-01-01T12:00:00', '2026-01-01', '2026-01-01T06:00:00', '2026-01-01T12:00:00', '2026-01-01T18:00:00', '2026-01-02']);
    }
  });

  it('prints datetimes written without a zone as written (naive), and zoned ones in UTC with Z', () => {
    const rows = [['2026-01-01T10:00:00', '2026-01-01T10:00:00-03:00', '01/01/2026 10:00'], ['2026-01-02T11:30:00', '2026-01-02T11:30:00Z', '02/01/2026 11:30']];
    for (const summary of bothWays(['naive', 'zoned', 'br'], rows)) {
      // pandas: naive datetime64 mean 2026-01-01 22:45:00, 25% 16:22:30, 75% 2026-01-02 05:07:30.
      expect(dates(summary, 'naive')).toEqual(['datetime', '2026-01-01T22:45:00', '2026-01-01T10:00:00', '2026-01-01T16:22:30', '2026-01-01T22:45:00', '2026-01-02T05:07:30', '2026-01-02T11:30:00']);
      expect(dates(summary, 'zoned')).toEqual(['datetime', '2026-01-02T00:15:00Z', '2026-01-01T13:00:00Z', '2026-01-01T18:37:30Z', '2026-01-02T00:15:00Z', '2026-01-02T05:52:30Z', '2026-01-02T11:30:00Z']);
      expect(dates(summary, 'br')[2]).toBe('2026-01-01T10:00:00');
    }
  });

  it('shows milliseconds only when a statistic has some', () => {
    expect([formatDate(Date.UTC(2026, 0, 1), false), formatDate(Date.UTC(2026, 0, 1, 0, 0, 0, 500), false), formatDate(Date.UTC(2026, 0, 1), true), formatDate(Date.UTC(2026, 0, 1, 12), false, true)]).toEqual([
      '2026-01-01',
      '2026-01-01T00:00:00.500',
      '2026-01-01T00:00:00',
      '2026-01-01T12:00:00Z',
    ]);
  });
});

describe('the quartiles label of fluxo summarize --json', () => {
  it('says exact for a date column whose quartiles are exact though its unique/top/freq are estimates', () => {
    const [summary] = bothWays(['d'], [['2026-01-01'], ['2026-01-02']]);
    const column = (summary as Summary).columns[0] as ColumnSummary;
    const estimated: Summary = { ...(summary as Summary), columns: [{ ...column, exact: false, quartilesExact: true, estimate: { uniqueError: 0.016, freqBound: null } }] };
    const sketched: Summary = { ...(summary as Summary), columns: [{ ...column, exact: false }] };
    const label = (s: Summary) => (summaryJson(s) as { columns: { quantiles?: string; rankError?: number }[] }).columns.map(({ quantiles, rankError }) => [quantiles, rankError]);
    expect([label(summary as Summary), label(estimated), label(sketched)]).toEqual([[['exact', undefined]], [['exact', undefined]], [['approximate', 0.02]]]);
  });
});
