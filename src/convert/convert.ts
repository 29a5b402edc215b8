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
import type { InputFile } from '../read/input-file.js';
import { execDialectFor } from '../translate/exec-dialect.js';
import type { TrajectoryStepType } from '../trajectory/rl-schema.js';
import { AtomicFile } from '../write/atomic-file.js';
import { createSink } from '../write/create-sink.js';
import { writeManifest } from '../write/manifest.js';
import type { ArrowIpcFormat } from '../write/output-format.js';
import type { OutputFile, SinkSummary } from '../write/sink.js';
import { createThreadEventFileSink, createThreadEventStreamSink, type ThreadEventSink } from '../write/thread-events-sink.js';
import { convertFile, type SessionStart } from './convert-file.js';
import { RlProjection } from './rl-projection.js';
import type { SessionProjection } from './session-projection.js';
import { ThreadEventsProjection } from './thread-events-projection.js';

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
  /** Called after each input file. */
  onFileDone?: (file: InputFile, done: { files: number; bytes: number; sessions: number }) => void;
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
};

export class ConvertUsageError extends Error {}

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

  const issues: InputIssue[] = [];
  const reportIssue = (issue: InputIssue) => {
    issues.push(issue);
    onIssue?.(issue);
  };
  const output = openOutput(options);
  const failedFiles: string[] = [];
  let sessions = 0;
  let bytesDone = 0;
  try {
    for (const [index, file] of discovery.files.entries()) {
      const result = await convertFile(file, { openProjection: output.openProjection, reportIssue });
      if (result.converted) sessions++;
      else failedFiles.push(file.path);
      bytesDone += file.size;
      options.onFileDone?.(file, { files: index + 1, bytes: bytesDone, sessions });
    }
  } catch (error) {
    await output.abort();
    throw error;
  }
  const summary = await output.close();
  const inputs = { files: discovery.files.length, bytes: discovery.files.reduce((sum, file) => sum + file.size, 0) };
  const byCode = countByCode(issues);
  const steps = summary.steps ?? {};
  const outputs = [...summary.files];
  if (!options.stdout) {
    outputs.push(await writeIssuesFile(options.outDir, issues));
    const manifest = await writeManifest(options.outDir, {
      format: options.format,
      arrowIpc: options.arrowIpc,
      files: outputs,
      sessions,
      steps,
      issues: { total: issues.length, byCode },
      inputs: { count: inputs.files, bytes: inputs.bytes },
    });
    outputs.push(manifest.file);
  }
  return {
    format: options.format,
    inputs,
    sessions,
    failedFiles,
    issues: { total: issues.length, byCode, file: options.stdout ? null : ISSUES_FILE_NAME },
    steps,
    outputs,
  };
}

const ISSUES_FILE_NAME = 'issues.jsonl';

type OpenOutput = {
  openProjection: (start: SessionStart) => SessionProjection;
  close(): Promise<Pick<SinkSummary, 'files'> & { steps?: SinkSummary['steps'] }>;
  abort(): Promise<void>;
};

function openOutput(options: ConvertOptions): OpenOutput {
  if (options.format === 'thread-events') {
    const sink: ThreadEventSink = options.stdout ? createThreadEventStreamSink(options.stdout) : createThreadEventFileSink(options.outDir);
    return {
      openProjection: (start) => {
        const meta = start.firstRecord.kind === 'session_meta' ? start.firstRecord.meta : null;
        const sessionId = meta?.id ?? meta?.session_id ?? start.fallbackSessionId;
        return new ThreadEventsProjection(sink.beginSession(sessionId), execDialectFor(meta?.cli_version), meta?.originator === 'codex_exec');
      },
      close: async () => ({ files: await sink.close() }),
      abort: () => sink.abort(),
    };
  }
  const format = options.format;
  const sink = createSink({ ...options, format });
  return {
    openProjection: (start) => new RlProjection(sink.beginSession(), { sourcePath: start.sourcePath, fallbackSessionId: start.fallbackSessionId }),
    close: () => sink.close(),
    abort: () => sink.abort(),
  };
}

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
