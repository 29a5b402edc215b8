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
import { MANIFEST_FILE_NAME, manifestSchema, type Manifest } from '../schema/manifest-schema.js';
import type { ArrowIpcFormat, OutputFormatName } from '../schema/output-format-names.js';
import type { OutputFile, StepCounts } from './sink.js';

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
  /** Defaults to the package version; tests pin it. */
  toolVersion?: string | undefined;
};

/** The schema every record file of a format follows. */
function recordSchemaNameFor(format: OutputFormatName): string {
  return format === 'thread-events' ? 'thread-event' : 'trajectory';
}

function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function buildManifest(input: ManifestInput): Manifest {
  const stepsByType = Object.fromEntries(TRAJECTORY_STEP_TYPES.map((type) => [type, input.steps[type] ?? 0])) as StepCounts;
  const issuesByCode = Object.fromEntries(
    Object.entries(input.issues.byCode)
      .filter(([, n]) => n !== undefined && n > 0)
      .sort(([a], [b]) => compareCodeUnits(a, b)),
  );
  const manifest: Manifest = {
    schema_version: SCHEMA_VERSION,
    record_schema: formatSchemaId(recordSchemaNameFor(input.format)),
    tool: { name: TOOL_NAME, version: input.toolVersion ?? readToolVersion() },
    format: input.format,
    arrow_ipc: input.format === 'arrow' ? (input.arrowIpc ?? 'stream') : null,
    redaction: { enabled: typeof input.redactionPatternSet === 'string', pattern_set: input.redactionPatternSet ?? null },
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
  };
  return manifestSchema.parse(manifest);
}

function renderManifest(manifest: Manifest): string {
  return `${JSON.stringify(manifest, null, 2)}\n`;
}

/** Writes `<outDir>/manifest.json` atomically and returns what it wrote. */
export async function writeManifest(outDir: string, input: ManifestInput): Promise<{ manifest: Manifest; file: OutputFile }> {
  const manifest = buildManifest(input);
  const file = await AtomicFile.create(outDir, MANIFEST_FILE_NAME);
  try {
    await file.write(renderManifest(manifest));
    const { bytes, sha256 } = await file.finish();
    await file.moveTo(path.join(outDir, MANIFEST_FILE_NAME));
    return { manifest, file: { path: MANIFEST_FILE_NAME, kind: 'metadata', rows: null, bytes, sha256 } };
  } catch (error) {
    await file.discard();
    throw error;
  }
}
