import type { Utf16 } from '../utf16.js';

/**
 * UTF-16 to UTF-8 for byte ranges of a file, so that the one record scanner (records.ts),
 * the tokenizer and the sniffer read UTF-8 only. A range starts at an even offset; its
 * first code unit, when it is a low surrogate, is skipped (the range before finishes the
 * pair: `end(next)`), and at the file's start a byte order mark is dropped. Pure: the caller
 * feeds the range's bytes in pieces of any size.
 */
export class Utf16Decoder implements TextDecoderOfRange {
  /** Bytes held back: an odd byte, a high surrogate waiting for its pair, or both. */
  private carry: Buffer | undefined;
  private started = false;
  /** Source bytes dropped at the range's start (a BOM, a low surrogate): 0 or 2. */
  skipped = 0;

  constructor(
    private readonly encoding: Utf16,
    /** The range starts at the file's first byte (a BOM there is not text). */
    private readonly fileStart: boolean,
  ) {}

  /** The code unit at `at` (two bytes, in the file's byte order). */
  private unit(bytes: Uint8Array, at: number): number {
    const first = bytes[at] as number;
    const second = bytes[at + 1] as number;
    return this.encoding === 'utf-16le' ? first | (second << 8) : (first << 8) | second;
  }

  /** UTF-8 of the complete characters received so far (whatever a piece cut, it is carried). */
  push(piece: Uint8Array): Buffer {
    if (piece.length === 0) return EMPTY;
    const data = this.carry ? Buffer.concat([this.carry, piece]) : Buffer.from(piece.buffer, piece.byteOffset, piece.byteLength);
    this.carry = undefined;
    let from = 0;
    if (!this.started) {
      if (data.length < 2) {
        this.carry = Buffer.from(data);
        return EMPTY;
      }
      const first = this.unit(data, 0);
      if ((this.fileStart && first === 0xfeff) || (!this.fileStart && isLow(first))) from = this.skipped = 2;
      this.started = true;
    }
    let usable = from + Math.floor((data.length - from) / 2) * 2;
    if (usable > from && isHigh(this.unit(data, usable - 2))) usable -= 2;
    if (usable < data.length) this.carry = Buffer.from(data.subarray(usable));
    return this.utf8(data, from, usable);
  }

  /** A high surrogate ends what was pushed: the two bytes after the range finish its pair. */
  get pendingPair(): boolean {
    return this.started && this.carry !== undefined && this.carry.length >= 2;
  }

  /**
   * The rest: a high surrogate left at the range's end with its low surrogate from `next` (the
   * two bytes past the range; without them, or when they are not one, U+FFFD); an odd last byte
   * is not a character.
   */
  end(next?: Uint8Array): Buffer {
    const carry = this.carry;
    this.carry = undefined;
    if (!this.started || !carry || carry.length < 2) return EMPTY;
    if (next && next.length >= 2 && isLow(this.unit(next, 0))) return this.utf8(Buffer.concat([carry.subarray(0, 2), next.subarray(0, 2)]), 0, 4);
    return REPLACEMENT;
  }

  private utf8(data: Buffer, from: number, to: number): Buffer {
    if (to <= from) return EMPTY;
    // Node decodes UTF-16LE natively; big-endian bytes are swapped into a copy first.
    const text = this.encoding === 'utf-16le' ? data.toString('utf16le', from, to) : Buffer.from(data.subarray(from, to)).swap16().toString('utf16le');
    // A lone surrogate becomes U+FFFD: one code unit in, one character out (utf16Units counts it once).
    return Buffer.from(text, 'utf8');
  }
}

const EMPTY = Buffer.alloc(0);
const REPLACEMENT = Buffer.from('\uFFFD', 'utf8');
const isHigh = (unit: number): boolean => unit >= 0xd800 && unit <= 0xdbff;
const isLow = (unit: number): boolean => unit >= 0xdc00 && unit <= 0xdfff;

/** UTF-16 code units the UTF-8 bytes `[start, end)` encode: one per character, two past U+FFFF. */
export function utf16Units(utf8: Uint8Array, start: number, end: number): number {
  let units = 0;
  for (let i = start; i < end; i++) {
    const byte = utf8[i] as number;
    if ((byte & 0xc0) !== 0x80) units += byte >= 0xf0 ? 2 : 1;
  }
  return units;
}

/** The UTF-8 text of a whole UTF-16 sample (the file's first bytes), for the sniffer. */
export function utf16Sample(bytes: Uint8Array, encoding: Utf16): Buffer {
  const decoder = new Utf16Decoder(encoding, true);
  return Buffer.concat([decoder.push(bytes), decoder.end()]);
}

/** What the range reader transcodes with: a decoder of UTF-16 or of Windows-1252. */
export interface TextDecoderOfRange {
  push(piece: Uint8Array): Buffer;
  readonly pendingPair: boolean;
  end(next?: Uint8Array): Buffer;
  /** Source bytes dropped at the range's start. */
  readonly skipped: number;
}

/** Windows-1252's 0x80-0x9F (Latin-1 has C1 controls there); the five bytes it leaves undefined stay the C1 control. */
const C1 = /[\x80-\x9f]/g;
const C1_TEXT = '€\x81‚ƒ„…†‡ˆ‰Š‹Œ\x8dŽ\x8f\x90‘’“”•–—˜™š›œ\x9džŸ';

/**
 * Windows-1252 (what Excel writes as "CSV" on Windows, and many ERPs) to UTF-8: one byte, one
 * character (all in the BMP, so a UTF-8 offset maps back by counting characters, utf16Units).
 */
export class Windows1252Decoder implements TextDecoderOfRange {
  readonly pendingPair = false;
  readonly skipped = 0;

  push(piece: Uint8Array): Buffer {
    return windows1252ToUtf8(piece);
  }

  end(): Buffer {
    return EMPTY;
  }
}

export function windows1252ToUtf8(bytes: Uint8Array): Buffer {
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  return Buffer.from(text.replace(C1, (char) => C1_TEXT[char.charCodeAt(0) - 0x80] as string), 'utf8');
}
