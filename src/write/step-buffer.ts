/**
 * Holds a session's serialized steps until the session ends. The seed record puts
 * `session_id`, `model` and `prompt` before `trajectory`, but those are only final
 * at the end of the session, so steps must wait. Small sessions stay in memory; past
 * a threshold the bytes spill to a temp file beside the output, so memory stays
 * bounded whatever the session's size.
 */
import { createReadStream } from 'node:fs';
import { AtomicFile } from './atomic-file.js';

export const DEFAULT_SPILL_BYTES = 32 * 1024 * 1024;

export class StepBuffer {
  private chunks: string[] = [];
  private memoryBytes = 0;
  private spill: AtomicFile | undefined;
  /** Spills run one after another even when a caller does not await `append`. */
  private spilling: Promise<void> = Promise.resolve();
  private total = 0;
  private count = 0;

  constructor(
    private readonly spillDir: string,
    private readonly spillBytes: number = DEFAULT_SPILL_BYTES,
  ) {}

  /** Serialized bytes held (memory and spill file). */
  get byteLength(): number {
    return this.total;
  }

  /** Number of chunks appended. */
  get length(): number {
    return this.count;
  }

  /** Appends one serialized chunk; returns a promise only when it spilled to disk. */
  append(chunk: string): void | Promise<void> {
    const bytes = Buffer.byteLength(chunk, 'utf8');
    this.chunks.push(chunk);
    this.memoryBytes += bytes;
    this.total += bytes;
    this.count += 1;
    if (this.memoryBytes >= this.spillBytes) {
      const text = this.chunks.join('');
      this.chunks = [];
      this.memoryBytes = 0;
      this.spilling = this.spilling.then(() => this.spillToDisk(text));
      return this.spilling;
    }
  }

  /** Yields the buffered bytes in order, then releases memory and removes the spill file. */
  async *drain(): AsyncGenerator<string | Uint8Array> {
    try {
      await this.spilling;
      if (this.spill) {
        await this.spill.finish();
        for await (const block of createReadStream(this.spill.tempPath)) yield block as Buffer;
      }
      let batch: string[] = [];
      let batchBytes = 0;
      for (const chunk of this.chunks) {
        batch.push(chunk);
        batchBytes += chunk.length;
        if (batchBytes >= 1 << 20) {
          yield batch.join('');
          batch = [];
          batchBytes = 0;
        }
      }
      if (batch.length > 0) yield batch.join('');
    } finally {
      await this.discard();
    }
  }

  /** Drops everything (used on abort, and after draining). */
  async discard(): Promise<void> {
    this.chunks = [];
    this.memoryBytes = 0;
    await this.spilling.catch(() => undefined);
    const spill = this.spill;
    this.spill = undefined;
    if (spill) await spill.discard();
  }

  private async spillToDisk(text: string): Promise<void> {
    this.spill ??= await AtomicFile.create(this.spillDir, 'steps.spill');
    await this.spill.write(text);
  }
}
