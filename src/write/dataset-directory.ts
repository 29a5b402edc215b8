/**
 * The output directory changes as a whole. A run writes its dataset into a staging
 * directory beside `--out` (same parent, so on the same filesystem), and commit() puts it
 * in place with two renames: the old dataset aside, the new one in. A reader or
 * `validate` sees the old complete dataset, the new complete one, or (for the instant
 * between the renames, or after a kill there) none, but never a mix of two runs.
 *
 * What a killed run leaves behind is put right by the next run into the same directory,
 * before it writes anything: a dataset set aside whose replacement never arrived is put
 * back, and staging or set-aside directories are removed. One run at a time does this and
 * the switch (dataset-lock.ts).
 *
 * `--out` is replaced whole, so it must be new, empty, or a dataset this tool wrote (a
 * manifest.json naming rollout-kit, and no file the manifest does not list): anything else
 * would be deleted by the switch, and is refused instead.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, realpath, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { MANIFEST_FILE_NAME } from '../schema/manifest-schema.js';
import { TOOL_NAME } from '../schema/version.js';
import { lockDataset } from './dataset-lock.js';
import { ensureOutputDir } from './output-dir.js';

const STAGING_INFIX = '.staging-';
const REPLACED_INFIX = '.replaced-';

/** The output directory holds what is not a dataset of ours: a usage error (errors of the file system are OutputPathError). */
export class DatasetDirectoryError extends Error {}

export type DatasetDirectory = {
  /** Where this run writes every file of the dataset. */
  readonly stagingDir: string;
  /** Puts the staged dataset in place of the old one (if any). */
  commit(): Promise<void>;
  /** Removes the staged dataset; the old one stays as it was. */
  abort(): Promise<void>;
};

export async function openDatasetDirectory(outDir: string): Promise<DatasetDirectory> {
  // Created level by level with one-line errors (a file in the way, a read-only file system).
  ensureOutputDir(outDir);
  // An --out that is a symbolic link (a dataset kept on another disk) is switched where it
  // points: renaming the link itself would leave the dataset there stale and write the new
  // one in the link's place, and staging beside the link could be another file system.
  const target = await realpath(outDir);
  const parent = path.dirname(target);
  const prefix = `.${path.basename(target)}`;
  const unlock = await lockDataset(parent, path.basename(target), outDir);
  const stagingDir = path.join(parent, `${prefix}${STAGING_INFIX}${randomBytes(6).toString('hex')}`);
  try {
    await recoverInterruptedSwitch(target, parent, prefix);
    await assertReplaceable(outDir, target);
    await mkdir(stagingDir);
  } catch (error) {
    await unlock();
    throw error;
  }
  return {
    stagingDir,
    async commit() {
      try {
        await switchIn();
      } finally {
        await unlock();
      }
    },
    async abort() {
      try {
        await rm(stagingDir, { recursive: true, force: true });
      } finally {
        await unlock();
      }
    },
  };

  /** The two renames: the old dataset aside, the staged one in. */
  async function switchIn(): Promise<void> {
    const aside = path.join(parent, setAsideName(prefix));
    const hadOld = await rename(target, aside).then(
      () => true,
      (error: NodeJS.ErrnoException) => {
        if (error.code === 'ENOENT') return false;
        throw error;
      },
    );
    await rename(stagingDir, target);
    // The switch is done. The old dataset may hold what this user cannot delete (written by
    // another user): left aside, for a later run to remove, rather than failing a run whose
    // dataset is in place.
    if (hadOld) await rm(aside, { recursive: true, force: true }).catch(() => undefined);
  }
}

/**
 * Where commit() sets the old dataset aside: named after the time, so that names sort
 * oldest first (an earlier set-aside dataset may still be there, one this user could not
 * remove), then a random part for runs in the same millisecond.
 */
function setAsideName(prefix: string): string {
  return `${prefix}${REPLACED_INFIX}${String(Date.now()).padStart(15, '0')}-${randomBytes(6).toString('hex')}`;
}

/**
 * A run killed between its two renames left the old dataset aside and no dataset in
 * place: the old one goes back. Staging directories of killed runs, and datasets set
 * aside whose switch did complete, are removed.
 */
async function recoverInterruptedSwitch(target: string, parent: string, prefix: string): Promise<void> {
  const names = await readdir(parent).catch(() => [] as string[]);
  const leftovers = names.filter((name) => name.startsWith(`${prefix}${STAGING_INFIX}`) || name.startsWith(`${prefix}${REPLACED_INFIX}`));
  const aside = leftovers.filter((name) => name.startsWith(`${prefix}${REPLACED_INFIX}`)).sort();
  // The target is missing, or the empty directory this run has just created in its place.
  if (aside.length > 0 && (await readdir(target).catch(() => [])).length === 0) {
    // The newest one set aside is the dataset that was in place.
    const restored = aside.pop()!;
    await rm(target, { recursive: true, force: true });
    await rename(path.join(parent, restored), target);
    leftovers.splice(leftovers.indexOf(restored), 1);
  }
  // Best effort, as in commit(): a leftover this user cannot remove never blocks the run.
  await Promise.all(leftovers.map((name) => rm(path.join(parent, name), { recursive: true, force: true }).catch(() => undefined)));
}

/** `--out` (a directory by now) may be empty, or a dataset this tool wrote holding only its listed files. */
async function assertReplaceable(outDir: string, target: string): Promise<void> {
  const names = await readdir(target);
  if (names.length === 0) return;
  const listed = await readListedFiles(target);
  if (!listed) {
    throw new DatasetDirectoryError(`--out ${outDir} holds files that are not a ${TOOL_NAME} dataset (no manifest.json of ours); choose a new or empty directory`);
  }
  // Hidden temp files of a run killed before outputs were staged (`.<name>.<pid>.<random>.tmp`) are ours.
  const foreign = names.filter((name) => !listed.has(name) && name !== MANIFEST_FILE_NAME && !(name.startsWith('.') && name.endsWith('.tmp')));
  if (foreign.length > 0) {
    throw new DatasetDirectoryError(`--out ${outDir} holds ${foreign[0]}, which its manifest.json does not list; move it away or choose another directory (the dataset is replaced whole)`);
  }
}

/** The files a manifest of ours lists, or null when the directory has none. */
async function readListedFiles(dir: string): Promise<Set<string> | null> {
  const text = await readFile(path.join(dir, MANIFEST_FILE_NAME), 'utf8').catch(() => undefined);
  if (text === undefined) return null;
  try {
    const manifest = JSON.parse(text) as { tool?: { name?: unknown }; files?: { path?: unknown }[] };
    if (manifest.tool?.name !== TOOL_NAME || !Array.isArray(manifest.files)) return null;
    return new Set(manifest.files.flatMap((file) => (typeof file.path === 'string' ? [file.path.split('/')[0]!] : [])));
  } catch {
    return null;
  }
}
