import { availableParallelism } from 'node:os';
import { defineCommand } from 'citty';
import { convert, CONVERT_FORMATS, ConvertOutputError, ConvertUsageError, type ConvertFormat, type RunReport } from '../convert/convert.js';
import { formatIssue } from '../issues.js';
import { parseByteSize } from '../write/byte-size.js';
import type { CliIo } from './io.js';
import { writeLine } from './io.js';
import { createProgressLine } from './progress.js';
import { assertKnownFlags, UsageError } from './usage-error.js';

/** Issues printed on stderr; the full list is in issues.jsonl. */
const MAX_ISSUES_SHOWN = 20;

const args = {
  inputs: { type: 'positional', required: false, description: 'Rollout files, directories or globs (default: $CODEX_HOME/sessions and archived_sessions)', valueHint: 'paths' },
  out: { type: 'string', alias: 'o', default: 'out', description: 'Output directory' },
  format: { type: 'string', alias: 'f', default: 'jsonl', description: `Output format: ${CONVERT_FORMATS.join(', ')}`, valueHint: 'format' },
  stdout: { type: 'boolean', default: false, description: 'Stream records (JSONL) to stdout instead of writing files' },
  strict: { type: 'boolean', default: false, description: 'Exit 1 when any input issue was recorded' },
  'shard-size': { type: 'string', description: 'Target bytes per JSONL or Arrow shard, e.g. 256MB (default 500MB)', valueHint: 'size' },
  'shard-rows': { type: 'string', description: 'Maximum records per JSONL or Arrow shard', valueHint: 'n' },
  'arrow-ipc': { type: 'string', default: 'stream', description: 'Arrow IPC flavour: stream (Hugging Face save_to_disk layout) or file (random access; polars read_ipc, pyarrow open_file)', valueHint: 'stream|file' },
  'arrow-max-session': { type: 'string', description: 'Arrow only: refuse rollouts larger than this (default 150MB; Arrow holds each session in memory)', valueHint: 'size' },
  jobs: { type: 'string', alias: 'j', description: 'Files converted in parallel on worker threads (default: the number of available cores)', valueHint: 'n' },
  'keep-rolled-back': { type: 'boolean', default: false, description: 'Keep turns undone by a rollback (and their steps), marked rolled_back: true' },
  json: { type: 'boolean', default: false, description: 'Print the run report as JSON' },
  quiet: { type: 'boolean', alias: 'q', default: false, description: 'Print nothing but errors' },
} as const;

export const convertCommand = defineCommand({
  meta: { name: 'convert', description: 'Convert Codex rollouts into RL trajectory records' },
  args,
  async run({ rawArgs, args: parsed, data }) {
    const io = (data as { io: CliIo }).io;
    assertKnownFlags(rawArgs, args, 'convert');
    const format = parseFormat(parsed.format);
    const inputs = parsed._.map(String);
    const summaryStream = parsed.stdout ? io.stderr : io.stdout;
    let shown = 0;
    let result: RunReport;
    const progress = io.isTTY && !parsed.quiet ? createProgressLine(io.stderr) : null;
    const warn = (text: string) => (progress ? progress.print(text) : writeLine(io.stderr, text));
    try {
      result = await convert(
        {
          inputs,
          format,
          outDir: parsed.out,
          stdout: parsed.stdout ? io.stdout : undefined,
          shardBytes: parsed['shard-size'] === undefined ? undefined : parseSize(parsed['shard-size']),
          shardRows: parsed['shard-rows'] === undefined ? undefined : parseCount(parsed['shard-rows'], '--shard-rows'),
          arrowIpc: parseArrowIpc(parsed['arrow-ipc']),
          discover: { cwd: io.cwd, env: io.env },
          arrowMaxSessionBytes: parsed['arrow-max-session'] === undefined ? undefined : parseSize(parsed['arrow-max-session'], '--arrow-max-session'),
          jobs: parsed.jobs === undefined ? availableParallelism() : parseCount(parsed.jobs, '--jobs'),
          onProgress: progress ? (p) => progress.update(p) : undefined,
          keepRolledBack: parsed['keep-rolled-back'],
        },
        (issue) => {
          if (parsed.quiet || shown >= MAX_ISSUES_SHOWN) return;
          shown++;
          warn(`warning: ${formatIssue(issue)}`);
        },
      );
    } catch (error) {
      if (error instanceof ConvertUsageError) throw new UsageError(error.message);
      if (error instanceof ConvertOutputError) {
        writeLine(io.stderr, `error: ${error.message}`);
        return 1;
      }
      throw error;
    } finally {
      progress?.stop();
    }
    if (!parsed.quiet && result.issues.total > shown) writeLine(io.stderr, `warning: ${result.issues.total - shown} more issues in ${result.issues.file ?? 'the report'}`);
    if (parsed.json) writeLine(summaryStream, JSON.stringify(result, null, 2));
    else if (!parsed.quiet) writeLine(summaryStream, summarize(result, parsed.stdout ? null : parsed.out));
    const failed = result.failedFiles.length > 0 || (parsed.strict && result.issues.total > 0);
    return failed ? 1 : 0;
  },
});

function parseFormat(value: string): ConvertFormat {
  if ((CONVERT_FORMATS as readonly string[]).includes(value)) return value as ConvertFormat;
  throw new UsageError(`unknown format "${value}"; use one of ${CONVERT_FORMATS.join(', ')}`);
}

function parseArrowIpc(value: string): 'stream' | 'file' {
  if (value === 'stream' || value === 'file') return value;
  throw new UsageError(`--arrow-ipc must be "stream" or "file", got "${value}"`);
}

function parseSize(value: string, flag = '--shard-size'): number {
  try {
    return parseByteSize(value);
  } catch (error) {
    throw new UsageError(`${flag}: ${(error as Error).message}`);
  }
}

function parseCount(value: string, flag: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`${flag} must be a positive integer, got "${value}"`);
  return n;
}

export function summarize(report: RunReport, outDir: string | null): string {
  const steps = Object.entries(report.steps)
    .filter(([, n]) => (n ?? 0) > 0)
    .map(([type, n]) => `${n} ${type}`)
    .join(', ');
  const issues = Object.entries(report.issues.byCode)
    .map(([code, n]) => `${n} ${code}`)
    .join(', ');
  const lines = [
    `converted ${report.sessions} session${report.sessions === 1 ? '' : 's'} from ${report.inputs.files} file${report.inputs.files === 1 ? '' : 's'} (${formatBytes(report.inputs.bytes)}) to ${report.format}${outDir ? ` in ${outDir}/` : ''}`,
  ];
  if (steps) lines.push(`  steps: ${steps}`);
  lines.push(`  issues: ${report.issues.total === 0 ? 'none' : issues}`);
  if (report.failedFiles.length) lines.push(`  not converted: ${report.failedFiles.join(', ')}`);
  return lines.join('\n');
}

function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
