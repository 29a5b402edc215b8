/**
 * A conversion run: discover the inputs, convert each file into the chosen output,
 * collect the issues, and report. Library code: it throws only for usage errors
 * (ConvertUsageError) and bugs; bad input becomes issues in the report.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Writable } from 'node:stream';
import type { InputIssue, IssueCode } from '../issues.js';
import { discoverInputs, type DiscoverOptions } from '../read/discover.js';
import { STDIN_PATH } from '../read/input-file.js';
import type { TrajectoryStepType } from '../trajectory/rl-schema.js';
import { AtomicFile, holdFinalChanges } from '../write/atomic-file.js';
import { createSink } from '../write/create-sink.js';
import { writeManifest } from '../write/manifest.js';
import type { ArrowIpcFormat } from '../write/output-format.js';
import { describeOutputFailure, ensureOutputDir, OutputPathError } from '../write/output-dir.js';
import type { OutputFile, SinkSummary } from '../write/sink.js';
import { createThreadEventFileSink, createThreadEventStreamSink } from '../write/thread-events-sink.js';
import { DEFAULT_ARROW_MAX_SESSION_BYTES, describeArrowRefusal, findOversizedArrowInputs } from './arrow-session-limit.js';
import { convertFile, isEmptyFileOnly, type FileConversionResult } from './convert-file.js';
import { createProjectionOpener, rawToolOutputFormFor, type ProjectionTarget } from './projection-factory.js';
import { canUseWorkers, convertInParallel, type ParallelOutput } from './worker-pool.js';

export const CONVERT_FORMATS = ['json', 'jsonl', 'arrow', 'thread-events'] as const;
export type ConvertFormat = (typeof CONVERT_FORMATS)[number];

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
  /** Arrow only: inputs larger than this are refused before any work (default DEFAULT_ARROW_MAX_SESSION_BYTES). */
  arrowMaxSessionBytes?: number | undefined;
  /** Called as input is read and files finish (often: throttle before printing). */
  onProgress?: ((progress: ConvertProgress) => void) | undefined;
};

export type ConvertProgress = {
  files: { done: number; total: number };
  /** Input bytes (on disk) read so far, and in all. */
  bytes: { done: number; total: number };
  sessions: number;
};

export type RunReport = {
  format: ConvertFormat;
  inputs: { files: number; bytes: number };
  sessions: number;
  /** Input files that produced no session at all (empty files aside: they are an `empty_file` issue). */
  failedFiles: string[];
  issues: { total: number; byCode: Partial<Record<IssueCode, number>>; file: string | null };
  steps: Partial<Record<TrajectoryStepType, number>>;
  outputs: OutputFile[];
  /** Threads that converted files in parallel (the main thread and `jobs - 1` workers). */
  jobs: number;
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

/** Errors of the output side become ConvertOutputError; anything else (a bug) is left as it is. */
function outputError(error: unknown, options: ConvertOptions): unknown {
  const described = describeOutputFailure(error, options.stdout ? 'stdout' : { outDir: options.outDir });
  return described instanceof OutputPathError ? new ConvertOutputError(described.message, described.code, { cause: error }) : described;
}

/** Issues kept in memory for the report; all of them go to issues.jsonl. */
export async function convert(options: ConvertOptions, onIssue?: (issue: InputIssue) => void): Promise<RunReport> {
  const discovery = await discoverInputs(options.inputs, options.discover);
  if (discovery.unmatched.length > 0) {
    throw new ConvertUsageError(`no rollout file matched ${discovery.unmatched.map((input) => JSON.stringify(input)).join(', ')}`);
  }
  if (discovery.files.length === 0) {
    const where = discovery.searchedDefaults.length ? ` in ${discovery.searchedDefaults.join(' or ')}` : '';
    throw new ConvertUsageError(`no rollout files found${where}; pass files, directories or globs to convert`);
  }

  const files = discovery.files;
  if (options.format === 'arrow') {
    const maxBytes = options.arrowMaxSessionBytes ?? DEFAULT_ARROW_MAX_SESSION_BYTES;
    const oversized = findOversizedArrowInputs(files, maxBytes);
    if (oversized.length > 0) throw new ConvertUsageError(describeArrowRefusal(oversized, maxBytes, '--arrow-max-session'));
  }
  const totalBytes = files.reduce((sum, file) => sum + file.size, 0);
  const issues: InputIssue[] = [];
  const failedFiles: string[] = [];
  let sessions = 0;
  let filesDone = 0;
  let bytesDone = 0;
  /** Bytes read of files still converting, for progress inside big files. */
  const reading = new Map<number, number>();
  const progress = (): void => {
    if (!options.onProgress) return;
    let partial = 0;
    for (const bytes of reading.values()) partial += bytes;
    options.onProgress({ files: { done: filesDone, total: files.length }, bytes: { done: bytesDone + partial, total: totalBytes }, sessions });
  };
  /** Files finish in any order on workers; their issues and results are reported in input order. */
  const finished = new Map<number, { result: FileConversionResult; issues: InputIssue[] }>();
  const pendingIssues = new Map<number, InputIssue[]>();
  let cursor = 0;
  const fileDone = (index: number, result: FileConversionResult): void => {
    finished.set(index, { result, issues: pendingIssues.get(index) ?? [] });
    pendingIssues.delete(index);
    reading.delete(index);
    filesDone++;
    bytesDone += files[index]!.size;
    if (result.converted) sessions++;
    for (let done = finished.get(cursor); done; done = finished.get(cursor)) {
      finished.delete(cursor);
      for (const issue of done.issues) {
        issues.push(issue);
        onIssue?.(issue);
      }
      if (!done.result.converted && !isEmptyFileOnly(done.issues)) failedFiles.push(files[cursor]!.path);
      cursor++;
    }
    progress();
  };
  const issueFound = (index: number, issue: InputIssue): void => {
    const list = pendingIssues.get(index);
    if (list) list.push(issue);
    else pendingIssues.set(index, [issue]);
  };
  const bytesRead = (index: number, bytes: number): void => {
    reading.set(index, Math.min(bytes, files[index]!.size));
    progress();
  };

  let output: OpenOutput;
  try {
    if (!options.stdout) ensureOutputDir(options.outDir);
    output = openOutput(options);
  } catch (error) {
    throw outputError(error, options);
  }
  const jobs = Math.min(options.jobs ?? 1, files.length);
  const parallel = jobs > 1 && canUseWorkers() && !files.some((file) => file.path === STDIN_PATH);
  try {
    if (parallel) {
      await convertInParallel({ files, jobs, output: output.target, onIssue: issueFound, onRead: bytesRead, onFileDone: fileDone });
    } else {
      const openProjection = createProjectionOpener(output.projectionTarget);
      for (const [index, file] of files.entries()) {
        const result = await convertFile(file, {
          openProjection,
          rawToolOutputs: rawToolOutputFormFor(output.target.kind === 'rl' ? output.target.sink.stepEncoding : null),
          reportIssue: (issue) => issueFound(index, issue),
          onRead: options.onProgress ? (bytes) => bytesRead(index, bytes) : undefined,
        });
        fileDone(index, result);
      }
    }
  } catch (error) {
    await output.abort().catch(() => undefined);
    throw outputError(error, options);
  }
  const inputs = { files: files.length, bytes: totalBytes };
  const byCode = countByCode(issues);
  let summary: Awaited<ReturnType<OpenOutput['close']>>;
  const outputs: OutputFile[] = [];
  try {
    // Nothing of a previous output in the directory changes until every new file is written.
    summary = await holdFinalChanges(async () => {
      const closed = await output.close();
      outputs.push(...closed.files);
      if (options.stdout) return closed;
      outputs.push(await writeIssuesFile(options.outDir, issues));
      const manifest = await writeManifest(options.outDir, {
        format: options.format,
        arrowIpc: options.arrowIpc,
        files: outputs,
        sessions,
        steps: closed.steps ?? {},
        issues: { total: issues.length, byCode },
        inputs: { count: inputs.files, bytes: inputs.bytes },
      });
      outputs.push(manifest.file);
      return closed;
    });
  } catch (error) {
    // Placing the finished files failed (a rename, a full disk): remove the temp files.
    await output.abort().catch(() => undefined);
    throw outputError(error, options);
  }
  const steps = summary.steps ?? {};
  return {
    format: options.format,
    inputs,
    sessions,
    failedFiles,
    issues: { total: issues.length, byCode, file: options.stdout ? null : ISSUES_FILE_NAME },
    steps,
    outputs,
    jobs: parallel ? Math.min(jobs, files.length) : 1,
  };
}

const ISSUES_FILE_NAME = 'issues.jsonl';

type OpenOutput = {
  /** Where sessions go when converted on this thread. */
  projectionTarget: ProjectionTarget;
  /** The same sink, for a run on worker threads. */
  target: ParallelOutput;
  close(): Promise<Pick<SinkSummary, 'files'> & { steps?: SinkSummary['steps'] }>;
  abort(): Promise<void>;
};

function openOutput(options: ConvertOptions): OpenOutput {
  if (options.format === 'thread-events') {
    const sink = options.stdout ? createThreadEventStreamSink(options.stdout) : createThreadEventFileSink(options.outDir);
    return {
      projectionTarget: { kind: 'thread-events', beginSession: (sessionId) => sink.beginSession(sessionId) },
      target: { kind: 'thread-events', sink },
      close: async () => ({ files: await sink.close() }),
      abort: () => sink.abort(),
    };
  }
  const format = options.format;
  const sink = createSink({ ...options, format });
  return {
    projectionTarget: { kind: 'rl', beginSession: () => sink.beginSession() },
    target: { kind: 'rl', sink },
    close: () => sink.close(),
    abort: () => sink.abort(),
  };
}

async function writeIssuesFile(outDir: string, issues: InputIssue[]): Promise<OutputFile> {
  mkdirSync(outDir, { recursive: true });
  const name = ISSUES_FILE_NAME;
  const file = await AtomicFile.create(outDir, name);
  try {
    for (const issue of issues) await file.write(`${JSON.stringify(issue)}\n`);
    const { bytes, sha256 } = await file.finish();
    await file.moveTo(path.join(outDir, name));
    return { path: name, kind: 'issues', rows: issues.length, bytes, sha256 };
  } catch (error) {
    await file.discard();
    throw error;
  }
}

function countByCode(issues: InputIssue[]): Partial<Record<IssueCode, number>> {
  const counts: Partial<Record<IssueCode, number>> = {};
  for (const issue of issues) counts[issue.code] = (counts[issue.code] ?? 0) + 1;
  return counts;
}
