/**
 * What identifies an input's content between two runs: its size and modification time,
 * and the SHA-256 of its bytes on disk. The cheap check comes first: the same size and
 * mtime is the same file. A file of the same size with another mtime (copied, touched,
 * restored) is hashed and compared; a file of another size has changed (a session Codex
 * is still writing grows).
 */
import { stat } from 'node:fs/promises';
import { hashFile } from '../read/file-sha256.js';
import type { InputFile, OpenPath } from '../read/input-file.js';
import { mapFewAtATime } from './session-groups.js';

export type InputFingerprint = { size: number; mtimeMs: number; sha256: string };

/** Files looked at together (stat, hashing). */
const CONCURRENCY = 64;

function openPathOf(file: InputFile): OpenPath {
  return file.rawPath ? Buffer.from(file.rawPath.buffer, file.rawPath.byteOffset, file.rawPath.byteLength) : (file.absolutePath ?? file.path);
}

export async function statInput(file: InputFile): Promise<{ size: number; mtimeMs: number }> {
  const stats = await stat(openPathOf(file));
  return { size: stats.size, mtimeMs: stats.mtimeMs };
}

export async function hashInput(file: InputFile): Promise<string> {
  return (await hashFile(openPathOf(file))).sha256;
}

/** Runs `work` over `items` with at most CONCURRENCY at a time; results in the items' order. */
export function mapConcurrently<T, R>(items: readonly T[], work: (item: T, index: number) => Promise<R>): Promise<R[]> {
  return mapFewAtATime(items, work, CONCURRENCY);
}
