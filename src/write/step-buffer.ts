/**
 * Holds a session's serialized steps until the session ends. The seed record puts
 * `session_id`, `model` and `prompt` before `trajectory`, but those are only final
 * at the end of the session, so steps must wait. Steps are kept as UTF-8 bytes,
 * written once, when they arrive, into blocks of memory the buffer fills one after
 * another (no buffer per step, no second copy to join them). Small sessions stay in memory; past a threshold
 * per session, or when all sessions of a sink together hold more than their shared
 * memory budget (sessions converted in parallel wait for the ones before them), the
 * bytes spill to a temp file beside the output, so memory stays bounded whatever
 * the sessions' sizes.
 */
import { createReadStream } from 'node:fs';
import { returnBuffer, takeBuffer } from '../bytes/buffer-pool.js';
import { AtomicFile } from './atomic-file.js';

export const DEFAULT_SPILL_BYTES = 32 * 1024 * 1024;
const DEFAULT_MEMORY_BUDGET_BYTES = 64 * 1024 * 1024;

/** Memory shared by every StepBuffer of one sink. */
export class MemoryBudget {
  used = 0;
  constructor(readonly limit: number = DEFAULT_MEMORY_BUDGET_BYTES) {}
}

/** Spilled bytes are read back in pieces of this size. */
const DRAIN_BLOCK_BYTES = 1 << 20;
/**
 * Steps' text is written into blocks of this size. Small enough to stay off mmap'd memory
 * (each block is freed once written out), large enough that a block holds many steps.
 */
const TEXT_BLOCK_BYTES = 64 * 1024;
/** Blocks kept for reuse per thread once written out (16 MB). */
const KEPT_TEXT_BLOCKS = 256;
/**
 * Byte pieces at least this long (tool outputs passed through raw, already a copy of
 * their own) are kept as chunks of their own instead of being copied into a block.
 */
const OWN_CHUNK_BYTES = 16 * 1024;
/** UTF-8 takes at most 3 bytes per UTF-16 code unit. */
const MAX_UTF8_BYTES_PER_UNIT = 3;

export class StepBuffer {
  private chunks: Uint8Array[] = [];
  /** The block being filled (not in `chunks` yet), and how much of it is used. */
  private block: Buffer | null = null;
  private blockUsed = 0;
  /** Memory of the blocks taken from the pool, handed back once their bytes are written out. */
  private readonly pooled = new Set<ArrayBufferLike>();
  private memoryBytes = 0;
  private spill: AtomicFile | undefined;
  /** Spills run one after another even when a caller does not await `append`. */
  private spilling: Promise<void> = Promise.resolve();
  private total = 0;
  private count = 0;

  constructor(
    private readonly spillDir: string,
    private readonly spillBytes: number = DEFAULT_SPILL_BYTES,
    private readonly budget: MemoryBudget = new MemoryBudget(Number.POSITIVE_INFINITY),
  ) {}

  /** Serialized bytes held (memory and spill file). */
  get byteLength(): number {
    return this.total;
  }

  /** Number of steps appended. */
  get length(): number {
    return this.count;
  }

  /** Appends one serialized step; returns a promise only when it spilled to disk. */
  append(chunk: string): void | Promise<void> {
    return this.appendPieces([chunk], 1);
  }

  /**
   * Appends `steps` steps given as text pieces (strings, and UTF-8 bytes spliced in as
   * they are). Strings are encoded straight into the current block; long byte pieces are
   * kept without a copy, so they must never change afterwards. Returns a promise only
   * when it spilled to disk.
   */
  appendPieces(pieces: readonly (string | Uint8Array)[], steps: number): void | Promise<void> {
    this.count += steps;
    let added = 0;
    for (const piece of pieces) added += typeof piece === 'string' ? this.writeString(piece) : this.writeBytes(piece);
    return this.account(added);
  }

  /**
   * Appends `steps` steps already serialized and encoded as UTF-8 (the buffer is kept,
   * not copied). Returns a promise only when it spilled to disk.
   */
  appendEncoded(bytes: Uint8Array, steps: number): void | Promise<void> {
    this.count += steps;
    if (bytes.byteLength === 0) return;
    this.sealBlock();
    this.chunks.push(bytes);
    return this.account(bytes.byteLength);
  }

  private account(added: number): void | Promise<void> {
    if (added === 0) return;
    this.memoryBytes += added;
    this.budget.used += added;
    this.total += added;
    if (this.memoryBytes >= this.spillBytes || this.budget.used > this.budget.limit) {
      this.sealBlock();
      const blocks = this.chunks;
      this.release();
      this.spilling = this.spilling.then(() => this.spillToDisk(blocks));
      return this.spilling;
    }
  }

  private writeString(text: string): number {
    if (text.length === 0) return 0;
    // The byte length is only computed when the string might not fit.
    const bound = text.length * MAX_UTF8_BYTES_PER_UNIT;
    if (this.block === null || this.block.length - this.blockUsed < bound) {
      const bytes = Buffer.byteLength(text, 'utf8');
      this.reserve(bytes);
    }
    const written = this.block!.write(text, this.blockUsed, 'utf8');
    this.blockUsed += written;
    return written;
  }

  private writeBytes(bytes: Uint8Array): number {
    if (bytes.byteLength >= OWN_CHUNK_BYTES) {
      this.sealBlock();
      this.chunks.push(bytes);
    } else {
      this.reserve(bytes.byteLength);
      this.block!.set(bytes, this.blockUsed);
      this.blockUsed += bytes.byteLength;
    }
    return bytes.byteLength;
  }

  /** Makes sure the current block has `bytes` bytes free, starting a new one if not. */
  private reserve(bytes: number): void {
    if (this.block !== null && this.block.length - this.blockUsed >= bytes) return;
    this.sealBlock();
    // Blocks are memory of their own (not Node's shared pool): they are held until the session is written.
    if (bytes <= TEXT_BLOCK_BYTES) {
      this.block = takeBuffer(TEXT_BLOCK_BYTES);
      this.pooled.add(this.block.buffer);
    } else {
      this.block = Buffer.allocUnsafeSlow(bytes);
    }
    this.blockUsed = 0;
  }

  /** Moves the filled part of the current block to `chunks`. */
  private sealBlock(): void {
    if (this.block !== null && this.blockUsed > 0) this.chunks.push(this.block.subarray(0, this.blockUsed));
    this.block = null;
    this.blockUsed = 0;
  }

  /**
   * Yields the buffered bytes in order, then releases memory and removes the spill file.
   * Chunks come as they are held (blocks and long pieces, not joined): the writer gathers
   * them into its own writes, and must be done with a chunk before asking for the next one
   * (its memory is reused).
   */
  async *drain(): AsyncGenerator<Uint8Array> {
    try {
      this.sealBlock();
      await this.spilling;
      if (this.spill) {
        await this.spill.finish();
        for await (const block of createReadStream(this.spill.tempPath, { highWaterMark: DRAIN_BLOCK_BYTES })) yield block as Buffer;
      }
      for (const chunk of this.chunks) {
        yield chunk;
        this.recycle(chunk);
      }
    } finally {
      await this.discard();
    }
  }

  /** Drops everything (used on abort, and after draining). */
  async discard(): Promise<void> {
    this.release();
    await this.spilling.catch(() => undefined);
    const spill = this.spill;
    this.spill = undefined;
    if (spill) await spill.discard();
  }

  private release(): void {
    this.budget.used -= this.memoryBytes;
    this.chunks = [];
    this.block = null;
    this.blockUsed = 0;
    this.memoryBytes = 0;
  }

  private async spillToDisk(blocks: Uint8Array[]): Promise<void> {
    this.spill ??= await AtomicFile.create(this.spillDir, 'steps.spill');
    for (const block of blocks) {
      await this.spill.write(block);
      this.recycle(block);
    }
  }

  /** Hands a written-out block back to the pool (other chunks are left to the collector). */
  private recycle(chunk: Uint8Array): void {
    if (!this.pooled.delete(chunk.buffer)) return;
    returnBuffer(Buffer.from(chunk.buffer, 0, TEXT_BLOCK_BYTES), KEPT_TEXT_BLOCKS);
  }
}
