/**
 * Field values seen before, found by their bytes, each with a count: a column's values are
 * decoded and classified once per distinct value, not once per row, and counted without a
 * string (a free-text column of 88 000 different descriptions over 3 M rows decodes 88 000
 * of them). An open-addressing table over an arena of the values' bytes: MurmurHash3 of the
 * bytes read as 32-bit words, confirmed by comparing those words.
 */
export class ByteDictionary<T> {
  /**
   * Per slot, 4 ints: entry index + 1 (0: empty), hash, where the bytes' words start in the
   * arena and how many bytes - one cache line answers a probe. A power of two slots, at most 3/4 full.
   */
  private slots = new Int32Array(4 * 1024);
  /** Each value's bytes as little-endian 32-bit words, the last one padded with zeros: compared 4 bytes at a time. */
  private arena = new Int32Array(4096);
  private arenaUsed = 0;
  /** The words of the bytes find() last hashed (what insert() then stores). */
  private words = new Int32Array(64);
  /** Occurrences of each entry not yet handed on (see drain). */
  counts = new Uint32Array(512);
  /** 1 where the entry's info is the caller's plain text (see insert): no need to read it. */
  plain = new Uint8Array(512);
  readonly texts: string[] = [];
  readonly infos: T[] = [];
  size = 0;
  /** Where the last miss of find() would insert. */
  private missHash = 0;
  private missSlot = 0;

  constructor(readonly limit: number) {}

  get full(): boolean {
    return this.size >= this.limit;
  }

  /** The entry of bytes[start, end), or -1 (then insert() may add it). */
  find(bytes: Uint8Array, start: number, end: number): number {
    const length = end - start;
    if (length + 4 > this.words.length * 4) this.words = new Int32Array(Math.max((length >> 2) + 2, this.words.length * 2));
    const words = this.words;
    // MurmurHash3 (x86, 32 bits) over the bytes as little-endian words, kept for the compare:
    // a word at a time, where FNV-1a took a multiply per byte, and its finalizer spreads the
    // last bytes into the low bits linear probing uses (dates, numbered names).
    let hash = 0x9747b28c | 0;
    let w = 0;
    let i = start;
    for (const last = end - 3; i < last; i += 4) {
      const word = (bytes[i] as number) | ((bytes[i + 1] as number) << 8) | ((bytes[i + 2] as number) << 16) | ((bytes[i + 3] as number) << 24);
      words[w++] = word;
      hash ^= mixWord(word);
      hash = (Math.imul((hash << 13) | (hash >>> 19), 5) + 0xe6546b64) | 0;
    }
    if (i < end) {
      let word = bytes[i] as number;
      if (i + 1 < end) word |= (bytes[i + 1] as number) << 8;
      if (i + 2 < end) word |= (bytes[i + 2] as number) << 16;
      words[w++] = word;
      hash ^= mixWord(word);
    }
    hash ^= length;
    hash ^= hash >>> 16;
    hash = Math.imul(hash, 0x85ebca6b);
    hash ^= hash >>> 13;
    hash = Math.imul(hash, 0xc2b2ae35);
    hash ^= hash >>> 16;
    const slots = this.slots;
    const mask = (slots.length >> 2) - 1;
    let slot = hash & mask;
    for (;;) {
      const at = slot << 2;
      const held = slots[at] as number;
      if (held === 0) break;
      if (slots[at + 1] === hash && slots[at + 3] === length && this.same(slots[at + 2] as number, w)) return held - 1;
      slot = (slot + 1) & mask;
    }
    this.missHash = hash;
    this.missSlot = slot;
    return -1;
  }

  /**
   * Adds the bytes find() just missed, with their text and what they are (`plain`: the
   * caller's common case, marked so it need not read `info`); -1 when the dictionary is full.
   */
  insert(bytes: Uint8Array, start: number, end: number, text: string, info: T, plain: boolean): number {
    if (this.size >= this.limit) return -1;
    const entry = this.size;
    if (entry === this.counts.length) {
      this.counts = grown(this.counts, entry * 2);
      this.plain = grown(this.plain, entry * 2);
    }
    const length = end - start;
    const count = (length + 3) >> 2;
    if (this.arenaUsed + count > this.arena.length) this.arena = grown(this.arena, Math.max(this.arena.length * 2, this.arenaUsed + count));
    this.arena.set(this.words.subarray(0, count), this.arenaUsed);
    const at = this.missSlot << 2;
    this.slots[at] = entry + 1;
    this.slots[at + 1] = this.missHash;
    this.slots[at + 2] = this.arenaUsed;
    this.slots[at + 3] = length;
    this.arenaUsed += count;
    this.counts[entry] = 0;
    this.plain[entry] = plain ? 1 : 0;
    this.texts.push(text);
    this.infos.push(info);
    this.size += 1;
    if (this.size * 4 > (this.slots.length >> 2) * 3) this.rehash();
    return entry;
  }

  /** Hands every pending count to `take` (text, count) and sets it back to zero. */
  drain(take: (text: string, count: number) => void): void {
    const counts = this.counts;
    for (let entry = 0; entry < this.size; entry++) {
      const count = counts[entry] as number;
      if (count === 0) continue;
      counts[entry] = 0;
      take(this.texts[entry] as string, count);
    }
  }

  /** The arena's words from `at` equal the first `count` of `words` (same length: padding zeros on both sides). */
  private same(at: number, count: number): boolean {
    const arena = this.arena;
    const words = this.words;
    for (let i = 0; i < count; i++) if (arena[at + i] !== words[i]) return false;
    return true;
  }

  private rehash(): void {
    const old = this.slots;
    const slots = new Int32Array(old.length * 2);
    const mask = (slots.length >> 2) - 1;
    for (let from = 0; from < old.length; from += 4) {
      if (old[from] === 0) continue;
      let slot = (old[from + 1] as number) & mask;
      while (slots[slot << 2] !== 0) slot = (slot + 1) & mask;
      slots.set(old.subarray(from, from + 4), slot << 2);
    }
    this.slots = slots;
  }
}

/** MurmurHash3's mix of one 32-bit word. */
function mixWord(word: number): number {
  let k = Math.imul(word, 0xcc9e2d51);
  k = (k << 15) | (k >>> 17);
  return Math.imul(k, 0x1b873593);
}

function grown<A extends Uint32Array | Uint8Array | Int32Array>(array: A, size: number): A {
  const out = new (array.constructor as new (size: number) => A)(size);
  out.set(array);
  return out;
}
