import { closeSync, openSync, readSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { pipeline, type Transform } from 'node:stream';
import { setImmediate } from 'node:timers/promises';
import { createGunzip } from 'node:zlib';
import { Decompress, ZstdErrorCode } from 'fzstd';
import { STDIN_PATH, type InputFile } from './input-file.js';
import { InputReadError } from './input-read-error.js';
import { nativeZstd, type CreateZstdDecompress } from './native-zstd.js';
import { returnBuffer, takeBuffer } from '../buffer-pool.js';

export type OpenInputOptions = {
  /** Size of the read buffer for plain files and of read chunks for compressed ones. */
  bufferSize: number;
  /** What `-` reads; standard input by default. */
  stdin?: AsyncIterable<Uint8Array>;
  /** How zstd is decompressed: a stream factory, or null for fzstd (default: Node's own when it has one). */
  zstd?: CreateZstdDecompress | null;
};

/** A path as the file system takes it: bytes for a name that is not UTF-8 (see InputFile.rawPath). */
type OpenPath = string | Buffer;

/**
 * The decompressed bytes of an input as a sequence of chunks. Plain files are read into
 * one reused buffer, so a chunk is only valid until the next one is requested. Every
 * failure (open, read, corrupt or truncated compressed data) surfaces as InputReadError.
 */
export async function* openInputChunks(file: InputFile, options: OpenInputOptions): AsyncGenerator<Buffer> {
  try {
    if (file.path === STDIN_PATH) {
      yield* readStreamChunks(options.stdin ?? process.stdin);
      return;
    }
    const path = file.rawPath ? toBuffer(file.rawPath) : (file.absolutePath ?? file.path);
    switch (file.compression) {
      case 'none':
        yield* readPlainChunks(path, options.bufferSize);
        return;
      case 'gzip':
        yield* readDecompressedChunks(path, options.bufferSize, createGunzip64k);
        return;
      case 'zstd': {
        const zstd = options.zstd === undefined ? nativeZstd : options.zstd;
        if (zstd) yield* readDecompressedChunks(path, options.bufferSize, zstd);
        else yield* readZstdChunks(path, options.bufferSize);
        return;
      }
    }
  } catch (error) {
    throw error instanceof InputReadError ? error : new InputReadError(file.path, error, readZstdCode(error));
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

async function* readStreamChunks(source: AsyncIterable<Uint8Array | string>): AsyncGenerator<Buffer> {
  for await (const chunk of source) yield toBuffer(chunk);
}

function createGunzip64k(): Transform {
  return createGunzip({ chunkSize: 64 * 1024 });
}

/** A file through a zlib decompression stream (gzip; zstd where Node has it). */
async function* readDecompressedChunks(path: OpenPath, bufferSize: number, createDecompress: () => Transform): AsyncGenerator<Buffer> {
  // Opening first makes a missing or unreadable file fail here, before any stream exists.
  const handle = await open(path, 'r');
  const decompress = createDecompress();
  // pipeline forwards a read error into the decompressor (so the loop below throws it) and
  // closes the file when the consumer stops early.
  pipeline(handle.createReadStream({ highWaterMark: bufferSize }), decompress, () => {});
  for await (const chunk of decompress) yield chunk as Buffer;
}

const ZSTD_PUSH_BYTES = 64 * 1024;

/**
 * fzstd's streaming decoder is synchronous: each push hands the blocks it completes to the
 * callback, and they are passed on before the next push.
 */
async function* readZstdChunks(path: OpenPath, bufferSize: number): AsyncGenerator<Buffer> {
  const handle = await open(path, 'r');
  try {
    const decoded: Buffer[] = [];
    const decompress = new Decompress((data) => {
      if (data.length > 0) decoded.push(toBuffer(data));
    });
    const buffer = Buffer.allocUnsafe(bufferSize);
    for (;;) {
      const { bytesRead } = await handle.read(buffer, 0, bufferSize, null);
      if (bytesRead === 0) {
        decompress.push(new Uint8Array(0), true);
        yield* decoded;
        return;
      }
      // Small pushes bound how much one push decodes (JSONL compresses very well), and
      // fzstd keeps references into what it was given, so each push gets its own copy.
      for (let start = 0; start < bytesRead; start += ZSTD_PUSH_BYTES) {
        decompress.push(new Uint8Array(buffer.subarray(start, Math.min(start + ZSTD_PUSH_BYTES, bytesRead))));
        yield* decoded;
        decoded.length = 0;
      }
    }
  } finally {
    await handle.close();
  }
}

function toBuffer(chunk: Uint8Array | string): Buffer {
  if (typeof chunk === 'string') return Buffer.from(chunk, 'utf8');
  return Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
}

/** fzstd throws plain Errors with a numeric code; name them after fzstd's own constants. */
function readZstdCode(error: unknown): string | undefined {
  if (!(error instanceof Error) || !('code' in error) || typeof error.code !== 'number') return undefined;
  const name = Object.entries(ZstdErrorCode).find(([, value]) => value === error.code)?.[0];
  return name === undefined ? 'ZSTD_ERROR' : `ZSTD_${name.replace(/([a-z])([A-Z])/g, '$1_$2').toUpperCase()}`;
}
