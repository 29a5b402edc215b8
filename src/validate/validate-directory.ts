/**
 * A whole output directory. With a manifest.json: the manifest must be valid, every
 * file it lists must exist with the listed byte size, sha256 and row count and hold
 * valid records, no unlisted data file may sit beside them, and the totals must
 * match what the files hold. Without one: every data file found is checked on its own.
 */
import { INSTRUCTIONS_FILE_NAME } from '../trajectory/instructions-schema.js';
import { validateInstructionsFile } from './validate-instructions-file.js';
import { readFile, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import type { SchemaName } from '../check/schema-validators.js';
import type { ValidationContext } from '../check/validation-context.js';
import { validateJsonlFile } from '../check/validate-jsonl-file.js';
import { OUTPUT_FORMATS } from '../formats/output-formats.js';
import { hashFile } from '../read/file-sha256.js';
import { MANIFEST_FILE_NAME, type Manifest, type ManifestFile } from '../schema/manifest-schema.js';
import { validateLooseFile } from './validate-loose-file.js';

const ISSUES_FILE_NAME = 'issues.jsonl';
/** Metadata files some format writes beside its records. */
const FORMAT_METADATA_NAMES = new Set(Object.values(OUTPUT_FORMATS).flatMap((format) => format.layout.metadataFileNames));
const METADATA_NAMES = new Set([MANIFEST_FILE_NAME, ...FORMAT_METADATA_NAMES]);

type DirectoryResult = { files: number };

export async function validateDirectory(ctx: ValidationContext, dir: string, schemaOverride?: SchemaName): Promise<DirectoryResult> {
  const manifestPath = path.join(dir, MANIFEST_FILE_NAME);
  const manifestText = await readFile(manifestPath, 'utf8').catch(() => undefined);
  if (manifestText === undefined) return validateUnlisted(ctx, dir, schemaOverride);
  let manifest: unknown;
  try {
    manifest = JSON.parse(manifestText);
  } catch (error) {
    ctx.report({ file: manifestPath, message: `not valid JSON: ${(error as Error).message}` });
    return validateUnlisted(ctx, dir, schemaOverride);
  }
  if (!ctx.checkDocument('manifest', manifest, { file: manifestPath })) return validateUnlisted(ctx, dir, schemaOverride);
  return validateAgainstManifest(ctx, dir, manifest as Manifest);
}

async function validateAgainstManifest(ctx: ValidationContext, dir: string, manifest: Manifest): Promise<DirectoryResult> {
  const manifestPath = path.join(dir, MANIFEST_FILE_NAME);
  const stepsBefore = { ...ctx.steps };
  let recordRows = 0;
  for (const entry of manifest.files) {
    const file = path.join(dir, entry.path);
    if (!isInside(entry.path)) {
      ctx.report({ file: manifestPath, message: `file path "${entry.path}" leaves the output directory` });
      continue;
    }
    if (!(await checkFileIntegrity(ctx, file, entry))) continue;
    const rows = await validateListedFile(ctx, dir, file, entry, manifest);
    if (entry.kind === 'records') recordRows += rows ?? 0;
    if (rows !== null && entry.rows !== null && rows !== entry.rows) {
      ctx.report({ file, message: `holds ${rows} rows, manifest.json says ${entry.rows}` });
    }
  }
  await reportUnlistedDataFiles(ctx, dir, manifest);

  if (OUTPUT_FORMATS[manifest.format].layout.holdsTrajectories) {
    if (recordRows !== manifest.totals.sessions) {
      ctx.report({ file: manifestPath, path: '$.totals.sessions', message: `says ${manifest.totals.sessions}, the files hold ${recordRows} records` });
    }
    for (const [type, count] of Object.entries(manifest.totals.steps_by_type)) {
      const seen = ctx.steps[type as keyof typeof ctx.steps] - stepsBefore[type as keyof typeof stepsBefore];
      if (seen !== count) ctx.report({ file: manifestPath, path: `$.totals.steps_by_type.${type}`, message: `says ${count}, the files hold ${seen}` });
    }
  }
  return { files: manifest.files.length + 1 };
}

/** Size first (cheap), then the hash; false when the file is missing or altered. */
async function checkFileIntegrity(ctx: ValidationContext, file: string, entry: ManifestFile): Promise<boolean> {
  const info = await stat(file).catch(() => undefined);
  if (!info?.isFile()) {
    ctx.report({ file, message: 'listed in manifest.json but missing' });
    return false;
  }
  let intact = true;
  if (info.size !== entry.bytes) {
    ctx.report({ file, message: `is ${info.size} bytes, manifest.json says ${entry.bytes} (truncated or altered)` });
    intact = false;
  }
  const { sha256 } = await hashFile(file);
  if (sha256 !== entry.sha256) {
    ctx.report({ file, message: `sha256 ${sha256} does not match manifest.json (${entry.sha256}): the file was altered` });
    intact = false;
  }
  // An altered file is still checked for content, so the report says what is wrong with it.
  return intact || entry.kind !== 'metadata';
}

/** Returns the rows found, or null when the file has no row count. */
async function validateListedFile(ctx: ValidationContext, dir: string, file: string, entry: ManifestFile, manifest: Manifest): Promise<number | null> {
  const layout = OUTPUT_FORMATS[manifest.format].layout;
  if (entry.kind === 'issues') return validateJsonlFile(ctx, file, 'issue');
  if (entry.kind === 'metadata') {
    if (path.basename(file) === INSTRUCTIONS_FILE_NAME) return validateInstructionsFile(ctx, file);
    const recordFiles = manifest.files.filter((f) => f.kind === 'records').map((f) => f.path);
    if (layout.metadataFileNames.includes(path.basename(file))) await layout.validateMetadataFile?.(ctx, dir, file, recordFiles);
    return null;
  }
  return layout.validateRecordFile(ctx, file);
}

/** Data files beside the manifest that it does not list: a mix of two runs, or a file added by hand. */
async function reportUnlistedDataFiles(ctx: ValidationContext, dir: string, manifest: Manifest): Promise<void> {
  const listed = new Set(manifest.files.map((f) => f.path));
  const layout = OUTPUT_FORMATS[manifest.format].layout;
  for (const name of await readdir(dir)) {
    if (listed.has(name) || name.startsWith('.') || METADATA_NAMES.has(name)) continue;
    if (layout.isRecordFileName(name)) ctx.report({ file: path.join(dir, name), message: 'not listed in manifest.json' });
  }
}

/** No manifest: check what is there by its name. */
async function validateUnlisted(ctx: ValidationContext, dir: string, schemaOverride?: SchemaName): Promise<DirectoryResult> {
  const names = (await readdir(dir, { withFileTypes: true }))
    .filter((entry) => entry.isFile() && !entry.name.startsWith('.'))
    .map((entry) => entry.name)
    .sort();
  let files = 0;
  for (const name of names) {
    const file = path.join(dir, name);
    if (name === MANIFEST_FILE_NAME) continue;
    const describing = Object.values(OUTPUT_FORMATS).find((format) => format.layout.metadataFileNames.includes(name));
    if (describing) await describing.layout.validateMetadataFile?.(ctx, dir, file, null);
    else if (name === ISSUES_FILE_NAME) await validateJsonlFile(ctx, file, 'issue');
    else if (!(await validateLooseFile(ctx, file, schemaOverride, { skipUnknown: true }))) continue;
    files += 1;
  }
  return { files };
}

function isInside(relative: string): boolean {
  return !path.isAbsolute(relative) && !relative.split(/[\\/]/).includes('..');
}
