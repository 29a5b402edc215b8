/**
 * Holds a session's serialized steps until the session ends. The seed record puts
 * `session_id`, `model` and `prompt` before `trajectory`, but those are only final
 * at the end of the session, so steps must wait. Steps are kept as UTF-8 bytes
 * (encoded once, when they arrive). Small sessions stay in memory; past a threshold
 * per session, or when all sessions of a sink together hold more than their shared
 * memory budget (sessions converted in parallel wait for the ones before them), the
 * bytes spill to a temp file beside the output, so memory stays bounded whatever
 * the sessions' sizes.
 */
import { createReadStream } from 'node:fs';
import { AtomicFile } from './atomic-file.js';

export const DEFAULT_SPILL_BYTES = 32 * 1024 * 1024;
export const DEFAULT_MEMORY_BUDGET_BYTES = 64 * 1024 * 1024;

/** Memory shared by every StepBuffer of one sink. */
export class MemoryBudget {
  used = 0;
  constructor(readonly limit: number = DEFAULT_MEMORY_BUDGET_BYTES) {}
}

/** Buffered chunks are handed out joined into blocks of about this size. */
const DRAIN_BLOCK_BYTES = 1 << 20;

export class StepBuffer {
  private chunks: Uint8Array[] = [];
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
    return this.appendEncoded(Buffer.from(chunk, 'utf8'), 1);
  }

  /**
   * Appends `steps` steps already serialized and encoded as UTF-8 (the buffer is kept,
   * not copied). Returns a promise only when it spilled to disk.
   */
  appendEncoded(bytes: Uint8Array, steps: number): void | Promise<void> {
    this.count += steps;
    if (bytes.byteLength === 0) return;
    this.chunks.push(bytes);
    this.memoryBytes += bytes.byteLength;
    this.budget.used += bytes.byteLength;
    this.total += bytes.byteLength;
    if (this.memoryBytes >= this.spillBytes || this.budget.used > this.budget.limit) {
      const blocks = this.chunks;
      this.release();
      this.spilling = this.spilling.then(() => this.spillToDisk(blocks));
      return this.spilling;
    }
  }

  /** Yields the buffered bytes in order, then releases memory and removes the spill file. */
  async *drain(): AsyncGenerator<Uint8Array> {
    try {
      await this.spilling;
      if (this.spill) {
        await this.spill.finish();
        for await (const block of createReadStream(this.spill.tempPath, { highWaterMark: DRAIN_BLOCK_BYTES })) yield block as Buffer;
      }
      let batch: Uint8Array[] = [];
      let batchBytes = 0;
      for (const chunk of this.chunks) {
        batch.push(chunk);
        batchBytes += chunk.byteLength;
        if (batchBytes >= DRAIN_BLOCK_BYTES) {
          yield batch.length === 1 ? chunk : Buffer.concat(batch, batchBytes);
          batch = [];
          batchBytes = 0;
        }
      }
      if (batch.length > 0) yield batch.length === 1 ? (batch[0] as Uint8Array) : Buffer.concat(batch, batchBytes);
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
    this.memoryBytes = 0;
  }

  private async spillToDisk(blocks: Uint8Array[]): Promise<void> {
    this.spill ??= await AtomicFile.create(this.spillDir, 'steps.spill');
    for (const block of blocks) await this.spill.write(block, true);
  }
}
