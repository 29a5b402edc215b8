/**
 * An output format, as one descriptor: everything a run, the worker pool and
 * `validate` need of it. Each format lives in its own folder (formats/<name>/), and
 * the list in output-formats.ts drives the CLI's `--format`, the pool and `validate`:
 * a new format is a new folder and one line there.
 */
import type { Writable } from 'node:stream';
import type { DatasetLayout, LooseFileCheck } from '../check/dataset-layout.js';
import type { ProjectionKind } from '../projection/session-projection.js';
import type { RawToolOutputForm } from '../rollout/tool-output-line.js';
import type { BuiltStep } from '../trajectory/built-step.js';
import type { SessionSummary } from '../trajectory/rl-schema.js';
import type { ArrowIpcFormat, OutputFormatName } from '../schema/output-format-names.js';
import type { PreviousFiles } from '../write/reference-file.js';
import type { CountedSteps, SessionSink, StepBatchEncoder } from '../write/sink.js';
import type { SessionHolding } from './session-limit.js';
import type { DatasetCardLayout } from './dataset-card/dataset-card.js';

/**
 * When the sink counts as behind, so that workers pause and the main thread lets it
 * catch up: memory is bounded by sessions ready to be written but not yet (text sinks
 * spill big sessions to disk), or by the rollout bytes of the sessions waiting in memory.
 */
export type BacklogPolicy = { kind: 'sessions'; max: number } | { kind: 'input-bytes'; max: number };

type OpenSinkOptions = {
  outDir: string;
  shardBytes?: number | undefined;
  shardRows?: number | undefined;
  arrowIpc?: ArrowIpcFormat | undefined;
  /** `--incremental`: the files of the dataset being replaced, which unchanged files are taken from. */
  previous?: PreviousFiles | undefined;
};

/**
 * How `rollout-kit merge` puts the record files of the parts of a partitioned run
 * together, so that the result is what one run over every input writes.
 */
export type MergeLayout<Step, Summary> =
  /** One file per session, named after it: the parts' files are copied as they are. */
  | { kind: 'session-files' }
  /** One record per line: the parts' lines are put back in input order and cut into shards again. */
  | { kind: 'lines'; nameShards(count: number): string[] }
  /**
   * Rows whose bytes depend on their neighbours (batches, shards, column encodings): each
   * part's sessions are read back and written through the format's sink again.
   */
  | { kind: 'sessions'; readSessions(file: string): AsyncIterable<{ steps: Step[]; summary: Summary }> };

export interface OutputFormatDescriptor<Step, Batch, Summary> {
  readonly name: OutputFormatName;
  /** What a session is projected into before it reaches the sink: the RL record's steps, or exec's thread events. */
  readonly projection: ProjectionKind<Step, Summary>;
  /** How the decoder keeps tool outputs for this format (undefined: decoded, for projections that read them). */
  readonly rawToolOutputs: RawToolOutputForm | undefined;
  readonly backlog: BacklogPolicy;
  openSink(options: OpenSinkOptions): SessionSink<Step, Batch, Summary>;
  /** `--stdout`: the sink that streams this format; formats without one stream JSONL records. */
  openStream?(stream: Writable): SessionSink<Step, Batch, Summary>;
  /** The worker's side: prepares steps for the sink, on the worker's thread. */
  createEncoder(): StepBatchEncoder<Step, Batch>;
  /**
   * Set when the format holds a whole session in memory before writing it: a run then
   * refuses, up front, rollouts larger than `--max-session` (session-limit.ts).
   */
  readonly holdsSessions?: SessionHolding;
  /** Set for the formats whose output directory gets a dataset card (README.md) that `datasets.load_dataset(dir)` reads. */
  readonly datasetCard?: DatasetCardLayout;
  readonly merge: MergeLayout<Step, Summary>;
  /** Its files in an output directory, for `validate`. */
  readonly layout: DatasetLayout;
  /** Its files on their own, for `validate <file>`. */
  readonly looseFiles: readonly LooseFileCheck[];
}

/** A format of the RL trajectory record. */
export type RlOutputFormat<Batch extends CountedSteps = CountedSteps> = OutputFormatDescriptor<BuiltStep, Batch, SessionSummary>;
