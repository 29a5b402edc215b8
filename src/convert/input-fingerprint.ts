/**
 * What identifies an input's content between two runs: its size, modification and change
 * times, and the SHA-256 of its bytes on disk. The cheap check comes first: the same size,
 * mtime and ctime is the same file. A file of the same size with other times (copied,
 * touched, restored, or edited with its mtime set back, which changes the ctime) is hashed
 * and compared; a file of another size has changed (a session Codex is still writing grows).
 */
import { stat } from 'node:fs/promises';
import { hashFile } from '../read/file-sha256.js';
import { openPathOf, type InputFile } from '../read/input-file.js';
import { mapFewAtATime } from '../read/few-at-a-time.js';

export type InputFingerprint = FileState & { sha256: string };

/** What the cheap check compares. */
export type FileState = { size: number; mtimeMs: number; ctimeMs: number };

/** The cheap check: the same size, mtime and ctime is the same file, unread (times unknown: not the same). */
export function isSameFileState(a: FileState, b: Pick<FileState, 'size'> & Partial<FileState>): boolean {
  return a.size === b.size && a.mtimeMs === b.mtimeMs && a.ctimeMs === b.ctimeMs;
}

/** Files looked at together (stat, hashing). */
const CONCURRENCY = 64;

/** The file's size and times: as discovery saw them, or else looked up now. */
export async function statInput(file: InputFile): Promise<FileState> {
  const { size, mtimeMs, ctimeMs } = file;
  if (mtimeMs !== undefined && ctimeMs !== undefined) return { size, mtimeMs, ctimeMs };
  const stats = await stat(openPathOf(file));
  return { size: stats.size, mtimeMs: stats.mtimeMs, ctimeMs: stats.ctimeMs };
}

export async function hashInput(file: InputFile): Promise<string> {
  return (await hashFile(openPathOf(file))).sha256;
}

/** Runs `work` over `items` with at most CONCURRENCY at a time; results in the items' order. */
export function mapConcurrently<T, R>(items: readonly T[], work: (item: T, index: number) => Promise<R>): Promise<R[]> {
  return mapFewAtATime(items, work, CONCURRENCY);
}
