/**
 * Steps of the text formats (JSON, JSONL, `--stdout`) prepared on another thread: each
 * validated as the sink would, and serialized exactly as the sink would write it, so
 * the sink's thread only places the bytes.
 */
import type { BuiltStep } from '../trajectory/built-step.js';
import { concatText, createRecordTextFormat, encodeStepText, normalizeStep, type RecordLayout, type RecordTextFormat } from './record-text.js';
import type { CountedSteps, StepBatchEncoder, StepCounts } from './sink.js';

export type TextSteps = CountedSteps & {
  /** The steps' text exactly as the sink would write it, separators included. */
  bytes: Uint8Array;
  /** How many steps the bytes hold. */
  steps: number;
};

export class TextStepEncoder implements StepBatchEncoder<BuiltStep, TextSteps> {
  private readonly format: RecordTextFormat;
  /** Index of the next step in the session (the text format puts separators between steps). */
  private index = 0;
  private pieces: (string | Uint8Array)[] = [];
  private counts: Partial<StepCounts> = {};
  private pending = 0;
  private pendingSize = 0;

  constructor(layout: RecordLayout) {
    this.format = createRecordTextFormat(layout);
  }

  get pendingBytes(): number {
    return this.pendingSize;
  }

  add(step: BuiltStep): void {
    const normalized = normalizeStep(step);
    this.counts[normalized.type] = (this.counts[normalized.type] ?? 0) + 1;
    this.pending += 1;
    for (const piece of encodeStepText(this.format, normalized, this.index)) {
      this.pieces.push(piece);
      this.pendingSize += piece.length;
    }
    this.index += 1;
  }

  /** The text comes as a fresh buffer of its own, so it can be transferred. */
  take(): TextSteps | null {
    if (this.pending === 0) return null;
    const encoded = { bytes: concatText(this.pieces, true), steps: this.pending, counts: this.counts };
    this.pieces = [];
    this.counts = {};
    this.pending = 0;
    this.pendingSize = 0;
    return encoded;
  }

  transferables(batch: TextSteps): ArrayBuffer[] {
    return [batch.bytes.buffer as ArrayBuffer];
  }
}
