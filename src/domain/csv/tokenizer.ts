/**
 * A byte-level CSV tokenizer for the dialects fluxo sniffs (`,` `;` tab `|`;
 * UTF-8, UTF-8 with BOM, Latin-1): RFC 4180 quoting (a field that starts with
 * `"` runs to the closing `"`, `""` is a quote), LF or CRLF line ends, blank
 * lines skipped, rows of any length. A quote inside an unquoted field is a
 * literal character, as pandas reads it. Pure: the caller feeds byte chunks.
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

interface SliceDecoders {
  latin1Slice(start: number, end: number): string;
  utf8Slice(start: number, end: number): string;
}

const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;

export class CsvTokenizer {
  private carry: Buffer | undefined;
  /** Lines consumed before the carried bytes (for error messages). */
  private line = 1;
  private started = false;
  private readonly fields: string[] = [];

  constructor(
    private readonly delimiter: number,
    private readonly encoding: 'utf8' | 'latin1',
    private readonly skipBom: boolean,
    private readonly onRow: (fields: string[], line: number) => void,
  ) {}

  push(chunk: Buffer): void {
    let bytes = this.carry ? Buffer.concat([this.carry, chunk]) : chunk;
    if (!this.started) {
      if (this.skipBom && bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) bytes = bytes.subarray(3);
      this.started = true;
    }
    const consumed = this.scan(bytes, false);
    this.carry = consumed < bytes.length ? Buffer.from(bytes.subarray(consumed)) : undefined;
  }

  end(): void {
    if (this.carry && this.carry.length > 0) this.scan(this.carry, true);
    this.carry = undefined;
  }

  private text(bytes: Buffer, start: number, end: number): string {
    // Node's slice decoders: what toString(encoding, start, end) calls, without its argument checks.
    const fast = bytes as unknown as SliceDecoders;
    return this.encoding === 'latin1' ? fast.latin1Slice(start, end) : fast.utf8Slice(start, end);
  }

  /** Emits every complete row of `bytes`; returns how many bytes it consumed (the rest is an incomplete row). */
  private scan(bytes: Buffer, final: boolean): number {
    const { delimiter } = this;
    const fields = this.fields;
    const length = bytes.length;
    let rowStart = 0;
    while (rowStart < length) {
      fields.length = 0;
      let lines = 1;
      let i = rowStart;
      // Blank line (LF or CRLF): skipped, like pandas.
      if (bytes[i] === LF) {
        this.line += 1;
        rowStart = i + 1;
        continue;
      }
      if (bytes[i] === CR && bytes[i + 1] === LF) {
        this.line += 1;
        rowStart = i + 2;
        continue;
      }
      for (;;) {
        if (bytes[i] === QUOTE) {
          // Quoted field: to the closing quote; "" is a literal quote.
          let j = i + 1;
          let doubled = false;
          for (;;) {
            const q = bytes.indexOf(QUOTE, j);
            if (q < 0) {
              if (!final) return rowStart;
              let opened = this.line;
              for (let k = rowStart; k < i; k++) if (bytes[k] === LF) opened += 1;
              throw new MalformedCsvError(opened, 'unterminated quoted field');
            }
            if (bytes[q + 1] === QUOTE) {
              doubled = true;
              j = q + 2;
              continue;
            }
            if (q + 1 >= length && !final) return rowStart;
            for (let k = i + 1; k < q; k++) if (bytes[k] === LF) lines += 1;
            const raw = this.text(bytes, i + 1, q);
            // Characters after the closing quote up to the delimiter are kept, as pandas does.
            let after = q + 1;
            while (after < length && bytes[after] !== delimiter && bytes[after] !== LF && bytes[after] !== CR) after += 1;
            fields.push((doubled ? raw.replaceAll('""', '"') : raw) + (after > q + 1 ? this.text(bytes, q + 1, after) : ''));
            i = after;
            break;
          }
        } else {
          let j = i;
          while (j < length) {
            const byte = bytes[j] as number;
            if (byte === delimiter || byte === LF || byte === CR) break;
            j += 1;
          }
          if (j >= length && !final) return rowStart;
          fields.push(this.text(bytes, i, j));
          i = j;
        }
        const byte = bytes[i];
        if (byte === delimiter) {
          i += 1;
          if (i >= length) {
            if (!final) return rowStart;
            fields.push('');
            break;
          }
          continue;
        }
        if (byte === CR) i += bytes[i + 1] === LF ? 2 : 1;
        else if (byte === LF) i += 1;
        break;
      }
      this.onRow(fields, this.line);
      this.line += lines;
      rowStart = i;
    }
    return length;
  }
}
