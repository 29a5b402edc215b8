import { open } from 'node:fs/promises';
import { pipeline, type Transform } from 'node:stream';
import { constants, createGunzip } from 'node:zlib';
import type { OpenPath } from './input-file.js';

/** The gzip trailer: CRC-32 and length of the data, checked after the last byte of it. */
const TRAILER_BYTES = 8;

/**
 * A gzip file, decompressed. zlib holds back the output of a chunk until the chunk is full,
 * and a failed check of the trailer (a flipped bit in the data or in the trailer itself)
 * discards it: a small file would lose every line. So after a failure the file is read once
 * more without its trailer, ending on a flush that keeps all that could be decompressed, and
 * what the first pass had not yielded is yielded before the error is thrown. Damage inside
 * the data still ends the read where it is.
 */
export async function* readGzipChunks(path: OpenPath, bufferSize: number): AsyncGenerator<Buffer> {
  let yielded = 0;
  try {
    for await (const chunk of readThrough(path, bufferSize, () => createGunzip({ chunkSize: 64 * 1024 }))) {
      yielded += chunk.length;
      yield chunk;
    }
  } catch (error) {
    yield* readAfter(path, bufferSize, yielded);
    throw error;
  }
}

/** The data past the first `skip` bytes, read without the trailer; nothing when that fails too. */
async function* readAfter(path: OpenPath, bufferSize: number, skip: number): AsyncGenerator<Buffer> {
  let seen = 0;
  try {
    for await (const chunk of readThrough(path, bufferSize, () => createGunzip({ chunkSize: 64 * 1024, finishFlush: constants.Z_SYNC_FLUSH }), TRAILER_BYTES)) {
      const start = Math.max(0, skip - seen);
      seen += chunk.length;
      if (start < chunk.length) yield chunk.subarray(start);
    }
  } catch {
    // The first failure is the one reported.
  }
}

/**
 * A file through a zlib decompression stream (gzip; zstd where Node has it), without its
 * last `dropTail` bytes.
 */
export async function* readThrough(path: OpenPath, bufferSize: number, createDecompress: () => Transform, dropTail = 0): AsyncGenerator<Buffer> {
  // Opening first makes a missing or unreadable file fail here, before any stream exists.
  const handle = await open(path, 'r');
  const decompress = createDecompress();
  const end = dropTail > 0 ? (await handle.stat()).size - dropTail - 1 : undefined;
  // pipeline forwards a read error into the decompressor (so the loop below throws it) and
  // closes the file when the consumer stops early or the data is corrupt.
  const settled = new Promise<void>((resolve) => {
    pipeline(handle.createReadStream({ highWaterMark: bufferSize, ...(end !== undefined ? { end: Math.max(0, end) } : {}) }), decompress, () => resolve());
  });
  try {
    for await (const chunk of decompress) yield chunk as Buffer;
  } finally {
    // Whatever ended the read, the file is closed before the caller hears of it (the
    // stream's own close, on an error, is still on its way when pipeline reports).
    decompress.destroy();
    await settled;
    await handle.close();
  }
}
