import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { copyFileRange, readTrailingLineLengths } from '../../src/write/reference-file.js';

const dir = mkdtempSync(path.join(tmpdir(), 'rk-reference-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, text: string): string {
  const at = path.join(dir, name);
  writeFileSync(at, text);
  return at;
}

describe('the last records of a file of the last dataset', () => {
  const lines = ['{"a":1}\n', '{"b":"two"}\n', `{"c":"${'x'.repeat(3 << 20)}"}\n`, '{}\n'];
  const text = lines.join('');
  const bytes = Buffer.byteLength(text);

  it('are found by their lines, each with its newline, across read blocks', () => {
    const at = file('four.jsonl', text);
    expect(readTrailingLineLengths(at, 1, bytes)).toEqual({ start: lines[0]!.length, lengths: lines.slice(1).map((line) => line.length) });
    expect(readTrailingLineLengths(at, 3, bytes)).toEqual({ start: bytes - 3, lengths: [3] });
  });

  it('are not found in a file that does not hold what its manifest says', () => {
    const at = file('short.jsonl', text);
    expect(readTrailingLineLengths(at, 4, bytes)).toBeNull();
    expect(readTrailingLineLengths(at, 1, bytes - 1)).toBeNull();
    expect(readTrailingLineLengths(at, 1, bytes + 1)).toBeNull();
    expect(readTrailingLineLengths(file('open-end.jsonl', text.slice(0, -1)), 1, bytes - 1)).toBeNull();
    expect(readTrailingLineLengths(path.join(dir, 'missing.jsonl'), 1, bytes)).toBeNull();
  });

  it('are copied as they are', async () => {
    const at = file('copy.jsonl', text);
    const chunks: Buffer[] = [];
    expect(await copyFileRange(at, lines[0]!.length, bytes, async (chunk) => void chunks.push(Buffer.from(chunk)))).toBe(true);
    expect(Buffer.concat(chunks).toString()).toBe(lines.slice(1).join(''));
    expect(await copyFileRange(at, 0, bytes + 10, async () => undefined)).toBe(false);
  });
});
