/**
 * The one definition of a CSV record that every fluxo scanner follows: the tokenizer
 * (fields), RecordScanner here (where records end, for the splitter and the planning
 * scan), the sniffer (through the tokenizer) and the speculative chunk-start search.
 *
 * - A record ends at LF, CRLF or a lone CR outside a quoted field (old Excel-for-Mac
 *   exports end lines with CR alone). A line end of any kind counts one line, inside
 *   quoted fields too (error messages and warnings name lines).
 * - A quote opens a quoted field only at the start of a field; inside one `""` is a
 *   quote and the next lone quote closes it. Elsewhere a quote is a literal character
 *   (`5" tv`), and text after a closing quote up to the delimiter belongs to the field,
 *   as pandas reads both.
 * - A UTF-8 byte order mark at byte 0 is not part of the first field.
 */
export const QUOTE = 0x22;
export const LF = 0x0a;
export const CR = 0x0d;
const BOM = [0xef, 0xbb, 0xbf] as const;

/** `bytes` (fewer than three) may be the start of a byte order mark cut short. */
export const isBomPrefix = (bytes: Uint8Array): boolean => bytes.every((byte, index) => byte === BOM[index]);

/** `bytes` starts with a UTF-8 byte order mark. */
export const hasBom = (bytes: Uint8Array): boolean => bytes[0] === BOM[0] && bytes[1] === BOM[1] && bytes[2] === BOM[2];

/**
 * Bytes of the line end at `i`: 1 (LF, or a lone CR), 2 (CRLF), 0 when `bytes[i]` ends
 * no line; -1 for a CR that is the last byte of a block more bytes follow (an LF may come).
 */
export function lineEndLength(bytes: Uint8Array, i: number, final: boolean): number {
  const byte = bytes[i];
  if (byte === LF) return 1;
  if (byte !== CR) return 0;
  if (i + 1 < bytes.length) return bytes[i + 1] === LF ? 2 : 1;
  return final ? 1 : -1;
}

/**
 * The closing quote of the quoted field whose opening quote is at `open` (doubled quotes
 * skipped): its index; -1 when it does not close within `bytes`; -2 when a quote is the
 * last byte of a block more bytes follow (it may be the first of `""`).
 */
export function closingQuote(bytes: Uint8Array, open: number, final: boolean): number {
  let q = bytes.indexOf(QUOTE, open + 1);
  while (q >= 0) {
    if (q + 1 >= bytes.length) return final ? q : -2;
    if (bytes[q + 1] !== QUOTE) return q;
    q = bytes.indexOf(QUOTE, q + 2);
  }
  return -1;
}

/** Line ends in `bytes[start, end)`, each of LF, CRLF and lone CR counted once. */
export function countLineEnds(bytes: Uint8Array, start: number, end: number): number {
  let lines = 0;
  for (let i = bytes.indexOf(LF, start); i >= 0 && i < end; i = bytes.indexOf(LF, i + 1)) lines += 1;
  for (let i = bytes.indexOf(CR, start); i >= 0 && i < end; i = bytes.indexOf(CR, i + 1)) if (bytes[i + 1] !== LF || i + 1 >= end) lines += 1;
  return lines;
}

/**
 * The raw rule a speculative chunk uses to find where a record starts, without knowing
 * whether a quote is open: just after the first line end at or after `bytes[from]`. -1
 * when there is none in `bytes`, or when it is a CR that is the last byte and not `final`.
 * Two neighbouring chunks apply it to the same offset, so their ranges tile the file;
 * each chunk's own parse then checks that its end was a true record end.
 */
export function afterFirstLineEnd(bytes: Uint8Array, from: number, final: boolean): number {
  const lf = bytes.indexOf(LF, from);
  const crAt = bytes.indexOf(CR, from);
  const at = crAt >= 0 && (lf < 0 || crAt < lf) ? crAt : lf;
  if (at < 0) return -1;
  const length = lineEndLength(bytes, at, final);
  return length < 0 ? -1 : at + length;
}

/** `bytes` from `from` holds a CR not followed by an LF (the last byte counts: an LF may follow in the next block). */
function hasLoneCr(bytes: Uint8Array, from: number): boolean {
  for (let at = bytes.indexOf(CR, from); at >= 0; at = bytes.indexOf(CR, at + 2)) if (bytes[at + 1] !== LF) return true;
  return false;
}

/** No CR is pending; a CR ended the previous block outside a quoted field; inside one. */
const enum Pending {
  None,
  RecordEnd,
  QuotedLineEnd,
}

/**
 * Finds where records end as a file's bytes stream by, in blocks of any size: calls
 * `onRecordEnd(next, line)` with the offset where the next record starts and its line.
 * Blank lines end (empty) records too; the tokenizer skips them. Blocks without a quote
 * are crossed with indexOf; the others byte by byte.
 */
export class RecordScanner {
  private quoted = false;
  /** The previous byte closed a quoted field (a quote now is the second of `""`). */
  private justClosed = false;
  private fieldStart = true;
  private pending = Pending.None;
  private offset = 0;
  /** Line of the next byte. */
  line = 1;
  /** Records ended so far. */
  records = 0;
  /** Fields of the first record (the header), counted as it streams by. */
  headerFields = 1;

  constructor(
    private readonly delimiter: number,
    private readonly onRecordEnd: (next: number, line: number) => void,
  ) {}

  push(bytes: Uint8Array): void {
    if (bytes.length === 0) return;
    let i = 0;
    if (this.offset === 0 && hasBom(bytes)) i = 3;
    if (this.pending !== Pending.None) {
      const wasRecordEnd = this.pending === Pending.RecordEnd;
      this.pending = Pending.None;
      if (bytes[0] === LF) i = 1;
      if (wasRecordEnd) this.recordEnd(this.offset + i);
    }
    if (!this.quoted && bytes.indexOf(QUOTE, i) < 0) this.plain(bytes, i);
    else this.quoting(bytes, i);
    this.offset += bytes.length;
  }

  /** Ends a CR left pending by the last block (the file ends there). */
  finish(): void {
    if (this.pending === Pending.RecordEnd) this.recordEnd(this.offset);
    this.pending = Pending.None;
  }

  private recordEnd(next: number): void {
    this.records += 1;
    this.fieldStart = true;
    this.onRecordEnd(next, this.line);
  }

  /** A block with no quote, outside a quoted field: only line ends matter. */
  private plain(bytes: Uint8Array, from: number): void {
    const { delimiter } = this;
    if (this.records === 0) {
      let end = from;
      while (end < bytes.length && bytes[end] !== LF && bytes[end] !== CR) end += 1;
      for (let d = bytes.indexOf(delimiter, from); d >= 0 && d < end; d = bytes.indexOf(delimiter, d + 1)) this.headerFields += 1;
    }
    const length = bytes.length;
    if (!hasLoneCr(bytes, from)) {
      // LF or CRLF (most files): a record ends after each LF, one indexOf per record.
      for (let at = bytes.indexOf(LF, from); at >= 0; at = bytes.indexOf(LF, at + 1)) {
        this.line += 1;
        this.recordEnd(this.offset + at + 1);
      }
    } else {
      let lf = bytes.indexOf(LF, from);
      let cr = bytes.indexOf(CR, from);
      for (;;) {
        const at = cr >= 0 && (lf < 0 || cr < lf) ? cr : lf;
        if (at < 0) break;
        this.line += 1;
        if (at === lf) {
          lf = bytes.indexOf(LF, at + 1);
          this.recordEnd(this.offset + at + 1);
          continue;
        }
        if (at + 1 >= length) {
          this.pending = Pending.RecordEnd;
          return;
        }
        cr = bytes.indexOf(CR, at + 1);
        if (bytes[at + 1] === LF) {
          lf = bytes.indexOf(LF, at + 2);
          this.recordEnd(this.offset + at + 2);
        } else this.recordEnd(this.offset + at + 1);
      }
    }
    const last = bytes[length - 1];
    this.fieldStart = last === LF || last === CR || last === delimiter;
    this.justClosed = false;
  }

  private quoting(bytes: Uint8Array, from: number): void {
    const { delimiter } = this;
    const length = bytes.length;
    for (let i = from; i < length; i++) {
      const byte = bytes[i];
      if (this.quoted) {
        if (byte === QUOTE) {
          this.quoted = false;
          this.justClosed = true;
        } else if (byte === LF) this.line += 1;
        else if (byte === CR) {
          this.line += 1;
          if (i + 1 >= length) this.pending = Pending.QuotedLineEnd;
          else if (bytes[i + 1] === LF) i += 1;
        }
        continue;
      }
      if (byte === QUOTE) {
        if (this.fieldStart || this.justClosed) this.quoted = true;
        this.justClosed = false;
        this.fieldStart = false;
        continue;
      }
      this.justClosed = false;
      if (byte === LF) {
        this.line += 1;
        this.recordEnd(this.offset + i + 1);
      } else if (byte === CR) {
        this.line += 1;
        if (i + 1 >= length) this.pending = Pending.RecordEnd;
        else {
          if (bytes[i + 1] === LF) i += 1;
          this.recordEnd(this.offset + i + 1);
        }
      } else {
        this.fieldStart = byte === delimiter;
        if (this.fieldStart && this.records === 0) this.headerFields += 1;
      }
    }
  }
}
