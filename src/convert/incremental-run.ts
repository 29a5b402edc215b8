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
import { CacheEntryWriter, replayCacheEntry } from './cache-entry.js';
import type { ConversionCache, IncrementalPlan } from './conversion-cache.js';
import { convertToFormat } from './convert-to-format.js';
import { convertInParallel } from './file-pool.js';
import type { RunLedger } from './run-ledger.js';
import { Anonymizer, type AnonymizeSettings } from '../anonymize/anonymizer.js';

type IncrementalConversion = {
  files: readonly InputFile[];
  plan: IncrementalPlan;
  cache: ConversionCache<unknown>;
  format: AnyOutputFormat;
  sink: SessionSink<unknown, unknown, unknown>;
  ledger: RunLedger;
  /** Convert on worker threads (`jobs` threads in all). */
  parallel: boolean;
  jobs: number;
  redact: boolean;
  /** `--anonymize`: the homes and user names replaced. */
  anonymize: AnonymizeSettings | undefined;
  projectionOptions: ProjectionOptions;
  filters: SessionFilters | undefined;
};

export async function convertIncrementally(run: IncrementalConversion): Promise<void> {
  await convertIntoCache(run);
  for (const [index, input] of run.plan.inputs.entries()) {
    const entry = run.cache.entryPath(input.entry);
    const result = await replayCacheEntry(entry, {
      beginSession: () => run.sink.beginSession(),
      issueFound: (issue, redactions) => (redactions ? run.ledger.redactedIssueFound(index, issue, redactions) : run.ledger.issueFound(index, issue)),
    }).catch((error: unknown) => {
      // A cache entry damaged on disk is not a bug of ours; the dataset stays as it was.
      throw new ConvertUsageError(`the --incremental cache is damaged (${(error as Error).message.split('\n')[0]}); delete ${path.dirname(path.dirname(entry))} and run again`);
    });
    run.ledger.fileDone(index, result);
  }
}

/** Converts the new and changed inputs, each into its cache entry. */
async function convertIntoCache(run: IncrementalConversion): Promise<void> {
  const { files, format, ledger } = run;
  const changed = run.plan.inputs.flatMap((input, index) => (input.convert ? [index] : []));
  if (changed.length === 0) return;
  const entries = changed.map((index) => new CacheEntryWriter(run.cache.entryPath(run.plan.inputs[index]!.entry)));
  try {
    if (run.parallel && changed.length > 1) {
      // The pool opens one session per file, in the order of the files it is given.
      let opened = 0;
      const sink: SessionSink<unknown, unknown, unknown> = {
        beginSession: () => entries[opened++]!.openSession(format.createEncoder()),
        close: () => Promise.resolve({ files: [], sessions: 0, steps: {} }),
        abort: () => Promise.resolve(),
      };
      await convertInParallel({
        files: changed.map((index) => files[index]!),
        jobs: run.jobs,
        format,
        sink,
        redact: run.redact,
        anonymize: run.anonymize,
        projectionOptions: run.projectionOptions,
        filters: run.filters,
        onIssue: (position, issue) => entries[position]!.addIssue(issue, run.redact),
        onRead: (position, bytes) => ledger.bytesRead(changed[position]!, bytes),
        onFileDone: (position, result) => void entries[position]!.fileDone(result),
      });
      await Promise.all(entries.map((entry) => entry.done));
      return;
    }
    const anonymizer = run.anonymize ? new Anonymizer(run.anonymize) : null;
    for (const [position, index] of changed.entries()) {
      const entry = entries[position]!;
      const converted = await convertToFormat(files[index]!, {
        format,
        openWriter: () => entry.openSession(format.createEncoder()),
        redact: run.redact,
        anonymizer,
        projectionOptions: run.projectionOptions,
        filters: run.filters,
        reportIssue: (issue) => entry.addIssue(issue, run.redact),
        onRead: ledger.tracksReading ? (bytes) => ledger.bytesRead(index, bytes) : undefined,
      });
      await entry.fileDone(converted);
    }
  } catch (error) {
    await Promise.all(entries.map((entry) => entry.discard()));
    throw error;
  }
}
