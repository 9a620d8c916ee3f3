/**
 * Field values seen before, found by their bytes: a column with few different values
 * (a city, a flag, a date, a category) decodes and classifies each value once, not once
 * per row. Keyed by an FNV-1a hash of the bytes, confirmed by comparing them.
 */
export interface DictionaryEntry<T> {
  bytes: Uint8Array;
  text: string;
  info: T;
}

export class ByteDictionary<T> {
  private readonly byHash = new Map<number, DictionaryEntry<T> | DictionaryEntry<T>[]>();
  size = 0;

  constructor(readonly limit: number) {}

  get full(): boolean {
    return this.size >= this.limit;
  }

  /** The entry for bytes[start, end), made with `make(text)` on first sight; undefined once the dictionary is full. */
  lookup(bytes: Uint8Array, start: number, end: number, decode: () => string, make: (text: string) => T): DictionaryEntry<T> | undefined {
    let hash = 0x811c9dc5;
    for (let i = start; i < end; i++) hash = Math.imul(hash ^ (bytes[i] as number), 0x01000193);
    const found = this.byHash.get(hash);
    if (found) {
      if (!Array.isArray(found)) {
        if (same(found.bytes, bytes, start, end)) return found;
      } else for (const entry of found) if (same(entry.bytes, bytes, start, end)) return entry;
    }
    if (this.size >= this.limit) return undefined;
    const text = decode();
    // A copy: a Buffer slice would be a view keeping the whole read chunk alive.
    const entry: DictionaryEntry<T> = { bytes: Uint8Array.prototype.slice.call(bytes, start, end), text, info: make(text) };
    this.size += 1;
    if (!found) this.byHash.set(hash, entry);
    else if (Array.isArray(found)) found.push(entry);
    else this.byHash.set(hash, [found, entry]);
    return entry;
  }
}

function same(key: Uint8Array, bytes: Uint8Array, start: number, end: number): boolean {
  if (key.length !== end - start) return false;
  for (let i = 0; i < key.length; i++) if (key[i] !== bytes[start + i]) return false;
  return true;
}
