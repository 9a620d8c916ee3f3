import { formatDecimal, formatNumber, formatStatistic } from '../../../src/domain/format.js';

describe('formatNumber', () => {
  it.each([
    [199999.5, '199999.5'],
    [115470.2, '115470.2'],
    [115470.23456, '115470.2'],
    [1234567.891, '1234567.9'],
    [2, '2'],
    [200000, '200000'],
    [0.5, '0.5'],
    [3.14159265, '3.14159'],
    [1.25, '1.25'],
    [10.5, '10.5'],
    [-199999.5, '-199999.5'],
    [-0.000123456789, '-0.000123457'],
    [0.0001, '0.0001'],
    [1.5e-7, '1.5e-7'],
    [-2.5e-12, '-2.5e-12'],
    [0, '0'],
    [-0, '0'],
    [1e21, '1e+21'],
    // Past 2^53 the double's digits are not the value's: int64's max reads as ...808, shown at float precision (pandas' describe is float64 too).
    [Number('9223372036854775807'), '9.223372036854776e+18'],
    [-9223372036854775808, '-9.223372036854776e+18'],
    [Number('9007199254740993'), '9.007199254740992e+15'],
    [9007199254740991, '9007199254740991'],
    [Number.NaN, 'NaN'],
  ])('shows %p as %s, keeping the integer part whole', (value, expected) => {
    expect(formatNumber(value)).toBe(expected);
  });

  it('groups thousands when asked, never inside the fraction', () => {
    expect(formatNumber(1234567.891, { grouping: true })).toBe('1,234,567.9');
    expect(formatNumber(-999.125, { grouping: true })).toBe('-999.125');
    expect(formatNumber(1000, { grouping: true })).toBe('1,000');
    expect(formatNumber(0.000012345, { grouping: true })).toBe('1.2345e-5');
  });
});

describe('formatDecimal', () => {
  it.each([
    // [value, decimals of the column, at most, shown]
    [14924.04, 2, 2, '14924.04'],
    [14924, 2, 2, '14924.00'],
    [49020.64, 2, 2, '49020.64'],
    [3295.225, 2, 4, '3295.225'],
    [743750.75, 0, 2, '743750.75'],
    [1487500.5, 0, 2, '1487500.5'],
    [220.71, 2, 4, '220.71'],
    [0.5003, 4, 6, '0.5003'],
    [-0, 2, 2, '0.00'],
    [-0.001, 2, 2, '-0.001'],
    [1234567.891, 3, undefined, '1234567.891'],
    [4545.70711, 2, undefined, '4545.71'],
    [0.500060123, 4, undefined, '0.50006'],
    [12, 2, undefined, '12.00'],
    [2.5e-12, 2, undefined, '2.5e-12'],
    // A column written in the exponent form has 0 decimals: its values keep their significant digits.
    [1.651e-7, 0, 0, '1.651e-7'],
    [0.2492, 0, 2, '0.2492'],
    [0.1 + 0.2, 1, 3, '0.3'],
  ])('shows %p of a column written with %p decimals (at most %p) as %s', (value, decimals, most, expected) => {
    expect(formatDecimal(value, decimals, most)).toBe(expected);
  });
});

describe('formatStatistic: the text output and the console print a statistic alike', () => {
  it.each([
    // statistic, value, the column's decimals, as pandas' figure reads
    ['p25', 374999.75, 0, '374999.75'],
    ['p25', -2577.7275, 2, '-2577.7275'],
    ['p50', 49536.605, 2, '49536.605'],
    ['p75', 40.9, 2, '40.90'],
    ['min', 14924.04, 2, '14924.04'],
    ['max', 3, 2, '3.00'],
  ] as const)('%s %d with %d decimals: %s', (statistic, value, decimals, shown) => {
    expect(formatStatistic(value, statistic, decimals)).toBe(shown);
  });
});
