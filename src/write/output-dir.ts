/**
 * The output directory, created before any work starts, and the one-line wording of
 * errors writing the output (a full disk, a read-only file system, a name taken by a
 * file, a closed pipe).
 *
 * Not `mkdirSync(dir, { recursive: true })`: on Node 20 it loops forever when mkdir
 * fails with ENOENT although the parent exists (`/proc/x`), and its errors name the
 * deepest missing directory rather than what is wrong. Here every ancestor is checked
 * from the nearest existing one down, and each missing level created on its own.
 */
import { mkdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { getSystemErrorMap } from 'node:util';

/** A failure of the output side, worded for one line: what happened and what to do. */
export class OutputPathError extends Error {
  constructor(
    message: string,
    /** The system error code (ENOSPC, EPIPE, ...) when there is one. */
    readonly code: string | undefined,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

type SystemError = Error & { code: string; syscall?: string };

/** Errors from the operating system (fs, streams): they carry an errno code such as ENOSPC. */
export function isSystemError(error: unknown): error is SystemError {
  const code = error instanceof Error ? (error as { code?: unknown }).code : undefined;
  return typeof code === 'string' && /^E[A-Z0-9]+$/.test(code);
}

/** Creates `dir` and any missing parent; throws OutputPathError when it cannot be a directory. */
export function ensureOutputDir(dir: string): void {
  const missing: string[] = [];
  let current = path.resolve(dir);
  for (;;) {
    let isDirectory: boolean;
    try {
      isDirectory = statSync(current).isDirectory();
    } catch (error) {
      const code = isSystemError(error) ? error.code : undefined;
      // ENOTDIR: some ancestor is not a directory; going up finds it.
      if ((code === 'ENOENT' || code === 'ENOTDIR') && path.dirname(current) !== current) {
        missing.push(current);
        current = path.dirname(current);
        continue;
      }
      throw cannotCreate(dir, error);
    }
    if (!isDirectory) throw notADirectory(dir, current);
    break;
  }
  for (const level of missing.reverse()) {
    try {
      mkdirSync(level);
    } catch (error) {
      if (!(isSystemError(error) && error.code === 'EEXIST' && statSync(level, { throwIfNoEntry: false })?.isDirectory())) {
        throw cannotCreate(dir, error);
      }
    }
  }
}

function notADirectory(dir: string, existing: string): OutputPathError {
  const what = path.resolve(dir) === existing ? 'it exists and is not a directory' : `${existing} is not a directory`;
  return new OutputPathError(`cannot write the output in ${dir}: ${what}; choose another --out directory`, 'ENOTDIR');
}

function cannotCreate(dir: string, error: unknown): OutputPathError {
  return new OutputPathError(`cannot create the output directory ${dir} (${describeSystemError(error)}); ${adviceFor(error)}`, codeOf(error), { cause: error });
}

/**
 * An error writing the output, in one line: `where` is the output directory or `stdout`.
 * Any other error (a bug) is returned unchanged.
 */
export function describeOutputFailure(error: unknown, where: { outDir: string } | 'stdout'): unknown {
  if (error instanceof OutputPathError || !isSystemError(error)) return error;
  if (where === 'stdout') {
    const advice = error.code === 'ENOSPC' ? 'write to a file system with free space, or use --out' : 'check where stdout goes, or use --out';
    return new OutputPathError(`could not write the records to stdout (${describeSystemError(error)}); ${advice}`, error.code, { cause: error });
  }
  const dest = (error as { dest?: unknown }).dest;
  const file = typeof dest === 'string' ? ` (${path.basename(dest)})` : '';
  return new OutputPathError(`could not write the output in ${where.outDir}${file} (${describeSystemError(error)}); ${adviceFor(error)}`, error.code, {
    cause: error,
  });
}

/** `ENOSPC: no space left on device`: Node's message without the syscall and path after it. */
export function describeSystemError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const firstLine = error.message.split('\n')[0] ?? '';
  if (!isSystemError(error)) return firstLine;
  const { code } = error;
  if (firstLine.startsWith(`${code}: `)) return firstLine.replace(/, \w+(?: '.*')?$/, '');
  // Stream errors read `write EPIPE`: the system's own wording comes from the errno.
  const errno = (error as { errno?: unknown }).errno;
  const text = typeof errno === 'number' ? getSystemErrorMap().get(errno)?.[1] : undefined;
  return text ? `${code}: ${text}` : firstLine;
}

function codeOf(error: unknown): string | undefined {
  return isSystemError(error) ? error.code : undefined;
}

function adviceFor(error: unknown): string {
  switch (codeOf(error)) {
    case 'ENOSPC':
    case 'EDQUOT':
    case 'EFBIG':
      return 'free some space or choose another --out directory';
    case 'EROFS':
    case 'EACCES':
    case 'EPERM':
    case 'ENOENT':
      return 'choose a writable --out directory';
    default:
      return 'choose another --out directory';
  }
}
