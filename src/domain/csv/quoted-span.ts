/** A quoted field spanning lines: the line its opening quote is on, and how many line ends it holds. */
export interface QuotedSpan {
  line: number;
  lines: number;
}

export interface SerializedLineStats {
  lines: number;
  longest: QuotedSpan | null;
}

/** A quoted field over fewer lines than this is a multi-line note, not a stray quote, whatever the file's size. */
export const STRAY_QUOTE_MIN_LINES = 10;

/**
 * The lines a stream held and its quoted field over the most lines. One stray quote that
 * opens a field and is closed by another far below swallows the records between into one
 * field: the file parses, but into far fewer rows than lines. Mergeable in file order
 * (a later part's lines count from the end of the earlier ones).
 */
export class LineStats {
  lines = 0;
  longest: QuotedSpan | null = null;

  /** What a tokenizer saw over one stream: `longest.line` counted from the stream's first line. */
  add(lines: number, longest: QuotedSpan | null): void {
    this.merge(LineStats.fromJSON({ lines, longest }));
  }

  merge(other: LineStats): void {
    if (other.longest && (!this.longest || other.longest.lines > this.longest.lines)) this.longest = { line: other.longest.line + this.lines, lines: other.longest.lines };
    this.lines += other.lines;
  }

  /** The warning a summary carries when one quoted field holds most of the file's lines. */
  warning(rows: number): string | undefined {
    const longest = this.longest;
    if (!longest || longest.lines < STRAY_QUOTE_MIN_LINES || longest.lines * 2 < this.lines) return undefined;
    return `line ${longest.line}: a quoted field opened here runs over ${longest.lines + 1} of the file's ${this.lines} lines, so ${rows} row${rows === 1 ? '' : 's'} were read (a stray quote?)`;
  }

  toJSON(): SerializedLineStats {
    return { lines: this.lines, longest: this.longest };
  }

  static fromJSON(data: SerializedLineStats | undefined): LineStats {
    const stats = new LineStats();
    stats.lines = data?.lines ?? 0;
    stats.longest = data?.longest ?? null;
    return stats;
  }
}
