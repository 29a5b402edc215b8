import type { Transform } from 'node:stream';
import * as zlib from 'node:zlib';

/** Starts one zstd decompression stream. */
export type CreateZstdDecompress = () => Transform;

/**
 * Node's own zstd decompressor (`zlib.createZstdDecompress`, Node >= 22.15 and 23.8), when
 * `zlibModule` has one: libzstd in C, on libuv's thread pool, several times faster than
 * fzstd (JavaScript, on the reading thread), which stays the fallback for older runtimes
 * (Node 20 has none). It is given single whole frames only (see isOneWholeZstdFrame).
 */
export function findNativeZstd(zlibModule: object): CreateZstdDecompress | undefined {
  const create: unknown = (zlibModule as { createZstdDecompress?: unknown }).createZstdDecompress;
  if (typeof create !== 'function') return undefined;
  return () => (create as (options: zlib.ZlibOptions) => Transform).call(zlibModule, { chunkSize: 64 * 1024 });
}

/** What this runtime decompresses zstd with: Node's decompressor, or undefined for fzstd. */
export const nativeZstd: CreateZstdDecompress | undefined = findNativeZstd(zlib);
