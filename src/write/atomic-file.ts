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
import { AsyncLocalStorage } from 'node:async_hooks';
import { createHash, randomBytes, type Hash } from 'node:crypto';
import { writeSync } from 'node:fs';
import { open, rename, rm, stat, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { returnBuffer, takeBuffer } from '../buffer-pool.js';

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
   * Appends a chunk. The chunk is no longer referenced when this returns (small chunks
   * are copied, large ones written out), so the caller may reuse its memory then.
   */
  async write(chunk: string | Uint8Array): Promise<void> {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    if (bytes.byteLength === 0) return;
    this.hash.update(bytes);
    this.written += bytes.byteLength;
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
    this.flush();
    this.releaseBuffer();
    const handle = this.requireHandle();
    await handle.close();
    this.handle = undefined;
    this.finished = { bytes: this.written, sha256: this.hash.digest('hex') };
    return this.finished;
  }

  /**
   * Renames the finished temp file to its final path (replacing any old file there);
   * inside holdFinalChanges, once every file of the output is written.
   */
  async moveTo(finalPath: string): Promise<void> {
    if (!this.finished) throw new Error(`moveTo before finish: ${this.tempPath}`);
    const held = heldChanges.getStore();
    if (held) held.moves.push({ from: this.tempPath, to: finalPath });
    else await rename(this.tempPath, finalPath);
  }

  /** Closes and deletes the temp file; safe to call at any point, more than once. */
  async discard(): Promise<void> {
    const handle = this.handle;
    this.handle = undefined;
    this.releaseBuffer();
    if (handle) await handle.close().catch(() => undefined);
    await rm(this.tempPath, { force: true });
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
export function createTempName(hint: string): string {
  const safeHint = hint.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 80);
  return `.${safeHint}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
}

type HeldChanges = { moves: { from: string; to: string }[]; removals: string[] };
const heldChanges = new AsyncLocalStorage<HeldChanges>();

/**
 * Runs `work` (which writes the files of an output and places them) holding back every
 * change to the final names: AtomicFile.moveTo and removeFinalFile. They are made only
 * when the last file is written, so a failure on the way (a full disk while writing
 * the manifest) leaves the previous output as it was instead of new records beside an
 * old manifest. When `work` fails, nothing is changed (its temp files are its to remove).
 */
export async function holdFinalChanges<T>(work: () => Promise<T>): Promise<T> {
  const held: HeldChanges = { moves: [], removals: [] };
  let result: T;
  try {
    result = await heldChanges.run(held, work);
  } catch (error) {
    // The finished files waiting to be placed are temp files no one else removes.
    await Promise.all(held.moves.map((move) => rm(move.from, { force: true })));
    throw error;
  }
  // A directory squatting on a final name would fail its rename halfway through the output.
  const squatted = (await Promise.all(held.moves.map((move) => stat(move.to).then((info) => info.isDirectory(), () => false)))).indexOf(true);
  if (squatted !== -1) {
    await Promise.all(held.moves.map((move) => rm(move.from, { force: true })));
    const to = held.moves[squatted]!.to;
    throw Object.assign(new Error(`EISDIR: illegal operation on a directory, rename '${held.moves[squatted]!.from}' -> '${to}'`), {
      code: 'EISDIR',
      syscall: 'rename',
      dest: to,
    });
  }
  for (const [index, { from, to }] of held.moves.entries()) {
    try {
      await rename(from, to);
    } catch (error) {
      await Promise.all(held.moves.slice(index).map((move) => rm(move.from, { force: true })));
      throw error;
    }
  }
  await Promise.all(held.removals.map((file) => rm(file, { force: true })));
  return result;
}

/** Removes a file of an earlier output (inside holdFinalChanges, after the new files are placed). */
export async function removeFinalFile(file: string): Promise<void> {
  const held = heldChanges.getStore();
  if (held) held.removals.push(file);
  else await rm(file, { force: true });
}
