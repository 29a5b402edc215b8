/** zstd's largest block: 128 KiB (RFC 8878, 3.1.1.2.3). */
const MAX_BLOCK_BYTES = 128 * 1024;

/**
 * `data` as one zstd frame of raw (stored) blocks: a single whole frame of any size that
 * every decoder reads, made without a zstd compressor (Node 20 has none).
 */
export function zstdRawFrame(data: Buffer): Buffer {
  // Magic; descriptor: not single segment, no content size, checksum or dictionary; 1 MiB window.
  const parts: Buffer[] = [Buffer.from([0x28, 0xb5, 0x2f, 0xfd, 0x00, 0x50])];
  for (let start = 0; start < data.length || start === 0; start += MAX_BLOCK_BYTES) {
    const block = data.subarray(start, start + MAX_BLOCK_BYTES);
    const last = start + MAX_BLOCK_BYTES >= data.length ? 1 : 0;
    const header = Buffer.alloc(3);
    header.writeUIntLE((block.length << 3) | last, 0, 3);
    parts.push(header, block);
  }
  return Buffer.concat(parts);
}
