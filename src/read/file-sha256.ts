import { createHash } from 'node:crypto';
import { open } from 'node:fs/promises';
import type { OpenPath } from './input-file.js';

const BLOCK_BYTES = 1024 * 1024;

/** The SHA-256 (hex) and size of a file's bytes, read in 1 MiB blocks into one buffer. */
export async function hashFile(file: OpenPath): Promise<{ bytes: number; sha256: string }> {
  const hash = createHash('sha256');
  const handle = await open(file, 'r');
  let bytes = 0;
  try {
    const buffer = Buffer.allocUnsafe(BLOCK_BYTES);
    for (;;) {
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, null);
      if (bytesRead === 0) break;
      hash.update(buffer.subarray(0, bytesRead));
      bytes += bytesRead;
    }
  } finally {
    await handle.close();
  }
  return { bytes, sha256: hash.digest('hex') };
}
