import { Utf16Decoder, utf16Sample, utf16Units, windows1252ToUtf8 } from '../../src/domain/csv/transcode.js';
import type { Utf16 } from '../../src/domain/utf16.js';

/** Text with a BMP accent, a tab, CRLF, quoted line ends and characters past U+FFFF (surrogate pairs) side by side. */
const TEXT = 'nome\tvalor\r\nZé 😀\t1,5\r\n"a\r\n👍🏽b"\t𝒳\r\n😀😀\t2\n';
const encode = (text: string, encoding: Utf16, bom = true): Buffer => {
  const le = Buffer.from((bom ? '\uFEFF' : '') + text, 'utf16le');
  return encoding === 'utf-16le' ? le : le.swap16();
};

/** A byte range `[start, end)` of `bytes` as the reader reads it: in pieces of `piece` bytes, the pair its last unit begins finished from the next bytes. */
function readRange(bytes: Buffer, encoding: Utf16, start: number, end: number, piece: number): string {
  const decoder = new Utf16Decoder(encoding, start === 0);
  const out: Buffer[] = [];
  for (let at = start; at < end; at += piece) out.push(decoder.push(bytes.subarray(at, Math.min(at + piece, end))));
  out.push(decoder.end(decoder.pendingPair ? bytes.subarray(end, end + 2) : undefined));
  return Buffer.concat(out).toString('utf8');
}

describe.each(['utf-16le', 'utf-16be'] as const)('%s read as UTF-8', (encoding) => {
  const bytes = encode(TEXT, encoding);

  it('gives the text without its BOM, whatever pieces the bytes arrive in', () => {
    for (let piece = 1; piece <= bytes.length; piece++) expect([piece, readRange(bytes, encoding, 0, bytes.length, piece)]).toEqual([piece, TEXT]);
    expect(utf16Sample(bytes, encoding).toString('utf8')).toBe(TEXT);
    expect(utf16Sample(encode(TEXT, encoding, false), encoding).toString('utf8')).toBe(TEXT);
  });

  it('reads two ranges cut at any even offset as the whole: a pair cut in two is finished by the first range, skipped by the second', () => {
    for (let cut = 2; cut < bytes.length; cut += 2) {
      const first = readRange(bytes, encoding, 0, cut, 7);
      const second = readRange(bytes, encoding, cut, bytes.length, 5);
      expect([cut, first + second]).toEqual([cut, TEXT]);
    }
  });

  it('counts the UTF-16 code units of any UTF-8 prefix, so an offset in the text maps back to the file', () => {
    const utf8 = Buffer.from(TEXT, 'utf8');
    for (let end = 0; end <= TEXT.length; end++) {
      const prefix = Buffer.byteLength(TEXT.slice(0, end), 'utf8');
      // A prefix ending inside a pair is not a character boundary: only whole characters count.
      if (/[\uD800-\uDBFF]$/.test(TEXT.slice(0, end))) continue;
      expect(utf16Units(utf8, 0, prefix)).toBe(end);
    }
  });

  it('reads a lone surrogate as U+FFFD, one character for one code unit', () => {
    const lone = Buffer.concat([encode('a', encoding, false), encoding === 'utf-16le' ? Buffer.from([0x3d, 0xd8]) : Buffer.from([0xd8, 0x3d]), encode('b\n', encoding, false)]);
    const text = readRange(lone, encoding, 0, lone.length, 3);
    expect(text).toBe('a\uFFFDb\n');
    expect(utf16Units(Buffer.from(text, 'utf8'), 0, Buffer.byteLength(text))).toBe(lone.length / 2);
  });
});

describe('Windows-1252 read as UTF-8', () => {
  it('maps 0x80-0x9F to what Excel meant (€, curly quotes, dashes), the rest as Latin-1, one character a byte', () => {
    const bytes = Uint8Array.from({ length: 256 }, (_, index) => index);
    const text = windows1252ToUtf8(bytes).toString('utf8');
    expect([...text]).toHaveLength(256);
    expect(utf16Units(windows1252ToUtf8(bytes), 0, windows1252ToUtf8(bytes).length)).toBe(256);
    expect([text[0x80], text[0x85], text[0x91], text[0x92], text[0x93], text[0x94], text[0x96], text[0x97], text[0x99]]).toEqual(['€', '…', '‘', '’', '“', '”', '–', '—', '™']);
    // The five bytes Windows-1252 leaves undefined stay the C1 control (as WHATWG decodes them); the rest is Latin-1.
    expect([0x81, 0x8d, 0x8f, 0x90, 0x9d].map((byte) => text.charCodeAt(byte))).toEqual([0x81, 0x8d, 0x8f, 0x90, 0x9d]);
    expect(text.slice(0xa0)).toBe(Buffer.from(bytes.subarray(0xa0)).toString('latin1'));
    expect(text.slice(0, 0x80)).toBe(Buffer.from(bytes.subarray(0, 0x80)).toString('latin1'));
  });
});
