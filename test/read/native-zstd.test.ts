/**
 * zstd is decompressed by Node's own zlib.createZstdDecompress where the runtime has it
 * (Node >= 22.15 / 23.8), by fzstd otherwise (issue 15). Node 20 has none, so the stream
 * path is also run with a stand-in stream built on fzstd: both paths must give the same
 * bytes, and fail the same way on damaged input. Node 22's decoder stops after the first
 * frame and ends a truncated frame without an error, so a stream decoder is only given files
 * that are one whole frame (see zstd-frames.test.ts).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Transform } from 'node:stream';
import { fileURLToPath } from 'node:url';
import * as zlib from 'node:zlib';
import { Decompress } from 'fzstd';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InputFile } from '../../src/read/input-file.js';
import { InputReadError } from '../../src/read/input-read-error.js';
import { findNativeZstd, nativeZstd, type CreateZstdDecompress } from '../../src/read/native-zstd.js';
import { openInputChunks } from '../../src/read/open-input.js';
import { createTempDir } from './temp-dir.js';

const fixtureDir = fileURLToPath(new URL('../../fixtures/read/0.100.0-message/', import.meta.url));
const fixtureName = readdirSync(fixtureDir).find((name) => name.endsWith('.jsonl'))!;
const plain = readFileSync(join(fixtureDir, fixtureName));
const zst = readFileSync(join(fixtureDir, `${fixtureName}.zst`));

let temp: { path: string; remove: () => Promise<void> };
beforeAll(async () => {
  temp = await createTempDir('zstd');
});
afterAll(async () => {
  await temp.remove();
});

/**
 * A zstd decompression stream on fzstd, shaped like Node's: runs the stream path on any
 * runtime. Like Node's (seen on Node 24), it calls input without a single byte cut short.
 */
function createFzstdStream(): Transform {
  let pushed = 0;
  const stream = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      pushed += chunk.length;
      try {
        // fzstd keeps references into what it is given: each push gets its own copy.
        decompress.push(new Uint8Array(chunk));
        callback();
      } catch (error) {
        callback(error as Error);
      }
    },
    flush(callback) {
      if (pushed === 0) {
        callback(Object.assign(new Error('unexpected end of file'), { code: 'Z_BUF_ERROR' }));
        return;
      }
      try {
        decompress.push(new Uint8Array(0), true);
        callback();
      } catch (error) {
        callback(error as Error);
      }
    },
  });
  const decompress = new Decompress((data) => {
    if (data.length > 0) stream.push(Buffer.from(data));
  });
  return stream;
}

let counter = 0;
async function decode(bytes: Buffer, zstd: CreateZstdDecompress | null | undefined, bufferSize = 4096): Promise<Buffer> {
  const path = join(temp.path, `input-${++counter}.jsonl.zst`);
  await writeFile(path, bytes);
  const file: InputFile = { path, size: bytes.length, compression: 'zstd' };
  const chunks: Buffer[] = [];
  for await (const chunk of openInputChunks(file, zstd === undefined ? { bufferSize } : { bufferSize, zstd })) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks);
}

async function decodeError(bytes: Buffer, zstd: CreateZstdDecompress | null): Promise<unknown> {
  return decode(bytes, zstd).then(
    () => undefined,
    (error: unknown) => error,
  );
}

describe('choosing the zstd decompressor', () => {
  it('takes Node\'s createZstdDecompress when the zlib module has one, with 64 KiB chunks', () => {
    const made = new Transform();
    const calls: { self: unknown; options: unknown }[] = [];
    const zlibLike = {
      createZstdDecompress(this: unknown, options: unknown) {
        calls.push({ self: this, options });
        return made;
      },
    };
    const create = findNativeZstd(zlibLike);
    expect(create).toBeTypeOf('function');
    expect(create!()).toBe(made);
    expect(calls).toEqual([{ self: zlibLike, options: { chunkSize: 64 * 1024 } }]);
  });

  it('falls back to fzstd when there is none', () => {
    expect(findNativeZstd({})).toBeUndefined();
    expect(findNativeZstd({ createZstdDecompress: 'not a function' })).toBeUndefined();
  });

  it('uses what this runtime has', () => {
    const hasNative = typeof (zlib as Record<string, unknown>).createZstdDecompress === 'function';
    expect(nativeZstd !== undefined).toBe(hasNative);
  });
});

const decoders: [string, CreateZstdDecompress | null][] = [
  ['fzstd', null],
  ['the stream path', createFzstdStream],
  ...(nativeZstd ? [['Node\'s zstd', nativeZstd] as [string, CreateZstdDecompress]] : []),
];

describe('what reaches the stream decoder', () => {
  /** The stream path, counting the files it is given. */
  function countingStream(): { create: CreateZstdDecompress; made: () => number } {
    let made = 0;
    return {
      create: () => {
        made++;
        return createFzstdStream();
      },
      made: () => made,
    };
  }

  it('gets a single whole frame', async () => {
    const stream = countingStream();
    expect((await decode(zst, stream.create)).equals(plain)).toBe(true);
    expect(stream.made()).toBe(1);
  });

  // Node 22's decoder would drop the second frame and end a truncated one without an error.
  it('does not get several frames or a frame cut short: fzstd reads them', async () => {
    const stream = countingStream();
    expect((await decode(Buffer.concat([zst, zst]), stream.create)).equals(Buffer.concat([plain, plain]))).toBe(true);
    expect(await decodeError(zst.subarray(0, zst.length - 4), stream.create)).toMatchObject({ name: 'InputReadError', code: 'ZSTD_UNEXPECTED_EOF' });
    expect(stream.made()).toBe(0);
  });
});

describe.each(decoders)('zstd through %s', (_name, zstd) => {
  it('gives the plain file\'s bytes, at any read size', async () => {
    expect((await decode(zst, zstd)).equals(plain)).toBe(true);
    expect((await decode(zst, zstd, 7)).equals(plain)).toBe(true);
  });

  it('reads concatenated frames as one stream', async () => {
    expect((await decode(Buffer.concat([zst, zst]), zstd)).equals(Buffer.concat([plain, plain]))).toBe(true);
  });

  it('fails with InputReadError on data cut short, empty or garbage', async () => {
    const truncated = await decodeError(zst.subarray(0, zst.length - 10), zstd);
    expect(truncated).toBeInstanceOf(InputReadError);
    expect(truncated).toMatchObject({ code: 'ZSTD_UNEXPECTED_EOF' });
    // No frame at all is cut short too, as gunzip says of an empty file.
    expect(await decodeError(Buffer.alloc(0), zstd)).toMatchObject({ name: 'InputReadError', code: 'ZSTD_UNEXPECTED_EOF' });
    const garbage = await decodeError(Buffer.from('{"not":"zstd"}\n'), zstd);
    expect(garbage).toBeInstanceOf(InputReadError);
    expect((garbage as InputReadError).code).toMatch(/^ZSTD_/);
  });
});
