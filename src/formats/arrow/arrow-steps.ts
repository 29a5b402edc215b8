/**
 * Steps of the Arrow format prepared on another thread: validated as the sink would,
 * and appended to trajectory column chunks (arrow-record-batch.ts createStepBuilder),
 * which the sink's thread concatenates into its record batches.
 */
import type { BuiltStep } from '../../trajectory/built-step.js';
import { normalizeStep } from '../../write/record-text.js';
import type { CountedSteps, StepBatchEncoder, StepCounts } from '../../write/sink.js';
import { chunkBuffers, type ColumnBuilder, type ColumnChunk } from './arrow-column-chunk.js';
import { createStepBuilder } from './arrow-record-batch.js';

export type ArrowSteps = CountedSteps & {
  /** The steps as items of the trajectory column. */
  chunk: ColumnChunk;
};

export class ArrowStepEncoder implements StepBatchEncoder<BuiltStep, ArrowSteps> {
  private readonly builder: ColumnBuilder = createStepBuilder();
  private counts: Partial<StepCounts> = {};
  private pending = 0;
  private pendingSize = 0;

  get pendingBytes(): number {
    return this.pendingSize;
  }

  add(step: BuiltStep): void {
    const normalized = normalizeStep(step);
    this.counts[normalized.type] = (this.counts[normalized.type] ?? 0) + 1;
    this.pending += 1;
    const before = this.builder.bytes;
    this.builder.append(normalized);
    this.pendingSize += this.builder.bytes - before;
  }

  take(): ArrowSteps | null {
    if (this.pending === 0) return null;
    const encoded = { chunk: this.builder.take(), counts: this.counts };
    this.counts = {};
    this.pending = 0;
    this.pendingSize = 0;
    return encoded;
  }

  /** Chunks are fresh buffers of their own, one per column. */
  transferables(batch: ArrowSteps): ArrayBuffer[] {
    return [...chunkBuffers(batch.chunk)];
  }
}
