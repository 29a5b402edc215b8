/**
 * Steps of the text formats (JSON, JSONL, `--stdout`) prepared on another thread: each
 * validated as the sink would, and serialized exactly as the sink would write it, so
 * the sink's thread only places the bytes.
 */
import type { BuiltStep } from '../trajectory/built-step.js';
import { CountedStepEncoder } from './counted-step-encoder.js';
import { concatText, createRecordTextFormat, encodeStepText, type RecordLayout, type RecordTextFormat } from './record-text.js';
import type { CountedSteps, StepCounts } from './sink.js';

export type TextSteps = CountedSteps & {
  /** The steps' text exactly as the sink would write it, separators included. */
  bytes: Uint8Array;
  /** How many steps the bytes hold. */
  steps: number;
};

export class TextStepEncoder extends CountedStepEncoder<TextSteps> {
  private readonly format: RecordTextFormat;
  /** Index of the next step in the session (the text format puts separators between steps). */
  private index = 0;
  private pieces: (string | Uint8Array)[] = [];

  constructor(layout: RecordLayout) {
    super();
    this.format = createRecordTextFormat(layout);
  }

  protected encode(step: BuiltStep): number {
    let size = 0;
    for (const piece of encodeStepText(this.format, step, this.index)) {
      this.pieces.push(piece);
      size += piece.length;
    }
    this.index += 1;
    return size;
  }

  /** The text comes as a fresh buffer of its own, so it can be transferred. */
  protected takeEncoded(counts: Partial<StepCounts>, steps: number): TextSteps {
    const bytes = concatText(this.pieces, true);
    this.pieces = [];
    return { bytes, steps, counts };
  }

  transferables(batch: TextSteps): ArrayBuffer[] {
    return [batch.bytes.buffer as ArrayBuffer];
  }
}
