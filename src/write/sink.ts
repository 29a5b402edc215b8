/**
 * Output sinks. A sink receives sessions in the run's deterministic order; each
 * session's steps are streamed into a SessionWriter and its summary fields arrive
 * when the session ends (the model, final response and success flag are only known
 * then). Records are placed in the order their sessions *began*, so a pipeline that
 * converts several sessions at once still gets deterministic output. Sinks write
 * atomically: nothing is visible under its final name until `close()`.
 */
import type { BuiltStep } from '../trajectory/built-step.js';
import type { SessionSummary, TrajectoryStepType } from '../trajectory/rl-schema.js';
import type { ColumnChunk } from './arrow-column-builder.js';
import type { RecordLayout } from './record-text.js';

/** What a file in the output directory holds; the manifest and `validate` use it. */
export type OutputFileKind = 'records' | 'issues' | 'metadata';

export type OutputFile = {
  /** Path relative to the output directory, with `/` separators. */
  path: string;
  kind: OutputFileKind;
  /** Records (or issue lines) in the file; null for metadata files. */
  rows: number | null;
  bytes: number;
  /** Lowercase hex SHA-256 of the file's bytes. */
  sha256: string;
};

export type StepCounts = Record<TrajectoryStepType, number>;

export type SinkSummary = {
  files: OutputFile[];
  sessions: number;
  /** Steps written, by step type (every type present, zero when unseen). */
  steps: StepCounts;
};

/**
 * The form a sink takes steps prepared elsewhere (by a worker thread, so the main
 * thread only places bytes): text sinks take steps already validated, serialized in
 * their layout and UTF-8 encoded; the Arrow sink takes them as column values.
 */
export type StepEncoding = { kind: 'text'; layout: RecordLayout } | { kind: 'arrow' };

/** A run of consecutive steps of one session, prepared for a sink's StepEncoding. */
export type EncodedSteps =
  | {
      kind: 'text';
      /** The steps' text exactly as the sink would write it, separators included. */
      bytes: Uint8Array;
      /** How many steps the bytes hold. */
      steps: number;
      counts: Partial<StepCounts>;
    }
  | {
      kind: 'arrow';
      /** The steps as items of the trajectory column (arrow-record-batch.ts createStepBuilder). */
      chunk: ColumnChunk;
      counts: Partial<StepCounts>;
    };

export interface SessionWriter {
  /** Validates and buffers one step. Await the result: it applies back-pressure. */
  writeStep(step: BuiltStep): void | Promise<void>;
  /** Buffers steps already validated and encoded for this sink (see `RecordSink.stepEncoding`). */
  writeEncodedSteps(steps: EncodedSteps): void | Promise<void>;
  /**
   * Ends the session. The promise settles once the record is placed in its output
   * (after every session that began earlier), so awaiting it bounds memory.
   */
  end(summary: SessionSummary): Promise<void>;
  /**
   * Drops the session (its file turned out to hold none): nothing is placed for it,
   * and sessions that began after it are placed as if it had never begun.
   */
  cancel(): Promise<void>;
}

export interface RecordSink {
  beginSession(): SessionWriter;
  /** What `SessionWriter.writeEncodedSteps` takes. */
  readonly stepEncoding: StepEncoding;
  /** Finishes every file (temp file + rename) and reports what was written. */
  close(): Promise<SinkSummary>;
  /** Removes temp files after a failure; nothing partial is left behind. */
  abort(): Promise<void>;
}
