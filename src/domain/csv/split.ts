import { RecordScanner } from './records.js';

/** A byte range of a CSV holding whole records, and the line it starts on. */
export interface ByteRange {
  start: number;
  end: number;
  firstLine: number;
}

/**
 * Splits a CSV into ranges that end on a record boundary (records.ts decides where
 * records end), as its bytes stream by. `nextTarget(start, made)` says where the range
 * that starts at `start` may end at the earliest (Infinity: no more splits).
 */
export class RecordSplitter {
  readonly ranges: ByteRange[] = [];
  private readonly scanner: RecordScanner;
  private start = 0;
  private firstLine = 1;
  private target: number;

  constructor(
    delimiter: number,
    private readonly nextTarget: (start: number, made: number) => number,
  ) {
    this.target = nextTarget(0, 0);
    this.scanner = new RecordScanner(delimiter, (next, line) => this.recordEnd(next, line));
  }

  /** Fields of the first record (the header), counted as it streams by. */
  get headerFields(): number {
    return this.scanner.headerFields;
  }

  push(bytes: Uint8Array): void {
    this.scanner.push(bytes);
  }

  private recordEnd(next: number, line: number): void {
    if (next - 1 < this.target) return;
    this.ranges.push({ start: this.start, end: next - 1, firstLine: this.firstLine });
    this.start = next;
    this.firstLine = line;
    this.target = this.nextTarget(this.start, this.ranges.length);
  }

  /** The ranges, the last one running to the end of the file. */
  finish(size: number): ByteRange[] {
    this.scanner.finish();
    if (this.start < size) this.ranges.push({ start: this.start, end: size - 1, firstLine: this.firstLine });
    return this.ranges;
  }
}
