/**
 * A conversion run: discover the inputs, convert each file into the chosen output,
 * collect the issues, and report. Library code: it throws only for usage errors
 * (ConvertUsageError) and bugs; bad input becomes issues in the report.
 */
import { homedir, userInfo } from 'node:os';
import { resolve } from 'node:path';
import type { InputIssue } from '../issues.js';
import { discoverInputs } from '../read/discover.js';
import { STDIN_PATH } from '../read/input-file.js';
import { OUTPUT_FORMAT_NAMES, OUTPUT_FORMATS, streamingFormatFor } from '../formats/output-formats.js';
import { describeNothingFound } from '../read/nothing-found.js';
import { DatasetDirectoryError, openDatasetDirectory } from '../write/dataset-directory.js';
import { ISSUES_FILE_NAME, IssuesFile } from '../write/issues-file.js';
import { writeManifest } from '../write/manifest.js';
import { describeOutputFailure, OutputPathError } from '../write/output-dir.js';
import type { OutputFile, SinkSummary, StepCounts } from '../write/sink.js';
import type { OutputFormatName } from '../schema/output-format-names.js';
import type { AnyOutputFormat } from './any-output-format.js';
import { convertToFormat } from './convert-to-format.js';
import { PATTERN_SET_VERSION } from '../redact/redact.js';
import { canUseWorkers, convertInParallel } from './file-pool.js';
import { FILTER_NAMES, hasFilters, type FilterName } from '../filter/session-filter.js';
import { RunLedger, type ConvertProgress } from './run-ledger.js';
import { refuseOversizedSessions } from '../formats/session-limit.js';
import { CARD_SESSION_FIELDS, createCardStats } from '../formats/dataset-card/card-stats.js';
import { countSessionsForCard } from './card-stats-sink.js';
import { writeDatasetCard } from './write-dataset-card.js';
import { referInstructions, REFERRED_SUMMARY_FIELDS } from './instructions-sink.js';
import { InstructionsStore } from '../write/instructions-file.js';
import { releasePrestartedWorkers } from './worker-prestart.js';
import { selectInputs } from './select-inputs.js';
import { collectAnonymizeSettings, relativeToInputRoots, type MachineIdentity } from './anonymize-inputs.js';
import { Anonymizer } from '../anonymize/anonymizer.js';
import { describePartitionForManifest } from './partition-manifest.js';
import { convertIncrementally } from './incremental-run.js';
import { cacheDirFor, removeCacheDir } from './conversion-cache.js';
import { existsSync } from 'node:fs';
import { planIncrementalRun, reportUpToDate, saveIncrementalRun, startIncrementalRun, type IncrementalRun } from './incremental-state.js';
import { readToolVersion, SCHEMA_VERSION } from '../schema/version.js';

export const CONVERT_FORMATS: readonly OutputFormatName[] = OUTPUT_FORMAT_NAMES;
export type { ConvertProgress };
export { ConvertOutputError, ConvertUsageError, INSTRUCTIONS_MODES } from './convert-types.js';
export type { ConvertFormat, ConvertOptions, InstructionsMode, RunReport } from './convert-types.js';
import { ConvertOutputError, ConvertUsageError, type ConvertOptions, type RunReport } from './convert-types.js';

/** Errors of the output side become ConvertOutputError; anything else (a bug) is left as it is. */
function outputError(error: unknown, options: ConvertOptions): unknown {
  const described = describeOutputFailure(error, options.stdout ? 'stdout' : { outDir: options.outDir });
  return described instanceof OutputPathError ? new ConvertOutputError(described.message, described.code, { cause: error }) : described;
}

/**
 * Issues stream to issues.jsonl (and `onIssue`) in input order; the report keeps their
 * counts. The dataset is written into a staging directory and switched into `outDir` whole.
 */
export async function convert(options: ConvertOptions, onIssue?: (issue: InputIssue) => void): Promise<RunReport> {
  const discovery = await discoverInputs(options.inputs, options.discover);
  // Only a run that found nothing at all is refused; otherwise what discovery met is reported.
  if (discovery.files.length === 0) throw new ConvertUsageError(describeNothingFound(discovery));

  const partition = options.partition;
  // An incremental run reads the last run's state first: it knows the headers of the inputs that did not change.
  const start = options.incremental && !options.stdout ? await startIncrementalRun(options.outDir, readToolVersion()) : null;
  const { files: selected, everyPart, everyPartLinks, duplicates: found } = await selectInputs(discovery.files, partition, start?.headers);
  // Settled over every part's inputs, so that each part replaces what one run would (merge gives its bytes).
  const anonymize = options.anonymize ? await collectAnonymizeSettings(everyPart, everyPartLinks, machineIdentity(options)) : undefined;
  const files = anonymize ? relativeToInputRoots(selected, options.inputs, discovery.searchedDefaults, resolve(options.discover?.cwd ?? process.cwd())) : selected;
  const anonymizer = anonymize ? new Anonymizer(anonymize) : null;
  // The report names files by their paths, which hold the home directory like any other string.
  const duplicates = anonymizer ? found.map((d) => ({ ...d, used: anonymizer.text(d.used), skipped: d.skipped.map((p) => anonymizer.text(p)) })) : found;
  const format: AnyOutputFormat = options.stdout ? streamingFormatFor(options.format) : OUTPUT_FORMATS[options.format];
  const refusal = refuseOversizedSessions(format.holdsSessions, files, options.maxSessionBytes ?? options.arrowMaxSessionBytes);
  if (refusal) throw new ConvertUsageError(refusal);
  const referring = options.instructions === 'ref';
  if (referring && (options.stdout || !format.layout.holdsTrajectories)) {
    throw new ConvertUsageError(`instructions by reference need a record format written to files (json, jsonl, arrow, parquet), not ${options.stdout ? 'stdout' : options.format}`);
  }

  const redact = options.redact !== false;
  const filters = hasFilters(options.filters) ? options.filters : undefined;
  const jobs = Math.min(options.jobs ?? 1, files.length);
  const parallel = jobs > 1 && canUseWorkers() && !files.some((file) => file.path === STDIN_PATH);
  const reportsDiscovery = !partition || partition.index === 1;
  let incremental: IncrementalRun<RunReport> | null = null;
  // A cache this run creates is removed again when the run is refused before it converts anything.
  let newCache = false;
  if (options.incremental) {
    if (!start || files.some((file) => file.path === STDIN_PATH)) throw new ConvertUsageError('--incremental reads input files and writes a dataset directory: it cannot be used with --stdout or standard input (-)');
    // A part's manifest places its records and issues among every part's inputs, which a replay from the cache does not rebuild yet.
    if (partition) throw new ConvertUsageError('--incremental cannot be combined with --partition yet: convert each part without --incremental');
    newCache = !existsSync(cacheDirFor(options.outDir));
    // Everything that changes what is written: another value converts every input again.
    const { format: formatName, arrowIpc, shardBytes, shardRows, keepRolledBack, keepCopied, instructions: instructionsMode } = options;
    const written = [readToolVersion(), SCHEMA_VERSION, formatName, arrowIpc, shardBytes, shardRows, keepRolledBack, keepCopied, instructionsMode, filters, partition, anonymize, redact && PATTERN_SET_VERSION];
    const discovered = [reportsDiscovery ? [discovery.issues, discovery.skipped] : null, duplicates];
    incremental = await planIncrementalRun<RunReport>(start, options.outDir, written, files, discovered).catch(async (error: unknown) => {
      if (newCache) await removeCacheDir(options.outDir);
      throw outputError(error, options);
    });
    if (incremental.upToDate) {
      releasePrestartedWorkers();
      return { ...(await reportUpToDate(incremental, options.outDir, onIssue)), jobs: parallel ? jobs : 1, incremental: incremental.counts };
    }
  }

  const dataset = options.stdout
    ? null
    : await openDatasetDirectory(options.outDir).catch(async (error: unknown) => {
        if (newCache) await removeCacheDir(options.outDir);
        return rethrowOpenFailure(error, options);
      });
  const outDir = dataset?.stagingDir;
  const issuesFile = outDir ? await IssuesFile.create(outDir) : null;
  const ledger = new RunLedger(files, {
    onIssue,
    onProgress: options.onProgress,
    writeIssue: issuesFile ? (issue) => issuesFile.append(issue) : undefined,
    redact,
    anonymizer: anonymizer ?? undefined,
  });
  // What discovery met (unreadable directories, missing inputs, bad names) comes first.
  if (reportsDiscovery) ledger.recordDiscovery(discovery.issues, discovery.skipped);

  const cardStats = outDir && format.datasetCard ? createCardStats() : null;
  // An incremental rebuild takes the files that come out unchanged from the dataset it replaces.
  const previous = outDir && incremental ? await incremental.cache.previousFiles(options.outDir) : undefined;
  const openedSink = outDir ? format.openSink({ ...options, outDir, previous }) : format.openStream!(options.stdout!);
  const instructions = referring ? new InstructionsStore() : null;
  const counted = cardStats ? countSessionsForCard(openedSink, cardStats) : openedSink;
  const sink = instructions ? referInstructions(counted, instructions) : counted;
  const abort = async (): Promise<void> => {
    await sink.abort();
    await issuesFile?.discard();
    await dataset?.abort();
  };
  if (!parallel) releasePrestartedWorkers();
  const projectionOptions = { keepRolledBack: options.keepRolledBack, keepCopied: options.keepCopied };
  try {
    if (incremental) {
      // Records taken from the last dataset are counted into the card, and its instructions kept by reference, from these fields of its summaries.
      const adoptedSummaryFields = [...(cardStats ? CARD_SESSION_FIELDS : []), ...(instructions ? REFERRED_SUMMARY_FIELDS : [])];
      await convertIncrementally({ files, plan: incremental.plan, cache: incremental.cache, format, sink, ledger, parallel, jobs, redact, anonymize, projectionOptions, filters, previous, adoptedSummaryFields });
    } else if (parallel) {
      await convertInParallel({
        files,
        jobs,
        format,
        sink,
        redact,
        anonymize,
        projectionOptions,
        filters,
        onIssue: (index, issue) => ledger.issueFound(index, issue),
        onRead: (index, bytes) => ledger.bytesRead(index, bytes),
        onFileDone: (index, result) => ledger.fileDone(index, result),
      });
    } else {
      for (const [index, file] of files.entries()) {
        const converted = await convertToFormat(file, {
          format,
          openWriter: () => sink.beginSession(),
          redact,
          anonymizer,
          projectionOptions,
          filters,
          reportIssue: (issue) => ledger.issueFound(index, issue),
          onRead: ledger.tracksReading ? (bytes) => ledger.bytesRead(index, bytes) : undefined,
        });
        ledger.fileDone(index, converted);
      }
    }
  } catch (error) {
    await abort().catch(() => undefined);
    throw outputError(error, options);
  }
  const inputs = { files: files.length, bytes: ledger.totalBytes };
  const byCode = { ...ledger.issuesByCode };
  let summary: SinkSummary;
  let manifestFile: OutputFile | undefined;
  const outputs: OutputFile[] = [];
  try {
    summary = await sink.close();
    outputs.push(...summary.files);
    if (outDir && dataset && issuesFile) {
      outputs.push(await issuesFile.finish());
      if (instructions) outputs.push(await instructions.write(outDir));
      if (format.datasetCard && cardStats) {
        outputs.push(
          await writeDatasetCard(outDir, {
            format: options.format,
            layout: format.datasetCard,
            stats: cardStats,
            steps: summary.steps as StepCounts,
            issues: ledger.issueCount,
            redactionPatternSet: redact ? PATTERN_SET_VERSION : null,
            instructionsByReference: instructions !== null,
          }),
        );
      }
      const manifest = await writeManifest(outDir, {
        format: options.format,
        arrowIpc: options.arrowIpc,
        files: outputs,
        sessions: ledger.sessions,
        steps: summary.steps,
        issues: { total: ledger.issueCount, byCode },
        inputs: { count: inputs.files, bytes: inputs.bytes },
        redactionPatternSet: redact ? PATTERN_SET_VERSION : null,
        anonymized: anonymizer !== null,
        filters: filters ?? null,
        filtered: ledger.filtered,
        duplicates,
        partition: partition ? describePartitionForManifest({ partition, allFiles: discovery.files, files, ledger, options, cardStats }) : undefined,
      });
      outputs.push((manifestFile = manifest.file));
      await dataset.commit();
    }
  } catch (error) {
    // Writing the finished files or switching the dataset failed (a full disk): the old dataset stays.
    await abort().catch(() => undefined);
    throw outputError(error, options);
  }
  const report: RunReport = {
    format: options.format,
    inputs,
    sessions: ledger.sessions,
    failedFiles: ledger.failedFiles,
    issues: { total: ledger.issueCount, byCode, file: options.stdout ? null : ISSUES_FILE_NAME },
    steps: summary.steps,
    outputs,
    jobs: parallel ? Math.min(jobs, files.length) : 1,
    redactions: {
      patternSet: redact ? PATTERN_SET_VERSION : null,
      total: Object.values(ledger.redactions).reduce((sum, n) => sum + n, 0),
      byKind: { ...ledger.redactions },
    },
    anonymized: anonymizer !== null,
    filtered: describeFiltered(ledger.filtered),
    duplicates,
  };
  if (!incremental || !manifestFile) return report;
  await saveIncrementalRun(incremental, options.outDir, outputs, manifestFile, report).catch((error: unknown) => {
    throw outputError(error, options);
  });
  return { ...report, incremental: { ...incremental.counts, keptOutputs: previous?.kept ?? 0 } };
}

/** Whose home and name `--anonymize` replaces besides those the inputs show. */
function machineIdentity(options: ConvertOptions): MachineIdentity {
  if (typeof options.anonymize === 'object') return options.anonymize;
  let userName: string | null = null;
  try {
    userName = userInfo().username;
  } catch {
    // No entry for this uid (a container's arbitrary user): the home still names it.
  }
  return { homeDir: options.discover?.homeDir ?? homedir(), userName };
}

/** The filters' counts in their fixed order (files finish in any order on worker threads). */
function describeFiltered(counts: Partial<Record<FilterName, number>>): RunReport['filtered'] {
  const byFilter = Object.fromEntries(FILTER_NAMES.filter((name) => counts[name]).map((name) => [name, counts[name]!]));
  return { total: Object.values(byFilter).reduce((sum, n) => sum + n, 0), byFilter };
}

/** An --out that cannot hold the dataset: a usage error, or (the file system refused) an output error. */
function rethrowOpenFailure(error: unknown, options: ConvertOptions): never {
  if (error instanceof DatasetDirectoryError) throw new ConvertUsageError(error.message);
  throw outputError(error, options);
}
