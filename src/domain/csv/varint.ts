/** Unsigned integers as LEB128 varints (7 bits a byte, low first): small counts and gaps take a byte. */
export class VarintWriter {
  private out = Buffer.allocUnsafe(4096);
  private at = 0;

  put(value: number): void {
    if (this.at + 8 > this.out.length) {
      const grown = Buffer.allocUnsafe(this.out.length * 2);
      this.out.copy(grown, 0, 0, this.at);
      this.out = grown;
    }
    while (value >= 0x80) {
      this.out[this.at++] = (value % 128) | 0x80;
      value = Math.floor(value / 128);
    }
    this.out[this.at++] = value;
  }

  bytes(): Buffer {
    return this.out.subarray(0, this.at);
  }
}

export class VarintReader {
  private at = 0;
  constructor(private readonly bytes: Uint8Array) {}

  get done(): boolean {
    return this.at >= this.bytes.length;
  }

  next(): number {
    let value = 0;
    let scale = 1;
    for (;;) {
      const byte = this.bytes[this.at++];
      if (byte === undefined) throw new Error('a varint runs past the end of its bytes');
      value += (byte & 0x7f) * scale;
      if (byte < 0x80) return value;
      scale *= 128;
    }
  }
}
