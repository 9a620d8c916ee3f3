/**
 * How one CSV field is read, following pandas `read_csv` defaults (docs/csv.md).
 */

/** Whole-field strings pandas reads as missing by default. */
export const MISSING = new Set(['', '#N/A', '#N/A N/A', '#NA', '-1.#IND', '-1.#QNAN', '-NaN', '-nan', '1.#IND', '1.#QNAN', '<NA>', 'N/A', 'NA', 'NULL', 'NaN', 'None', 'n/a', 'nan', 'null']);

export type Decimal = '.' | ',';

const GROUPED_COMMA_DECIMAL = /^[+-]?\d{1,3}(\.\d{3})+(,\d+)?$/;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;
const BR_DATE = /^(\d{2})\/(\d{2})\/(\d{4})(?: (\d{2}):(\d{2})(?::(\d{2}))?)?$/;
const TRUE = new Set(['True', 'TRUE', 'true']);
/** What pandas' parser reads as infinity, in any case, with no space around it (`inf ` is text). */
const INFINITY = /^[+-]?inf(inity)?$/i;
const FALSE = new Set(['False', 'FALSE', 'false']);

/** First characters of the MISSING strings: anything else is present without a set lookup. */
const MISSING_FIRST = new Set(['#', '-', '1', '<', 'N', 'n']);

export function isMissing(field: string): boolean {
  if (field.length === 0) return true;
  if (field.length > 9 || !MISSING_FIRST.has(field[0] as string)) return false;
  return MISSING.has(field);
}

const ZERO = 48;
const NINE = 57;

/**
 * The common case of a number, scanned by hand: `[+-]digits[.digits][e[+-]digits]`.
 * Returns 2 for an integer, 1 for another number, 0 when the text is not one.
 */
function scanNumber(text: string): number {
  const length = text.length;
  let i = 0;
  let c = text.charCodeAt(0);
  if (c === 43 || c === 45) c = text.charCodeAt(++i);
  let digits = 0;
  while (i < length && c >= ZERO && c <= NINE) {
    digits += 1;
    c = text.charCodeAt(++i);
  }
  if (i === length) return digits > 0 ? 2 : 0;
  let fraction = 0;
  if (c === 46) {
    c = text.charCodeAt(++i);
    while (i < length && c >= ZERO && c <= NINE) {
      fraction += 1;
      c = text.charCodeAt(++i);
    }
    if (digits === 0 && fraction === 0) return 0;
    if (i === length) return 1;
  } else if (digits === 0) return 0;
  if (c !== 101 && c !== 69) return 0;
  c = text.charCodeAt(++i);
  if (c === 43 || c === 45) c = text.charCodeAt(++i);
  let exponent = 0;
  while (i < length && c >= ZERO && c <= NINE) {
    exponent += 1;
    c = text.charCodeAt(++i);
  }
  return exponent > 0 && i === length ? 1 : 0;
}

/**
 * The number a field holds, or undefined. With decimal `,`, `1.234,56` is 1234.56.
 * `decimals`: the digits after the decimal point as written (`14924.04`: 2); 0 for the
 * exponent form (`1.651e-07`), whose values read by significant digits, not by decimals.
 */
export function parseNumber(field: string, decimal: Decimal): { value: number; integer: boolean; decimals: number } | undefined {
  const first = field.charCodeAt(0);
  const last = field.charCodeAt(field.length - 1);
  let text = first === 32 || last === 32 || first === 9 || last === 9 ? field.trim() : field;
  if (decimal === ',') {
    if (text.includes('.') && !GROUPED_COMMA_DECIMAL.test(text)) return undefined;
    text = text.replace(/\./g, '').replace(',', '.');
  }
  const kind = scanNumber(text);
  if (kind === 0) return INFINITY.test(field) ? { value: field.charCodeAt(0) === 45 ? -Infinity : Infinity, integer: false, decimals: 0 } : undefined;
  // Past the double range (1e400, or 400 digits) is infinity, as pandas reads it: a float column.
  const value = Number(text);
  const finite = Number.isFinite(value);
  return { value, integer: kind === 2 && finite, decimals: kind === 2 || !finite ? 0 : decimalsOf(text) };
}

/** Digits after the point of a number scanNumber accepted; 0 in the exponent form. */
function decimalsOf(text: string): number {
  const point = text.indexOf('.');
  if (point < 0 || text.includes('e') || text.includes('E')) return 0;
  return text.length - point - 1;
}

export function parseBoolean(field: string): boolean | undefined {
  if (TRUE.has(field)) return true;
  if (FALSE.has(field)) return false;
  return undefined;
}

/**
 * Epoch milliseconds of an ISO or dd/mm/yyyy date (read as UTC when no offset is given: a naive
 * time, printed back as written), whether it has a time, and `zoned` when it names its offset (`Z`, `-03:00`).
 */
export function parseDate(field: string): { epoch: number; hasTime: boolean; zoned?: true } | undefined {
  // Fast path: a plain YYYY-MM-DD, without regular expressions or Date objects.
  if (field.length === 10 && field.charCodeAt(4) === 45 && field.charCodeAt(7) === 45) {
    const y = digitsAt(field, 0, 4);
    const m = digitsAt(field, 5, 2);
    const d = digitsAt(field, 8, 2);
    if (y < 0 || m < 0 || d < 0 || !validDay(y, m, d)) return undefined;
    return { epoch: daysFromCivil(y, m, d) * 86_400_000, hasTime: false };
  }
  const iso = ISO_DATE.exec(field);
  if (iso) {
    const [, y, m, d, hh, mm, ss, frac, zone] = iso;
    const base = Date.UTC(Number(y), Number(m) - 1, Number(d), Number(hh ?? 0), Number(mm ?? 0), Number(ss ?? 0), frac ? Math.round(Number(frac) * 1000) : 0);
    if (!validDay(Number(y), Number(m), Number(d))) return undefined;
    let offset = 0;
    if (zone && zone !== 'Z') {
      const sign = zone.startsWith('-') ? -1 : 1;
      const digits = zone.slice(1).replace(':', '');
      offset = sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4))) * 60_000;
    }
    return { epoch: base - offset, hasTime: hh !== undefined, ...(zone ? { zoned: true as const } : {}) };
  }
  const br = BR_DATE.exec(field);
  if (br) {
    const [, d, m, y, hh, mm, ss] = br;
    if (!validDay(Number(y), Number(m), Number(d))) return undefined;
    return { epoch: Date.UTC(Number(y), Number(m) - 1, Number(d), Number(hh ?? 0), Number(mm ?? 0), Number(ss ?? 0)), hasTime: hh !== undefined };
  }
  return undefined;
}

/** The number `count` ASCII digits at `start` spell, or -1. */
function digitsAt(text: string, start: number, count: number): number {
  let value = 0;
  for (let i = start; i < start + count; i++) {
    const c = text.charCodeAt(i) - ZERO;
    if (c < 0 || c > 9) return -1;
    value = value * 10 + c;
  }
  return value;
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function validDay(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  const leap = month === 2 && year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return day <= (DAYS_IN_MONTH[month - 1] as number) + (leap ? 1 : 0);
}

/** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil). */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/**
 * A date statistic as text: `2026-11-20` when it falls on midnight of a column of dates; else with
 * its time, as pandas prints a Timestamp's (the mean of 2026-01-01 and 2026-01-02 is
 * `2026-01-01T12:00:00`), milliseconds only when there are some. Naive (no zone) as the values were
 * written, unless they named their offset (`zoned`): then in UTC, `...Z`.
 */
export function formatDate(epoch: number, hasTime: boolean, zoned = false): string {
  const iso = new Date(epoch).toISOString();
  if (!hasTime && !zoned && epoch % 86_400_000 === 0) return iso.slice(0, 10);
  const text = iso.endsWith('.000Z') ? iso.slice(0, 19) : iso.slice(0, 23);
  return zoned ? `${text}Z` : text;
}

/**
 * pandas' C parser (`read_csv`'s default) renames duplicate headers `a, a` to `a, a.1`, skipping a
 * name the header already holds (`a, a, a.1` gives `a, a.2, a.1`), and names empty ones `Unnamed: i`,
 * renamed after every named column (pandas/_libs/parsers.pyx, `_get_header`).
 */
export function dedupeHeader(names: string[]): string[] {
  const header = names.map((raw, index) => (raw === '' ? `Unnamed: ${index}` : raw));
  const taken = new Map<string, number>();
  for (const name of header) taken.set(name, (taken.get(name) ?? 0) + 1);
  const unnamed = names.flatMap((raw, index) => (raw === '' ? [index] : []));
  const order = [...names.keys()].filter((index) => names[index] !== '').concat(unnamed);
  const counts = new Map<string, number>();
  for (const index of order) {
    const original = header[index];
    let name = original;
    let count = counts.get(name) ?? 0;
    while (count > 0) {
      counts.set(original, count + 1);
      name = `${original}.${count}`;
      count = (taken.get(name) ?? 0) > 0 ? count + 1 : (counts.get(name) ?? 0);
    }
    taken.set(original, (taken.get(original) ?? 1) - 1);
    taken.set(name, (taken.get(name) ?? 0) + 1);
    header[index] = name;
    counts.set(name, count + 1);
  }
  return header;
}
