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
  private carry: Buffer | undefined;
  /** Chunks held back while a long record is carried (see push). */
  private held: Buffer[] = [];
  private heldBytes = 0;
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

  /** Where a carried partial row and the next chunk are joined, reused from chunk to chunk. */
  private work: Buffer = Buffer.alloc(0);

  /** Scans a chunk; the chunk may be reused by the caller once this returns. */
  push(chunk: Buffer): void {
    if (chunk.length === 0) return;
    if (this.carry && (this.held.length > 0 || this.carry.length > chunk.length)) {
      // A record longer than a chunk: hold chunks until there are as many new bytes as carried ones
      // before scanning it again, so a long record costs linear time, not one rescan per chunk.
      this.held.push(Buffer.from(chunk));
      this.heldBytes += chunk.length;
      this.checkRecordLength(this.carry.length + this.heldBytes);
      if (this.heldBytes < this.carry.length) return;
      chunk = this.takeHeld();
    }
    let bytes = chunk;
    if (this.carry) {
      const total = this.carry.length + chunk.length;
      if (this.work.length < total) this.work = Buffer.allocUnsafeSlow(Math.max(total, this.work.length * 2));
      this.carry.copy(this.work, 0);
      chunk.copy(this.work, this.carry.length);
      bytes = this.work.subarray(0, total);
    }
    if (!this.started) {
      // The first bytes may be cut inside the byte order mark: wait for three.
      if (this.skipBom && bytes.length < 3 && isBomPrefix(bytes)) {
        this.carry = Buffer.from(bytes);
        return;
      }
      if (this.skipBom && hasBom(bytes)) bytes = bytes.subarray(3);
      this.started = true;
    }
    const consumed = this.scan(bytes, false);
    this.carry = consumed < bytes.length ? Buffer.from(bytes.subarray(consumed)) : undefined;
    if (this.carry) this.checkRecordLength(this.carry.length);
  }

  end(): void {
    if (this.held.length) this.carry = Buffer.concat([this.carry ?? Buffer.alloc(0), this.takeHeld()]);
    if (this.carry && this.carry.length > 0) this.scan(this.carry, true);
    this.carry = undefined;
  }

  private takeHeld(): Buffer {
    const joined = this.held.length === 1 ? (this.held[0] as Buffer) : Buffer.concat(this.held);
    this.held = [];
    this.heldBytes = 0;
    return joined;
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
