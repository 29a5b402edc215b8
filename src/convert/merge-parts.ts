/**
 * Reads and checks the parts `rollout-kit merge` is given: each must be the output of one
 * part of a partitioned run (its manifest has a `partition` block), written by this very
 * version of the tool (merge re-encodes some formats, so another version could write
 * other bytes), and all must come from one split of the same inputs with the same options,
 * every part present once. Anything else is a MergeUsageError naming the directory and
 * what is wrong.
 */
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { isPathInDataset, MANIFEST_FILE_NAME, manifestSchema, type Manifest, type ManifestPartition } from '../schema/manifest-schema.js';
import { SCHEMA_VERSION, TOOL_NAME, readToolVersion } from '../schema/version.js';

export class MergeUsageError extends Error {}

export type MergePart = {
  dir: string;
  manifest: Manifest;
  partition: ManifestPartition;
  /** The part's record files, in the order it wrote them (shard names sort in shard order). */
  recordFiles: string[];
  issuesFile: string | null;
};

async function readPart(dir: string): Promise<MergePart> {
  const isDir = await stat(dir).then((s) => s.isDirectory(), () => null);
  if (isDir === null) throw new MergeUsageError(`${dir}: no such directory`);
  if (!isDir) throw new MergeUsageError(`${dir}: not a directory (give the output directories of the parts)`);
  const manifestPath = path.join(dir, MANIFEST_FILE_NAME);
  const text = await readFile(manifestPath, 'utf8').catch(() => undefined);
  if (text === undefined) throw new MergeUsageError(`${dir}: no ${MANIFEST_FILE_NAME}, so not the output of a ${TOOL_NAME} run`);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new MergeUsageError(`${manifestPath}: not valid JSON`);
  }
  const tool = (json as { tool?: { name?: unknown; version?: unknown } } | null)?.tool;
  if (tool?.name !== TOOL_NAME) throw new MergeUsageError(`${manifestPath}: not a ${TOOL_NAME} manifest`);
  const version = readToolVersion();
  const schemaVersion = (json as { schema_version?: unknown }).schema_version;
  if (tool.version !== version || schemaVersion !== SCHEMA_VERSION) {
    throw new MergeUsageError(
      `${dir} was written by ${TOOL_NAME} ${String(tool.version)} (schema ${String(schemaVersion)}), this is ${version} (schema ${SCHEMA_VERSION}): convert every part with the version that merges them`,
    );
  }
  const parsed = manifestSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new MergeUsageError(`${manifestPath}: ${issue.path.join('.') || 'manifest'}: ${issue.message}`);
  }
  const manifest = parsed.data;
  if (!manifest.partition) throw new MergeUsageError(`${dir} is not a part of a partitioned run (its manifest has no partition): convert each part with --partition i/n`);
  for (const file of manifest.files) {
    if (!isPathInDataset(file.path)) throw new MergeUsageError(`${manifestPath}: lists ${JSON.stringify(file.path)}, which is not a file in ${dir}`);
    if (file.path === MANIFEST_FILE_NAME) continue;
    const present = await stat(path.join(dir, file.path)).then((s) => s.isFile(), () => false);
    if (!present) throw new MergeUsageError(`${dir}: ${file.path}, listed in its ${MANIFEST_FILE_NAME}, is missing`);
  }
  const recordFiles = manifest.files.filter((file) => file.kind === 'records').map((file) => path.join(dir, file.path));
  const issues = manifest.files.find((file) => file.kind === 'issues');
  return { dir, manifest, partition: manifest.partition, recordFiles, issuesFile: issues ? path.join(dir, issues.path) : null };
}

/** What must be the same in every part, each with the name a message gives it. */
function sharedSettings(part: MergePart): [string, unknown][] {
  const { manifest, partition } = part;
  return [
    ['format', manifest.format],
    ['Arrow IPC flavour', manifest.arrow_ipc],
    ['redaction', manifest.redaction],
    ['anonymization (--anonymize)', manifest.anonymized ?? false],
    ['filters', manifest.filters?.applied ?? null],
    ['split', partition.split],
    ['number of parts', partition.count],
    ['inputs (their count or paths)', partition.inputs],
    ['options (--shard-size, --shard-rows, --keep-rolled-back)', partition.options],
  ];
}

function describeValue(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** The parts, in partition order, once every check has passed. */
export async function readMergeParts(dirs: readonly string[], outDir: string): Promise<MergePart[]> {
  if (dirs.length === 0) throw new MergeUsageError('merge needs the output directories of the parts');
  const out = path.resolve(outDir);
  for (const dir of dirs) {
    const resolved = path.resolve(dir);
    if (resolved === out || resolved.startsWith(`${out}${path.sep}`) || out.startsWith(`${resolved}${path.sep}`)) {
      throw new MergeUsageError(`--out ${outDir} overlaps the part ${dir}: write the merged dataset to a directory of its own`);
    }
  }
  const parts: MergePart[] = [];
  for (const dir of dirs) parts.push(await readPart(dir));
  parts.sort((a, b) => a.partition.index - b.partition.index);
  const first = parts[0]!;
  const expected = sharedSettings(first);
  for (const part of parts.slice(1)) {
    for (const [i, [name, value]] of sharedSettings(part).entries()) {
      if (JSON.stringify(value) !== JSON.stringify(expected[i]![1])) {
        throw new MergeUsageError(`${part.dir} and ${first.dir} differ in ${name} (${describeValue(value)} vs ${describeValue(expected[i]![1])}): merge parts of one split made with the same options`);
      }
    }
  }
  const count = first.partition.count;
  for (const [i, part] of parts.entries()) {
    const previous = parts[i - 1];
    if (previous && previous.partition.index === part.partition.index) {
      throw new MergeUsageError(`${previous.dir} and ${part.dir} are both part ${part.partition.index}/${count}`);
    }
  }
  const given = new Set(parts.map((part) => part.partition.index));
  const missing = Array.from({ length: count }, (_, i) => i + 1).filter((index) => !given.has(index));
  if (missing.length > 0) {
    throw new MergeUsageError(`missing part${missing.length === 1 ? '' : 's'} ${missing.map((index) => `${index}/${count}`).join(', ')}: merge needs every part of the split`);
  }
  for (const part of parts) {
    if (part.partition.records.length !== part.manifest.totals.sessions) {
      throw new MergeUsageError(`${part.dir}: its manifest lists ${part.partition.records.length} record positions for ${part.manifest.totals.sessions} sessions`);
    }
  }
  return parts;
}
