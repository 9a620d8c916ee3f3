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
  if (Number.isInteger(magnitude) || magnitude >= 1e21) text = magnitude >= 1e21 ? String(magnitude) : magnitude.toFixed(0);
  else if (magnitude < 1e-4) text = stripZeros(magnitude.toExponential(digits - 1));
  else {
    const integerDigits = magnitude < 1 ? 0 : Math.floor(Math.log10(magnitude)) + 1;
    const fraction = magnitude < 1 ? digits - Math.floor(Math.log10(magnitude)) - 1 : Math.max(1, digits - integerDigits);
    text = stripZeros(magnitude.toFixed(Math.min(fraction, 100)));
  }
  if (options.grouping) text = group(text);
  return text === '0' ? text : `${sign}${text}`;
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
