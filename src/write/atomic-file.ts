/**
 * A file written under a temporary name in its final directory, hashed and counted
 * as it is written, and renamed into place only when the run succeeds. The rename is
 * atomic on one filesystem, which is why the temp file lives beside the target.
 *
 * Data is written with blocking calls. The main thread both converts files and writes
 * every thread's output; with asynchronous writes each 1 MiB needed a turn of its event
 * loop, which comes once per chunk the thread converts, so the output fell behind and
 * paused the workers. A blocking write into the page cache costs the same CPU (an
 * asynchronous one runs on another thread of the same cores) and keeps the output
 * current: 2 GB corpus, --jobs 2, JSONL 9.1-10.7 -> 8.0-8.2 s, Arrow 11.0-11.8 -> 9.9-10.5 s.
 */
import { createHash, randomBytes, type Hash } from 'node:crypto';
import { writeSync } from 'node:fs';
import { copyFile, link, open, rename, rm, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { returnBuffer, takeBuffer } from '../bytes/buffer-pool.js';
import { OutputPathError } from './output-dir.js';
import { ReferenceMatch, type ReferenceFile } from './reference-file.js';

/**
 * Small writes are copied into a reused buffer of this size, written out when full; larger
 * ones go to the file as they are.
 */
const FLUSH_BYTES = 1 << 20;
/** Write buffers kept for reuse per thread (a sink writes a few files at a time). */
const KEPT_WRITE_BUFFERS = 4;

export type FinishedFile = { bytes: number; sha256: string };

export class AtomicFile {
  readonly tempPath: string;
  private handle: FileHandle | undefined;
  private readonly hash: Hash = createHash('sha256');
  /** Bytes not yet handed to the OS (taken from the pool at the first small write). */
  private buffer: Buffer | undefined;
  private buffered = 0;
  private written = 0;
  private finished: FinishedFile | undefined;
  /** While every byte so far equals the reference's start (reference-file.ts). */
  private match: ReferenceMatch | undefined;
  /** The reference, when the finished file is exactly it: moveTo links it into place. */
  private reused: ReferenceFile | undefined;

  private constructor(tempPath: string, handle: FileHandle, match: ReferenceMatch | undefined) {
    this.tempPath = tempPath;
    this.handle = handle;
    this.match = match;
  }

  /**
   * Creates an empty temp file in `dir`; `hint` only makes the temp name readable.
   * `reference`: a file of the dataset being replaced that this one may equal (--incremental).
   */
  static async create(dir: string, hint: string, reference?: ReferenceFile): Promise<AtomicFile> {
    const tempPath = path.join(dir, createTempName(hint));
    const handle = await open(tempPath, 'wx');
    return new AtomicFile(tempPath, handle, reference ? (ReferenceMatch.open(reference) ?? undefined) : undefined);
  }

  /**
   * A file whose bytes so far are `reference`'s first `bytes` (all of them by default),
   * known without writing them (an incremental rebuild taking a file of the last dataset,
   * or its first records): finished as the whole reference, it is the reference; written
   * on, or finished short of it, it gets a copy of those bytes first. Null when the
   * reference cannot be opened.
   */
  static async adopt(dir: string, hint: string, reference: ReferenceFile, bytes = reference.bytes): Promise<AtomicFile | null> {
    const match = ReferenceMatch.open(reference, bytes);
    if (!match) return null;
    const tempPath = path.join(dir, createTempName(hint));
    const file = new AtomicFile(tempPath, await open(tempPath, 'wx'), match);
    file.written = bytes;
    return file;
  }

  /** Bytes written so far, including buffered ones. */
  get bytes(): number {
    return this.written;
  }

  /**
   * Appends a chunk. The chunk is no longer referenced when this returns (small chunks
   * are copied, large ones written out), so the caller may reuse its memory then.
   */
  async write(chunk: string | Uint8Array): Promise<void> {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    if (bytes.byteLength === 0) return;
    this.written += bytes.byteLength;
    if (this.match) {
      if (this.match.consume(bytes)) return;
      this.stopMatching();
    }
    this.append(bytes);
  }

  /** Hashes and writes bytes (small ones through the buffer). */
  private append(bytes: Buffer): void {
    this.hash.update(bytes);
    if (bytes.byteLength >= FLUSH_BYTES) {
      this.flush();
      this.writeOut(bytes);
      return;
    }
    if (this.buffered + bytes.byteLength > FLUSH_BYTES) this.flush();
    this.buffer ??= takeBuffer(FLUSH_BYTES);
    bytes.copy(this.buffer, this.buffered);
    this.buffered += bytes.byteLength;
  }

  /** Flushes and closes the temp file; it stays under its temp name until `moveTo`. */
  async finish(): Promise<FinishedFile> {
    if (this.finished) return this.finished;
    if (this.match?.complete) {
      this.reused = this.match.reference;
      this.match.close();
      this.match = undefined;
      await this.requireHandle().close();
      this.handle = undefined;
      this.finished = { bytes: this.written, sha256: this.reused.sha256 };
      return this.finished;
    }
    if (this.match) this.stopMatching();
    this.flush();
    this.releaseBuffer();
    const handle = this.requireHandle();
    await handle.close();
    this.handle = undefined;
    this.finished = { bytes: this.written, sha256: this.hash.digest('hex') };
    return this.finished;
  }

  /** Renames the finished temp file to its final path (replacing any old file there). */
  async moveTo(finalPath: string): Promise<void> {
    if (!this.finished) throw new Error(`moveTo before finish: ${this.tempPath}`);
    if (!this.reused) return rename(this.tempPath, finalPath);
    // The dataset being replaced is only set aside and removed after the switch: its file
    // lives on under the new name. A file system without hard links gets a copy.
    await rm(this.tempPath, { force: true });
    await link(this.reused.path, finalPath).catch(() => copyFile(this.reused!.path, finalPath));
    this.reused.kept?.();
  }

  /** Closes and deletes the temp file; safe to call at any point, more than once. */
  async discard(): Promise<void> {
    const handle = this.handle;
    this.handle = undefined;
    this.releaseBuffer();
    this.match?.close();
    this.match = undefined;
    if (handle) await handle.close().catch(() => undefined);
    await rm(this.tempPath, { force: true });
  }

  /** The bytes differ from the reference from here on: the matched prefix is written after all. */
  private stopMatching(): void {
    const match = this.match!;
    this.match = undefined;
    const copied = match.copyMatched((chunk) => this.append(chunk));
    match.close();
    if (!copied) throw new OutputPathError(`${match.reference.path} changed while the run read it; run again`, undefined);
  }

  private flush(): void {
    if (this.buffered === 0 || !this.buffer) return;
    const bytes = this.buffer.subarray(0, this.buffered);
    this.buffered = 0;
    this.writeOut(bytes);
  }

  private releaseBuffer(): void {
    if (this.buffer) returnBuffer(this.buffer, KEPT_WRITE_BUFFERS);
    this.buffer = undefined;
    this.buffered = 0;
  }

  private writeOut(bytes: Buffer): void {
    const fd = this.requireHandle().fd;
    // A write may take fewer bytes than asked; loop until everything is handed over.
    for (let done = 0; done < bytes.byteLength; ) done += writeSync(fd, bytes, done, bytes.byteLength - done);
  }

  private requireHandle(): FileHandle {
    if (!this.handle) throw new Error(`file already closed: ${this.tempPath}`);
    return this.handle;
  }
}

/** Hidden, unique per process and call, so concurrent runs into one directory never clash. */
function createTempName(hint: string): string {
  const safeHint = hint.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 80);
  return `.${safeHint}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
}
