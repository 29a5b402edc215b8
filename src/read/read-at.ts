import { readSync } from 'node:fs';

/**
 * Reads `length` bytes of the open file `fd` from `position` into `buffer` (at its start),
 * as many calls as it takes: one read may return fewer. Returns how many bytes it got:
 * fewer than `length` only where the file ends.
 */
export function readAtSync(fd: number, buffer: Uint8Array, length: number, position: number): number {
  let got = 0;
  while (got < length) {
    const n = readSync(fd, buffer, got, length - got, position + got);
    if (n === 0) break;
    got += n;
  }
  return got;
}
