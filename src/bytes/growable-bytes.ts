/**
 * An append-only byte buffer that doubles as it fills, and keeps its memory from one
 * use to the next (conversion appends and takes millions of times: fresh buffers each
 * time made the garbage collector the largest cost of an Arrow run).
 */
export class GrowableBytes {
  private buffer: Buffer;
  length = 0;

  constructor(initialCapacity = 256) {
    this.buffer = Buffer.allocUnsafeSlow(initialCapacity);
  }

  /** Makes room for `extra` more bytes and returns the buffer to write them into, at `length`. */
  reserve(extra: number): Buffer {
    const needed = this.length + extra;
    if (needed > this.buffer.length) {
      const grown = Buffer.allocUnsafeSlow(Math.max(needed, this.buffer.length * 2));
      grown.set(this.buffer.subarray(0, this.length));
      this.buffer = grown;
    }
    return this.buffer;
  }

  pushByte(value: number): void {
    this.reserve(1)[this.length++] = value;
  }

  /** Appends a string as UTF-8; returns its byte length. */
  pushUtf8(text: string): number {
    // UTF-8 takes at most 3 bytes per UTF-16 code unit.
    const written = this.reserve(text.length * 3).write(text, this.length, 'utf8');
    this.length += written;
    return written;
  }

  pushBytes(bytes: Uint8Array): void {
    this.reserve(bytes.length).set(bytes, this.length);
    this.length += bytes.length;
  }

  /** A zero-filled run of `count` bytes. */
  pushZeros(count: number): void {
    this.reserve(count).fill(0, this.length, this.length + count);
    this.length += count;
  }

  /**
   * The bytes written so far, and empties the buffer. `copy`: in memory of their own
   * (which can be transferred to another thread); otherwise a view of this buffer's
   * memory, valid until the next write.
   */
  take(copy: boolean): Uint8Array {
    const taken = copy ? new Uint8Array(this.buffer.subarray(0, this.length)) : new Uint8Array(this.buffer.buffer, this.buffer.byteOffset, this.length);
    this.length = 0;
    return taken;
  }
}
