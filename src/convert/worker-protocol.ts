/**
 * Messages between the main thread and the conversion workers. The main thread
 * owns every output file: a worker converts one input file at a time and sends
 * what the sink needs, already validated and encoded by the format's encoder
 * (StepBatchEncoder), so the main thread only places bytes, in input order.
 */
import type { AnonymizeSettings } from '../anonymize/anonymizer.js';
import type { InputIssue } from '../issues.js';
import type { InputFile } from '../read/input-file.js';
import type { ProjectionOptions } from '../projection/session-projection.js';
import type { SessionFilters } from '../filter/session-filter.js';
import type { OutputFormatName } from '../schema/output-format-names.js';
import type { FileConversionResult } from './convert-file.js';

/**
 * What every worker is started with (`workerData`, or the `setup` message). Threads take files without asking
 * the main thread (which may be busy converting one itself): each takes
 * `order[Atomics.add(next, 0, 1)]` until the order runs out. An index is a file's
 * position in input order.
 */
export type WorkerSetup = {
  /** The format the run writes (for `--stdout`, the one that streams). */
  format: OutputFormatName;
  /** Secrets in what sessions write are redacted (the default). */
  redact: boolean;
  /** `--anonymize`: the homes and user names to replace, the same for every thread. */
  anonymize?: AnonymizeSettings | undefined;
  files: readonly InputFile[];
  order: readonly number[];
  /**
   * Two Int32s shared by every thread: [NEXT_POSITION] the next position in `order`;
   * [SINK_GATE] 1 while the main thread's sink is behind (workers wait before taking a file).
   */
  shared: SharedArrayBuffer;
  readBufferSize?: number | undefined;
  projectionOptions?: ProjectionOptions | undefined;
  filters?: SessionFilters | undefined;
};

/**
 * Encoded steps travel in batches of about this many bytes: from a worker to the main
 * thread, and into an incremental run's cache entries.
 */
export const STEP_BATCH_BYTES = 1024 * 1024;

export const NEXT_POSITION = 0;
export const SINK_GATE = 1;

export type MainToWorker =
  /** The main thread has taken a `steps` message of this `size` (flow control). */
  | { type: 'ack'; size: number }
  /** A pre-started worker's setup (a worker the pool starts gets it as workerData). */
  | { type: 'setup'; setup: WorkerSetup };

export type WorkerToMain =
  /** A batch of the format's encoded steps; `size`: what the worker counts against its in-flight limit, the ack returns it. */
  | { type: 'steps'; index: number; steps: unknown; size: number }
  /** The session's summary (the RL record's fields, or the thread events' session id). */
  | { type: 'end'; index: number; summary: unknown }
  | { type: 'issue'; index: number; issue: InputIssue }
  /** Input bytes read so far in this file (plain files), for progress. */
  | { type: 'read'; index: number; bytes: number }
  | { type: 'done'; index: number; result: FileConversionResult }
  /** The order ran out: this worker converts nothing more. */
  | { type: 'idle' }
  /** A bug: the run stops. */
  | { type: 'failed'; index: number; message: string; stack: string | undefined };
