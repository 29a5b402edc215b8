import { open } from 'node:fs/promises';
import { Decompress, ZstdErrorCode } from 'fzstd';
import type { OpenPath } from './input-file.js';
import { asBuffer } from '../bytes/as-buffer.js';

const ZSTD_PUSH_BYTES = 64 * 1024;

/**
 * zstd decoded by fzstd, in JavaScript: the fallback where Node has no zstd of its own
 * (see nativeZstd). fzstd does not verify frame checksums: damage that still decodes
 * gives wrong bytes (then bad lines) where Node's decoder fails. Its streaming decoder is
 * synchronous: each push hands the blocks it completes to the callback, and they are
 * passed on before the next push.
 */
export async function* readFzstdChunks(path: OpenPath, bufferSize: number): AsyncGenerator<Buffer> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.allocUnsafe(bufferSize);
    async function* compressed(): AsyncGenerator<Buffer> {
      for (;;) {
        const { bytesRead } = await handle.read(buffer, 0, bufferSize, null);
        if (bytesRead === 0) return;
        yield buffer.subarray(0, bytesRead);
      }
    }
    yield* decodeFzstd(compressed());
  } finally {
    await handle.close();
  }
}

/**
 * zstd data handed over in chunks (each may be reused once the next is asked for), decoded
 * by fzstd: a file's (above) or standard input's (stdin-chunks.ts).
 */
export async function* decodeFzstd(compressed: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  const decoded: Buffer[] = [];
  const decompress = new Decompress((data) => {
    if (data.length > 0) decoded.push(asBuffer(data));
  });
  let total = 0;
  for await (const chunk of compressed) {
    total += chunk.length;
    // Small pushes bound how much one push decodes (JSONL compresses very well), and
    // fzstd keeps references into what it was given, so each push gets its own copy.
    for (let start = 0; start < chunk.length; start += ZSTD_PUSH_BYTES) {
      decompress.push(new Uint8Array(chunk.subarray(start, Math.min(start + ZSTD_PUSH_BYTES, chunk.length))));
      yield* decoded;
      decoded.length = 0;
    }
  }
  // fzstd takes no bytes as no frames; libzstd (and gunzip) call it cut short.
  if (total === 0) throw Object.assign(new Error('unexpected end of file'), { code: 'ZSTD_UNEXPECTED_EOF' });
  decompress.push(new Uint8Array(0), true);
  yield* decoded;
}

/**
 * The InputReadError code of a zstd failure, the same whichever decoder met it where both
 * see it alike: `ZSTD_UNEXPECTED_EOF` for data cut short (Node's decoder says `Z_BUF_ERROR`,
 * as gunzip does). fzstd's numeric codes are named after its own constants; Node's
 * `ZSTD_error_*` codes are kept.
 */
export function readZstdErrorCode(error: unknown): string | undefined {
  if (!(error instanceof Error) || !('code' in error)) return undefined;
  if (error.code === 'Z_BUF_ERROR') return 'ZSTD_UNEXPECTED_EOF';
  if (typeof error.code !== 'number') return undefined;
  const name = Object.entries(ZstdErrorCode).find(([, value]) => value === error.code)?.[0];
  return name === undefined ? 'ZSTD_ERROR' : `ZSTD_${name.replace(/([a-z])([A-Z])/g, '$1_$2').toUpperCase()}`;
}
