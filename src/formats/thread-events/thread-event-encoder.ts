import { serializeThreadEvent } from '../../translate/thread-event-json.js';
import type { ThreadEvent } from '../../translate/thread-events.js';
import type { StepBatchEncoder } from '../../write/sink.js';
import type { ThreadEventLines } from './thread-events-sink.js';

/** Thread events serialized on a worker thread, as the sink would write them. */
export class ThreadEventEncoder implements StepBatchEncoder<ThreadEvent, ThreadEventLines> {
  private lines: string[] = [];
  private size = 0;

  get pendingBytes(): number {
    return this.size;
  }

  add(event: ThreadEvent): void {
    const line = serializeThreadEvent(event);
    this.lines.push(line);
    this.size += line.length;
  }

  take(): ThreadEventLines | null {
    if (this.lines.length === 0) return null;
    const batch = { lines: this.lines };
    this.lines = [];
    this.size = 0;
    return batch;
  }

  /** Strings are copied between threads. */
  transferables(): ArrayBuffer[] {
    return [];
  }
}
