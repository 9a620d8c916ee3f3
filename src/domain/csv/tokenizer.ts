import type { QuotedSpan } from './quoted-span.js';
import { RawRow, type SliceDecoders } from './raw-row.js';
import { closingQuote, countLineEnds, CR, hasBom, isBomPrefix, LF, lineEndLength, QUOTE } from './records.js';

/**
 * A byte-level CSV tokenizer for the dialects fluxo sniffs (`,` `;` tab `|`;
 * UTF-8, UTF-8 with BOM, Latin-1): records, quotes and line ends (LF, CRLF, lone CR)
 * as records.ts defines them, blank lines skipped, rows of any length. Pure: the
 * caller feeds byte chunks.
 */
export class MalformedCsvError extends Error {
  override name = 'MalformedCsvError';
  constructor(
    readonly line: number,
    readonly reason: string,
  ) {
    super(`line ${line}: ${reason}`);
  }
}

/** Excel's column limit: a header wider than this is not a table people summarize (and would cost memory per column). */
export const MAX_COLUMNS = 16_384;
/** A record longer than this is refused (a missing closing quote, or not a CSV). */
export const MAX_RECORD_BYTES = 64 * 1024 * 1024;

export interface TokenizerLimits {
  maxColumns?: number;
  maxRecordBytes?: number;
}

export class CsvTokenizer {
  /**
   * The partial record carried from chunk to chunk, and the chunks after it not scanned yet,
   * at the start of `work` (`carried` bytes, of which `scanned` were there at the last scan).
   */
  private work: Buffer = Buffer.alloc(0);
  private carried = 0;
  private scanned = 0;
  /** Bytes handed to scan() and bytes copied into `work`, counted for tests (a long record must cost linear work). */
  readonly cost = { scanned: 0, copied: 0 };
  private readonly maxColumns: number;
  private readonly maxRecordBytes: number;
  /** Lines consumed before the carried bytes (for error messages). */
  private line = 1;
  private started = false;
  private readonly row: RawRow;
  /** The quoted field over the most lines so far (a stray quote shows as one over most of a file). */
  longestQuoted: QuotedSpan | null = null;

  /** Lines read so far (the last one counted even without a line end). */
  get lines(): number {
    return this.line - 1;
  }

  constructor(
    private readonly delimiter: number,
    private readonly encoding: 'utf8' | 'latin1',
    private readonly skipBom: boolean,
    private readonly onRow: (row: RawRow, line: number) => void,
    limits: TokenizerLimits = {},
  ) {
    this.row = new RawRow(encoding === 'latin1');
    this.maxColumns = limits.maxColumns ?? MAX_COLUMNS;
    this.maxRecordBytes = limits.maxRecordBytes ?? MAX_RECORD_BYTES;
  }

  /** Scans a chunk; the chunk may be reused by the caller once this returns. */
  push(chunk: Buffer): void {
    if (chunk.length === 0) return;
    let bytes = chunk;
    if (this.carried > 0) {
      this.append(chunk);
      this.checkRecordLength(this.carried);
      // A record longer than a chunk: wait until there are as many new bytes as scanned ones
      // before scanning it again, so a long record costs linear time, not one rescan per chunk.
      if (this.carried - this.scanned < this.scanned) return;
      bytes = this.work.subarray(0, this.carried);
    }
    if (!this.started) {
      // The first bytes may be cut inside the byte order mark: wait for three.
      if (this.skipBom && bytes.length < 3 && isBomPrefix(bytes)) {
        this.keep(bytes, 0);
        this.scanned = 0;
        return;
      }
      if (this.skipBom && hasBom(bytes)) bytes = bytes.subarray(3);
      this.started = true;
    }
    this.keep(bytes, this.scan(bytes, false));
    this.checkRecordLength(this.carried);
  }

  end(): void {
    if (this.carried > 0) this.scan(this.work.subarray(0, this.carried), true);
    this.carried = 0;
    this.scanned = 0;
    this.work = Buffer.alloc(0);
  }

  /** Appends a chunk after the carried bytes, growing `work` by doubling. */
  private append(chunk: Buffer): void {
    const total = this.carried + chunk.length;
    if (this.work.length < total) {
      const grown = Buffer.allocUnsafeSlow(Math.max(total, this.work.length * 2, 64 * 1024));
      this.work.copy(grown, 0, 0, this.carried);
      this.cost.copied += this.carried;
      this.work = grown;
    }
    chunk.copy(this.work, this.carried);
    this.cost.copied += chunk.length;
    this.carried = total;
  }

  /** Carries bytes[consumed, ...) (an incomplete record) at the start of `work`. */
  private keep(bytes: Buffer, consumed: number): void {
    const rest = bytes.length - consumed;
    if (bytes.buffer === this.work.buffer && bytes.byteOffset >= this.work.byteOffset && bytes.byteOffset < this.work.byteOffset + this.work.length) {
      this.work.copyWithin(0, bytes.byteOffset - this.work.byteOffset + consumed, bytes.byteOffset - this.work.byteOffset + bytes.length);
      this.carried = rest;
      if (consumed > 0) this.cost.copied += rest;
    } else {
      this.carried = 0;
      if (rest > 0) this.append(bytes.subarray(consumed));
    }
    this.scanned = rest;
  }

  private checkRecordLength(bytes: number): void {
    if (bytes > this.maxRecordBytes) throw new MalformedCsvError(this.line, `record longer than ${formatBytes(this.maxRecordBytes)}`);
  }

  private text(bytes: Buffer, start: number, end: number): string {
    // Node's slice decoders: what toString(encoding, start, end) calls, without its argument checks.
    const fast = bytes as unknown as SliceDecoders;
    return this.encoding === 'latin1' ? fast.latin1Slice(start, end) : fast.utf8Slice(start, end);
  }

  /** Emits every complete row of `bytes`; returns how many bytes it consumed (the rest is an incomplete row). */
  private scan(bytes: Buffer, final: boolean): number {
    this.cost.scanned += bytes.length;
    const { delimiter } = this;
    const stopsBelow = Math.max(delimiter, LF, CR);
    const row = this.row;
    row.bytes = bytes;
    const { starts, ends, decoded } = row;
    const length = bytes.length;
    let rowStart = 0;
    while (rowStart < length) {
      let count = 0;
      let lines = 1;
      let i = rowStart;
      // Blank line: skipped, like pandas.
      const blank = lineEndLength(bytes, i, final);
      if (blank < 0) return rowStart;
      if (blank > 0) {
        this.line += 1;
        rowStart = i + blank;
        continue;
      }
      for (;;) {
        if (bytes[i] === QUOTE) {
          // Quoted field: to the closing quote; "" is a literal quote.
          const q = closingQuote(bytes, i, final);
          if (q === -2 || (q === -1 && !final)) return rowStart;
          if (q === -1) throw new MalformedCsvError(this.line + countLineEnds(bytes, rowStart, i), 'unterminated quoted field');
          const doubled = bytes.indexOf(QUOTE, i + 1) < q;
          const spanned = countLineEnds(bytes, i + 1, q);
          if (spanned > (this.longestQuoted?.lines ?? 0)) this.longestQuoted = { line: this.line + lines - 1, lines: spanned };
          lines += spanned;
          // Characters after the closing quote up to the delimiter are kept, as pandas does.
          let after = q + 1;
          while (after < length && bytes[after] !== delimiter && bytes[after] !== LF && bytes[after] !== CR) after += 1;
          if (after >= length && !final) return rowStart;
          starts[count] = i + 1;
          ends[count] = q;
          if (doubled || after > q + 1) {
            const raw = this.text(bytes, i + 1, q);
            decoded[count] = (doubled ? raw.replaceAll('""', '"') : raw) + (after > q + 1 ? this.text(bytes, q + 1, after) : '');
          } else decoded[count] = undefined;
          count += 1;
          i = after;
        } else {
          let j = i;
          while (j < length) {
            const byte = bytes[j] as number;
            // Most bytes (digits, letters, UTF-8) sort above all three ends of a field: one compare.
            if (byte > stopsBelow) {
              j += 1;
              continue;
            }
            if (byte === delimiter || byte === LF || byte === CR) break;
            j += 1;
          }
          if (j >= length && !final) return rowStart;
          starts[count] = i;
          ends[count] = j;
          decoded[count] = undefined;
          count += 1;
          i = j;
        }
        const byte = bytes[i];
        if (byte === delimiter) {
          i += 1;
          if (i >= length) {
            if (!final) return rowStart;
            starts[count] = i;
            ends[count] = i;
            decoded[count] = undefined;
            count += 1;
            break;
          }
          continue;
        }
        if (byte === LF || byte === CR) {
          const end = lineEndLength(bytes, i, final);
          if (end < 0) return rowStart;
          i += end;
        }
        break;
      }
      row.count = count;
      if (count > this.maxColumns) throw new MalformedCsvError(this.line, `${count} columns (limit ${this.maxColumns})`);
      this.onRow(row, this.line);
      this.line += lines;
      rowStart = i;
    }
    return length;
  }
}

function formatBytes(bytes: number): string {
  return bytes % (1024 * 1024) === 0 ? `${bytes / (1024 * 1024)} MB` : `${bytes} bytes`;
}
