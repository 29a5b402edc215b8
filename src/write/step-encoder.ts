/**
 * Prepares a session's steps for a sink that lives elsewhere (on the main thread,
 * while the session is converted in a worker): validates each step as the sink
 * would, and serializes it exactly as the sink would write it, so the main thread
 * only places bytes. Steps accumulate until `take()` hands them over as one batch.
 */
import type { TrajectoryStep } from '../trajectory/rl-schema.js';
import { createRecordTextFormat, normalizeStep, type RecordTextFormat } from './record-text.js';
import type { EncodedSteps, StepCounts, StepEncoding } from './sink.js';

const utf8 = new TextEncoder();

export class StepEncoder {
  private readonly format: RecordTextFormat | null;
  /** Index of the next step in the session (the text format puts separators between steps). */
  private index = 0;
  private pieces: string[] = [];
  private objects: TrajectoryStep[] = [];
  private counts: Partial<StepCounts> = {};
  private pending = 0;
  private pendingSize = 0;

  constructor(encoding: StepEncoding) {
    this.format = encoding.kind === 'text' ? createRecordTextFormat(encoding.layout) : null;
  }

  /** Steps waiting for `take()`. */
  get pendingSteps(): number {
    return this.pending;
  }

  /** Roughly how much memory the waiting steps hold (characters of their text). */
  get pendingChars(): number {
    return this.pendingSize;
  }

  /** Validates and serializes one step; throws (a builder bug) when it does not fit the schema. */
  add(step: TrajectoryStep): void {
    const normalized = normalizeStep(step);
    this.counts[normalized.type] = (this.counts[normalized.type] ?? 0) + 1;
    this.pending += 1;
    if (this.format) {
      const text = this.format.step(normalized, this.index);
      this.pieces.push(text);
      this.pendingSize += text.length;
    } else {
      this.objects.push(normalized);
      this.pendingSize += estimateChars(normalized);
    }
    this.index += 1;
  }

  /** Hands over the waiting steps (null when there are none). Text comes as a fresh, transferable buffer. */
  take(): EncodedSteps | null {
    if (this.pending === 0) return null;
    let encoded: EncodedSteps;
    if (this.format) {
      encoded = { kind: 'text', bytes: utf8.encode(this.pieces.join('')), steps: this.pending, counts: this.counts };
      this.pieces = [];
    } else {
      encoded = { kind: 'objects', steps: this.objects };
      this.objects = [];
    }
    this.counts = {};
    this.pending = 0;
    this.pendingSize = 0;
    return encoded;
  }
}

/** Characters of a step's string fields: enough to size batches, far cheaper than serializing. */
function estimateChars(step: TrajectoryStep): number {
  let size = 32;
  for (const value of Object.values(step)) if (typeof value === 'string') size += value.length;
  return size;
}

