/**
 * Builds and writes `manifest.json` from what a run reports. Pure data in, fixed
 * bytes out: files sorted by path, counts in a fixed key order, no clock and no
 * absolute path, so the same input always gives the same manifest.
 */
import path from 'node:path';
import type { IssueCode } from '../issues.js';
import { SCHEMA_VERSION, TOOL_NAME, formatSchemaId, readToolVersion } from '../schema/version.js';
import { TRAJECTORY_STEP_TYPES } from '../trajectory/rl-schema.js';
import { AtomicFile } from './atomic-file.js';
import { MANIFEST_FILE_NAME, manifestSchema, type DuplicateSession, type Manifest, type ManifestPartition } from '../schema/manifest-schema.js';
import type { ArrowIpcFormat, OutputFormatName } from '../schema/output-format-names.js';
import type { OutputFile, StepCounts } from './sink.js';
import { FILTER_NAMES, type SessionFilters } from '../filter/session-filter.js';
import { compareCodeUnits, recordSortedByKey } from '../bytes/code-unit-order.js';

export type ManifestInput = {
  format: OutputFormatName;
  /** The IPC flavour when `format` is `arrow`. */
  arrowIpc?: ArrowIpcFormat | null | undefined;
  /** Every file the run wrote into the output directory (sink files, issues.jsonl). */
  files: readonly OutputFile[];
  sessions: number;
  steps: Partial<StepCounts>;
  issues: { total: number; byCode: Partial<Record<IssueCode, number>> };
  inputs: { count: number; bytes: number };
  /** The redaction pattern-set version, or null when secrets were not redacted (`--no-redact`). */
  redactionPatternSet?: string | null | undefined;
  /** Paths were anonymized (`--anonymize`). */
  anonymized?: boolean | undefined;
  /** The filters the run applied (none: null), and the sessions each one left out. */
  filters?: SessionFilters | null | undefined;
  filtered?: Partial<Record<string, number>> | undefined;
  /** Sessions found in several inputs (none: the field is left out). */
  duplicates?: readonly DuplicateSession[] | undefined;
  /** Set by one part of a partitioned run: what `merge` needs to rebuild the single-run dataset. */
  partition?: ManifestPartition | undefined;
  /** Defaults to the package version; tests pin it. */
  toolVersion?: string | undefined;
};

/** The schema every record file of a format follows. */
function recordSchemaNameFor(format: OutputFormatName): string {
  if (format === 'messages' || format === 'messages-parquet') return 'messages';
  if (format === 'atif') return 'atif';
  return format === 'thread-events' ? 'thread-event' : 'trajectory';
}


export function buildManifest(input: ManifestInput): Manifest {
  const stepsByType = Object.fromEntries(TRAJECTORY_STEP_TYPES.map((type) => [type, input.steps[type] ?? 0])) as StepCounts;
  const issuesByCode = recordSortedByKey(Object.entries(input.issues.byCode).filter((entry): entry is [string, number] => entry[1] !== undefined && entry[1] > 0));
  const manifest: Manifest = {
    schema_version: SCHEMA_VERSION,
    record_schema: formatSchemaId(recordSchemaNameFor(input.format)),
    tool: { name: TOOL_NAME, version: input.toolVersion ?? readToolVersion() },
    format: input.format,
    arrow_ipc: input.format === 'arrow' ? (input.arrowIpc ?? 'stream') : null,
    redaction: { enabled: typeof input.redactionPatternSet === 'string', pattern_set: input.redactionPatternSet ?? null },
    ...(input.anonymized ? { anonymized: true as const } : {}),
    ...(input.filters ? { filters: describeFilters(input.filters, input.filtered ?? {}) } : {}),
    ...(input.duplicates?.length ? { duplicates: input.duplicates.map((duplicate) => ({ ...duplicate, skipped: [...duplicate.skipped] })) } : {}),
    files: [...input.files]
      .sort((a, b) => compareCodeUnits(a.path, b.path))
      .map(({ path: filePath, kind, rows, bytes, sha256 }) => ({ path: filePath, kind, rows, bytes, sha256 })),
    totals: {
      sessions: input.sessions,
      steps: Object.values(stepsByType).reduce((sum, n) => sum + n, 0),
      steps_by_type: stepsByType,
      issues: input.issues.total,
      issues_by_code: issuesByCode,
    },
    inputs: { count: input.inputs.count, bytes: input.inputs.bytes },
    ...(input.partition ? { partition: input.partition } : {}),
  };
  return manifestSchema.parse(manifest);
}

function describeFilters(filters: SessionFilters, filtered: Partial<Record<string, number>>): NonNullable<Manifest['filters']> {
  const applied: Record<string, string | number | string[]> = {};
  if (filters.outcomes) applied['outcome'] = [...filters.outcomes];
  if (filters.since !== undefined) applied['since'] = new Date(filters.since).toISOString();
  if (filters.until !== undefined) applied['until'] = new Date(filters.until).toISOString();
  if (filters.model !== undefined) applied['model'] = filters.model;
  if (filters.cwd !== undefined) applied['cwd'] = filters.cwd;
  if (filters.originator !== undefined) applied['originator'] = filters.originator;
  if (filters.minTurns !== undefined) applied['min_turns'] = filters.minTurns;
  if (filters.minSteps !== undefined) applied['min_steps'] = filters.minSteps;
  if (filters.agent !== undefined) applied['agent'] = filters.agent;
  if (filters.skipImported) applied['imported'] = 'skip';
  const dropped = Object.fromEntries(FILTER_NAMES.filter((name) => name in applied).map((name) => [name, filtered[name] ?? 0]));
  return { applied, dropped };
}

function renderManifest(manifest: Manifest): string {
  return `${JSON.stringify(manifest, null, 2)}\n`;
}

/** Writes `<outDir>/manifest.json` atomically and returns what it wrote. */
export async function writeManifest(outDir: string, input: ManifestInput): Promise<{ manifest: Manifest; file: OutputFile }> {
  const manifest = buildManifest(input);
  return { manifest, file: await writeManifestFile(outDir, manifest) };
}

/** Writes a manifest already built (checked against the schema first) atomically. */
export async function writeManifestFile(outDir: string, manifest: Manifest): Promise<OutputFile> {
  const text = renderManifest(manifestSchema.parse(manifest));
  const file = await AtomicFile.create(outDir, MANIFEST_FILE_NAME);
  try {
    await file.write(text);
    const { bytes, sha256 } = await file.finish();
    await file.moveTo(path.join(outDir, MANIFEST_FILE_NAME));
    return { path: MANIFEST_FILE_NAME, kind: 'metadata', rows: null, bytes, sha256 };
  } catch (error) {
    await file.discard();
    throw error;
  }
}
