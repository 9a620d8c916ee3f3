import { isUtf8 } from 'node:buffer';
import { afterFirstLineEnd, countLineEnds } from '../../domain/csv/records.js';
import { MalformedCsvError } from '../../domain/csv/tokenizer.js';
import { SNIFF_BYTES, type Encoding } from '../../domain/csv/sniff.js';
import { Utf16Decoder, utf16Sample, utf16Units, Windows1252Decoder, windows1252ToUtf8, type TextDecoderOfRange } from '../../domain/csv/transcode.js';
import { utf16Of as utf16In, type Utf16 } from '../../domain/utf16.js';
import type { ByteRange, ObjectStore } from '../../ports/object-store.js';
import { readObjectRange } from './read-ahead.js';
import type { InspectedFile } from './schemas.js';

/**
 * The reading edge of every CSV path: what the scanner reads of a byte range of the file.
 * Chunks are byte ranges of the file as stored; a UTF-16 file's ranges are transcoded to
 * UTF-8 here (transcode.ts), so the tokenizer, the record-start search and the sniffer
 * read UTF-8 (or Latin-1) only. A UTF-8 file is checked as it streams by: a byte that is
 * not UTF-8 past the sniffer's sample is a one-line error naming its offset and line.
 */
export type SourceFile = Pick<InspectedFile, 'bucket' | 'key' | 'size' | 'encoding'>;

export const utf16Of = (file: Pick<InspectedFile, 'encoding'>): Utf16 | undefined => (file.encoding === 'utf-16le' || file.encoding === 'utf-16be' ? file.encoding : undefined);

/** Bytes of the file's code unit: where its byte ranges may start (UTF-16: even offsets). */
export const unitBytes = (file: Pick<InspectedFile, 'encoding'>): number => (utf16Of(file) ? 2 : 1);

/** How the stored bytes of a range are read: the object's stream unless told (`fluxo summarize` reads its local file into one reused buffer). */
export type RawReader = (range: ByteRange) => Promise<AsyncIterable<Buffer | Uint8Array>>;

/** The decoder a range of the file is transcoded to UTF-8 with (UTF-16, Windows-1252); none for UTF-8 and Latin-1, read as they are. */
export function decoderOf(file: Pick<InspectedFile, 'encoding'>, fileStart: boolean): TextDecoderOfRange | undefined {
  const utf16 = utf16Of(file);
  if (utf16) return new Utf16Decoder(utf16, fileStart);
  return file.encoding === 'windows-1252' ? new Windows1252Decoder() : undefined;
}

/** The scanner's bytes of `range` (inclusive ends; the whole file without one). */
export async function readText(objects: ObjectStore, file: SourceFile, range?: ByteRange, read?: RawReader): Promise<AsyncIterable<Buffer>> {
  const whole = { start: 0, end: file.size - 1 };
  const decoder = decoderOf(file, (range ?? whole).start === 0);
  if (decoder) return transcoded(objects, file, decoder, range ?? whole, read ?? ((at) => objects.stream(file.bucket, file.key, at)));
  const raw = (await (read ? read(range ?? whole) : objects.stream(file.bucket, file.key, range))) as AsyncIterable<Buffer>;
  return file.encoding === 'latin1' ? raw : checkedUtf8(objects, file, raw, range ?? whole);
}

async function* transcoded(objects: ObjectStore, file: SourceFile, decoder: TextDecoderOfRange, range: ByteRange, read: RawReader): AsyncGenerator<Buffer> {
  for await (const piece of await read(range)) {
    const text = decoder.push(piece as Buffer);
    if (text.length) yield text;
  }
  // The range's last character began a surrogate pair: its second half is the next range's first unit, read here.
  const next = decoder.pendingPair && range.end + 2 < file.size ? await readObjectRange(objects, file.bucket, file.key, range.end + 1, range.end + 2) : undefined;
  const rest = decoder.end(next);
  if (rest.length) yield rest;
}

/** Bytes of a UTF-8 sequence its first byte announces (1 for a byte no sequence starts with). */
const sequenceLength = (byte: number): number => (byte >= 0xf0 && byte <= 0xf4 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc2 && byte < 0xe0 ? 2 : 1);

/** Where a UTF-8 sequence cut by the end of `bytes` starts (bytes.length when none is). */
function cutSequence(bytes: Uint8Array): number {
  for (let back = 1; back <= 3 && back <= bytes.length; back++) {
    const byte = bytes[bytes.length - back] as number;
    if ((byte & 0xc0) === 0x80) continue;
    return byte >= 0xc2 && sequenceLength(byte) > back ? bytes.length - back : bytes.length;
  }
  return bytes.length;
}

/** The first byte of `bytes` that is not part of valid UTF-8 (the slow path, once, for the message). */
function firstInvalid(bytes: Uint8Array): number {
  for (let at = 0; at < bytes.length; ) {
    const length = sequenceLength(bytes[at] as number);
    if (length === 1 ? (bytes[at] as number) >= 0x80 : !isUtf8(bytes.subarray(at, at + length))) return at;
    at += length;
  }
  return bytes.length;
}

async function* checkedUtf8(objects: ObjectStore, file: SourceFile, raw: AsyncIterable<unknown>, range: ByteRange): AsyncGenerator<Buffer> {
  /** A sequence the last piece cut, and where it starts in the file. */
  let carry: Buffer | undefined;
  let offset = range.start;
  for await (const chunk of raw) {
    const piece = chunk as Buffer;
    let from = 0;
    if (carry) {
      // The cut sequence, finished by this piece's first bytes.
      from = Math.min(piece.length, sequenceLength(carry[0] as number) - carry.length);
      const joined = Buffer.concat([carry, piece.subarray(0, from)]);
      if (joined.length < sequenceLength(carry[0] as number)) {
        carry = joined;
        offset += piece.length;
        yield piece;
        continue;
      }
      if (!isUtf8(joined)) await notUtf8(objects, file, range.start, offset - carry.length);
      carry = undefined;
    }
    const cut = cutSequence(piece);
    if (!isUtf8(piece.subarray(from, cut))) await notUtf8(objects, file, range.start, offset + from + firstInvalid(piece.subarray(from, cut)));
    if (cut < piece.length) carry = Buffer.from(piece.subarray(cut));
    offset += piece.length;
    yield piece;
  }
  if (carry) await notUtf8(objects, file, range.start, offset - carry.length);
}

async function notUtf8(objects: ObjectStore, file: SourceFile, start: number, at: number): Promise<never> {
  const before = at > start ? await readObjectRange(objects, file.bucket, file.key, start, at - 1) : Buffer.alloc(0);
  const [byte] = await readObjectRange(objects, file.bucket, file.key, at, at);
  const hex = (byte ?? 0).toString(16).toUpperCase().padStart(2, '0');
  // Its line counted from the range's start; the tokenizer's caller adds the range's first line.
  throw new MalformedCsvError(1 + countLineEnds(before, 0, before.length), `byte 0x${hex} at offset ${at} is not UTF-8, though the file's first 64 KB are: save it as UTF-8`);
}

/**
 * Where the record after `offset` starts (the raw rule a speculative chunk uses,
 * afterFirstLineEnd, records.ts), from the character before `offset`; the search reads
 * the scanner's bytes, and the answer is an offset in the file as stored.
 */
export async function recordStartFrom(objects: ObjectStore, file: SourceFile, offset: number): Promise<number> {
  const window = 64 * 1024;
  const width = unitBytes(file);
  for (let from = offset - width; from < file.size; from += window) {
    // One character past the window: a CR at its end may be the first half of a CRLF.
    const last = Math.min(from + window + width, file.size);
    const final = last === file.size;
    const decoder = decoderOf(file, from === 0);
    if (!decoder) {
      const next = afterFirstLineEnd(await readObjectRange(objects, file.bucket, file.key, from, last - 1), 0, final);
      if (next >= 0) return from + next;
      continue;
    }
    const bytes = decoder.push(await readObjectRange(objects, file.bucket, file.key, from, last - 1));
    const next = afterFirstLineEnd(bytes, 0, final);
    // Each UTF-16 code unit of the text before it is one unit of the file (2 bytes in UTF-16, 1 in Windows-1252).
    if (next >= 0) return from + decoder.skipped + width * utf16Units(bytes, 0, next);
  }
  return file.size;
}

/**
 * The sniffer's sample: the file's first SNIFF_BYTES as the scanner reads them, and the
 * encoding they are stored in when it is UTF-16 (by its BOM, or NULs in every other byte).
 * `encoding` forces one; otherwise a UTF-16 file is told by its first bytes.
 */
export async function readSample(objects: ObjectStore, file: Pick<SourceFile, 'bucket' | 'key' | 'size'>, encoding?: Encoding): Promise<{ sample: Buffer; utf16: Utf16 | undefined }> {
  const raw = await readObjectRange(objects, file.bucket, file.key, 0, Math.min(SNIFF_BYTES, file.size) - 1);
  const utf16 = encoding ? utf16Of({ encoding }) : utf16In(raw);
  // A forced Windows-1252 is read transcoded, as its chunks will be (a sniffed one: sniff transcodes its sample itself).
  return { sample: utf16 ? utf16Sample(raw, utf16) : encoding === 'windows-1252' ? windows1252ToUtf8(raw) : raw, utf16 };
}
