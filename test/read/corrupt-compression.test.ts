/**
 * Damaged gzip and zstd never crash a read (issue 13): whatever the damage, the reader
 * yields the lines it could decode, then ends or raises InputReadError (which conversion
 * turns into a `read_error` issue), and the file is closed by the time the caller hears.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { convert } from '../../src/convert/convert.js';
import { InputReadError } from '../../src/read/input-read-error.js';
import { readLines } from '../../src/read/lines.js';
import { createTempDir } from './temp-dir.js';

const fixtureDir = fileURLToPath(new URL('../../fixtures/read/0.100.0-message/', import.meta.url));
const fixtureName = readdirSync(fixtureDir).find((name) => name.endsWith('.jsonl'))!;

let temp: { path: string; remove: () => Promise<void> };
beforeAll(async () => {
  temp = await createTempDir('corrupt');
});
afterAll(async () => {
  await temp.remove();
});

/** Every way the sweep damages a file: cut short at several points, one byte changed at several places, empty, garbage. */
function damage(bytes: Buffer): [string, Buffer][] {
  const cases: [string, Buffer][] = [
    ['empty', Buffer.alloc(0)],
    ['garbage', Buffer.from('{"not":"compressed"}\n')],
  ];
  for (const at of [1, 4, 10, 100, Math.floor(bytes.length / 2), bytes.length - 8, bytes.length - 1]) {
    cases.push([`cut at ${at}`, bytes.subarray(0, at)]);
    const flipped = Buffer.from(bytes);
    flipped[at] = flipped[at]! ^ 0x5a;
    cases.push([`byte ${at} changed`, flipped]);
  }
  return cases;
}

async function countOpenFiles(): Promise<number> {
  return (await readdir('/proc/self/fd')).length;
}

let counter = 0;

describe.each(['.gz', '.zst'])('damaged .jsonl%s', (suffix) => {
  const original = readFileSync(join(fixtureDir, `${fixtureName}${suffix}`));

  it.each(damage(original))('%s: lines, then the end or InputReadError, and the file closed', async (_what, bytes) => {
    const path = join(temp.path, `damaged-${++counter}.jsonl${suffix}`);
    await writeFile(path, bytes);
    const before = process.platform === 'linux' ? await countOpenFiles() : 0;
    let error: unknown;
    let lines = 0;
    try {
      for await (const line of readLines(path, { bufferSize: 256 })) {
        expect(line.line).toBeGreaterThan(0);
        lines++;
      }
    } catch (caught) {
      error = caught;
    }
    if (error !== undefined) {
      expect(error).toBeInstanceOf(InputReadError);
      expect((error as InputReadError).message).toMatch(/^cannot read .+: .+$/);
    }
    expect(lines).toBeGreaterThanOrEqual(0);
    if (process.platform === 'linux') expect(await countOpenFiles()).toBe(before);
  });
});

describe('a damaged compressed file among good ones', () => {
  it('is a read_error issue; the other files convert', async () => {
    const gz = readFileSync(join(fixtureDir, `${fixtureName}.gz`));
    const dir = join(temp.path, 'run');
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, 'rollout-cut.jsonl.gz'), gz.subarray(0, gz.length - 100));
    await writeFile(join(dir, 'rollout-garbage.jsonl.zst'), 'not zstd at all');
    // Another session: a copy of the damaged one's would be converted in its place (one record per session).
    const otherDir = fileURLToPath(new URL('../../fixtures/oracle/0.130.0/shell-ok/', import.meta.url));
    const other = readdirSync(otherDir).find((name) => name.startsWith('rollout-'))!;
    await writeFile(join(dir, 'rollout-good.jsonl'), readFileSync(join(otherDir, other)));
    const report = await convert({ inputs: [dir], format: 'jsonl', outDir: join(temp.path, 'out') });
    expect(report.duplicates).toEqual([]);
    expect(report.sessions).toBe(2);
    expect(report.failedFiles).toEqual([join(dir, 'rollout-garbage.jsonl.zst')]);
    expect(report.issues.byCode.read_error).toBe(2);
  });
});

describe('a gzip file whose trailer check fails', () => {
  /** The plain lines of the fixture, repeated to `copies`: once is under zlib's 64 KiB output chunk, 40 times well over. */
  const plain = readFileSync(join(fixtureDir, fixtureName));
  const expected = plain.toString('utf8').split('\n').filter((line) => line !== '').length;

  it.each([1, 40])('x%i: every line is read, then InputReadError', async (copies) => {
    const gz = gzipSync(Buffer.concat(Array.from({ length: copies }, () => plain)));
    // A changed CRC-32 in the trailer: the data itself is whole.
    gz[gz.length - 8] = gz[gz.length - 8]! ^ 0xff;
    const path = join(temp.path, `bad-crc-${copies}.jsonl.gz`);
    await writeFile(path, gz);
    let lines = 0;
    let error: unknown;
    try {
      for await (const line of readLines(path, { bufferSize: 4096 })) if (line.text !== '') lines++;
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(InputReadError);
    expect((error as InputReadError).message).toMatch(/incorrect data check/);
    expect(lines).toBe(expected * copies);
  });
});
