/**
 * Numbers as people read them in a table: integers whole, other numbers with
 * `digits` significant digits but never fewer than the integer part has (a mean
 * of 199999.5 stays 199999.5, not 2e5 or "2"), tiny ones in exponent form.
 * Shared by `fluxo summarize` and the console.
 *
 * @example formatNumber(115470.2) === '115470.2'; formatNumber(-0.000123456789) === '-0.000123457'
 */
export function formatNumber(value: number, options: { digits?: number; grouping?: boolean } = {}): string {
  const digits = options.digits ?? 6;
  if (!Number.isFinite(value)) return String(value);
  const sign = value < 0 ? '-' : '';
  const magnitude = Math.abs(value);
  let text: string;
  // Past 2^53 a double's integer digits are not all the value's (9223372036854775807 reads as
  // ...808): the shortest form that reads back the same double, as Python prints pandas' floats.
  if (magnitude > Number.MAX_SAFE_INTEGER) text = magnitude.toExponential();
  else if (Number.isInteger(magnitude)) text = magnitude.toFixed(0);
  else if (magnitude < 1e-4) text = stripZeros(magnitude.toExponential(digits - 1));
  else {
    const integerDigits = magnitude < 1 ? 0 : Math.floor(Math.log10(magnitude)) + 1;
    const fraction = magnitude < 1 ? digits - Math.floor(Math.log10(magnitude)) - 1 : Math.max(1, digits - integerDigits);
    text = stripZeros(magnitude.toFixed(Math.min(fraction, 100)));
  }
  if (options.grouping) text = group(text);
  return text === '0' ? text : `${sign}${text}`;
}

/**
 * A statistic of a numeric column whose values were written with `decimals` digits after
 * the point: never fewer (money keeps its cents: 14924.04, not 14924; 12 in a column of
 * cents is 12.00), and at most `most` when given - a value of the column is exact with
 * `decimals` digits, a quartile interpolated at a quarter rank with `decimals + 2`.
 * Without `most` (a mean, a std), or when `most` digits do not hold the value (numbers in
 * the exponent form count 0 decimals), it is formatNumber's, widened to `decimals` when shorter.
 *
 * @example formatDecimal(14924.04, 2, 2) === '14924.04'; formatDecimal(3295.225, 2, 4) === '3295.225'; formatDecimal(4545.70711, 2) === '4545.71'
 */
export function formatDecimal(value: number, decimals: number, most?: number): string {
  if (!Number.isFinite(value) || Math.abs(value) > Number.MAX_SAFE_INTEGER) return formatNumber(value);
  const digits = Math.min(decimals, 100);
  if (most !== undefined) {
    // Only when `most` digits hold the value (up to rounding): a column of 1.651e-07 has 0 decimals.
    const text = value.toFixed(Math.min(Math.max(most, digits), 100));
    if (Math.abs(Number(text) - value) <= Math.abs(value) * 1e-12) return withoutZeros(text, digits);
  }
  const text = formatNumber(value);
  if (text.includes('e')) return text;
  const shown = text.includes('.') ? text.length - text.indexOf('.') - 1 : 0;
  return shown >= digits ? text : withoutZeros(value.toFixed(digits), digits);
}

/** `text` (from toFixed) without the trailing zeros past `keep` fraction digits; -0.00 is 0.00. */
function withoutZeros(text: string, keep: number): string {
  const point = text.indexOf('.');
  let end = text.length;
  if (point >= 0) while (end > point + 1 + keep && text[end - 1] === '0') end -= 1;
  if (end === point + 1) end = point;
  const out = text.slice(0, end);
  return /^-0(\.0*)?$/.test(out) ? out.slice(1) : out;
}

/** Trailing zeros of the fraction only: `1.2500` -> `1.25`, `3.000` -> `3`, `1.50e-7` -> `1.5e-7`; never the integer part's. */
function stripZeros(text: string): string {
  const [mantissa = '', exponent] = text.split('e');
  const trimmed = mantissa.includes('.') ? mantissa.replace(/0+$/, '').replace(/\.$/, '') : mantissa;
  return exponent === undefined ? trimmed : `${trimmed}e${exponent}`;
}

function group(text: string): string {
  if (text.includes('e')) return text;
  const [integer = '', fraction] = text.split('.');
  const grouped = integer.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return fraction === undefined ? grouped : `${grouped}.${fraction}`;
}

/** Brazilian reais as people write them: `R$ 1.234,56`. */
export function formatBrl(value: number): string {
  return `R$ ${value.toFixed(2).replace('.', ',').replace(/\B(?=(\d{3})+(?!\d))/g, '.')}`;
}

/** Digits after the point a numeric column's statistic is exact with, past its values' own. */
const EXACT_WITH: Partial<Record<string, number>> = { min: 0, max: 0, p25: 2, p50: 2, p75: 2 };

/**
 * A numeric column's statistic (mean, std, min, quartiles, max) in its column's decimals, the
 * same in the text output and the console: min and max with exactly the column's decimals, a
 * quartile exact to two more (pandas' interpolation of two values), mean and std with at least them.
 */
export function formatStatistic(value: number, statistic: string, decimals: number): string {
  const extra = EXACT_WITH[statistic];
  return formatDecimal(value, decimals, extra === undefined ? undefined : decimals + extra);
}
