/**
 * How one CSV field is read, following pandas `read_csv` defaults (docs/csv.md).
 */

/** Whole-field strings pandas reads as missing by default. */
export const MISSING = new Set(['', '#N/A', '#N/A N/A', '#NA', '-1.#IND', '-1.#QNAN', '-NaN', '-nan', '1.#IND', '1.#QNAN', '<NA>', 'N/A', 'NA', 'NULL', 'NaN', 'None', 'n/a', 'nan', 'null']);

export type Decimal = '.' | ',';

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const INTEGER = /^[+-]?\d+$/;
const GROUPED_COMMA_DECIMAL = /^[+-]?\d{1,3}(\.\d{3})+(,\d+)?$/;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;
const BR_DATE = /^(\d{2})\/(\d{2})\/(\d{4})(?: (\d{2}):(\d{2})(?::(\d{2}))?)?$/;
const TRUE = new Set(['True', 'TRUE', 'true']);
const FALSE = new Set(['False', 'FALSE', 'false']);

export function isMissing(field: string): boolean {
  return MISSING.has(field);
}

/** The number a field holds, or undefined. With decimal `,`, `1.234,56` is 1234.56. */
export function parseNumber(field: string, decimal: Decimal): { value: number; integer: boolean } | undefined {
  let text = field.trim();
  if (decimal === ',') {
    if (text.includes('.') && !GROUPED_COMMA_DECIMAL.test(text)) return undefined;
    text = text.replace(/\./g, '').replace(',', '.');
  }
  if (!NUMBER.test(text)) return undefined;
  const value = Number(text);
  if (!Number.isFinite(value)) return undefined;
  return { value, integer: INTEGER.test(text) };
}

export function parseBoolean(field: string): boolean | undefined {
  if (TRUE.has(field)) return true;
  if (FALSE.has(field)) return false;
  return undefined;
}

/** Epoch milliseconds of an ISO or dd/mm/yyyy date (UTC when no offset is given), and whether it has a time. */
export function parseDate(field: string): { epoch: number; hasTime: boolean } | undefined {
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
    return { epoch: base - offset, hasTime: hh !== undefined };
  }
  const br = BR_DATE.exec(field);
  if (br) {
    const [, d, m, y, hh, mm, ss] = br;
    if (!validDay(Number(y), Number(m), Number(d))) return undefined;
    return { epoch: Date.UTC(Number(y), Number(m) - 1, Number(d), Number(hh ?? 0), Number(mm ?? 0), Number(ss ?? 0)), hasTime: hh !== undefined };
  }
  return undefined;
}

function validDay(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  return day <= new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** `2026-11-20` or `2026-11-20T12:00:00.000Z`. */
export function formatDate(epoch: number, hasTime: boolean): string {
  const iso = new Date(epoch).toISOString();
  return hasTime ? iso : iso.slice(0, 10);
}

/** pandas renames duplicate headers `a, a` to `a, a.1`; empty ones to `Unnamed: i`. */
export function dedupeHeader(names: string[]): string[] {
  const seen = new Map<string, number>();
  return names.map((raw, index) => {
    const name = raw === '' ? `Unnamed: ${index}` : raw;
    const count = seen.get(name) ?? 0;
    seen.set(name, count + 1);
    return count === 0 ? name : `${name}.${count}`;
  });
}
