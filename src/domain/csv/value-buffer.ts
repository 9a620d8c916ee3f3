import { linearQuantile } from './select.js';

/** Numbers kept one by one in blocks of doubles (8 bytes a value; growing never copies what is kept), 1 Ki doubling up to 64 Ki: 3000 numeric columns would otherwise hold 512 KB each. */
const FIRST_BLOCK = 1024;
const BLOCK = 65_536;

export class ValueBuffer {
  private blocks: Float64Array[] = [];
  /** Values in the last block (every other block is full). */
  private used = 0;
  length = 0;

  static of(values: Iterable<number>): ValueBuffer {
    const buffer = new ValueBuffer();
    for (const value of values) buffer.push(value);
    return buffer;
  }

  push(value: number): void {
    let last = this.blocks[this.blocks.length - 1];
    if (!last || this.used === last.length) {
      last = new Float64Array(last ? Math.min(BLOCK, last.length * 2) : FIRST_BLOCK);
      this.blocks.push(last);
      this.used = 0;
    }
    last[this.used++] = value;
    this.length += 1;
  }

  *[Symbol.iterator](): IterableIterator<number> {
    for (let b = 0; b < this.blocks.length; b++) {
      const block = this.blocks[b] as Float64Array;
      const end = b === this.blocks.length - 1 ? this.used : block.length;
      for (let i = 0; i < end; i++) yield block[i] as number;
    }
  }

  /**
   * The values in one array, in no particular order: the blocks are joined once (and let
   * go), so the three quartiles of a column select in the same array. A caller may reorder it.
   */
  values(): Float64Array {
    if (this.blocks.length === 1 && this.used === (this.blocks[0] as Float64Array).length) return this.blocks[0] as Float64Array;
    const out = new Float64Array(this.length);
    let at = 0;
    for (let b = 0; b < this.blocks.length; b++) {
      const block = this.blocks[b] as Float64Array;
      const end = b === this.blocks.length - 1 ? this.used : block.length;
      out.set(end === block.length ? block : block.subarray(0, end), at);
      at += end;
    }
    this.blocks = [out];
    this.used = out.length;
    return out;
  }

  /** pandas' linear-interpolation quantile of the values (select.ts: no sort). */
  quantile(q: number): number | undefined {
    return linearQuantile(this.values(), q);
  }

  toArray(): number[] {
    return [...this];
  }
}
