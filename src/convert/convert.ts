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
import { OUTPUT_FORMAT_NAMES, OUTPUT_FORMATS, streamingFormatFor } from '../formats/output-formats.js';
import type { TrajectoryStepType } from '../trajectory/rl-schema.js';
import { AtomicFile } from '../write/atomic-file.js';
import { writeManifest } from '../write/manifest.js';
import type { ArrowIpcFormat, OutputFormatName } from '../schema/output-format-names.js';
import type { OutputFile, SinkSummary } from '../write/sink.js';
import type { AnyOutputFormat } from './any-output-format.js';
import { convertFile } from './convert-file.js';
import { canUseWorkers, convertInParallel } from './file-pool.js';
import { RunLedger, type ConvertProgress } from './run-ledger.js';

export const CONVERT_FORMATS: readonly OutputFormatName[] = OUTPUT_FORMAT_NAMES;
export type ConvertFormat = OutputFormatName;
export type { ConvertProgress };

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
  /**
   * Keep the turns a `thread_rolled_back` undid, and their steps, marked `rolled_back: true`
   * (default false: they are removed, as Codex removed them from what the model saw).
   */
  keepRolledBack?: boolean | undefined;
};

export type RunReport = {
  format: ConvertFormat;
  inputs: { files: number; bytes: number };
  sessions: number;
  /** Input files that produced no session at all. */
  failedFiles: string[];
  issues: { total: number; byCode: Partial<Record<IssueCode, number>>; file: string | null };
  steps: Partial<Record<TrajectoryStepType, number>>;
  outputs: OutputFile[];
  /** Threads that converted files in parallel (the main thread and `jobs - 1` workers). */
  jobs: number;
};

export class ConvertUsageError extends Error {}

/** The output could not be written (permissions, disk full, a name taken by a directory). */
export class ConvertOutputError extends Error {}

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
  const format: AnyOutputFormat = options.stdout ? streamingFormatFor(options.format) : OUTPUT_FORMATS[options.format];
  const refusal = format.refuseInputs?.(files, { arrowMaxSessionBytes: options.arrowMaxSessionBytes });
  if (refusal) throw new ConvertUsageError(refusal);
  const ledger = new RunLedger(files, { onIssue, onProgress: options.onProgress });

  const sink = options.stdout && format.openStream ? format.openStream(options.stdout) : format.openSink(options);
  const jobs = Math.min(options.jobs ?? 1, files.length);
  const parallel = jobs > 1 && canUseWorkers() && !files.some((file) => file.path === STDIN_PATH);
  const projectionOptions = { keepRolledBack: options.keepRolledBack };
  try {
    if (parallel) {
      await convertInParallel({
        files,
        jobs,
        format,
        sink,
        projectionOptions,
        onIssue: (index, issue) => ledger.issueFound(index, issue),
        onRead: (index, bytes) => ledger.bytesRead(index, bytes),
        onFileDone: (index, result) => ledger.fileDone(index, result),
      });
    } else {
      for (const [index, file] of files.entries()) {
        const result = await convertFile(file, {
          openProjection: (start) => format.projection.open(start, sink.beginSession()),
          rawToolOutputs: format.rawToolOutputs,
          projectionOptions,
          reportIssue: (issue) => ledger.issueFound(index, issue),
          onRead: ledger.tracksReading ? (bytes) => ledger.bytesRead(index, bytes) : undefined,
        });
        ledger.fileDone(index, result);
      }
    }
  } catch (error) {
    await sink.abort();
    throw error;
  }
  const issues = ledger.issues;
  const inputs = { files: files.length, bytes: ledger.totalBytes };
  const byCode = countByCode(issues);
  let summary: SinkSummary;
  const outputs: OutputFile[] = [];
  try {
    summary = await sink.close();
    outputs.push(...summary.files);
    if (!options.stdout) {
      outputs.push(await writeIssuesFile(options.outDir, issues));
      const manifest = await writeManifest(options.outDir, {
        format: options.format,
        arrowIpc: options.arrowIpc,
        files: outputs,
        sessions: ledger.sessions,
        steps: summary.steps,
        issues: { total: issues.length, byCode },
        inputs: { count: inputs.files, bytes: inputs.bytes },
      });
      outputs.push(manifest.file);
    }
  } catch (error) {
    // Placing the finished files failed (a rename, a full disk): remove the temp files.
    await sink.abort();
    throw new ConvertOutputError(`could not write the output in ${options.outDir}: ${(error as Error).message}`, { cause: error });
  }
  return {
    format: options.format,
    inputs,
    sessions: ledger.sessions,
    failedFiles: ledger.failedFiles,
    issues: { total: issues.length, byCode, file: options.stdout ? null : ISSUES_FILE_NAME },
    steps: summary.steps,
    outputs,
    jobs: parallel ? Math.min(jobs, files.length) : 1,
  };
}

const ISSUES_FILE_NAME = 'issues.jsonl';

async function writeIssuesFile(outDir: string, issues: InputIssue[]): Promise<OutputFile> {
  mkdirSync(outDir, { recursive: true });
  const name = ISSUES_FILE_NAME;
  const file = await AtomicFile.create(outDir, name);
  for (const issue of issues) await file.write(`${JSON.stringify(issue)}\n`);
  const { bytes, sha256 } = await file.finish();
  await file.moveTo(path.join(outDir, name));
  return { path: name, kind: 'issues', rows: issues.length, bytes, sha256 };
}

function countByCode(issues: InputIssue[]): Partial<Record<IssueCode, number>> {
  const counts: Partial<Record<IssueCode, number>> = {};
  for (const issue of issues) counts[issue.code] = (counts[issue.code] ?? 0) + 1;
  return counts;
}
