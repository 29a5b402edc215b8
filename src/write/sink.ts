/**
 * Output sinks. A sink receives sessions one at a time, in the run's deterministic
 * order; each session's steps are streamed into a SessionWriter and its summary
 * fields arrive when the session ends (the model, final response and success flag
 * are only known then). Sinks write atomically: nothing is visible under its final
 * name until `close()`.
 */
import type { SessionSummary, TrajectoryStep } from '../trajectory/rl-schema.js';

export type OutputFile = {
  /** Path relative to the output directory. */
  path: string;
  rows: number;
  bytes: number;
};

export type SinkSummary = {
  files: OutputFile[];
  sessions: number;
};

export interface SessionWriter {
  writeStep(step: TrajectoryStep): void | Promise<void>;
  /** Ends the session; the sink may now serialize and place the record. */
  end(summary: SessionSummary): void | Promise<void>;
}

export interface RecordSink {
  beginSession(): SessionWriter;
  /** Finishes every file (temp file + rename) and reports what was written. */
  close(): Promise<SinkSummary>;
  /** Removes temp files after a failure; nothing partial is left behind. */
  abort(): Promise<void>;
}
