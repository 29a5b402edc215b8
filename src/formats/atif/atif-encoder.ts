import type { AtifStep } from '../../trajectory/atif-schema.js';
import type { StepBatchEncoder } from '../../write/sink.js';
import { encodeAtifStep } from './atif-text.js';

/** ATIF steps checked and serialized on a worker thread, as the sink places them. */
export type AtifStepTexts = { texts: string[] };

export class AtifStepEncoder implements StepBatchEncoder<AtifStep, AtifStepTexts> {
  private texts: string[] = [];
  private size = 0;

  get pendingBytes(): number {
    return this.size;
  }

  add(step: AtifStep): void {
    const text = encodeAtifStep(step);
    this.texts.push(text);
    this.size += text.length;
  }

  take(): AtifStepTexts | null {
    if (this.texts.length === 0) return null;
    const batch = { texts: this.texts };
    this.texts = [];
    this.size = 0;
    return batch;
  }

  /** Strings are copied between threads. */
  transferables(): ArrayBuffer[] {
    return [];
  }
}
