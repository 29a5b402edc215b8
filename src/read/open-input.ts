import { closeSync, openSync, readSync } from 'node:fs';
import { setImmediate } from 'node:timers/promises';
import { openPathOf, STDIN_PATH, type InputFile, type OpenPath } from './input-file.js';
import { InputReadError } from './input-read-error.js';
import { readGzipChunks, readThrough } from './gzip-chunks.js';
import { readFzstdChunks, readZstdErrorCode } from './fzstd-chunks.js';
import { nativeZstd, type CreateZstdDecompress } from './native-zstd.js';
import { isOneWholeZstdFrame } from './zstd-frames.js';
import { readStdinChunks } from './stdin-chunks.js';
import { returnBuffer, takeBuffer } from '../bytes/buffer-pool.js';

type OpenInputOptions = {
  /** Size of the read buffer for plain files and of read chunks for compressed ones. */
  bufferSize: number;
  /** What `-` reads; standard input by default. */
  stdin?: AsyncIterable<Uint8Array>;
  /** How zstd is decompressed: a stream factory, or null for fzstd (default: Node's own when it has one). */
  zstd?: CreateZstdDecompress | null;
};


/**
 * The decompressed bytes of an input as a sequence of chunks. Plain files are read into
 * one reused buffer, so a chunk is only valid until the next one is requested. Every
 * failure (open, read, corrupt or truncated compressed data) surfaces as InputReadError.
 *
 * Every input is read to its end of file, however far that is when the reader gets there:
 * a rollout Codex is still writing gives the lines written by then, and when the reader
 * catches a line half written, the decoder reports it as a truncated last line.
 */
export async function* openInputChunks(file: InputFile, options: OpenInputOptions): AsyncGenerator<Buffer> {
  try {
    if (file.path === STDIN_PATH) {
      yield* readStdinChunks(options.stdin ?? process.stdin);
      return;
    }
    const path = openPathOf(file);
    switch (file.compression) {
      case 'none':
        yield* readPlainChunks(path, options.bufferSize);
        return;
      case 'gzip':
        yield* readGzipChunks(path, options.bufferSize);
        return;
      case 'zstd': {
        const zstd = options.zstd === undefined ? nativeZstd : options.zstd;
        // A stream decoder gets single whole frames only: see isOneWholeZstdFrame.
        if (zstd && isOneWholeZstdFrame(path)) yield* readThrough(path, options.bufferSize, zstd);
        else yield* readFzstdChunks(path, options.bufferSize);
        return;
      }
    }
  } catch (error) {
    throw error instanceof InputReadError ? error : new InputReadError(file.path, error, file.compression === 'zstd' ? readZstdErrorCode(error) : undefined);
  }
}

/** A thread reads one file at a time. */
const KEPT_READ_BUFFERS = 2;

/**
 * Plain files are read with blocking calls, then the thread yields to its event loop once
 * per chunk. A read from the page cache returns at once this way; an asynchronous one
 * comes back only through the event loop, and on the benchmark threads spent 10-15% of
 * their time waiting for reads long finished. The yield keeps the thread answering
 * messages (the main thread handles the workers', workers take acknowledgements).
 */
async function* readPlainChunks(path: OpenPath, bufferSize: number): AsyncGenerator<Buffer> {
  const fd = openSync(path, 'r');
  const buffer = takeBuffer(bufferSize);
  try {
    for (;;) {
      const bytesRead = readSync(fd, buffer, 0, bufferSize, null);
      if (bytesRead === 0) return;
      yield buffer.subarray(0, bytesRead);
      await setImmediate();
    }
  } finally {
    closeSync(fd);
    returnBuffer(buffer, KEPT_READ_BUFFERS);
  }
}
