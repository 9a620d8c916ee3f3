import { summarizeStream } from '../../src/domain/csv/stream.js';
import { parseNumber } from '../../src/domain/csv/values.js';

async function* bytes(text: string): AsyncGenerator<Buffer> {
  yield Buffer.from(text);
}

const dialect = { delimiter: ',', encoding: 'utf-8' as const, decimal: '.' as const };
const STATS = ['type', 'count', 'unique', 'mean', 'std', 'min', 'p25', 'p50', 'p75', 'max'] as const;

async function describeColumn(values: string[]): Promise<unknown[]> {
  const summary = (await summarizeStream(bytes(`x\n${values.join('\n')}\n`), { dialect, file: 'x.csv' })).finish();
  const column = summary.columns[0] as unknown as Record<string, unknown>;
  return STATS.map((key) => column[key]);
}

describe('infinities, as pandas 3.0.6 reads and describes them', () => {
  it('reads inf, Infinity in any case and with a sign, and numbers past the double range, as infinity; not with a space', () => {
    for (const text of ['inf', '+inf', 'INF', 'iNf', 'Infinity', '+Infinity', 'infinity', '1e400', '1E400']) expect([text, parseNumber(text, '.')?.value]).toEqual([text, Infinity]);
    for (const text of ['-inf', '-Infinity', '-INFINITY', '-1e400']) expect([text, parseNumber(text, '.')?.value]).toEqual([text, -Infinity]);
    for (const text of ['inf ', ' inf', 'infinit', 'infinityy', '+-inf', 'in f']) expect([text, parseNumber(text, '.')]).toEqual([text, undefined]);
    expect(parseNumber('1e-400', '.')?.value).toBe(0);
  });

  // Each expected row is pandas 3.0.6's describe(include='all') of the column (NaN: null, inf: "inf").
  it.each([
    [['1', 'inf', '2'], ['number', 3, null, 'inf', null, 1, 1.5, null, null, 'inf']],
    [['1', '-inf', '2'], ['number', 3, null, '-inf', null, '-inf', '-inf', 1, 1.5, 2]],
    [['1', '+inf', '2', '5'], ['number', 4, null, 'inf', null, 1, 1.75, 3.5, 'inf', 'inf']],
    [['1', 'Infinity', '2', '-Infinity'], ['number', 4, null, null, null, '-inf', '-inf', 1.5, 'inf', 'inf']],
    [['INF', '1e400', '2', '3', '4'], ['number', 5, null, 'inf', null, 2, 3, null, null, 'inf']],
    [['inf', 'inf'], ['number', 2, null, 'inf', null, 'inf', null, null, null, 'inf']],
    [['1', '2', '3', '-INFINITY', 'nan', ''], ['number', 4, null, '-inf', null, '-inf', '-inf', 1.5, 2.25, 3]],
    [['1.5', '2.25', '+Inf', '-inf', '-inf', '0.5', '3'], ['number', 7, null, null, null, '-inf', '-inf', 1.5, 2.625, 'inf']],
    [['1e400'], ['number', 1, null, 'inf', null, 'inf', null, null, null, 'inf']],
    [['inf ', '1'], ['string', 2, 2, null, null, null, null, null, null, null]],
  ])('%j', async (values, expected) => {
    expect(await describeColumn(values)).toEqual(expected);
  });
});
