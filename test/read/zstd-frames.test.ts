/**
 * Node's zstd decoder is given single whole frames only (Node 22's stops after the first
 * frame and takes a truncated frame for a clean end). The frame walk must say yes to every
 * well-formed single frame, whatever its header fields and block types, and no to
 * anything else.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { decompress } from 'fzstd';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isOneWholeZstdFrame } from '../../src/read/zstd-frames.js';
import { createTempDir } from './temp-dir.js';

const fixtureDir = fileURLToPath(new URL('../../fixtures/read/0.100.0-message/', import.meta.url));
const zstName = readdirSync(fixtureDir).find((name) => name.endsWith('.jsonl.zst'))!;
/** Written by the zstd CLI: single segment, 2-byte content size, compressed blocks, checksum. */
const cliFrame = readFileSync(join(fixtureDir, zstName));

/**
 * A frame built by hand with the header fields the CLI frame does not use: a window
 * descriptor, no content size, no checksum, a raw block and an RLE block.
 */
const handFrame = Buffer.from([
  0x28, 0xb5, 0x2f, 0xfd, // magic
  0x00, // descriptor: no content size, not single segment, no checksum, no dictionary
  0x50, // window descriptor: 1 MiB
  0x30, 0x00, 0x00, ...Buffer.from('hello\n'), // raw block, 6 bytes
  0x2b, 0x00, 0x00, 0x78, // last block, RLE: "x" 5 times
]);

let temp: { path: string; remove: () => Promise<void> };
beforeAll(async () => {
  temp = await createTempDir('zstd-frames');
});
afterAll(async () => {
  await temp.remove();
});

let counter = 0;
async function check(bytes: Buffer): Promise<boolean> {
  const path = join(temp.path, `input-${++counter}.jsonl.zst`);
  await writeFile(path, bytes);
  return isOneWholeZstdFrame(path);
}

describe('isOneWholeZstdFrame', () => {
  it('says yes to a single whole frame, from the zstd CLI or with raw and RLE blocks', async () => {
    expect(Buffer.from(decompress(handFrame)).toString()).toBe('hello\nxxxxx');
    expect(await check(cliFrame)).toBe(true);
    expect(await check(handFrame)).toBe(true);
  });

  it('says no to a frame cut short anywhere, checksum included', async () => {
    const cuts = new Set<number>();
    for (let length = 0; length < cliFrame.length; length += 97) cuts.add(length);
    for (let length = cliFrame.length - 24; length < cliFrame.length; length++) cuts.add(length);
    for (const length of cuts) expect(await check(cliFrame.subarray(0, length)), `cut at ${length}`).toBe(false);
    for (let length = 0; length < handFrame.length; length++) expect(await check(handFrame.subarray(0, length)), `cut at ${length}`).toBe(false);
  });

  it('says no to several frames, skippable frames and bytes after the frame', async () => {
    expect(await check(Buffer.concat([cliFrame, cliFrame]))).toBe(false);
    expect(await check(Buffer.concat([cliFrame, handFrame]))).toBe(false);
    expect(await check(Buffer.concat([cliFrame, Buffer.from('\n')]))).toBe(false);
    const skippable = Buffer.from([0x50, 0x2a, 0x4d, 0x18, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00]);
    expect(await check(Buffer.concat([skippable, cliFrame]))).toBe(false);
  });

  it('says no to what is no zstd, and to a file it cannot open', async () => {
    expect(await check(Buffer.from('{"not":"zstd"}\n'))).toBe(false);
    const reservedBlock = Buffer.from(handFrame);
    reservedBlock[6] = 0x37; // block type 3 is reserved
    expect(await check(reservedBlock)).toBe(false);
    expect(isOneWholeZstdFrame(join(temp.path, 'missing.jsonl.zst'))).toBe(false);
    expect(isOneWholeZstdFrame(temp.path)).toBe(false);
  });
});
