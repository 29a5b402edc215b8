/**
 * The conversion part of an `--incremental` run. First the inputs the plan marks (new or
 * changed) are converted into cache entries, on worker threads or not, exactly as a clean
 * run converts them; then every input's entry, reused or fresh, is replayed into the
 * run's sink and ledger in input order. So the sink receives what a `--jobs 2` clean run
 * gives it (each session's encoded batches and summary, in input order) and writes the
 * same bytes; the ledger sees each file's issues and result as a clean run reports them.
 */
import path from 'node:path';
import type { InputFile } from '../read/input-file.js';
import { ConvertUsageError } from './convert-types.js';
import type { SessionFilters } from '../filter/session-filter.js';
import type { ProjectionOptions } from '../projection/session-projection.js';
import type { SessionSink } from '../write/sink.js';
import type { AnyOutputFormat } from './any-output-format.js';
import { convertFiles } from './convert-files.js';
import { CacheEntryWriter } from './cache-entry.js';
import { CacheEntryDamagedError, readCacheEntryEnd, replayCacheEntry } from './cache-entry-reader.js';
import { planAdoptions, type PlannedAdoption } from './adoption-plan.js';
import type { InputIssue } from '../issues.js';
import type { RedactionCounts } from '../redact/redact.js';
import type { PreviousFiles } from '../write/reference-file.js';
import type { ConversionCache, IncrementalPlan } from './conversion-cache.js';
import type { RunLedger } from './run-ledger.js';
import type { AnonymizeSettings } from '../anonymize/anonymizer.js';

type IncrementalConversion = {
  files: readonly InputFile[];
  plan: IncrementalPlan;
  cache: ConversionCache<unknown>;
  format: AnyOutputFormat;
  sink: SessionSink<unknown, unknown, unknown>;
  ledger: RunLedger;
  /** Convert on worker threads (`jobs` threads in all, fewer when there is little to convert). */
  parallel: boolean;
  jobs: number;
  redact: boolean;
  /** `--anonymize`: the homes and user names replaced. */
  anonymize: AnonymizeSettings | undefined;
  projectionOptions: ProjectionOptions;
  filters: SessionFilters | undefined;
  /** The files of the dataset being replaced (write/reference-file.ts): shards of it may be taken, whole or their first records. */
  previous: PreviousFiles | undefined;
  /** What taking a shard's records still reads of their sessions' summaries (what the sink's wrappers count or keep). */
  adoptedSummaryFields: readonly string[];
};

export async function convertIncrementally(run: IncrementalConversion): Promise<void> {
  await convertIntoCache(run);
  const { inputs } = run.plan;
  const previousInputs = run.cache.previous?.inputs;
  const adoptions =
    run.sink.adoptRecords && run.previous && previousInputs ? planAdoptions(previousInputs, inputs, run.previous.shards((name) => run.format.layout.isRecordFileName(name))) : new Map<number, PlannedAdoption>();
  for (let index = 0; index < inputs.length; ) {
    const adoption = adoptions.get(index);
    if (adoption && (await adoptShard(run, adoption))) {
      index = adoption.lastInput + 1;
      continue;
    }
    const input = inputs[index]!;
    const { result, placed } = await replayCacheEntry(run.cache.entryPath(input.entry), {
      beginSession: () => run.sink.beginSession(),
      issueFound: (issue, redactions) => reportIssue(run, index, issue, redactions),
    }).catch((error: unknown) => damagedCache(run, input.entry, error));
    input.placed = placed;
    run.ledger.fileDone(index, result);
    index += 1;
  }
}

/**
 * Offers the sink a record file of the last dataset (whole, or its first records) in place of the sessions of
 * `firstInput..lastInput`; when it takes it, their issues and results are reported as a
 * replay would, from their entries read without their steps. False: nothing was done.
 */
async function adoptShard(run: IncrementalConversion, adoption: PlannedAdoption): Promise<boolean> {
  const { firstInput, lastInput, ...offered } = adoption;
  const range = run.plan.inputs.slice(firstInput, lastInput + 1);
  const ends = range.map((input) => {
    try {
      return readCacheEntryEnd(run.cache.entryPath(input.entry));
    } catch (error) {
      return damagedCache(run, input.entry, error);
    }
  });
  const sessions = ends.flatMap(({ summary, counts }) => (summary === null ? [] : [{ summary, counts }]));
  if (sessions.length !== offered.rows || !(await run.sink.adoptRecords!({ ...offered, sessions }))) return false;
  for (const [offset, end] of ends.entries()) {
    const index = firstInput + offset;
    for (const { issue, redactions } of end.issues) reportIssue(run, index, issue, redactions);
    run.plan.inputs[index]!.placed = end.summary !== null;
    run.ledger.fileDone(index, end.result);
  }
  return true;
}

function reportIssue(run: IncrementalConversion, index: number, issue: InputIssue, redactions: RedactionCounts | null): void {
  if (redactions) run.ledger.redactedIssueFound(index, issue, redactions);
  else run.ledger.issueFound(index, issue);
}

/**
 * A cache entry damaged on disk is not a bug of ours; the dataset stays as it was. Errors
 * of the sink (writing the dataset) pass through as they are.
 */
function damagedCache(run: IncrementalConversion, entry: string, error: unknown): never {
  if (!(error instanceof CacheEntryDamagedError)) throw error;
  throw new ConvertUsageError(`the --incremental cache is damaged (${error.message}); delete ${path.dirname(path.dirname(run.cache.entryPath(entry)))} and run again`);
}

/**
 * Input bytes worth one more converting thread. Starting a worker costs some 0.2-0.25 s of
 * CPU (it loads and compiles the converter; Node 20, 2 GB corpus machine), what converting
 * 20-25 MB costs; and it starts converting only that much later. The nightly rebuild of a
 * big tree converts a few new or grown sessions, less than that: the main thread converts
 * them alone (2 GB corpus, newest 1% changed, --jobs 2: 1.5-1.6 -> 1.2-1.3 s of CPU, wall
 * time unchanged). What is written does not depend on the threads.
 */
const BYTES_PER_THREAD = 32 * 1024 * 1024;

/** Threads worth starting for `bytes` of input to convert: one per BYTES_PER_THREAD, `jobs` at most. */
export function threadsForBytes(bytes: number, jobs: number): number {
  return Math.max(1, Math.min(jobs, Math.ceil(bytes / BYTES_PER_THREAD)));
}

/** Converts the new and changed inputs, each into its cache entry. */
async function convertIntoCache(run: IncrementalConversion): Promise<void> {
  const { files, format, ledger } = run;
  const changed = run.plan.inputs.flatMap((input, index) => (input.convert ? [index] : []));
  if (changed.length === 0) return;
  const entries = changed.map((index) => new CacheEntryWriter(run.cache.entryPath(run.plan.inputs[index]!.entry), run.adoptedSummaryFields));
  try {
    await convertFiles({
      files: changed.map((index) => files[index]!),
      threads: run.parallel ? threadsForBytes(changed.reduce((sum, index) => sum + files[index]!.size, 0), run.jobs) : 1,
      format,
      openSession: (position) => entries[position]!.openSession(format.createEncoder()),
      redact: run.redact,
      anonymize: run.anonymize,
      projectionOptions: run.projectionOptions,
      filters: run.filters,
      onIssue: (position, issue) => entries[position]!.addIssue(issue, run.redact),
      onRead: ledger.tracksReading ? (position, bytes) => ledger.bytesRead(changed[position]!, bytes) : undefined,
      onFileDone: (position, result) => entries[position]!.fileDone(result),
    });
  } catch (error) {
    await Promise.all(entries.map((entry) => entry.discard()));
    throw error;
  }
}
