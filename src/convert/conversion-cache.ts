/**
 * The cache of `--incremental` runs: `.<out>.rollout-kit-cache/` beside the output
 * directory (outside the dataset, which stays exactly what a clean build writes). It
 * holds one entry per input (cache-entry.ts: the file's converted steps, issues and
 * result) and `state.json`: the options the entries were made with, each input's
 * fingerprint and entry, and what the dataset in `--out` was built from (its manifest's
 * SHA-256, what discovery reported, the run report), and the header facts of every
 * input (known-headers.ts), which do not depend on the options. An entry is named after the
 * options, the input's path and its content hash, so it never holds anything but that
 * conversion of that content.
 *
 * Options that change what is written (format, redaction, filters, rolled-back turns,
 * shard sizes, partition, tool version) are the options key: a run with another key
 * converts everything again, and its state replaces the old one.
 */
import { createHash } from 'node:crypto';
import { ensureOutputDir } from '../write/output-dir.js';
import type { Stats } from 'node:fs';
import { readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { InputFile } from '../read/input-file.js';
import { MANIFEST_FILE_NAME } from '../schema/manifest-schema.js';
import { PreviousFiles, type PreviousFile } from '../write/reference-file.js';
import { hashInput, isSameFileState, mapConcurrently, statInput, type InputFingerprint } from './input-fingerprint.js';
import type { SavedHeaders } from './known-headers.js';

const CACHE_DIR_SUFFIX = '.rollout-kit-cache';
const STATE_FILE_NAME = 'state.json';
const ENTRIES_DIR_NAME = 'entries';
/** Bumped when entries or the state change shape: older caches are then not read. */
const CACHE_FORMAT_VERSION = 7;

export type CachedInput = InputFingerprint & {
  path: string;
  entry: string;
  /** Whether its conversion placed a session in the dataset (known once it has been replayed or adopted). */
  placed?: boolean;
};

export type CacheState<Report> = {
  version: number;
  optionsKey: string;
  /** Inputs in input order. */
  inputs: CachedInput[];
  /** What discovery reported to the run (issues, passed-over paths), as a hash. */
  discoveryKey: string;
  /** The SHA-256 of the manifest.json of the dataset this state describes. */
  manifestSha256: string;
  /** Every file of that dataset, for a cheap check that it is still there, untouched. */
  outputs: { path: string; bytes: number; mtimeMs: number }[];
  report: Report;
  /** What the inputs' headers say, whatever the options (absent: none were read). */
  headers?: SavedHeaders;
};

export type IncrementalPlan = {
  /** Per file in input order: its fingerprint and entry, and whether it must be converted now. */
  inputs: (CachedInput & { convert: boolean })[];
  reused: number;
  converted: number;
  /** Inputs of the previous run that are gone. */
  dropped: number;
};

export function hashKey(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value)).digest('hex');
}

export function cacheDirFor(outDir: string): string {
  const target = path.resolve(outDir);
  return path.join(path.dirname(target), `.${path.basename(target)}${CACHE_DIR_SUFFIX}`);
}

/** Removes the cache of `outDir` (best effort: a run refused before converting leaves none behind). */
export async function removeCacheDir(outDir: string): Promise<void> {
  await rm(cacheDirFor(outDir), { recursive: true, force: true }).catch(() => undefined);
}

export class ConversionCache<Report> {
  /** The manifest.json in `--out` when it is the one the previous run wrote (read once: the up-to-date check and the reference lookup both want it). */
  private manifestInPlace: Promise<Buffer | null> | undefined;
  /** The files of the dataset in `--out`, each looked at once. */
  private readonly outputStats = new Map<string, Promise<Stats | null>>();

  private constructor(
    private readonly dir: string,
    private readonly optionsKey: string,
    /** The previous run's state, when it was made with the same options. */
    readonly previous: CacheState<Report> | null,
  ) {}

  /** `state`: what readCacheState found beside `outDir`; it is used when it was made with these options. */
  static open<Report>(outDir: string, options: unknown, state: CacheState<unknown> | null): ConversionCache<Report> {
    const dir = cacheDirFor(outDir);
    // Level by level with one-line errors: a recursive mkdir loops forever under /proc on Node 20.
    ensureOutputDir(path.join(dir, ENTRIES_DIR_NAME));
    const optionsKey = hashKey({ cache: CACHE_FORMAT_VERSION, options });
    return new ConversionCache(dir, optionsKey, state?.optionsKey === optionsKey ? (state as CacheState<Report>) : null);
  }

  /** An entry is named after the options, the input's path and its content hash (null: unreadable). */
  private entryName(inputPath: string, sha256: string | null): string {
    return `${hashKey([this.optionsKey, inputPath, sha256]).slice(0, 40)}.entry`;
  }

  entryPath(entry: string): string {
    return path.join(this.dir, ENTRIES_DIR_NAME, entry);
  }

  /** Which inputs can be taken from the cache: the same size and times, or else the same content hash. */
  async plan(files: readonly InputFile[]): Promise<IncrementalPlan> {
    const previous = new Map(this.previous?.inputs.map((input) => [input.path, input]));
    const entries = new Set(await readdir(path.join(this.dir, ENTRIES_DIR_NAME)));
    const inputs = await mapConcurrently(files, async (file) => {
      // An input that vanished or cannot be read is converted again: its conversion reports why.
      const unreadable = () => ({ path: file.path, size: -1, mtimeMs: -1, ctimeMs: -1, sha256: '', entry: this.entryName(file.path, null), convert: true });
      const fingerprint = await statInput(file).catch(() => null);
      if (!fingerprint) return unreadable();
      const { size, mtimeMs, ctimeMs } = fingerprint;
      const known = previous.get(file.path);
      const usable = known !== undefined && known.size === size && entries.has(known.entry);
      if (usable && isSameFileState(known, fingerprint)) return { ...known, convert: false };
      const sha256 = await hashInput(file).catch(() => null);
      if (sha256 === null) return unreadable();
      if (usable && known.sha256 === sha256) return { ...known, mtimeMs, ctimeMs, convert: false };
      const entry = this.entryName(file.path, sha256);
      return { path: file.path, size, mtimeMs, ctimeMs, sha256, entry, convert: true };
    });
    const current = new Set(files.map((file) => file.path));
    const converted = inputs.filter((input) => input.convert).length;
    return {
      inputs,
      reused: inputs.length - converted,
      converted,
      dropped: this.previous?.inputs.filter((input) => !current.has(input.path)).length ?? 0,
    };
  }

  /**
   * Whether `outDir` holds exactly the dataset this run would write: nothing to convert or
   * drop, the same inputs in the same order, discovery reporting the same, and the dataset
   * the previous run wrote still in place.
   */
  async isDatasetCurrent(plan: IncrementalPlan, discoveryKey: string, outDir: string): Promise<boolean> {
    const previous = this.previous;
    if (!previous || plan.converted > 0 || plan.dropped > 0 || previous.discoveryKey !== discoveryKey) return false;
    if (previous.inputs.length !== plan.inputs.length || previous.inputs.some((input, index) => input.path !== plan.inputs[index]!.path)) return false;
    if (!(await this.readManifestInPlace(outDir))) return false;
    const stats = await mapConcurrently(previous.outputs, (file) => this.statOutput(outDir, file.path));
    return previous.outputs.every((file, index) => stats[index]?.size === file.bytes);
  }

  /**
   * The files of the dataset in `outDir` that are still as the previous run wrote them (same
   * size and mtime, under the manifest that run wrote), with the SHA-256 that manifest gives:
   * a new file equal to one of them is that file (write/reference-file.ts).
   */
  async previousFiles(outDir: string): Promise<PreviousFiles | undefined> {
    const previous = this.previous;
    const manifest = await this.readManifestInPlace(outDir);
    if (!previous || !manifest) return undefined;
    const written = new Map(previous.outputs.map((file) => [file.path, file]));
    const files = await mapConcurrently(readListedFiles(manifest), async (listed): Promise<PreviousFile> => {
      const now = await this.statOutput(outDir, listed.path);
      const file = written.get(listed.path);
      const untouched = now !== null && file !== undefined && now.size === file.bytes && now.mtimeMs === file.mtimeMs && listed.bytes === file.bytes;
      const reference = untouched ? { path: path.join(outDir, listed.path), bytes: file.bytes, sha256: listed.sha256 } : undefined;
      return { name: listed.path, rows: listed.rows, bytes: listed.bytes, reference };
    });
    return new PreviousFiles(files);
  }

  private readManifestInPlace(outDir: string): Promise<Buffer | null> {
    const sha256 = this.previous?.manifestSha256;
    this.manifestInPlace ??= readFile(path.join(outDir, MANIFEST_FILE_NAME)).then(
      (manifest) => (createHash('sha256').update(manifest).digest('hex') === sha256 ? manifest : null),
      () => null,
    );
    return this.manifestInPlace;
  }

  private statOutput(outDir: string, name: string): Promise<Stats | null> {
    let stats = this.outputStats.get(name);
    if (!stats) this.outputStats.set(name, (stats = stat(path.join(outDir, name)).catch(() => null)));
    return stats;
  }

  /** Records what the dataset now in `--out` was built from, then removes the entries it does not use. */
  async save(state: Omit<CacheState<Report>, 'version' | 'optionsKey'>): Promise<void> {
    const full: CacheState<Report> = { version: CACHE_FORMAT_VERSION, optionsKey: this.optionsKey, ...state };
    const statePath = path.join(this.dir, STATE_FILE_NAME);
    const temp = `${statePath}.${process.pid}.tmp`;
    await writeFile(temp, `${JSON.stringify(full)}\n`);
    await rename(temp, statePath);
    const used = new Set(state.inputs.map((input) => input.entry));
    const entriesDir = path.join(this.dir, ENTRIES_DIR_NAME);
    const stale = (await readdir(entriesDir)).filter((name) => !used.has(name));
    await mapConcurrently(stale, (name) => rm(path.join(entriesDir, name), { force: true }));
  }
}

/** The files a manifest lists, with their sizes and hashes (none when it is not what this tool writes). */
function readListedFiles(manifest: Buffer): { path: string; rows: number | null; bytes: number; sha256: string }[] {
  try {
    const files = (JSON.parse(manifest.toString('utf8')) as { files?: unknown }).files;
    if (!Array.isArray(files)) return [];
    return files.filter(
      (file): file is { path: string; rows: number | null; bytes: number; sha256: string } =>
        typeof file?.path === 'string' && typeof file.bytes === 'number' && typeof file.sha256 === 'string' && (file.rows === null || typeof file.rows === 'number'),
    );
  } catch {
    return [];
  }
}

/** The state kept beside `outDir` by the last --incremental run, whatever its options; null when there is none this version reads. */
export async function readCacheState(outDir: string): Promise<CacheState<unknown> | null> {
  const text = await readFile(path.join(cacheDirFor(outDir), STATE_FILE_NAME), 'utf8').catch(() => null);
  if (text === null) return null;
  try {
    const state = JSON.parse(text) as CacheState<unknown>;
    return state.version === CACHE_FORMAT_VERSION && Array.isArray(state.inputs) ? state : null;
  } catch {
    // A damaged state is no state: everything is converted again.
    return null;
  }
}
