/**
 * The session handler behind the JSON, JSONL and stdout sinks: steps are serialized
 * as they arrive into a StepBuffer, and the finished record is handed to a placer as
 * head + steps + tail, with its exact byte length known before any byte is written
 * (which is what lets the JSONL sink pick a shard without splitting a record).
 */
import type { BuiltStep } from '../trajectory/built-step.js';
import type { SessionSummary } from '../trajectory/rl-schema.js';
import type { OutputFile, RecordsAdoption } from './sink.js';
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
  /** Takes a record file of the dataset being replaced as its next file (see SessionSink.adoptRecords). */
  adopt?(adoption: RecordsAdoption<unknown>): Promise<boolean>;
  finish(): Promise<OutputFile[]>;
  abort(): Promise<void>;
}

/** How a row is written as text: its steps one by one, around them its head and tail (from the summary). */
export type RowText<Step, Summary> = {
  /** One step's text, with the separator that precedes it (`index` is 0-based). */
  stepPieces(step: Step, index: number): (string | Uint8Array)[];
  head(summary: Summary): string;
  tail(summary: Summary, stepCount: number): string;
  sessionId(summary: Summary): string;
};

type TextHandlerOptions = {
  layout: RecordLayout;
  /** Where large sessions spill while they wait (the output directory, or the OS temp dir). */
  spillDir: string;
  spillBytes?: number | undefined;
  /** Bytes all waiting sessions may hold in memory together before they spill (default 64 MiB). */
  memoryBudgetBytes?: number | undefined;
  placer: RecordPlacer;
};

/** The RL record's text in a layout. */
function recordText(layout: RecordLayout): RowText<BuiltStep, SessionSummary> {
  const format = createRecordTextFormat(layout);
  return {
    stepPieces: (step, index) => encodeStepText(format, step, index),
    head: (summary) => format.head(summary),
    tail: (summary, stepCount) => format.tail(summary, stepCount),
    sessionId: (summary) => summary.session_id,
  };
}

export function createTextHandler(options: TextHandlerOptions): SessionHandler<StepBuffer, TextSteps> {
  return createRowTextHandler(recordText(options.layout), options);
}

/** The text handler of any row written as text (steps as they arrive, head and tail at the end). */
export function createRowTextHandler<Step, Summary, Batch extends TextSteps>(
  text: RowText<Step, Summary>,
  options: Omit<TextHandlerOptions, 'layout'>,
): SessionHandler<StepBuffer, Batch, Step, Summary> {
  const { placer } = options;
  const budget = new MemoryBudget(options.memoryBudgetBytes);
  return {
    open: () => new StepBuffer(options.spillDir, options.spillBytes, budget),
    addStep: (buffer, step) => buffer.appendPieces(text.stepPieces(step, buffer.length), 1),
    addEncoded: (buffer, encoded) => buffer.appendEncoded(encoded.bytes, encoded.steps),
    async place(buffer, summary) {
      const head = text.head(summary);
      const tail = text.tail(summary, buffer.length);
      const byteLength = Buffer.byteLength(head) + buffer.byteLength + Buffer.byteLength(tail);
      await placer.place({ sessionId: text.sessionId(summary), head, steps: buffer, tail, byteLength });
    },
    discard: (buffer) => buffer.discard(),
    adopt: placer.adopt ? (adoption) => placer.adopt!(adoption) : undefined,
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
