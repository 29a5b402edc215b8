/**
 * A file written under a temporary name in its final directory, hashed and counted
 * as it is written, and renamed into place only when the run succeeds. The rename is
 * atomic on one filesystem, which is why the temp file lives beside the target.
 */
import { createHash, randomBytes, type Hash } from 'node:crypto';
import { open, rename, rm, type FileHandle } from 'node:fs/promises';
import path from 'node:path';

/** Chunks are gathered up to this size before one `writev` call. */
const FLUSH_BYTES = 1 << 20;

export type FinishedFile = { bytes: number; sha256: string };

export class AtomicFile {
  readonly tempPath: string;
  private handle: FileHandle | undefined;
  private readonly hash: Hash = createHash('sha256');
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private written = 0;
  private finished: FinishedFile | undefined;

  private constructor(tempPath: string, handle: FileHandle) {
    this.tempPath = tempPath;
    this.handle = handle;
  }

  /** Creates an empty temp file in `dir`; `hint` only makes the temp name readable. */
  static async create(dir: string, hint: string): Promise<AtomicFile> {
    const tempPath = path.join(dir, createTempName(hint));
    const handle = await open(tempPath, 'wx');
    return new AtomicFile(tempPath, handle);
  }

  /** Bytes written so far, including buffered ones. */
  get bytes(): number {
    return this.written;
  }

  /**
   * Appends a chunk; resolves when buffered data has been handed to the OS if a flush was due.
   * A Uint8Array is copied unless `owned` says the caller hands it over and will not reuse it.
   */
  async write(chunk: string | Uint8Array, owned = false): Promise<void> {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    if (buffer.byteLength === 0) return;
    this.hash.update(buffer);
    this.written += buffer.byteLength;
    if (buffer.byteLength >= FLUSH_BYTES) {
      await this.flush();
      await this.writeAll([buffer]);
      return;
    }
    this.pending.push(typeof chunk === 'string' || owned ? buffer : Buffer.from(buffer));
    this.pendingBytes += buffer.byteLength;
    if (this.pendingBytes >= FLUSH_BYTES) await this.flush();
  }

  /** Flushes and closes the temp file; it stays under its temp name until `moveTo`. */
  async finish(): Promise<FinishedFile> {
    if (this.finished) return this.finished;
    await this.flush();
    const handle = this.requireHandle();
    await handle.close();
    this.handle = undefined;
    this.finished = { bytes: this.written, sha256: this.hash.digest('hex') };
    return this.finished;
  }

  /** Renames the finished temp file to its final path (replacing any old file there). */
  async moveTo(finalPath: string): Promise<void> {
    if (!this.finished) throw new Error(`moveTo before finish: ${this.tempPath}`);
    await rename(this.tempPath, finalPath);
  }

  /** Closes and deletes the temp file; safe to call at any point, more than once. */
  async discard(): Promise<void> {
    const handle = this.handle;
    this.handle = undefined;
    this.pending = [];
    if (handle) await handle.close().catch(() => undefined);
    await rm(this.tempPath, { force: true });
  }

  private async flush(): Promise<void> {
    if (this.pending.length === 0) return;
    const chunks = this.pending;
    this.pending = [];
    this.pendingBytes = 0;
    await this.writeAll(chunks);
  }

  private async writeAll(chunks: Buffer[]): Promise<void> {
    const handle = this.requireHandle();
    let remaining = chunks;
    // writev may write fewer bytes than asked; loop until everything is on disk.
    while (remaining.length > 0) {
      const total = remaining.reduce((sum, b) => sum + b.byteLength, 0);
      const { bytesWritten } = await handle.writev(remaining);
      if (bytesWritten >= total) return;
      remaining = dropBytes(remaining, bytesWritten);
    }
  }

  private requireHandle(): FileHandle {
    if (!this.handle) throw new Error(`file already closed: ${this.tempPath}`);
    return this.handle;
  }
}

function dropBytes(chunks: Buffer[], count: number): Buffer[] {
  const rest: Buffer[] = [];
  let skip = count;
  for (const chunk of chunks) {
    if (skip >= chunk.byteLength) {
      skip -= chunk.byteLength;
      continue;
    }
    rest.push(skip > 0 ? chunk.subarray(skip) : chunk);
    skip = 0;
  }
  return rest;
}

/** Hidden, unique per process and call, so concurrent runs into one directory never clash. */
export function createTempName(hint: string): string {
  const safeHint = hint.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 80);
  return `.${safeHint}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
}
