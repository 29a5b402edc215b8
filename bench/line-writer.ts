import { closeSync, openSync, writeSync } from 'node:fs';

const FLUSH_AT = 1 << 20;

/**
 * Appends JSON lines to a file through a bounded buffer (about 1 MiB of text), so a session of
 * any size is written without ever holding more than one buffer and one line in memory.
 */
export class LineWriter {
  private readonly fd: number;
  private pending: string[] = [];
  private pendingChars = 0;
  private flushedBytes = 0;
  lines = 0;

  constructor(path: string) {
    this.fd = openSync(path, 'w');
  }

  /** Serializes one rollout line (`JSON.stringify`, then `\n`). */
  write(value: unknown): void {
    const text = JSON.stringify(value) + '\n';
    this.lines++;
    this.pending.push(text);
    this.pendingChars += text.length;
    if (this.pendingChars >= FLUSH_AT) this.flush();
  }

  private flush(): void {
    if (this.pending.length === 0) return;
    this.flushedBytes += writeSync(this.fd, this.pending.join(''));
    this.pending = [];
    this.pendingChars = 0;
  }

  /**
   * Size so far: exact for what is flushed, UTF-16 units for the buffered tail (cheap, and
   * still deterministic, which is all the size targets need).
   */
  get approximateBytes(): number {
    return this.flushedBytes + this.pendingChars;
  }

  /** Exact UTF-8 bytes written; final once `close()` has run. */
  get bytes(): number {
    return this.flushedBytes;
  }

  close(): void {
    this.flush();
    closeSync(this.fd);
  }
}
