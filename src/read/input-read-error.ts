/**
 * An input could not be read: it is missing, not readable, a directory, or its gzip/zstd
 * data is corrupt or cut short. Raised by the reader (possibly after some lines were
 * already yielded) so the caller can turn it into a `read_error` issue for that file.
 */
import { describeFsError } from './discovery-findings.js';

export class InputReadError extends Error {
  override readonly name = 'InputReadError';
  /** The input's path as the caller named it. */
  readonly file: string;
  /** `ENOENT`, `EACCES`, `EISDIR`, zlib's `Z_DATA_ERROR`/`Z_BUF_ERROR`, `ZSTD_UNEXPECTED_EOF`, … */
  readonly code: string | undefined;

  constructor(file: string, cause: unknown, code?: string) {
    // `permission denied (EACCES)` rather than Node's `EACCES: permission denied, open '<the path again>'`.
    super(`cannot read ${file}: ${describeFsError(cause)}`, { cause });
    this.file = file;
    this.code = code ?? readErrnoCode(cause);
  }
}

function readErrnoCode(cause: unknown): string | undefined {
  if (typeof cause !== 'object' || cause === null || !('code' in cause)) return undefined;
  return typeof cause.code === 'string' ? cause.code : undefined;
}
