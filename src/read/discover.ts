import { stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join, normalize, resolve } from 'node:path';
import fg from 'fast-glob';
import type { InputIssue } from '../issues.js';
import { choosePathOrder, comparePaths } from './compare-paths.js';
import { createFindings, describeFsError, mergeFindings, readErrorCode, recordSkipped, type Findings, type FoundFile } from './discovery-findings.js';
import { findGlobMatches } from './find-glob-matches.js';
import { detectCompression, STDIN_PATH, type InputFile } from './input-file.js';
import { identifyFile } from './take-candidate.js';
import { walkRollouts, type ListDirectory, type WalkOptions } from './walk-rollouts.js';

export type DiscoverOptions = {
  /** Directory that relative inputs are resolved against (default `process.cwd()`). */
  cwd?: string;
  /** Codex's home directory; overrides `env.CODEX_HOME`. */
  codexHome?: string;
  /** Environment to read `CODEX_HOME` from (default `process.env`). */
  env?: Record<string, string | undefined>;
  /** Home directory for the `~/.codex` default (default `os.homedir()`). */
  homeDir?: string;
  /** How directories are listed (default: `fs.promises.readdir`); tests make listings fail with it. */
  listDirectory?: ListDirectory;
};

export type DiscoveryResult = {
  /** Sorted by path in code point order, one entry per real file, `-` (stdin) included. */
  files: InputFile[];
  /** Inputs that matched no file, in the order given: a usage error when no file was found at all. */
  unmatched: string[];
  /** The CODEX_HOME directories searched because no input was given; empty otherwise. */
  searchedDefaults: string[];
  /**
   * Every problem met while searching, sorted by path: inputs that matched nothing
   * (`unmatched_input`), paths that could not be read (`read_error`) or were passed over on
   * purpose (`skipped_path`), and files read by a name that is not UTF-8 (`invalid_file_name`).
   */
  issues: InputIssue[];
  /** The paths of those issues that may hold sessions and were not read, sorted: a run without them is incomplete. */
  skipped: string[];
};

/**
 * What a directory search collects: rollouts as Codex names them, plain or compressed,
 * and the TypeScript CLI's whole-document `rollout-*.json` (2025).
 */
export function isRolloutName(name: string): boolean {
  if (!name.startsWith('rollout-')) return false;
  return name.endsWith('.jsonl') || name.endsWith('.jsonl.zst') || name.endsWith('.jsonl.gz') || name.endsWith('.json');
}

/**
 * Expands command-line inputs into the files to read. An input is `-` (stdin), a file
 * (taken whatever its name), a directory (searched recursively for rollout files), or a
 * fast-glob pattern (every file it matches). With no input, Codex's own session stores
 * are searched: `$CODEX_HOME/sessions` and `$CODEX_HOME/archived_sessions`. Never
 * throws for bad input: an input or a path under it that cannot be read becomes an
 * issue, and every other input is still searched.
 */
export async function discoverInputs(inputs: string[], options: DiscoverOptions = {}): Promise<DiscoveryResult> {
  const cwd = resolve(options.cwd ?? process.cwd());
  const walk: WalkOptions = { isWanted: isRolloutName };
  if (options.listDirectory) walk.listDirectory = options.listDirectory;
  if (inputs.length === 0) {
    const roots = resolveDefaultRoots(options, cwd);
    const found = await Promise.all(roots.map((root) => walkRollouts({ path: root, absolutePath: root }, { ...walk, missingRootIsEmpty: true })));
    return settleDiscovery(found, { withStdin: false, unmatched: [], searchedDefaults: roots });
  }
  const expanded = await Promise.all(inputs.map((input) => expandInput(input, cwd, walk)));
  const unmatched = inputs.filter((input, index) => input !== STDIN_PATH && expanded[index]?.files.length === 0);
  return settleDiscovery(expanded, { withStdin: inputs.includes(STDIN_PATH), unmatched, searchedDefaults: [] });
}

function resolveDefaultRoots(options: DiscoverOptions, cwd: string): string[] {
  const env = options.env ?? process.env;
  const fromEnv = env.CODEX_HOME === undefined || env.CODEX_HOME === '' ? undefined : env.CODEX_HOME;
  const codexHome = resolve(cwd, options.codexHome ?? fromEnv ?? join(options.homeDir ?? homedir(), '.codex'));
  return [join(codexHome, 'sessions'), join(codexHome, 'archived_sessions')];
}

async function expandInput(input: string, cwd: string, walk: WalkOptions): Promise<Findings> {
  const findings = createFindings();
  if (input === STDIN_PATH) return findings;
  if (input === '') {
    recordSkipped(findings, input, 'unmatched_input', 'an empty input names no file');
    return findings;
  }
  const absolutePath = resolve(cwd, input);
  const shown = normalize(input);
  const stats = await stat(absolutePath).catch((error: unknown) => error as Error);
  if (stats instanceof Error) {
    if (fg.isDynamicPattern(input)) return expandGlob(input, cwd);
    const code = readErrorCode(stats);
    if (code === 'ENOENT' || code === 'ENOTDIR') recordSkipped(findings, shown, 'unmatched_input', describeMissingInput(input));
    else recordSkipped(findings, shown, 'read_error', `cannot examine the input: ${describeFsError(stats)}`);
    return findings;
  }
  // A path that exists is taken literally, even if it looks like a glob (`run[1]/`).
  if (stats.isDirectory()) {
    const found = await walkRollouts({ path: shown, absolutePath }, walk);
    if (found.files.length === 0 && !found.skipped.includes(shown)) {
      recordSkipped(found, shown, 'unmatched_input', 'the directory holds no rollout-*.jsonl, .jsonl.gz, .jsonl.zst or .json file');
    }
    return found;
  }
  // Any non-directory counts, so `<(zstdcat x.zst)` (a FIFO) works too.
  findings.files.push({ path: shown, absolutePath, size: stats.size, mtimeMs: stats.mtimeMs, ctimeMs: stats.ctimeMs, identity: identifyFile(stats, absolutePath) });
  return findings;
}

async function expandGlob(pattern: string, cwd: string): Promise<Findings> {
  const found = await findGlobMatches(pattern, cwd);
  if (found.files.length === 0) recordSkipped(found, pattern, 'unmatched_input', 'the glob pattern matched no file');
  return found;
}

function describeMissingInput(input: string): string {
  if (!input.includes('\uFFFD')) return 'no such file or directory';
  // Command-line arguments reach Node decoded: bytes that are not UTF-8 are lost by then.
  return 'no such file or directory; if its name is not valid UTF-8, pass its directory instead';
}

type Settling = { withStdin: boolean; unmatched: string[]; searchedDefaults: string[] };

function settleDiscovery(found: Findings[], settling: Settling): DiscoveryResult {
  const all = found.length === 1 ? found[0]! : createFindings();
  if (found.length > 1) for (const findings of found) mergeFindings(all, findings);
  return {
    files: settleFiles(all.files, settling.withStdin),
    unmatched: settling.unmatched,
    searchedDefaults: settling.searchedDefaults,
    issues: settleIssues(all.issues),
    skipped: [...new Set(all.skipped)].sort(comparePaths),
  };
}

/** Sibling precedence, then code point order, then one entry per real file. */
function settleFiles(found: FoundFile[], withStdin: boolean): InputFile[] {
  const files = dropCompressedCopies(found);
  const byPath = choosePathOrder(files.map((file) => file.path));
  files.sort((a, b) => byPath(a.path, b.path) || compareRawPaths(a, b));
  const seen = new Set<string>();
  const result: InputFile[] = [];
  for (const file of files) {
    if (seen.has(file.identity)) continue;
    seen.add(file.identity);
    const { path, absolutePath, size, mtimeMs, ctimeMs } = file;
    const input: InputFile = { path, absolutePath, size, mtimeMs, ctimeMs, compression: detectCompression(path) };
    if (file.rawPath !== undefined) input.rawPath = file.rawPath;
    result.push(input);
  }
  if (withStdin) {
    result.push({ path: STDIN_PATH, size: 0, compression: 'none' });
    result.sort((a, b) => comparePaths(a.path, b.path));
  }
  return result;
}

/** Two files shown alike (`\xe9` spelled out in one name, a byte 0xE9 in the other) in the order of their bytes. */
function compareRawPaths(a: FoundFile, b: FoundFile): number {
  if (a.rawPath === undefined && b.rawPath === undefined) return 0;
  return Buffer.compare(a.rawPath ?? Buffer.from(a.absolutePath), b.rawPath ?? Buffer.from(b.absolutePath));
}

/** One record per problem (two inputs may meet the same one), sorted by path: walks finish in any order. */
function settleIssues(issues: InputIssue[]): InputIssue[] {
  const unique = new Map<string, InputIssue>();
  for (const issue of issues) unique.set(`${issue.file}\0${issue.code}\0${issue.message}`, issue);
  return [...unique.values()].sort(
    (a, b) => comparePaths(a.file, b.file) || comparePaths(a.code, b.code) || comparePaths(a.message, b.message),
  );
}

/**
 * Codex (2026) compresses old rollouts to `.jsonl.zst`, and when a plain `.jsonl` sibling
 * exists Codex itself reads the plain one: it is the newer copy of the same session, so
 * it wins here too. Between two compressed copies, `.zst` (Codex's own) wins over `.gz`
 * (made by hand). Only files that discovery found are compared, so a compressed file
 * named on its own is still read.
 */
function dropCompressedCopies(found: FoundFile[]): FoundFile[] {
  const compressed = found.filter((file) => detectCompression(file.absolutePath) !== 'none');
  if (compressed.length === 0) return found;
  // Only the names a compressed file would yield to need looking up among all the others.
  const preferred = new Set<string>();
  for (const file of compressed) for (const name of listPreferredNames(file.absolutePath)) preferred.add(name);
  const present = new Set(found.filter((file) => preferred.has(file.absolutePath)).map((file) => file.absolutePath));
  return found.filter((file) => !listPreferredNames(file.absolutePath).some((name) => present.has(name)));
}

/** The sibling names that win over this file: none for a plain file. */
function listPreferredNames(absolutePath: string): string[] {
  const compression = detectCompression(absolutePath);
  if (compression === 'none') return [];
  const plain = absolutePath.slice(0, absolutePath.lastIndexOf('.'));
  return compression === 'gzip' ? [plain, `${plain}.zst`] : [plain];
}
