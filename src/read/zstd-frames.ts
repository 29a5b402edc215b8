import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import type { OpenPath } from './input-file.js';

/** A zstd frame starts with this magic number, little-endian (RFC 8878, 3.1.1). */
const ZSTD_FRAME_MAGIC = 0xfd2fb528;
/** Magic, frame header descriptor, window descriptor, dictionary id, content size, at most. */
const MAX_FRAME_HEADER_BYTES = 4 + 1 + 1 + 4 + 8;
const BLOCK_HEADER_BYTES = 3;
const CHECKSUM_BYTES = 4;
const RLE_BLOCK = 1;
const RESERVED_BLOCK = 3;

/**
 * Whether a zstd file is exactly one complete frame, found by walking its frame header and
 * block headers (one 3-byte read per block of up to 128 KiB; nothing is decompressed).
 *
 * Node's own decoder is trusted with such a file only: up to at least Node 22.23 it stops
 * after the first frame of a multi-frame file (`cat a.zst b.zst`, pzstd) and reads a
 * truncated frame as a clean end of file, so lines would vanish silently. Everything else
 * (several frames, skippable frames, a frame cut short, garbage) goes to fzstd, which reads
 * every frame and reports where the data ends early.
 */
export function isOneWholeZstdFrame(path: OpenPath): boolean {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    // The decoder opens the file again and reports why it cannot.
    return false;
  }
  try {
    return findFrameEnd(fd) === fstatSync(fd).size;
  } catch {
    return false;
  } finally {
    closeSync(fd);
  }
}

/** Where the frame at the start of the file ends, or undefined when it is no whole frame. */
function findFrameEnd(fd: number): number | undefined {
  const header = Buffer.alloc(MAX_FRAME_HEADER_BYTES);
  if (readSync(fd, header, 0, header.length, 0) < 5 || header.readUInt32LE(0) !== ZSTD_FRAME_MAGIC) return undefined;
  const descriptor = header[4]!;
  const singleSegment = (descriptor & 0x20) !== 0;
  const dictionaryIdBytes = [0, 1, 2, 4][descriptor & 0x03]!;
  const contentSizeBytes = [singleSegment ? 1 : 0, 2, 4, 8][descriptor >> 6]!;
  let position = 5 + (singleSegment ? 0 : 1) + dictionaryIdBytes + contentSizeBytes;
  for (let last = false; !last; ) {
    if (readSync(fd, header, 0, BLOCK_HEADER_BYTES, position) < BLOCK_HEADER_BYTES) return undefined;
    const bits = header.readUIntLE(0, BLOCK_HEADER_BYTES);
    const type = (bits >> 1) & 0x03;
    if (type === RESERVED_BLOCK) return undefined;
    // An RLE block holds one byte, repeated `size` times; raw and compressed ones hold `size` bytes.
    position += BLOCK_HEADER_BYTES + (type === RLE_BLOCK ? 1 : bits >>> 3);
    last = (bits & 0x01) !== 0;
  }
  return position + ((descriptor & 0x04) !== 0 ? CHECKSUM_BYTES : 0);
}
