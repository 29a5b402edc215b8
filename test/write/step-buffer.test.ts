/**
 * StepBuffer writes steps' text into blocks it fills one after another and keeps long
 * byte pieces (raw tool outputs) as they are: whatever the mix, draining must give back
 * exactly the bytes appended, in order, and the byte counts must match.
 */
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MemoryBudget, StepBuffer } from '../../src/write/step-buffer.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'rk-step-buffer-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function drainAll(buffer: StepBuffer): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of buffer.drain()) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks);
}

/** Text of `length` UTF-16 units mixing 1-, 2-, 3- and 4-byte UTF-8 characters. */
function mixedText(length: number, seed: number): string {
  const alphabet = ['a', 'é', 'ש', '✓', '😀', '\n', '"'];
  let text = '';
  while (text.length < length) text += alphabet[(text.length * 7 + seed) % alphabet.length];
  return text;
}

describe('StepBuffer', () => {
  it('gives back strings and byte pieces in order across block boundaries', async () => {
    const buffer = new StepBuffer(dir);
    const expected: Buffer[] = [];
    // Sizes around the 64 KiB block and the 16 KiB own-chunk threshold, so pieces land
    // at the end of blocks, span into new ones, and multi-byte characters meet the edges.
    const sizes = [1, 100, 16 * 1024 - 1, 16 * 1024, 30_000, 64 * 1024 - 3, 64 * 1024, 200_000, 7];
    let steps = 0;
    for (const [i, size] of sizes.entries()) {
      const text = mixedText(size, i);
      const bytes = Buffer.from(mixedText(size, i + 1), 'utf8');
      buffer.appendPieces([text, bytes, ','], 1);
      expected.push(Buffer.from(text, 'utf8'), bytes, Buffer.from(','));
      steps++;
      if (i % 3 === 2) {
        const encoded = Buffer.from(`[encoded ${i}]`);
        buffer.appendEncoded(encoded, 2);
        expected.push(encoded);
        steps += 2;
      }
    }
    const all = Buffer.concat(expected);
    expect(buffer.length).toBe(steps);
    expect(buffer.byteLength).toBe(all.length);
    expect((await drainAll(buffer)).equals(all)).toBe(true);
  });

  it('counts only the bytes written against the memory budget, and spills them in order', async () => {
    const budget = new MemoryBudget(100_000);
    const buffer = new StepBuffer(dir, 1_000_000, budget);
    const first = 'x'.repeat(60_000);
    expect(buffer.appendPieces([first], 1)).toBeUndefined();
    expect(budget.used).toBe(60_000);
    const second = Buffer.from('y'.repeat(50_000));
    const spilled = buffer.appendPieces(['[', second, ']'], 1);
    expect(spilled).toBeInstanceOf(Promise);
    await spilled;
    expect(budget.used).toBe(0);
    buffer.appendPieces(['tail'], 1);
    expect(budget.used).toBe(4);
    expect((await drainAll(buffer)).toString()).toBe(`${first}[${'y'.repeat(50_000)}]tail`);
    expect(budget.used).toBe(0);
    expect(await readdir(dir)).toEqual([]);
  });
});
