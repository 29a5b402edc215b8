import { isUtf8 } from 'node:buffer';
import { readdirSync, readFileSync } from 'node:fs';
import { readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InputReadError } from '../../src/read/input-read-error.js';
import { readByteLineBatches, readLineBatches, readLines, splitLines, type ReadLinesOptions } from '../../src/read/lines.js';
import type { RawLine } from '../../src/read/raw-line.js';
import { createTempDir } from './temp-dir.js';
import { zstdRawFrame } from './zstd-raw-frame.js';

const fixtures = fileURLToPath(new URL('../../fixtures/read/', import.meta.url));
const plainFixture = findFixture('0.100.0-message', '.jsonl');
const smallFixture = findFixture('0.47.0-message', '.jsonl');

function findFixture(dir: string, suffix: string): string {
  const name = readdirSync(join(fixtures, dir)).find((file) => file.endsWith(suffix));
  if (name === undefined) throw new Error(`no ${suffix} fixture in ${dir}`);
  return join(fixtures, dir, name);
}

async function collect(file: string, options?: ReadLinesOptions): Promise<RawLine[]> {
  const lines: RawLine[] = [];
  for await (const line of readLines(file, options)) lines.push(line);
  return lines;
}

/** The lines of a file as a plain whole-file split would see them: the reference result. */
function splitWhole(bytes: Buffer, skipBlankLines = true): RawLine[] {
  const result: RawLine[] = [];
  let start = 0;
  let number = 0;
  while (start < bytes.length) {
    const newline = bytes.indexOf(0x0a, start);
    const end = newline === -1 ? bytes.length : newline;
    let line = bytes.subarray(start, end);
    number += 1;
    if (number === 1 && line.subarray(0, 3).equals(Buffer.from([0xef, 0xbb, 0xbf]))) line = line.subarray(3);
    if (line.at(-1) === 0x0d) line = line.subarray(0, -1);
    const text = line.toString('utf8');
    if (!(skipBlankLines && /^[ \t\r\v\f]*$/.test(text))) {
      const raw: RawLine = { text, line: number, terminated: newline !== -1 };
      if (!isUtf8(line)) raw.invalidUtf8 = true;
      result.push(raw);
    }
    start = end + 1;
  }
  return result;
}

let temp: { path: string; remove: () => Promise<void> };
let counter = 0;
beforeAll(async () => {
  temp = await createTempDir('lines');
});
afterAll(async () => {
  await temp.remove();
});

async function writeTemp(content: string | Buffer, suffix = '.jsonl'): Promise<string> {
  const path = join(temp.path, `file-${++counter}${suffix}`);
  await writeFile(path, content);
  return path;
}

describe('readLines on real rollouts', () => {
  it('yields every line of a Codex rollout with exact numbers', async () => {
    const content = readFileSync(plainFixture, 'utf8');
    const expected = content.split('\n').slice(0, -1);
    const lines = await collect(plainFixture);
    expect(lines.map((line) => line.text)).toEqual(expected);
    expect(lines.map((line) => line.line)).toEqual(expected.map((_, index) => index + 1));
    expect(lines.every((line) => line.terminated && line.invalidUtf8 === undefined)).toBe(true);
    for (const line of lines) expect(() => JSON.parse(line.text)).not.toThrow();
  });

  it.each([1, 3, 64, 4096, 1 << 20])('gives the same lines whatever the buffer size (%i bytes)', async (bufferSize) => {
    const expected = await collect(plainFixture);
    expect(await collect(plainFixture, { bufferSize })).toEqual(expected);
    expect(await collect(smallFixture, { bufferSize })).toEqual(splitWhole(readFileSync(smallFixture)));
  });

  it.each(['.jsonl.gz', '.jsonl.zst'])('reads the %s copy exactly like the plain file', async (suffix) => {
    const expected = await collect(plainFixture);
    const compressed = findFixture('0.100.0-message', suffix);
    expect(await collect(compressed)).toEqual(expected);
    expect(await collect(compressed, { bufferSize: 5 })).toEqual(expected);
  });

  it('hands out one batch per chunk through readLineBatches', async () => {
    const batches: RawLine[][] = [];
    for await (const batch of readLineBatches(plainFixture, { bufferSize: 4096 })) batches.push(batch);
    expect(batches.length).toBeGreaterThan(1);
    expect(batches.every((batch) => batch.length > 0)).toBe(true);
    expect(batches.flat()).toEqual(await collect(plainFixture));
  });

  it('hands a chunk of many tiny lines out in bounded batches, every line once and in order', async () => {
    // 20,000 two-byte lines (and a line split across the chunk boundary) fit in one chunk.
    const lines = Array.from({ length: 20_000 }, (_, i) => (i % 7 === 0 ? 'a partial line that spans' : String(i % 10)));
    const path = await writeTemp(Buffer.from(`${lines.join('\n')}\n`));
    for (const bufferSize of [1 << 20, 30_011]) {
      const textBatches: RawLine[][] = [];
      for await (const batch of readLineBatches(path, { bufferSize })) textBatches.push(batch);
      const byteBatches: string[][] = [];
      for await (const batch of readByteLineBatches(path, { bufferSize })) byteBatches.push(batch.map((line) => line.bytes.toString()));
      for (const batches of [textBatches, byteBatches]) {
        expect(batches.length).toBeGreaterThan(20_000 / 4096);
        expect(Math.max(...batches.map((batch) => batch.length))).toBeLessThanOrEqual(4096);
      }
      expect(textBatches.flat().map((line) => line.text)).toEqual(lines);
      expect(textBatches.flat().map((line) => line.line)).toEqual(lines.map((_, i) => i + 1));
      expect(byteBatches.flat()).toEqual(lines);
    }
  });
});

describe('readLines on edge cases', () => {
  it('strips a UTF-8 BOM at the start of the file only, even when it spans chunks', async () => {
    const path = await writeTemp('\uFEFF{"a":1}\n\uFEFF{"b":2}\n');
    for (const bufferSize of [1, 2, 1 << 20]) {
      const lines = await collect(path, { bufferSize });
      expect(lines.map((line) => line.text)).toEqual(['{"a":1}', '\uFEFF{"b":2}']);
    }
  });

  it('strips the \\r of CRLF endings but keeps a \\r inside a line', async () => {
    const path = await writeTemp('{"a":1}\r\nx\ry\r\n{"c":3}\r');
    for (const bufferSize of [1, 4, 1 << 20]) {
      const lines = await collect(path, { bufferSize });
      expect(lines).toEqual([
        { text: '{"a":1}', line: 1, terminated: true },
        { text: 'x\ry', line: 2, terminated: true },
        { text: '{"c":3}', line: 3, terminated: false },
      ]);
    }
  });

  it('skips whitespace-only lines but counts them, unless asked to keep them', async () => {
    const path = await writeTemp('a\n\n  \t\nb\n\r\n\n');
    expect(await collect(path)).toEqual([
      { text: 'a', line: 1, terminated: true },
      { text: 'b', line: 4, terminated: true },
    ]);
    const kept = await collect(path, { skipBlankLines: false, bufferSize: 2 });
    expect(kept.map((line) => [line.line, line.text])).toEqual([
      [1, 'a'],
      [2, ''],
      [3, '  \t'],
      [4, 'b'],
      [5, ''],
      [6, ''],
    ]);
  });

  it('marks a last line without newline as unterminated', async () => {
    const cut = await writeTemp('{"a":1}\n{"b":');
    expect(await collect(cut, { bufferSize: 3 })).toEqual([
      { text: '{"a":1}', line: 1, terminated: true },
      { text: '{"b":', line: 2, terminated: false },
    ]);
    const whitespaceTail = await writeTemp('{"a":1}\n  ');
    expect(await collect(whitespaceTail)).toEqual([{ text: '{"a":1}', line: 1, terminated: true }]);
  });

  it('yields nothing for an empty file or one of blank lines', async () => {
    expect(await collect(await writeTemp(''))).toEqual([]);
    expect(await collect(await writeTemp('\n\n\r\n'))).toEqual([]);
    expect(await collect(await writeTemp('\uFEFF'))).toEqual([]);
  });

  it('flags invalid UTF-8 and decodes multi-byte characters split across chunks', async () => {
    const bytes = Buffer.concat([
      Buffer.from('{"ok":"héllo € 😀"}\n'),
      Buffer.from([0x7b, 0xff, 0xfe, 0x7d, 0x0a]), // bytes that are never UTF-8
      Buffer.from([0x22, 0xe2, 0x82, 0x22, 0x0a]), // a cut-short 3-byte sequence
      Buffer.from('{"real":"\uFFFD"}\n'), // a genuine U+FFFD is valid UTF-8
    ]);
    const path = await writeTemp(bytes);
    for (const bufferSize of [1, 2, 3, 1 << 20]) {
      const lines = await collect(path, { bufferSize });
      expect(lines.map((line) => line.invalidUtf8 ?? false)).toEqual([false, true, true, false]);
      expect(lines[0]?.text).toBe('{"ok":"héllo € 😀"}');
      expect(lines[1]?.text).toBe('{\uFFFD\uFFFD}');
      expect(lines[3]?.text).toBe('{"real":"\uFFFD"}');
    }
  });

  it('reads a 5 MB line whole, across chunks of every size', async () => {
    const big = `{"image":"${'A'.repeat(5 * 1024 * 1024)}"}`;
    const path = await writeTemp(`{"a":1}\n${big}\n{"b":2}`);
    for (const bufferSize of [65536, 1 << 20, 8 << 20]) {
      const lines = await collect(path, { bufferSize });
      expect(lines.map((line) => line.line)).toEqual([1, 2, 3]);
      expect(lines[1]?.text.length).toBe(big.length);
      expect(lines[1]?.text === big).toBe(true);
      expect(lines[2]).toEqual({ text: '{"b":2}', line: 3, terminated: false });
    }
  });

  it('drops lines longer than maxLineBytes without holding them', async () => {
    const path = await writeTemp(`short\n${'x'.repeat(50)}\nafter\n${'y'.repeat(40)}`);
    for (const bufferSize of [4, 1 << 20]) {
      expect(await collect(path, { bufferSize, maxLineBytes: 10 })).toEqual([
        { text: 'short', line: 1, terminated: true },
        { text: '', line: 2, terminated: true, oversized: true },
        { text: 'after', line: 3, terminated: true },
        { text: '', line: 4, terminated: false, oversized: true },
      ]);
    }
  });

  it('matches a whole-file split on random bytes at random buffer sizes', async () => {
    let seed = 12345;
    const random = (): number => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const alphabet = [0x0a, 0x0d, 0x20, 0x09, 0x7b, 0x61, 0xef, 0xbb, 0xbf, 0xc3, 0xa9, 0xe2, 0x82, 0xac, 0xf0, 0x9f, 0xff];
    for (let round = 0; round < 40; round++) {
      const bytes = Buffer.from(
        Array.from({ length: Math.floor(random() * 400) }, () => alphabet[Math.floor(random() * alphabet.length)]!),
      );
      const path = await writeTemp(bytes);
      const bufferSize = 1 + Math.floor(random() * 40);
      const skipBlankLines = random() < 0.5;
      expect(await collect(path, { bufferSize, skipBlankLines })).toEqual(splitWhole(bytes, skipBlankLines));
    }
  });
});

describe('readLines on other sources', () => {
  it('reads stdin for "-"', async () => {
    const stdin = Readable.from([Buffer.from('{"a":1}\r\n{"b"'), Buffer.from(':2}\n\n{"c":3}')]);
    expect(await collect('-', { stdin })).toEqual([
      { text: '{"a":1}', line: 1, terminated: true },
      { text: '{"b":2}', line: 2, terminated: true },
      { text: '{"c":3}', line: 4, terminated: false },
    ]);
  });

  it('reads gzip and zstd data on stdin as the plain file, told by its first bytes', async () => {
    const plain = await collect(plainFixture);
    for (const suffix of ['.jsonl.gz', '.jsonl.zst']) {
      const bytes = readFileSync(findFixture('0.100.0-message', suffix));
      expect(await collect('-', { stdin: Readable.from([bytes]) }), suffix).toEqual(plain);
      // A pipe may hand the magic number over a byte at a time.
      const bytewise = [...bytes.subarray(0, 6)].map((byte) => Buffer.from([byte]));
      expect(await collect('-', { stdin: Readable.from([...bytewise, bytes.subarray(6)]) }), suffix).toEqual(plain);
    }
  });

  it('reports zstd data on stdin cut short as a read error of stdin', async () => {
    const bytes = readFileSync(findFixture('0.100.0-message', '.jsonl.zst'));
    const read = collect('-', { stdin: Readable.from([bytes.subarray(0, bytes.length - 40)]) });
    await expect(read).rejects.toBeInstanceOf(InputReadError);
    await expect(read).rejects.toMatchObject({ code: 'ZSTD_UNEXPECTED_EOF' });
  });

  it('reads stdin of fewer bytes than a magic number as it is', async () => {
    expect(await collect('-', { stdin: Readable.from([Buffer.from('{')]) })).toEqual([{ text: '{', line: 1, terminated: false }]);
  });

  it('splits any async iterable of Uint8Array chunks', async () => {
    async function* chunks(): AsyncGenerator<Uint8Array> {
      yield new TextEncoder().encode('one\ntw');
      yield new Uint8Array([0x6f, 0x0a]);
    }
    const lines: string[] = [];
    for await (const line of splitLines(chunks())) lines.push(line.text);
    expect(lines).toEqual(['one', 'two']);
  });

  it('reads concatenated gzip members and zstd frames as one stream', async () => {
    const plain = readFileSync(plainFixture);
    const expected = splitWhole(Buffer.concat([plain, plain]));
    const zst = readFileSync(findFixture('0.100.0-message', '.jsonl.zst'));
    expect(await collect(await writeTemp(Buffer.concat([zst, zst]), '.jsonl.zst'))).toEqual(expected);
    const gz = gzipSync(plain);
    expect(await collect(await writeTemp(Buffer.concat([gz, gz]), '.jsonl.gz'), { bufferSize: 100 })).toEqual(expected);
  });
});

describe('readLines errors', () => {
  async function readUntilError(path: string): Promise<{ lines: RawLine[]; error: unknown }> {
    const lines: RawLine[] = [];
    try {
      for await (const line of readLines(path, { bufferSize: 512 })) lines.push(line);
    } catch (error) {
      return { lines, error };
    }
    return { lines, error: undefined };
  }

  it('raises InputReadError for a missing file and for a directory', async () => {
    const missing = await readUntilError(join(temp.path, 'nope.jsonl'));
    expect(missing.error).toBeInstanceOf(InputReadError);
    expect(missing.error).toMatchObject({ code: 'ENOENT', file: join(temp.path, 'nope.jsonl') });
    expect((missing.error as Error).message).toBe(`cannot read ${join(temp.path, 'nope.jsonl')}: no such file or directory (ENOENT)`);
    const directory = await readUntilError(temp.path);
    expect(directory.error).toMatchObject({ name: 'InputReadError', code: 'EISDIR' });
    // Node's own message named the path a second time: "EISDIR: illegal operation on a directory, read".
    expect((directory.error as Error).message).toBe(`cannot read ${temp.path}: a directory, not a file (EISDIR)`);
  });

  it.skipIf(process.getuid?.() === 0)('raises InputReadError for an unreadable file', async () => {
    const path = await writeTemp('{}\n');
    const { chmod } = await import('node:fs/promises');
    await chmod(path, 0o000);
    expect((await readUntilError(path)).error).toMatchObject({ code: 'EACCES' });
  });

  it('raises InputReadError for corrupt or truncated gzip, after the lines it could read', async () => {
    const expected = splitWhole(readFileSync(plainFixture));
    const gz = readFileSync(findFixture('0.100.0-message', '.jsonl.gz'));
    const truncated = await readUntilError(await writeTemp(gz.subarray(0, gz.length - 100), '.jsonl.gz'));
    expect(truncated.error).toMatchObject({ name: 'InputReadError', code: 'Z_BUF_ERROR' });
    expect(truncated.lines).toEqual(expected.slice(0, truncated.lines.length));
    const garbage = await readUntilError(await writeTemp('{"not":"gzip"}\n', '.jsonl.gz'));
    expect(garbage.error).toMatchObject({ name: 'InputReadError', code: 'Z_DATA_ERROR' });
  });

  it('raises InputReadError for corrupt or truncated zstd', async () => {
    const zst = readFileSync(findFixture('0.100.0-message', '.jsonl.zst'));
    const truncated = await readUntilError(await writeTemp(zst.subarray(0, 3000), '.jsonl.zst'));
    expect(truncated.error).toMatchObject({ name: 'InputReadError', code: 'ZSTD_UNEXPECTED_EOF' });
    const garbage = await readUntilError(await writeTemp('{"not":"zstd"}\n', '.jsonl.zst'));
    // fzstd says ZSTD_INVALID_DATA; Node's own zstd (Node >= 22.15) names libzstd's error.
    expect(garbage.error).toMatchObject({ name: 'InputReadError', code: expect.stringMatching(/^ZSTD_(INVALID_DATA|error_prefix_unknown)$/) });
    expect(String((garbage.error as Error).message)).toContain('cannot read');
  });
});

describe('readLines iteration protocol', () => {
  async function countOpenFiles(): Promise<number> {
    return (await readdir('/proc/self/fd')).length;
  }

  /**
   * Inputs far larger than the decompressor's buffers (stored, not compressed): a small
   * compressed file is read to its end, and closed, before the first line comes out of
   * Node's decompressor.
   */
  const largeInputs: Record<string, () => Promise<string>> = {
    '.jsonl': async () => plainFixture,
    '.jsonl.gz': () => writeTemp(gzipSync(Buffer.concat(Array(50).fill(readFileSync(plainFixture))), { level: 0 }), '.jsonl.gz'),
    '.jsonl.zst': () => writeTemp(zstdRawFrame(Buffer.concat(Array(50).fill(readFileSync(plainFixture)))), '.jsonl.zst'),
  };

  it.skipIf(process.platform !== 'linux').each(Object.keys(largeInputs))(
    'closes the %s file when the consumer stops early',
    async (suffix) => {
      const path = await largeInputs[suffix]!();
      const before = await countOpenFiles();
      const iterator = readLines(path, { bufferSize: 64 });
      const first = await iterator.next();
      expect(first.value).toMatchObject({ line: 1 });
      expect(await countOpenFiles()).toBeGreaterThan(before);
      await iterator.return(undefined);
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(await countOpenFiles()).toBe(before);
      expect(await iterator.next()).toEqual({ value: undefined, done: true });
    },
  );

  it('serves concurrent next() calls in call order', async () => {
    const expected = await collect(plainFixture);
    const iterator = readLines(plainFixture, { bufferSize: 16 });
    const results = await Promise.all(expected.map(() => iterator.next()));
    expect(results.map((result) => result.value)).toEqual(expected);
    expect(await iterator.next()).toEqual({ value: undefined, done: true });
  });

  it('passes an error given to throw() back and stops', async () => {
    const iterator = readLines(plainFixture);
    await iterator.next();
    await expect(iterator.throw(new Error('stop'))).rejects.toThrow('stop');
    expect(await iterator.next()).toEqual({ value: undefined, done: true });
  });
});
