/**
 * Standard input (`-`), decompressed when it is gzip or zstd data: `cat
 * rollout-….jsonl.zst | rollout-kit convert -` has no file name to tell the compression
 * by, so the first bytes tell it (gzip's 1f 8b, a zstd frame's 28 b5 2f fd). Anything
 * else is read as it is.
 */
import { Readable, pipeline } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { STDIN_PATH } from './input-file.js';
import { InputReadError } from './input-read-error.js';
import { decodeFzstd, readZstdErrorCode } from './fzstd-chunks.js';
import { asBuffer } from '../bytes/as-buffer.js';

const GZIP_MAGIC = [0x1f, 0x8b];
const ZSTD_MAGIC = [0x28, 0xb5, 0x2f, 0xfd];

type Source = AsyncIterable<Uint8Array | string>;

export async function* readStdinChunks(source: Source): AsyncGenerator<Buffer> {
  const chunks = source[Symbol.asyncIterator]();
  // Enough of the start to see a magic number (a pipe may hand it over a byte at a time).
  const head: Buffer[] = [];
  let headBytes = 0;
  while (headBytes < ZSTD_MAGIC.length) {
    const next = await chunks.next();
    if (next.done) break;
    const chunk = bufferOf(next.value as Uint8Array | string);
    head.push(chunk);
    headBytes += chunk.length;
  }
  const start = Buffer.concat(head);
  async function* all(): AsyncGenerator<Buffer> {
    if (start.length > 0) yield start;
    for (let next = await chunks.next(); !next.done; next = await chunks.next()) yield bufferOf(next.value as Uint8Array | string);
  }
  if (startsWith(start, GZIP_MAGIC)) yield* gunzip(all());
  else if (startsWith(start, ZSTD_MAGIC)) yield* unzstd(all());
  else yield* all();
}

async function* gunzip(compressed: AsyncGenerator<Buffer>): AsyncGenerator<Buffer> {
  const decompress = createGunzip({ chunkSize: 64 * 1024 });
  // pipeline hands a failure of either side to the loop below, which throws it.
  pipeline(Readable.from(compressed), decompress, () => undefined);
  for await (const chunk of decompress) yield chunk as Buffer;
}

/** zstd by fzstd: Node's own decoder is given only data known to be one whole frame (see zstd-frames.ts), which a pipe cannot be checked for. */
async function* unzstd(compressed: AsyncGenerator<Buffer>): AsyncGenerator<Buffer> {
  try {
    yield* decodeFzstd(compressed);
  } catch (error) {
    throw new InputReadError(STDIN_PATH, error, readZstdErrorCode(error));
  }
}

function startsWith(bytes: Buffer, magic: readonly number[]): boolean {
  return bytes.length >= magic.length && magic.every((byte, i) => bytes[i] === byte);
}

function bufferOf(chunk: Uint8Array | string): Buffer {
  return typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : asBuffer(chunk);
}
