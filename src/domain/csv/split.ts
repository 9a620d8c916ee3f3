/** A byte range of a CSV holding whole records, and the line it starts on. */
export interface ByteRange {
  start: number;
  end: number;
  firstLine: number;
}

const QUOTE = 0x22;
const LF = 0x0a;

/**
 * Splits a CSV into ranges that end on a record boundary (a newline outside double
 * quotes), as its bytes stream by. `nextTarget(start, made)` says where the range that
 * starts at `start` may end at the earliest (Infinity: no more splits). Quotes follow
 * the tokenizer's definition of CSV: a quote opens a quoted field only at the start of
 * a field, `""` inside one is a quote, and elsewhere a quote is a literal character
 * (`5" tv`). Blocks without a quote are crossed with indexOf; the others byte by byte.
 */
export class RecordSplitter {
  readonly ranges: ByteRange[] = [];
  private quoted = false;
  /** The previous byte closed a quoted field (a quote now would be the second of `""`). */
  private justClosed = false;
  private fieldStart = true;
  private offset = 0;
  private start = 0;
  private line = 1;
  private firstLine = 1;
  /** Fields of the first record (the header), counted as it streams by. */
  headerFields = 1;
  private target: number;

  constructor(
    private readonly delimiter: number,
    private readonly nextTarget: (start: number, made: number) => number,
  ) {
    this.target = nextTarget(0, 0);
  }

  push(bytes: Buffer): void {
    if (bytes.length === 0) return;
    if (!this.quoted && bytes.indexOf(QUOTE) < 0) {
      if (this.line === 1) {
        const end = bytes.indexOf(LF);
        for (let i = bytes.indexOf(this.delimiter); i >= 0 && (end < 0 || i < end); i = bytes.indexOf(this.delimiter, i + 1)) this.headerFields += 1;
      }
      for (let i = bytes.indexOf(LF); i >= 0; i = bytes.indexOf(LF, i + 1)) this.newline(i);
      const last = bytes[bytes.length - 1];
      this.fieldStart = last === LF || last === this.delimiter;
      this.justClosed = false;
      this.offset += bytes.length;
      return;
    }
    // A UTF-8 byte order mark is not part of the first field (the tokenizer skips it too).
    const bom = this.offset === 0 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
    for (let i = bom ? 3 : 0; i < bytes.length; i++) {
      const byte = bytes[i];
      if (this.quoted) {
        if (byte === QUOTE) {
          this.quoted = false;
          this.justClosed = true;
        } else if (byte === LF) this.line += 1;
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
        this.newline(i);
        this.fieldStart = true;
      } else {
        this.fieldStart = byte === this.delimiter;
        if (this.fieldStart && this.line === 1) this.headerFields += 1;
      }
    }
    this.offset += bytes.length;
  }

  private newline(i: number): void {
    this.line += 1;
    if (this.offset + i < this.target) return;
    this.ranges.push({ start: this.start, end: this.offset + i, firstLine: this.firstLine });
    this.start = this.offset + i + 1;
    this.firstLine = this.line;
    this.target = this.nextTarget(this.start, this.ranges.length);
  }

  /** The ranges, the last one running to the end of the file. */
  finish(size: number): ByteRange[] {
    if (this.start < size) this.ranges.push({ start: this.start, end: size - 1, firstLine: this.firstLine });
    return this.ranges;
  }
}
