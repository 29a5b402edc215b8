import { describeInputPath, type InputFile } from './input-file.js';
import { LineSplitter } from './line-splitter.js';
import { FlatteningIterator } from './flattening-iterator.js';
import { openInputChunks } from './open-input.js';
import type { ByteLine, RawLine } from './raw-line.js';
import { asBuffer } from '../bytes/as-buffer.js';

type SplitLinesOptions = {
  /**
   * Skip lines holding only whitespace (default true), as Codex's own reader does. Skipped
   * lines still count, so the line numbers of the others match the file.
   */
  skipBlankLines?: boolean;
  /** Lines longer than this are yielded as `{ text: '', oversized: true }` (default 256 MiB). */
  maxLineBytes?: number;
  /** Called with the size of every chunk read (decompressed bytes), before its lines are yielded. */
  onChunk?: (bytes: number) => void;
};

export type ReadLinesOptions = SplitLinesOptions & {
  /** Bytes read per system call (default 1 MiB). Tiny values exercise chunk boundaries in tests. */
  bufferSize?: number;
  /** What `-` reads; standard input by default. */
  stdin?: AsyncIterable<Uint8Array>;
};

const DEFAULT_BUFFER_SIZE = 1024 * 1024;
/**
 * Lines per batch at most. Real rollout lines run to kilobytes, so a 1 MiB chunk holds a few
 * hundred; a file of tiny (bad) lines would otherwise put half a million line objects, and
 * the issues they raise, in memory at once.
 */
const MAX_BATCH_LINES = 4096;
const DEFAULT_MAX_LINE_BYTES = 256 * 1024 * 1024;

/**
 * Streams the lines of one input (plain, `.gz`, `.zst` or `-` for stdin), never holding
 * more than the read buffer and the current line in memory. The first line loses a UTF-8
 * BOM, every line loses its `\n` or `\r\n`, and line numbers are 1-based and count every
 * line of the decompressed file, skipped blank ones included. Throws InputReadError when
 * the input cannot be read, possibly after yielding the lines before the failure.
 */
export function readLines(file: InputFile | string, options: ReadLinesOptions = {}): AsyncGenerator<RawLine> {
  return new FlatteningIterator(readLineBatches(file, options));
}

/**
 * The same lines as readLines, one array per read chunk. Cheaper for hot loops: it costs
 * one await per chunk instead of one per line.
 */
export function readLineBatches(file: InputFile | string, options: ReadLinesOptions = {}): AsyncGenerator<RawLine[]> {
  const input = typeof file === 'string' ? describeInputPath(file) : file;
  const bufferSize = options.bufferSize ?? DEFAULT_BUFFER_SIZE;
  if (!Number.isInteger(bufferSize) || bufferSize < 1) {
    throw new RangeError(`bufferSize must be a positive integer, got ${bufferSize}`);
  }
  const chunks = openInputChunks(input, options.stdin ? { bufferSize, stdin: options.stdin } : { bufferSize });
  return splitLineBatches(chunks, options);
}

/**
 * The same lines as readLineBatches, undecoded (see ByteLine): a line's bytes stay valid
 * only until the next batch is requested.
 */
export function readByteLineBatches(file: InputFile | string, options: ReadLinesOptions = {}): AsyncGenerator<ByteLine[]> {
  const input = typeof file === 'string' ? describeInputPath(file) : file;
  const bufferSize = options.bufferSize ?? DEFAULT_BUFFER_SIZE;
  if (!Number.isInteger(bufferSize) || bufferSize < 1) {
    throw new RangeError(`bufferSize must be a positive integer, got ${bufferSize}`);
  }
  const chunks = openInputChunks(input, options.stdin ? { bufferSize, stdin: options.stdin } : { bufferSize });
  return splitByteLineBatches(chunks, options);
}

/** splitLineBatches, undecoded. */
async function* splitByteLineBatches(chunks: AsyncIterable<Uint8Array>, options: SplitLinesOptions = {}): AsyncGenerator<ByteLine[]> {
  const splitter = createSplitter(options);
  for await (const chunk of chunks) {
    options.onChunk?.(chunk.byteLength);
    const bytes = asBuffer(chunk);
    for (let more = true; more; ) {
      const lines: ByteLine[] = [];
      more = splitter.pushBytes(bytes, lines, MAX_BATCH_LINES);
      if (lines.length > 0) yield lines;
    }
  }
  const last: ByteLine[] = [];
  splitter.finishBytes(last);
  if (last.length > 0) yield last;
}

function createSplitter(options: SplitLinesOptions): LineSplitter {
  return new LineSplitter({
    skipBlankLines: options.skipBlankLines ?? true,
    maxLineBytes: options.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES,
  });
}

/** readLines' splitting over any byte stream; a chunk must stay intact until the next is requested. */
export function splitLines(chunks: AsyncIterable<Uint8Array>, options: SplitLinesOptions = {}): AsyncGenerator<RawLine> {
  return new FlatteningIterator(splitLineBatches(chunks, options));
}

/** splitLines, one array of lines per chunk (chunks that complete no line yield nothing). */
async function* splitLineBatches(
  chunks: AsyncIterable<Uint8Array>,
  options: SplitLinesOptions = {},
): AsyncGenerator<RawLine[]> {
  const splitter = createSplitter(options);
  for await (const chunk of chunks) {
    options.onChunk?.(chunk.byteLength);
    const bytes = asBuffer(chunk);
    for (let more = true; more; ) {
      const lines: RawLine[] = [];
      more = splitter.push(bytes, lines, MAX_BATCH_LINES);
      if (lines.length > 0) yield lines;
    }
  }
  const last: RawLine[] = [];
  splitter.finish(last);
  if (last.length > 0) yield last;
}
