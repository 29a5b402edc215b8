/**
 * Prepares a session's steps for a sink that lives elsewhere (on the main thread,
 * while the session is converted in a worker): validates each step as the sink
 * would, and encodes it exactly as the sink would (its text, or its Arrow column
 * value), so the main thread only places them. Steps accumulate until `take()` hands
 * them over as one batch.
 */
import type { BuiltStep } from '../trajectory/built-step.js';
import type { ColumnBuilder } from './arrow-column-builder.js';
import { createStepBuilder } from './arrow-record-batch.js';
import { concatText, createRecordTextFormat, encodeStepText, normalizeStep, type RecordTextFormat } from './record-text.js';
import type { EncodedSteps, StepCounts, StepEncoding } from './sink.js';


export class StepEncoder {
  private readonly format: RecordTextFormat | null;
  /** Index of the next step in the session (the text format puts separators between steps). */
  private index = 0;
  private pieces: (string | Uint8Array)[] = [];
  private readonly arrowSteps: ColumnBuilder | null;
  private counts: Partial<StepCounts> = {};
  private pending = 0;
  private pendingSize = 0;

  constructor(encoding: StepEncoding) {
    this.format = encoding.kind === 'text' ? createRecordTextFormat(encoding.layout) : null;
    this.arrowSteps = encoding.kind === 'arrow' ? createStepBuilder() : null;
  }

  /** Steps waiting for `take()`. */
  get pendingSteps(): number {
    return this.pending;
  }

  /** Roughly how much memory the waiting steps hold (bytes of text, or estimated column bytes). */
  get pendingBytes(): number {
    return this.pendingSize;
  }

  /** Validates and encodes one step; throws (a builder bug) when it does not fit the schema. */
  add(step: BuiltStep): void {
    const normalized = normalizeStep(step);
    this.counts[normalized.type] = (this.counts[normalized.type] ?? 0) + 1;
    this.pending += 1;
    if (this.format) {
      for (const piece of encodeStepText(this.format, normalized, this.index)) {
        this.pieces.push(piece);
        this.pendingSize += piece.length;
      }
    } else {
      const before = this.arrowSteps!.bytes;
      this.arrowSteps!.append(normalized);
      this.pendingSize += this.arrowSteps!.bytes - before;
    }
    this.index += 1;
  }

  /** Hands over the waiting steps (null when there are none). Text comes as a fresh, transferable buffer. */
  take(): EncodedSteps | null {
    if (this.pending === 0) return null;
    let encoded: EncodedSteps;
    if (this.format) {
      encoded = { kind: 'text', bytes: concatText(this.pieces, true), steps: this.pending, counts: this.counts };
      this.pieces = [];
    } else {
      encoded = { kind: 'arrow', chunk: this.arrowSteps!.take(), counts: this.counts };
    }
    this.counts = {};
    this.pending = 0;
    this.pendingSize = 0;
    return encoded;
  }
}
