import path from 'node:path';
import { defineCommand } from 'citty';
import { convert, CONVERT_FORMATS, ConvertOutputError, ConvertUsageError, type RunReport } from '../convert/convert.js';
import { formatIssue, type InputIssue } from '../issues.js';
import { formatBytes, SIZE_EXPECTED } from './byte-units.js';
import { COUNT_EXPECTED, givenFlags, readConvertFlags } from './convert-options.js';
import { readPartitionFlag } from './partition-flag.js';
import type { CliIo } from './io.js';
import { writeLine } from './io.js';
import { createProgressLine } from './progress.js';
import { assertKnownFlags, UsageError } from './usage-error.js';
import { FILTER_ARGS, readFilterFlags } from './filter-options.js';

/** Issues printed on stderr; the full list is in issues.jsonl. */
const MAX_ISSUES_SHOWN = 20;

const args = {
  inputs: { type: 'positional', required: false, description: 'Rollout files, directories or globs (default: $CODEX_HOME/sessions and archived_sessions)', valueHint: 'paths' },
  out: { type: 'string', alias: 'o', default: 'out', description: 'Output directory', valueHint: 'dir', expects: 'a directory' },
  format: { type: 'string', alias: 'f', default: 'jsonl', description: `Output format: ${CONVERT_FORMATS.join(', ')}`, valueHint: 'format', expects: `one of ${CONVERT_FORMATS.join(', ')}` },
  stdout: { type: 'boolean', default: false, description: 'Stream JSONL records (or thread events, or messages rows) to stdout instead of writing files; the summary goes to stderr' },
  strict: { type: 'boolean', default: false, description: 'Exit 1 when any input issue was recorded' },
  'shard-size': { type: 'string', description: 'jsonl, arrow, parquet, messages and messages-parquet: target bytes per shard, e.g. 256MB or 1GiB (default 500MB; MB = 10^6 bytes, MiB = 2^20)', valueHint: 'size', expects: SIZE_EXPECTED },
  'shard-rows': { type: 'string', description: 'jsonl, arrow, parquet, messages and messages-parquet: maximum records per shard', valueHint: 'n', expects: COUNT_EXPECTED },
  'arrow-ipc': { type: 'string', default: 'stream', description: 'arrow: IPC flavour, stream (Hugging Face save_to_disk layout) or file (random access; polars read_ipc, pyarrow open_file)', valueHint: 'stream|file', expects: 'stream or file' },
  'max-session': { type: 'string', description: 'arrow, parquet, atif, thread-events, messages, messages-parquet: refuse rollouts larger than this (default 150MB; these formats hold each session in memory)', valueHint: 'size', expects: SIZE_EXPECTED },
  'arrow-max-session': { type: 'string', description: 'Former name of --max-session', valueHint: 'size', expects: SIZE_EXPECTED },
  instructions: {
    type: 'string',
    default: 'inline',
    description: 'json, jsonl, arrow, parquet: inline keeps the system instructions in every record; ref writes each distinct text once to instructions.jsonl and records hold its sha256 in system_instructions_ref',
    valueHint: 'inline|ref',
    expects: 'inline or ref',
  },
  jobs: { type: 'string', alias: 'j', description: 'Files converted in parallel on worker threads (default: the number of available cores)', valueHint: 'n', expects: COUNT_EXPECTED },
  redact: { type: 'boolean', default: true, description: 'Redact secrets (API keys, tokens, private keys, passwords) in everything written; --no-redact keeps them verbatim' },
  anonymize: { type: 'boolean', default: false, description: 'Replace home directories with ~ and user names with <user> in everything written; source_path relative to its input root' },
  'keep-rolled-back': { type: 'boolean', default: false, description: 'Keep turns undone by a rollback (and their steps), marked rolled_back: true' },
  'keep-copied': { type: 'boolean', default: false, description: "Keep the parent history a fork copied into its file (its steps and turns), marked is_copied_context: true" },
  ...FILTER_ARGS,
  partition: { type: 'string', description: 'Convert only part i of n (1-based), split by session so that forks, sub-agents and duplicates stay together; auto reads JOB_COMPLETION_INDEX', valueHint: 'i/n|auto', expects: 'i/n or auto' },
  partitions: { type: 'string', description: 'The number of parts for --partition auto (default: $ROLLOUT_KIT_PARTITIONS)', valueHint: 'n', expects: COUNT_EXPECTED },
  incremental: { type: 'boolean', default: false, description: 'Reuse the previous --incremental run into --out: convert only new and changed inputs (cache in .<out>.rollout-kit-cache beside it)' },
  json: { type: 'boolean', default: false, description: 'Print the run report as JSON' },
  quiet: { type: 'boolean', alias: 'q', default: false, description: 'Print nothing but errors' },
} as const;

export const convertCommand = defineCommand({
  meta: { name: 'convert', description: 'Convert Codex rollouts into RL trajectory records' },
  args,
  async run({ rawArgs, args: parsed, data }) {
    const io = (data as { io: CliIo }).io;
    assertKnownFlags(rawArgs, args, 'convert');
    const flags = readConvertFlags(parsed, givenFlags(rawArgs));
    const filters = readFilterFlags(parsed);
    const partition = readPartitionFlag(parsed.partition, parsed.partitions, io.env);
    const inputs = parsed._.map(String);
    const summaryStream = parsed.stdout ? io.stderr : io.stdout;
    let shown = 0;
    /** The first issue of each file, to say why a file failed when --quiet hides the issues. */
    const firstIssues = new Map<string, InputIssue>();
    let result: RunReport;
    const progress = io.isTTY && !parsed.quiet ? createProgressLine(io.stderr) : null;
    const warn = (text: string) => (progress ? progress.print(text) : writeLine(io.stderr, text));
    try {
      result = await convert(
        {
          inputs,
          format: flags.format,
          outDir: parsed.out,
          stdout: parsed.stdout ? io.stdout : undefined,
          shardBytes: flags.shardBytes,
          shardRows: flags.shardRows,
          arrowIpc: flags.arrowIpc,
          discover: { cwd: io.cwd, env: io.env },
          maxSessionBytes: flags.maxSessionBytes,
          jobs: flags.jobs,
          redact: parsed.redact !== false,
          anonymize: parsed.anonymize,
          onProgress: progress ? (p) => progress.update(p) : undefined,
          keepRolledBack: parsed['keep-rolled-back'],
          keepCopied: parsed['keep-copied'],
          filters,
          partition,
          incremental: parsed.incremental,
          instructions: flags.instructions,
        },
        (issue) => {
          if (parsed.quiet && !firstIssues.has(issue.file)) firstIssues.set(issue.file, issue);
          if (parsed.quiet || shown >= MAX_ISSUES_SHOWN) return;
          shown++;
          warn(`warning: ${formatIssue(issue)}`);
        },
      );
    } catch (error) {
      if (error instanceof ConvertUsageError) throw new UsageError(error.message);
      if (error instanceof ConvertOutputError) {
        // The reader of --stdout quit (`| head`): what it read is all it wanted.
        if (parsed.stdout && error.code === 'EPIPE') return 0;
        writeLine(io.stderr, `error: ${error.message}`);
        return 1;
      }
      throw error;
    } finally {
      progress?.stop();
    }
    if (parsed.quiet) {
      // Quiet hides warnings and the summary, never that a file failed: one line each.
      for (const file of result.failedFiles) {
        const issue = firstIssues.get(file);
        const why = issue ? ` (${issue.line === null ? '' : `line ${issue.line}: `}${issue.code}: ${issue.message})` : '';
        writeLine(io.stderr, `error: ${file}: not converted${why}`);
      }
      if (parsed.strict && result.failedFiles.length === 0 && result.issues.total > 0) {
        const where = result.issues.file ? `; see ${path.join(parsed.out, result.issues.file)}` : '';
        writeLine(io.stderr, `error: ${result.issues.total} input issue${result.issues.total === 1 ? '' : 's'} recorded (--strict)${where}`);
      }
    }
    if (!parsed.quiet && result.issues.total > shown) writeLine(io.stderr, `warning: ${result.issues.total - shown} more issues in ${result.issues.file ?? 'the report'}`);
    if (parsed.json) writeLine(summaryStream, JSON.stringify(result, null, 2));
    else if (!parsed.quiet) writeLine(summaryStream, summarize(result, parsed.stdout ? null : parsed.out));
    const failed = result.failedFiles.length > 0 || (parsed.strict && result.issues.total > 0);
    return failed ? 1 : 0;
  },
});

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
  // Said only when there is something to say: secrets were replaced, or redaction was off.
  if (report.redactions.total > 0 || report.redactions.patternSet === null) lines.push(`  redactions: ${describeRedactions(report.redactions)}`);
  if (report.anonymized) lines.push('  anonymized: homes written as ~, user names as <user>');
  if (report.filtered.total > 0) lines.push(`  filtered out: ${describeFiltered(report.filtered)}`);
  if (report.duplicates.length) lines.push(...describeDuplicates(report.duplicates));
  if (report.incremental) lines.push(`  incremental: ${describeIncremental(report.incremental)}`);
  if (report.failedFiles.length) lines.push(`  not converted: ${report.failedFiles.join(', ')}`);
  return lines.join('\n');
}

/**
 * `reused 98 files, converted 2, dropped 1; 3 output files kept unchanged` (dropped: inputs of
 * the last run that are gone; kept: files of the dataset taken from the last one as they were).
 */
function describeIncremental({ reused, converted, dropped, keptOutputs }: NonNullable<RunReport['incremental']>): string {
  const kept = keptOutputs > 0 ? `; ${keptOutputs} output file${keptOutputs === 1 ? '' : 's'} kept unchanged` : '';
  return `reused ${reused} file${reused === 1 ? '' : 's'}, converted ${converted}, dropped ${dropped}${kept}`;
}

/** Every session found in several files: the file converted, then the ones left out. */
function describeDuplicates(duplicates: RunReport['duplicates']): string[] {
  const files = duplicates.reduce((sum, duplicate) => sum + duplicate.skipped.length, 0);
  const why = { same_session: 'same session', resumed_copy: 'resumed from' } as const;
  return [
    `  duplicates: ${files} file${files === 1 ? '' : 's'} left out, ${duplicates.length} session${duplicates.length === 1 ? '' : 's'} converted once`,
    ...duplicates.map((duplicate) => `    ${duplicate.used} (${why[duplicate.reason]} ${duplicate.skipped.join(', ')})`),
  ];
}

/** `4 (outcome 3, since 1)`: the sessions each filter left out. */
function describeFiltered(filtered: RunReport['filtered']): string {
  const byFilter = Object.entries(filtered.byFilter).map(([name, n]) => `${name} ${n}`);
  return `${filtered.total} session${filtered.total === 1 ? '' : 's'} (${byFilter.join(', ')})`;
}

/** Counts by kind, never a secret: `3 (github_token 2, jwt 1)`, or `off (--no-redact)`. */
function describeRedactions(redactions: RunReport['redactions']): string {
  if (redactions.patternSet === null) return 'off (--no-redact)';
  const kinds = Object.entries(redactions.byKind).map(([kind, n]) => `${kind} ${n}`);
  return `${redactions.total} (${kinds.join(', ')})`;
}
