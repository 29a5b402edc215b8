import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
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

describe('AtomicFile with a reference (the file an incremental rebuild may find unchanged)', () => {
  const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
  /** Three megabytes of varied lines: more than the read block, so matches cross blocks. */
  const content = Buffer.from(Array.from({ length: 40_000 }, (_, i) => `{"line":${i},"text":"${'abcdefghij'.repeat((i % 13) + 1)}"}\n`).join(''));

  async function writeReference(bytes: Buffer): Promise<{ path: string; bytes: number; sha256: string }> {
    const file = await AtomicFile.create(dir.path, 'reference');
    await file.write(bytes);
    await file.finish();
    const referencePath = path.join(dir.path, 'previous.jsonl');
    await file.moveTo(referencePath);
    return { path: referencePath, bytes: bytes.byteLength, sha256: sha256(bytes) };
  }

  /** Writes `bytes` in pieces of the given sizes (cycling), against the reference. */
  async function writeAgainst(reference: { path: string; bytes: number; sha256: string }, bytes: Buffer, pieces: number[]) {
    let kept = 0;
    const file = await AtomicFile.create(dir.path, 'out.jsonl', { ...reference, kept: () => void (kept += 1) });
    for (let at = 0, i = 0; at < bytes.byteLength; i++) {
      const size = pieces[i % pieces.length]!;
      await file.write(bytes.subarray(at, at + size));
      at += size;
    }
    const finished = await file.finish();
    const finalPath = path.join(dir.path, 'out.jsonl');
    await file.moveTo(finalPath);
    return { finished, finalPath, kept };
  }

  it('puts the reference itself in place when every byte matches, with its hash', async () => {
    const reference = await writeReference(content);
    const { finished, finalPath, kept } = await writeAgainst(reference, content, [300, 70_000, 2_000_000, 1]);
    expect(finished).toEqual({ bytes: content.byteLength, sha256: reference.sha256 });
    expect(kept).toBe(1);
    expect(statSync(finalPath).ino).toBe(statSync(reference.path).ino);
    expect(readdirSync(dir.path).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });

  it.each([
    ['in the first piece', 10],
    ['past the first read block', 1_500_000],
    ['in the last byte', -1],
  ])('writes every byte and hashes them when they differ %s', async (_, at) => {
    const reference = await writeReference(content);
    const changed = Buffer.from(content);
    const position = at < 0 ? changed.byteLength + at : at;
    changed[position] = changed[position] === 0x41 ? 0x42 : 0x41;
    const { finished, finalPath, kept } = await writeAgainst(reference, changed, [4096, 123, 1_200_000]);
    expect(readFileSync(finalPath).equals(changed)).toBe(true);
    expect(finished).toEqual({ bytes: changed.byteLength, sha256: sha256(changed) });
    expect(kept).toBe(0);
    expect(statSync(finalPath).ino).not.toBe(statSync(reference.path).ino);
  });

  it('writes the file when it is a prefix of the reference, or runs past its end', async () => {
    const reference = await writeReference(content);
    for (const bytes of [content.subarray(0, 2_500_000), Buffer.concat([content, Buffer.from('{"more":1}\n')])]) {
      const { finished, finalPath, kept } = await writeAgainst(reference, bytes, [65_536]);
      expect(readFileSync(finalPath).equals(bytes)).toBe(true);
      expect(finished.sha256).toBe(sha256(bytes));
      expect(kept).toBe(0);
    }
  });

  it('reads the reference it opened even when the name is replaced meanwhile', async () => {
    const reference = await writeReference(content);
    const file = await AtomicFile.create(dir.path, 'out.jsonl', reference);
    await file.write(content.subarray(0, 2_000_000));
    rmSync(reference.path);
    writeFileSync(reference.path, 'something else');
    await file.write('x');
    await file.finish();
    await file.moveTo(path.join(dir.path, 'out.jsonl'));
    expect(readFileSync(path.join(dir.path, 'out.jsonl')).equals(Buffer.concat([content.subarray(0, 2_000_000), Buffer.from('x')]))).toBe(true);
  });

  it('fails in one line when the reference is cut short before the bytes part ways with it', async () => {
    const reference = await writeReference(content);
    const file = await AtomicFile.create(dir.path, 'out.jsonl', reference);
    await file.write(content.subarray(0, 2_000_000));
    truncateSync(reference.path, 100);
    await expect(file.write('x')).rejects.toThrow(/^\S+previous\.jsonl changed while the run read it; run again$/);
    await file.discard();
  });

  it('adopts a whole reference without reading it, and copies it first when more is written', async () => {
    const reference = await writeReference(content);
    const whole = await AtomicFile.adopt(dir.path, 'out.jsonl', reference);
    expect(whole!.bytes).toBe(content.byteLength);
    expect(await whole!.finish()).toEqual({ bytes: content.byteLength, sha256: reference.sha256 });
    await whole!.moveTo(path.join(dir.path, 'whole.jsonl'));
    expect(statSync(path.join(dir.path, 'whole.jsonl')).ino).toBe(statSync(reference.path).ino);

    const grown = await AtomicFile.adopt(dir.path, 'out.jsonl', reference);
    await grown!.write('{"one more":true}\n');
    const expected = Buffer.concat([content, Buffer.from('{"one more":true}\n')]);
    expect(await grown!.finish()).toEqual({ bytes: expected.byteLength, sha256: sha256(expected) });
    await grown!.moveTo(path.join(dir.path, 'grown.jsonl'));
    expect(readFileSync(path.join(dir.path, 'grown.jsonl')).equals(expected)).toBe(true);

    expect(await AtomicFile.adopt(dir.path, 'out.jsonl', { ...reference, path: path.join(dir.path, 'missing') })).toBeNull();
  });
});
