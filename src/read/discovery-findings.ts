import type { InputIssue, IssueCode } from '../issues.js';

/** Where a found path is: how to show it, and how to open it. */
export type Place = {
  /** As shown and reported: relative when the input was relative; `\xHH` for bytes that are not UTF-8. */
  path: string;
  /** The same path made absolute, in the same notation. */
  absolutePath: string;
  /** The absolute path's exact bytes; set only when some name on it is not valid UTF-8 (see displayPathBytes). */
  rawPath?: Buffer | undefined;
};

/** A regular file found on disk, with what discovery needs to sort, dedupe and read it. */
export type FoundFile = Place & {
  size: number;
  mtimeMs: number;
  ctimeMs: number;
  /** Device and inode: the same real file reached through two names has one identity. */
  identity: string;
};

/** What a search collects: the files it found, and every problem met on the way. */
export type Findings = {
  files: FoundFile[];
  issues: InputIssue[];
  /** Paths that may hold sessions but were not read: a run that skips them is incomplete. */
  skipped: string[];
};

export function createFindings(): Findings {
  return { files: [], issues: [], skipped: [] };
}

/** Records an issue about a whole path (no line). */
export function recordIssue(findings: Findings, path: string, code: IssueCode, message: string): void {
  findings.issues.push({ file: path, line: null, code, message });
}

/** Records a path that was not read, with the issue saying why. */
export function recordSkipped(findings: Findings, path: string, code: IssueCode, message: string): void {
  recordIssue(findings, path, code, message);
  findings.skipped.push(path);
}

/** Appends `more` to `into`. */
export function mergeFindings(into: Findings, more: Findings): void {
  for (const file of more.files) into.files.push(file);
  for (const issue of more.issues) into.issues.push(issue);
  for (const path of more.skipped) into.skipped.push(path);
}

/** File system error codes in words, as the one-line reason of an issue. */
const ERROR_WORDS: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  ENOENT: 'no such file or directory',
  ENOTDIR: 'a name on the path is not a directory',
  EISDIR: 'a directory, not a file',
  ELOOP: 'too many levels of symbolic links (a link cycle?)',
  ENAMETOOLONG: 'the path is too long for the system (over 4,096 bytes, or a name over 255)',
  EIO: 'input/output error',
  EMFILE: 'too many open files',
  ENFILE: 'too many open files in the system',
  ENOMEM: 'out of memory',
  ESTALE: 'stale file handle',
};

/** `permission denied (EACCES)`: what went wrong, in one line, without the path. */
export function describeFsError(error: unknown): string {
  const code = readErrorCode(error);
  const words = code === undefined ? undefined : ERROR_WORDS[code];
  if (words !== undefined) return `${words} (${code})`;
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n', 1)[0] ?? message;
}

export function readErrorCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null || !('code' in error)) return undefined;
  return typeof error.code === 'string' ? error.code : undefined;
}
