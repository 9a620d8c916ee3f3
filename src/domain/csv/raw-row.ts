/**
 * One row as byte offsets into the chunk being scanned: what the tokenizer hands its
 * callback (tokenizer.ts), read by the column accumulators.
 */

/** Node's slice decoders: what toString(encoding, start, end) calls, without its argument checks. */
export interface SliceDecoders {
  latin1Slice(start: number, end: number): string;
  utf8Slice(start: number, end: number): string;
}

/**
 * One row as byte offsets into the chunk being scanned: a field becomes a string
 * only when asked (`text`), and a plain decimal number can be read straight from
 * the bytes (`number`). Valid only during the callback.
 */
export class RawRow {
  bytes: Buffer = Buffer.alloc(0);
  count = 0;
  starts: number[] = [];
  ends: number[] = [];
  /** Decoded text of quoted fields (doubled quotes, text after the closing quote); undefined for plain fields. */
  decoded: (string | undefined)[] = [];

  constructor(private readonly latin1: boolean) {}

  text(index: number): string {
    const decoded = this.decoded[index];
    if (decoded !== undefined) return decoded;
    const bytes = this.bytes as unknown as SliceDecoders;
    return this.latin1 ? bytes.latin1Slice(this.starts[index] as number, this.ends[index] as number) : bytes.utf8Slice(this.starts[index] as number, this.ends[index] as number);
  }

  isEmpty(index: number): boolean {
    return this.decoded[index] === undefined ? this.starts[index] === this.ends[index] : this.decoded[index] === '';
  }

  /**
   * A plain decimal (`[+-]digits[.digits]`, at most 15 significant digits) read from the
   * bytes: the value is mantissa / 10^k of two exact doubles, so it is the correctly rounded
   * double, the same as Number(text). NaN when the field is anything else (the caller then
   * takes the text). Sets `integer` for a field without a decimal point.
   */
  number(index: number): number {
    if (this.decoded[index] !== undefined) return Number.NaN;
    const bytes = this.bytes;
    const start = this.starts[index] as number;
    const end = this.ends[index] as number;
    if (start === end) return Number.NaN;
    const first = bytes[start] as number;
    const negative = first === 45;
    const lead = negative || first === 43 ? start + 1 : start;
    let mantissa = 0;
    let i = lead;
    // Integer digits, then (after a point) fraction digits: (c - 48) >>> 0 > 9 is "not a digit" in one compare.
    for (; i < end; i++) {
      const digit = (bytes[i] as number) - 48;
      if (digit >>> 0 > 9) break;
      mantissa = mantissa * 10 + digit;
    }
    let fraction = -1;
    if (i < end) {
      if (bytes[i] !== 46) return Number.NaN;
      const point = i;
      for (i += 1; i < end; i++) {
        const digit = (bytes[i] as number) - 48;
        if (digit >>> 0 > 9) return Number.NaN;
        mantissa = mantissa * 10 + digit;
      }
      fraction = end - point - 1;
    }
    const digits = fraction < 0 ? end - lead : end - lead - 1;
    if (digits === 0 || digits > 15) return Number.NaN;
    this.integer = fraction < 0;
    this.decimals = fraction < 0 ? 0 : fraction;
    // Spelled as String(value) would: no sign +, no -0, no leading zero, no trailing fractional zero, no bare point.
    const leading = bytes[lead] as number;
    this.canonical =
      first !== 43 &&
      !(negative && mantissa === 0) &&
      !(leading === 48 && lead + 1 < end && bytes[lead + 1] !== 46) &&
      fraction !== 0 &&
      !(fraction > 0 && bytes[end - 1] === 48) &&
      leading !== 46;
    const value = fraction > 0 ? mantissa / (POWERS_OF_TEN[fraction] as number) : mantissa;
    return negative ? -value : value;
  }

  integer = false;
  /** Digits after the point of the last number() read. */
  decimals = 0;
  /** The last number() read was spelled in its shortest form (as String(value) writes it). */
  canonical = true;

  toArray(): string[] {
    const fields: string[] = [];
    for (let i = 0; i < this.count; i++) fields.push(this.text(i));
    return fields;
  }
}

const POWERS_OF_TEN = Array.from({ length: 16 }, (_, power) => 10 ** power);
