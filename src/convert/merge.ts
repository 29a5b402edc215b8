/**
 * `rollout-kit merge`: the parts of a partitioned run (`convert --partition i/n`, one
 * output directory each) become one dataset, byte for byte the one a single run over
 * every input writes: records and issues back in input order, shards cut again, the
 * dataset card and the manifest computed from the parts' figures. Like convert, the
 * dataset is written into a staging directory and switched into `outDir` whole.
 */
import { OUTPUT_FORMATS } from '../formats/output-formats.js';
import { addPartCardStats, createCardStats } from '../formats/dataset-card/card-stats.js';
import { comparePaths } from '../read/compare-paths.js';
import type { Manifest } from '../schema/manifest-schema.js';
import { TRAJECTORY_STEP_TYPES } from '../trajectory/rl-schema.js';
import { DatasetDirectoryError, openDatasetDirectory } from '../write/dataset-directory.js';
import { writeManifestFile } from '../write/manifest.js';
import { describeOutputFailure, OutputPathError } from '../write/output-dir.js';
import type { OutputFile, StepCounts } from '../write/sink.js';
import { ConvertOutputError } from './convert.js';
import { MergeMismatchError } from './merge-order.js';
import { writeMergedInstructions } from './merge-instructions.js';
import { writeMergedIssues } from './merge-issues.js';
import { MergeUsageError, readMergeParts, type MergePart } from './merge-parts.js';
import { writeMergedRecords } from './merge-records.js';
import { writeDatasetCard } from './write-dataset-card.js';
import { compareCodeUnits, recordSortedByKey } from '../bytes/code-unit-order.js';

export { MergeUsageError };

export type MergeReport = {
  format: Manifest['format'];
  parts: number;
  sessions: number;
  issues: number;
  inputs: { files: number; bytes: number };
  outputs: OutputFile[];
};

function addCounts(into: Record<string, number>, more: Partial<Record<string, number>>): void {
  for (const [key, n] of Object.entries(more)) into[key] = (into[key] ?? 0) + (n ?? 0);
}


/**
 * The manifest one run over every input writes: the first part's settings, every part's
 * counts added up. Its `files` are listed once every file is written (see withFiles).
 */
function mergeManifests(parts: readonly MergePart[]): Manifest {
  const { partition: _partition, ...first } = parts[0]!.manifest;
  const steps = Object.fromEntries(TRAJECTORY_STEP_TYPES.map((type) => [type, 0])) as StepCounts;
  const issuesByCode: Record<string, number> = {};
  const dropped: Record<string, number> = {};
  const totals = { sessions: 0, steps: 0, issues: 0 };
  const inputs = { count: 0, bytes: 0 };
  for (const { manifest } of parts) {
    addCounts(steps, manifest.totals.steps_by_type);
    addCounts(issuesByCode, manifest.totals.issues_by_code);
    if (manifest.filters) addCounts(dropped, manifest.filters.dropped);
    totals.sessions += manifest.totals.sessions;
    totals.steps += manifest.totals.steps;
    totals.issues += manifest.totals.issues;
    inputs.count += manifest.inputs.count;
    inputs.bytes += manifest.inputs.bytes;
  }
  // Each part lists the duplicates whose used file it converted; one run lists them all, by used path.
  const duplicates = parts.flatMap(({ manifest }) => manifest.duplicates ?? []).sort((a, b) => comparePaths(a.used, b.used));
  const { duplicates: _duplicates, ...settings } = first;
  return {
    ...settings,
    ...(first.filters ? { filters: { applied: first.filters.applied, dropped } } : {}),
    ...(duplicates.length > 0 ? { duplicates } : {}),
    files: [],
    totals: { ...totals, steps_by_type: steps, issues_by_code: recordSortedByKey(Object.entries(issuesByCode)) },
    inputs,
  };
}

/** The manifest listing the files written, sorted by path as a run's manifest lists them. */
function withFiles(manifest: Manifest, files: readonly OutputFile[]): Manifest {
  return { ...manifest, files: [...files].sort((a, b) => compareCodeUnits(a.path, b.path)) };
}

export async function merge(partDirs: readonly string[], outDir: string): Promise<MergeReport> {
  const parts = await readMergeParts(partDirs, outDir);
  const first = parts[0]!.manifest;
  const format = OUTPUT_FORMATS[first.format];
  const dataset = await openDatasetDirectory(outDir).catch((error: unknown) => {
    if (error instanceof DatasetDirectoryError) throw new MergeUsageError(error.message);
    throw outputError(error, outDir);
  });
  const staging = dataset.stagingDir;
  try {
    const outputs = await writeMergedRecords(format, parts, staging);
    outputs.push(await writeMergedIssues(parts, staging));
    const instructions = await writeMergedInstructions(parts, staging);
    if (instructions) outputs.push(instructions);
    const merged = mergeManifests(parts);
    if (format.datasetCard) {
      const stats = createCardStats();
      for (const part of parts) if (part.partition.card) addPartCardStats(stats, part.partition.card);
      outputs.push(
        await writeDatasetCard(staging, {
          format: first.format,
          layout: format.datasetCard,
          stats,
          steps: merged.totals.steps_by_type,
          issues: merged.totals.issues,
          redactionPatternSet: first.redaction.pattern_set,
          instructionsByReference: instructions !== null,
        }),
      );
    }
    outputs.push(await writeManifestFile(staging, withFiles(merged, outputs)));
    await dataset.commit();
    return { format: first.format, parts: parts.length, sessions: merged.totals.sessions, issues: merged.totals.issues, inputs: { files: merged.inputs.count, bytes: merged.inputs.bytes }, outputs };
  } catch (error) {
    await dataset.abort().catch(() => undefined);
    if (error instanceof MergeMismatchError) throw new MergeUsageError(error.message);
    throw outputError(error, outDir);
  }
}

function outputError(error: unknown, outDir: string): unknown {
  const described = describeOutputFailure(error, { outDir });
  return described instanceof OutputPathError ? new ConvertOutputError(described.message, described.code, { cause: error }) : described;
}
