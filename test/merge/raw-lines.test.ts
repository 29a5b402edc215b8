/** Records and issues are copied line by line as raw bytes: long lines across reads, and a cut last line, come out whole. */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { readRawLines } from '../../src/convert/raw-lines.js';
import { createTempDir } from '../read/temp-dir.js';

let dir: { path: string; remove: () => Promise<void> };
beforeAll(async () => (dir = await createTempDir('raw-lines')));
afterAll(() => dir.remove());

async function linesOf(bytes: Buffer): Promise<Buffer[]> {
  const file = path.join(dir.path, `f-${Math.random().toString(36).slice(2)}`);
  writeFileSync(file, bytes);
  const lines: Buffer[] = [];
  for await (const line of readRawLines(file)) lines.push(Buffer.from(line));
  return lines;
}

it('gives every line with its newline, lines of several reads included', async () => {
  const long = `{"text":"${'é'.repeat(1_500_000)}"}\n`;
  const lines = ['{"a":1}\n', long, '\n', long, '{"b":2}\n'];
  expect((await linesOf(Buffer.from(lines.join('')))).map((line) => line.toString('utf8'))).toEqual(lines);
});

it('gives a last line without its newline as it is, and nothing for an empty file', async () => {
  expect((await linesOf(Buffer.from('{"a":1}\n{"b":'))).map(String)).toEqual(['{"a":1}\n', '{"b":']);
  expect(await linesOf(Buffer.alloc(0))).toEqual([]);
});
