/**
 * Steps of the Arrow format prepared on another thread: validated as the sink would,
 * and appended to trajectory column chunks (arrow-record-batch.ts createStepBuilder),
 * which the sink's thread concatenates into its record batches.
 */
import type { BuiltStep } from '../../trajectory/built-step.js';
import { CountedStepEncoder } from '../../write/counted-step-encoder.js';
import type { CountedSteps, StepCounts } from '../../write/sink.js';
import { chunkBuffers, type ColumnBuilder, type ColumnChunk } from './arrow-column-chunk.js';
import { createStepBuilder } from './arrow-record-batch.js';

export type ArrowSteps = CountedSteps & {
  /** The steps as items of the trajectory column. */
  chunk: ColumnChunk;
};

export class ArrowStepEncoder extends CountedStepEncoder<ArrowSteps> {
  private readonly builder: ColumnBuilder = createStepBuilder();

  /** Returns the step's estimated column bytes. */
  protected encode(step: BuiltStep): number {
    const before = this.builder.bytes;
    this.builder.append(step);
    return this.builder.bytes - before;
  }

  protected takeEncoded(counts: Partial<StepCounts>): ArrowSteps {
    return { chunk: this.builder.take(), counts };
  }

  /** Chunks are fresh buffers of their own, one per column. */
  transferables(batch: ArrowSteps): ArrayBuffer[] {
    return [...chunkBuffers(batch.chunk)];
  }
}
