/** How an input file's bytes are stored on disk. */
type Compression = 'none' | 'gzip' | 'zstd';

/** The path that stands for standard input, as on most command lines. */
export const STDIN_PATH = '-';

/** One input the reader can open: a rollout file (maybe compressed) or standard input. */
export type InputFile = {
  /**
   * The path as the user gave it or as discovery found it: relative when the input was
   * relative, absolute otherwise. `-` is standard input.
   */
  path: string;
  /** The same file as an absolute path, used to open it whatever the process's cwd is. */
  absolutePath?: string;
  /**
   * The absolute path's exact bytes, set only when a name on it is not valid UTF-8: then
   * `path` and `absolutePath` show the bad bytes as `\xHH` (see displayPathBytes) and the
   * file is opened by these bytes. A Uint8Array once passed to a worker thread.
   */
  rawPath?: Uint8Array;
  /**
   * What the record's `source_path` says, when not `path`: with `--anonymize`, the path
   * relative to the input root the file was found under.
   */
  sourcePath?: string;
  /** Size in bytes on disk (compressed size for compressed files; 0 for standard input). */
  size: number;
  /**
   * The file's last write, and its last change of any kind (a write, a rename, times set by
   * hand), in ms, as discovery saw them with `size`; absent for inputs that discovery did not
   * find (standard input, bare paths).
   */
  mtimeMs?: number;
  ctimeMs?: number;
  compression: Compression;
};

/**
 * Compression is told by the file name. Codex (2026) compresses old rollouts to
 * `rollout-….jsonl.zst`; `.gz` is what people use when they archive sessions by hand.
 */
export function detectCompression(path: string): Compression {
  if (path.endsWith('.zst')) return 'zstd';
  if (path.endsWith('.gz')) return 'gzip';
  return 'none';
}

/** An InputFile for a bare path, for callers that skip discovery (size is not looked up). */
export function describeInputPath(path: string): InputFile {
  return { path, size: 0, compression: path === STDIN_PATH ? 'none' : detectCompression(path) };
}

/** A path as the file system takes it: bytes for a name that is not UTF-8 (see InputFile.rawPath). */
export type OpenPath = string | Buffer;

/** Where to open an input: its raw bytes when its name is not UTF-8, else its absolute path, else its path. */
export function openPathOf(file: InputFile): OpenPath {
  const raw = file.rawPath;
  return raw ? Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength) : (file.absolutePath ?? file.path);
}
