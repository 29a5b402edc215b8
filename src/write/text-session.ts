/**
 * The session handler behind the JSON, JSONL and stdout sinks: steps are serialized
 * as they arrive into a StepBuffer, and the finished record is handed to a placer as
 * head + steps + tail, with its exact byte length known before any byte is written
 * (which is what lets the JSONL sink pick a shard without splitting a record).
 */
import type { OutputFile } from './sink.js';
import type { SessionHandler } from './ordered-sink.js';
import { createRecordTextFormat, encodeStepText, type RecordLayout } from './record-text.js';
import { MemoryBudget, StepBuffer } from './step-buffer.js';
import type { TextSteps } from './text-steps.js';

export type BufferedRecord = {
  /** Session id from the summary, for placers that name files after it. */
  sessionId: string;
  head: string;
  steps: StepBuffer;
  tail: string;
  /** Total UTF-8 bytes of head + steps + tail. */
  byteLength: number;
};

export interface RecordPlacer {
  place(record: BufferedRecord): Promise<void>;
  finish(): Promise<OutputFile[]>;
  abort(): Promise<void>;
}

type TextHandlerOptions = {
  layout: RecordLayout;
  /** Where large sessions spill while they wait (the output directory, or the OS temp dir). */
  spillDir: string;
  spillBytes?: number | undefined;
  /** Bytes all waiting sessions may hold in memory together before they spill (default 64 MiB). */
  memoryBudgetBytes?: number | undefined;
  placer: RecordPlacer;
};

export function createTextHandler(options: TextHandlerOptions): SessionHandler<StepBuffer, TextSteps> {
  const format = createRecordTextFormat(options.layout);
  const { placer } = options;
  const budget = new MemoryBudget(options.memoryBudgetBytes);
  return {
    open: () => new StepBuffer(options.spillDir, options.spillBytes, budget),
    addStep: (buffer, step) => buffer.appendPieces(encodeStepText(format, step, buffer.length), 1),
    addEncoded: (buffer, encoded) => buffer.appendEncoded(encoded.bytes, encoded.steps),
    async place(buffer, summary) {
      const head = format.head(summary);
      const tail = format.tail(summary, buffer.length);
      const byteLength = Buffer.byteLength(head) + buffer.byteLength + Buffer.byteLength(tail);
      await placer.place({ sessionId: summary.session_id, head, steps: buffer, tail, byteLength });
    },
    discard: (buffer) => buffer.discard(),
    finish: () => placer.finish(),
    abort: () => placer.abort(),
  };
}

/**
 * Writes a buffered record through `write`, draining (and so releasing) its steps. `write`
 * must be done with a chunk when its promise settles: the chunk's memory is reused next.
 */
export async function writeBufferedRecord(record: BufferedRecord, write: (chunk: string | Uint8Array) => Promise<void>): Promise<void> {
  await write(record.head);
  for await (const chunk of record.steps.drain()) await write(chunk);
  await write(record.tail);
}
