/**
 * The bookkeeping of an `--incremental` run around its conversion: the last run's state
 * (read once, before the inputs are selected: its header facts spare reading headers
 * again), the options key, the plan (what to reuse, convert, drop), the shortcut when the
 * dataset in `--out` is already what the run would write, and the state saved once the
 * new dataset is in place.
 */
import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { InputIssue } from '../issues.js';
import type { InputFile } from '../read/input-file.js';
import { ISSUES_FILE_NAME } from '../write/issues-file.js';
import type { OutputFile } from '../write/sink.js';
import { ConversionCache, hashKey, readCacheState, type CacheState, type IncrementalPlan } from './conversion-cache.js';
import { KnownHeaders } from './known-headers.js';
import { ConvertUsageError } from './convert-types.js';
import { readTextLines } from '../read/text-lines.js';
import { mapConcurrently } from './input-fingerprint.js';

/** What an incremental run did with its inputs (the run report's `incremental`). */
export type IncrementalCounts = {
  reused: number;
  converted: number;
  dropped: number;
  /** Files of the dataset that came out unchanged, and were taken from the last one as they were. */
  keptOutputs: number;
};

export type IncrementalRun<Report> = {
  cache: ConversionCache<Report>;
  plan: IncrementalPlan;
  counts: IncrementalCounts;
  /** `--out` already holds what this run would write. */
  upToDate: boolean;
  discoveryKey: string;
  headers: KnownHeaders;
};

/** What an incremental run knows before it selects its inputs: the last run's state, and the header facts it kept. */
export type IncrementalStart = { state: CacheState<unknown> | null; headers: KnownHeaders };

/** `tool`: this tool's version (header facts another version kept are not used). */
export async function startIncrementalRun(outDir: string, tool: string): Promise<IncrementalStart> {
  const state = await readCacheState(outDir);
  return { state, headers: new KnownHeaders(tool, state?.headers) };
}

/**
 * `outputOptions`: everything that changes what the run writes (a change converts
 * everything again); `discovered`: what discovery reports to the run.
 */
export async function planIncrementalRun<Report>(
  start: IncrementalStart,
  outDir: string,
  outputOptions: unknown,
  files: readonly InputFile[],
  discovered: unknown,
): Promise<IncrementalRun<Report>> {
  const cache = ConversionCache.open<Report>(outDir, outputOptions, start.state);
  const plan = await cache.plan(files);
  const discoveryKey = hashKey(discovered);
  const upToDate = await cache.isDatasetCurrent(plan, discoveryKey, outDir);
  const counts = { reused: plan.reused, converted: plan.converted, dropped: plan.dropped, keptOutputs: upToDate ? cache.previous!.outputs.length : 0 };
  return { cache, plan, counts, upToDate, discoveryKey, headers: start.headers };
}

/**
 * The previous run's report, for a dataset already up to date; its issues (in
 * issues.jsonl) are reported again, as the run that found them did.
 */
export async function reportUpToDate<Report>(run: IncrementalRun<Report>, outDir: string, onIssue: ((issue: InputIssue) => void) | undefined): Promise<Report> {
  const previous = run.cache.previous!;
  if (onIssue) {
    const lines = readTextLines(path.join(outDir, ISSUES_FILE_NAME));
    let number = 0;
    for await (const line of lines) {
      number += 1;
      if (line !== '') onIssue(parseIssueLine(line, `${path.join(outDir, ISSUES_FILE_NAME)}:${number}`));
    }
  }
  // Inputs that were touched but hold the same bytes keep their entries under their new times, and their headers, read again, too.
  const touched = run.plan.inputs.some((input, index) => input.mtimeMs !== previous.inputs[index]!.mtimeMs || input.ctimeMs !== previous.inputs[index]!.ctimeMs);
  if (touched || run.headers.read > 0) {
    await run.cache.save({ ...previous, inputs: run.plan.inputs.map(({ convert: _, ...input }) => input), headers: run.headers.save() });
  }
  return previous.report;
}

/** An issue line of the dataset in place; one edited since the last run is a one-line usage error. */
function parseIssueLine(line: string, where: string): InputIssue {
  try {
    return JSON.parse(line) as InputIssue;
  } catch {
    throw new ConvertUsageError(`${where}: not a JSON line; the dataset was changed since the last --incremental run: run again without --incremental`);
  }
}

/** Records the dataset just put in place (its outputs, manifest.json last) and what it was built from. */
export async function saveIncrementalRun<Report>(run: IncrementalRun<Report>, outDir: string, outputs: readonly OutputFile[], manifest: OutputFile, report: Report): Promise<void> {
  // A file that no longer has this mtime has been touched since, and is not taken as it is.
  const mtimes = await mapConcurrently(outputs, (file) => stat(path.join(outDir, file.path)).then((s) => s.mtimeMs, () => -1));
  await run.cache.save({
    inputs: run.plan.inputs.map(({ convert: _, ...input }) => input),
    discoveryKey: run.discoveryKey,
    manifestSha256: manifest.sha256,
    outputs: outputs.map((file, index) => ({ path: file.path, bytes: file.bytes, mtimeMs: mtimes[index]! })),
    report,
    headers: run.headers.save(),
  });
}
