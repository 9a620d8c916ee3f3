/** A byte range of a CSV holding whole records, and the line it starts on. */
export interface ByteRange {
  start: number;
  end: number;
  firstLine: number;
}

/**
 * Splits a CSV into ranges that end on a record boundary (a newline outside double
 * quotes), as its bytes stream by. `nextTarget(start, made)` says where the range that
 * starts at `start` may end at the earliest (Infinity: no more splits). Blocks without
 * a quote are crossed with indexOf; the others byte by byte.
 */
export class RecordSplitter {
  readonly ranges: ByteRange[] = [];
  private quoted = false;
  private offset = 0;
  private start = 0;
  private line = 1;
  private firstLine = 1;
  private target: number;

  constructor(private readonly nextTarget: (start: number, made: number) => number) {
    this.target = nextTarget(0, 0);
  }

  push(bytes: Buffer): void {
    const plain = !this.quoted && bytes.indexOf(0x22) < 0;
    let i = plain ? bytes.indexOf(0x0a) : 0;
    while (i >= 0 && i < bytes.length) {
      const byte = bytes[i];
      if (byte === 0x22) this.quoted = !this.quoted;
      else if (byte === 0x0a) {
        this.line += 1;
        if (!this.quoted && this.offset + i >= this.target) {
          this.ranges.push({ start: this.start, end: this.offset + i, firstLine: this.firstLine });
          this.start = this.offset + i + 1;
          this.firstLine = this.line;
          this.target = this.nextTarget(this.start, this.ranges.length);
        }
      }
      i = plain ? bytes.indexOf(0x0a, i + 1) : i + 1;
    }
    this.offset += bytes.length;
  }

  /** The ranges, the last one running to the end of the file. */
  finish(size: number): ByteRange[] {
    if (this.start < size) this.ranges.push({ start: this.start, end: size - 1, firstLine: this.firstLine });
    return this.ranges;
  }
}
