/**
 * What a conversion run takes and gives: its options, its report, and the two errors it
 * throws (a usage error, an output that cannot be written). The run itself is convert.ts.
 */
import type { Writable } from 'node:stream';
import type { IssueCode } from '../issues.js';
import type { DiscoverOptions } from '../read/discover.js';
import type { TrajectoryStepType } from '../trajectory/rl-schema.js';
import type { ArrowIpcFormat, OutputFormatName } from '../schema/output-format-names.js';
import type { OutputFile } from '../write/sink.js';
import type { RedactionCounts } from '../redact/redact.js';
import type { FilterName, SessionFilters } from '../filter/session-filter.js';
import type { ConvertProgress } from './run-ledger.js';
import type { Partition } from './partition.js';
import type { DuplicateSession } from './duplicate-sessions.js';
import type { MachineIdentity } from './anonymize-inputs.js';
import type { IncrementalCounts } from './incremental-state.js';

export type ConvertFormat = OutputFormatName;

export type ConvertOptions = {
  inputs: string[];
  format: ConvertFormat;
  /** Output directory; ignored when `stdout` is given. */
  outDir: string;
  /** Stream records (JSONL) here instead of writing files. */
  stdout?: Writable | undefined;
  shardBytes?: number | undefined;
  shardRows?: number | undefined;
  /** Arrow IPC flavour: `stream` (Hugging Face save_to_disk layout, default) or `file`. */
  arrowIpc?: ArrowIpcFormat | undefined;
  discover?: DiscoverOptions;
  /**
   * Files converted in parallel, on worker threads (default 1: on the calling thread).
   * Output is byte-identical whatever the number. Workers need the compiled package
   * (`dist/`); run from the TypeScript sources, conversion stays on the calling thread.
   */
  jobs?: number | undefined;
  /**
   * Formats that hold a whole session in memory (arrow, parquet, atif, thread-events) refuse
   * inputs larger than this before any work (default DEFAULT_MAX_SESSION_BYTES, 150 MB).
   */
  maxSessionBytes?: number | undefined;
  /** The former name of maxSessionBytes, still read when that is not given. */
  arrowMaxSessionBytes?: number | undefined;
  /** Called as input is read and files finish (often: throttle before printing). */
  onProgress?: ((progress: ConvertProgress) => void) | undefined;
  /** Redact secrets in everything written (default true; `--no-redact` turns it off). */
  redact?: boolean | undefined;
  /**
   * `--anonymize`: homes become `~` and user names `<user>` in everything written, and
   * `source_path` is relative to its input root. `true` takes this machine's home and user
   * name as the converting user's; an object names them (tests, another machine's copy).
   */
  anonymize?: boolean | MachineIdentity | undefined;
  /**
   * Keep the turns a `thread_rolled_back` undid, and their steps, marked `rolled_back: true`
   * (default false: they are removed, as Codex removed them from what the model saw).
   */
  keepRolledBack?: boolean | undefined;
  /**
   * Keep the parent history a Desktop fork copied into its file, its steps and turns marked
   * `is_copied_context: true` (default false: left out, the parent's record holds it).
   */
  keepCopied?: boolean | undefined;
  /** Sessions to keep (README "Filters"); the others are read whole and left out, counted by filter. */
  filters?: SessionFilters | undefined;
  /**
   * Convert only this share of the inputs (`--partition i/n`): files are split by session
   * group, so related sessions stay together and the n parts cover every input once.
   * What discovery met (missing inputs, unreadable directories) is reported by part 1 only.
   */
  partition?: Partition | undefined;
  /**
   * `ref`: each distinct system instructions text is written once, to `instructions.jsonl`
   * (keyed by its sha256), and records hold the key in `system_instructions_ref` instead
   * of the text. Default `inline`. Only for the record formats, written to files.
   */
  instructions?: InstructionsMode | undefined;
  /**
   * Reuse what the previous `--incremental` run into `outDir` converted (README
   * "Incremental builds"): inputs with the same path and content are not converted again.
   * The dataset is byte for byte what a clean run writes.
   */
  incremental?: boolean | undefined;
};

export type InstructionsMode = 'inline' | 'ref';
export const INSTRUCTIONS_MODES: readonly InstructionsMode[] = ['inline', 'ref'];

export type RunReport = {
  format: ConvertFormat;
  inputs: { files: number; bytes: number };
  sessions: number;
  /**
   * Input files that produced no session at all (empty files aside: they are an `empty_file`
   * issue), and paths discovery could not read or passed over.
   */
  failedFiles: string[];
  issues: { total: number; byCode: Partial<Record<IssueCode, number>>; file: string | null };
  steps: Partial<Record<TrajectoryStepType, number>>;
  outputs: OutputFile[];
  /** Threads that converted files in parallel (the main thread and `jobs - 1` workers). */
  jobs: number;
  /** Secrets replaced by a placeholder, by kind (never the secrets themselves); patternSet null when off. */
  redactions: { patternSet: string | null; total: number; byKind: RedactionCounts };
  /** Homes and user names were replaced (`--anonymize`). */
  anonymized: boolean;
  /** Sessions the filters left out, by the first filter that dropped each. */
  filtered: { total: number; byFilter: Partial<Record<FilterName, number>> };
  /**
   * Sessions found in more than one input file: the file converted and the files left out
   * (not counted in `inputs`), sorted by the used file's path. With `--partition`, the part
   * that converts the used file reports them.
   */
  duplicates: DuplicateSession[];
  /** `--incremental` only: input files taken from the cache, converted, and gone since the last run. */
  incremental?: IncrementalCounts;
};

export class ConvertUsageError extends Error {}

/**
 * The output could not be written (permissions, disk full, a name taken by a file, a
 * closed pipe). The message is one line saying what happened and what to do; `code` is
 * the system error code (`ENOSPC`, `EPIPE`, ...) when there is one.
 */
export class ConvertOutputError extends Error {
  constructor(
    message: string,
    readonly code: string | undefined,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}
