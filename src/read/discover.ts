import { stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join, normalize, resolve } from 'node:path';
import fg from 'fast-glob';
import { comparePaths } from './compare-paths.js';
import { findFiles, identifyFile, type FoundFile } from './find-files.js';
import { detectCompression, STDIN_PATH, type InputFile } from './input-file.js';

export type DiscoverOptions = {
  /** Directory that relative inputs are resolved against (default `process.cwd()`). */
  cwd?: string;
  /** Codex's home directory; overrides `env.CODEX_HOME`. */
  codexHome?: string;
  /** Environment to read `CODEX_HOME` from (default `process.env`). */
  env?: Record<string, string | undefined>;
  /** Home directory for the `~/.codex` default (default `os.homedir()`). */
  homeDir?: string;
};

export type DiscoveryResult = {
  /** Sorted by path in code point order, one entry per real file, `-` (stdin) included. */
  files: InputFile[];
  /** Inputs that matched no file, in the order given: a usage error for the caller. */
  unmatched: string[];
  /** The CODEX_HOME directories searched because no input was given; empty otherwise. */
  searchedDefaults: string[];
};

/** What a directory search collects: rollouts as Codex names them, plain or compressed. */
const ROLLOUT_PATTERNS = ['**/rollout-*.jsonl', '**/rollout-*.jsonl.gz', '**/rollout-*.jsonl.zst'];

/**
 * Expands command-line inputs into the files to read. An input is `-` (stdin), a file
 * (taken whatever its name), a directory (searched recursively for rollout files), or a
 * fast-glob pattern (every file it matches). With no input, Codex's own session stores
 * are searched: `$CODEX_HOME/sessions` and `$CODEX_HOME/archived_sessions`.
 */
export async function discoverInputs(inputs: string[], options: DiscoverOptions = {}): Promise<DiscoveryResult> {
  const cwd = resolve(options.cwd ?? process.cwd());
  if (inputs.length === 0) {
    const roots = resolveDefaultRoots(options, cwd);
    const found = await Promise.all(roots.map((root) => findRollouts(root, root)));
    return { files: settleFiles(found.flat(), false), unmatched: [], searchedDefaults: roots };
  }
  const expanded = await Promise.all(inputs.map((input) => expandInput(input, cwd)));
  const unmatched = inputs.filter((_, index) => expanded[index]?.length === 0);
  const found = expanded.flat().filter((file) => file !== STDIN_PATH);
  return { files: settleFiles(found, inputs.includes(STDIN_PATH)), unmatched, searchedDefaults: [] };
}

function resolveDefaultRoots(options: DiscoverOptions, cwd: string): string[] {
  const env = options.env ?? process.env;
  const fromEnv = env.CODEX_HOME === undefined || env.CODEX_HOME === '' ? undefined : env.CODEX_HOME;
  const codexHome = resolve(cwd, options.codexHome ?? fromEnv ?? join(options.homeDir ?? homedir(), '.codex'));
  return [join(codexHome, 'sessions'), join(codexHome, 'archived_sessions')];
}

async function expandInput(input: string, cwd: string): Promise<(FoundFile | typeof STDIN_PATH)[]> {
  if (input === STDIN_PATH) return [STDIN_PATH];
  if (input === '') return [];
  const absolutePath = resolve(cwd, input);
  const stats = await stat(absolutePath).catch(() => undefined);
  // A path that exists is taken literally, even if it looks like a glob (`run[1]/`).
  if (stats?.isDirectory()) return findRollouts(absolutePath, normalize(input));
  if (stats !== undefined) {
    // Any non-directory counts, so `<(zstdcat x.zst)` (a FIFO) works too.
    return [{ path: normalize(input), absolutePath, size: stats.size, identity: identifyFile(stats, absolutePath) }];
  }
  if (!fg.isDynamicPattern(input)) return [];
  const matches = await findFiles(input, cwd);
  return matches.map((file) => ({ ...file, path: normalize(file.path) }));
}

/** Rollouts under `directory`, named by joining `displayBase` and their relative path. */
async function findRollouts(directory: string, displayBase: string): Promise<FoundFile[]> {
  const found = await findFiles(ROLLOUT_PATTERNS, directory);
  return found.map((file) => ({ ...file, path: join(displayBase, file.path) }));
}

/** Sibling precedence, then code point order, then one entry per real file. */
function settleFiles(found: FoundFile[], withStdin: boolean): InputFile[] {
  const present = new Set(found.map((file) => file.absolutePath));
  const files = found.filter((file) => !hasPreferredSibling(file.absolutePath, present));
  files.sort((a, b) => comparePaths(a.path, b.path));
  const seen = new Set<string>();
  const result: InputFile[] = [];
  for (const file of files) {
    if (seen.has(file.identity)) continue;
    seen.add(file.identity);
    result.push({
      path: file.path,
      absolutePath: file.absolutePath,
      size: file.size,
      compression: detectCompression(file.path),
    });
  }
  if (withStdin) {
    result.push({ path: STDIN_PATH, size: 0, compression: 'none' });
    result.sort((a, b) => comparePaths(a.path, b.path));
  }
  return result;
}

/**
 * Codex (2026) compresses old rollouts to `.jsonl.zst`, and when a plain `.jsonl` sibling
 * exists Codex itself reads the plain one: it is the newer copy of the same session, so
 * it wins here too. Between two compressed copies, `.zst` (Codex's own) wins over `.gz`
 * (made by hand). Only files that discovery found are compared, so a compressed file
 * named on its own is still read.
 */
function hasPreferredSibling(absolutePath: string, present: Set<string>): boolean {
  const compression = detectCompression(absolutePath);
  if (compression === 'none') return false;
  const plain = absolutePath.slice(0, absolutePath.lastIndexOf('.'));
  if (present.has(plain)) return true;
  return compression === 'gzip' && present.has(`${plain}.zst`);
}
