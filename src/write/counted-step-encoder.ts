import type { BuiltStep } from '../trajectory/built-step.js';
import { normalizeStep } from './record-text.js';
import type { CountedSteps, StepBatchEncoder, StepCounts } from './sink.js';

/**
 * What every RL step encoder does around its own encoding: validate each step as the
 * sink would (normalizeStep), count steps by type, and hand them over in batches.
 */
export abstract class CountedStepEncoder<Batch extends CountedSteps> implements StepBatchEncoder<BuiltStep, Batch> {
  private counts: Partial<StepCounts> = {};
  private pending = 0;
  private pendingSize = 0;

  get pendingBytes(): number {
    return this.pendingSize;
  }

  /** Validates and encodes one step; throws (a builder bug) when it does not fit the schema. */
  add(step: BuiltStep): void {
    const normalized = normalizeStep(step);
    this.counts[normalized.type] = (this.counts[normalized.type] ?? 0) + 1;
    this.pendingSize += this.encode(normalized);
    this.pending += 1;
  }

  take(): Batch | null {
    if (this.pending === 0) return null;
    const batch = this.takeEncoded(this.counts, this.pending);
    this.counts = {};
    this.pending = 0;
    this.pendingSize = 0;
    return batch;
  }

  abstract transferables(batch: Batch): ArrayBuffer[];

  /** Encodes a validated step; returns roughly the memory it takes (see pendingBytes). */
  protected abstract encode(step: BuiltStep): number;
  protected abstract takeEncoded(counts: Partial<StepCounts>, steps: number): Batch;
}
