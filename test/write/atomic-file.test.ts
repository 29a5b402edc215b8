import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AtomicFile } from '../../src/write/atomic-file.js';
import { createTempDir } from '../read/temp-dir.js';

let dir: { path: string; remove: () => Promise<void> };
beforeEach(async () => {
  dir = await createTempDir('atomic');
});
afterEach(async () => {
  await dir.remove();
});

describe('AtomicFile', () => {
  it('writes small and large chunks in order, hashed and counted, visible only after moveTo', async () => {
    const file = await AtomicFile.create(dir.path, 'out.jsonl');
    const reused = Buffer.alloc(100_000);
    const expected: Buffer[] = [];
    // Small chunks from one buffer the caller overwrites as soon as each write resolves,
    // strings, and chunks larger than the write buffer.
    for (let i = 0; i < 40; i++) {
      reused.fill(65 + (i % 26));
      await file.write(reused);
      expected.push(Buffer.from(reused));
      const text = `line ${i} é\n`;
      await file.write(text);
      expected.push(Buffer.from(text));
      if (i % 10 === 0) {
        const big = Buffer.alloc(1_500_000, 48 + i / 10);
        await file.write(big);
        expected.push(big);
      }
    }
    const finalPath = path.join(dir.path, 'out.jsonl');
    const finished = await file.finish();
    expect(existsSync(finalPath)).toBe(false);
    await file.moveTo(finalPath);
    const bytes = readFileSync(finalPath);
    const all = Buffer.concat(expected);
    expect(bytes.equals(all)).toBe(true);
    expect(finished).toEqual({ bytes: all.length, sha256: createHash('sha256').update(all).digest('hex') });
  });

  it('refuses writes once discarded, and leaves no temp file', async () => {
    const file = await AtomicFile.create(dir.path, 'out.jsonl');
    await file.write(Buffer.alloc(2_000_000, 1));
    await file.discard();
    expect(existsSync(file.tempPath)).toBe(false);
    await expect(file.write(Buffer.alloc(1_500_000, 2))).rejects.toThrow(/already closed/);
  });
});
