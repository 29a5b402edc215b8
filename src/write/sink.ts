/**
 * Output sinks. A sink receives sessions in the run's deterministic order: each
 * session's output (trajectory steps, or thread events) is streamed into a
 * SessionWriter, and its summary arrives when the session ends (the model, final
 * response and success flag are only known then). Sessions are placed in the order
 * they *began*, so a pipeline that converts several sessions at once still gets
 * deterministic output. Sinks write atomically: nothing is visible under its final
 * name until `close()`.
 */
import type { BuiltStep } from '../trajectory/built-step.js';
import type { SessionSummary, TrajectoryStepType } from '../trajectory/rl-schema.js';
import type { ReferenceFile } from './reference-file.js';

/** What a file in the output directory holds; the manifest and `validate` use it. */
type OutputFileKind = 'records' | 'issues' | 'metadata';

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
  /** Steps written, by step type (RL sinks: every type present, zero when unseen; thread events: none). */
  steps: Partial<StepCounts>;
};

/**
 * One session's place in a sink. A "step" is one item of the session's output: a
 * trajectory step for the RL record, a ThreadEvent for `codex exec --json` events.
 * `Batch` is steps already validated and encoded elsewhere (by a worker thread, see
 * StepBatchEncoder), so the sink's thread only places bytes.
 */
export interface SessionWriter<Step, Batch, Summary> {
  /** Validates and buffers one step. Await the result: it applies back-pressure. */
  writeStep(step: Step): void | Promise<void>;
  /** Buffers steps already validated and encoded for this sink. */
  writeEncodedSteps(steps: Batch): void | Promise<void>;
  /**
   * Ends the session. The promise settles once the session is placed in its output
   * (after every session that began earlier), so awaiting it bounds memory.
   */
  end(summary: Summary): Promise<void>;
  /**
   * Drops the session (its file turned out to hold none): nothing is placed for it,
   * and sessions that began after it are placed as if it had never begun.
   */
  cancel(): Promise<void>;
}

/**
 * A record file of the dataset being replaced, taken into the new one in place of its
 * sessions (an `--incremental` rebuild whose sessions in that file are unchanged): whole,
 * its first `rows` records when the sessions after them changed, or its last `rows` when
 * the sessions before them changed.
 */
export type RecordsAdoption<Summary> = {
  reference: ReferenceFile;
  /** The first record taken: 0, the file's first (it starts a shard), or more (its records from there to the end go on the shard being written). */
  from: number;
  rows: number;
  /** The records the file holds; more than `rows`: only `rows` of them are taken, and the records before or after them are written as usual. */
  fileRows: number;
  /** Its sessions, in order: their summaries and step counts, as placing them would count them. */
  sessions: { summary: Summary; counts: Partial<StepCounts> }[];
};

export interface SessionSink<Step, Batch, Summary> {
  beginSession(): SessionWriter<Step, Batch, Summary>;
  /**
   * Takes a record file of the dataset being replaced in place of its sessions, when the
   * sink places its records in such files and would start a new one with the file's first
   * record here (its last records: would place each of them in the file being written);
   * false (nothing done) otherwise. Call only when every session begun has ended.
   */
  adoptRecords?(adoption: RecordsAdoption<Summary>): Promise<boolean>;
  /** Finishes every file (temp file + rename) and reports what was written. */
  close(): Promise<SinkSummary>;
  /** Removes temp files after a failure; nothing partial is left behind. */
  abort(): Promise<void>;
}

/** Turns steps into a sink's Batch on another thread (the encoding the sink would do itself). */
export interface StepBatchEncoder<Step, Batch> {
  /** Validates and encodes one step; throws (a builder bug) when it does not fit the schema. */
  add(step: Step): void;
  /** Roughly how much memory the waiting steps hold (bytes of text, or estimated column bytes). */
  readonly pendingBytes: number;
  /** Hands over the waiting steps (null when there are none). */
  take(): Batch | null;
  /** The buffers of a batch that can move to another thread without a copy. */
  transferables(batch: Batch): ArrayBuffer[];
}

/** Steps counted by type, as every RL batch carries them. */
export type CountedSteps = { counts: Partial<StepCounts> };

/** Sinks of the RL record. */
export type RecordSink<Batch extends CountedSteps = CountedSteps> = SessionSink<BuiltStep, Batch, SessionSummary>;
export type RecordSessionWriter<Batch extends CountedSteps = CountedSteps> = SessionWriter<BuiltStep, Batch, SessionSummary>;
