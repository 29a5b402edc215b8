/**
 * readTextLines splits JSONL where JSONL splits, at `\n` only: a record whose string holds
 * U+2028 or U+2029 (JSON.stringify leaves both unescaped) stays one line. node:readline,
 * which the dataset readers used, splits there too from Node 24 on: validate called every
 * such record invalid JSON.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readTextLines } from '../../src/read/text-lines.js';
import { createTempDir } from './temp-dir.js';

let temp: { path: string; remove: () => Promise<void> };
beforeAll(async () => {
  temp = await createTempDir('text-lines');
});
afterAll(async () => {
  await temp.remove();
});

async function linesOf(content: string): Promise<string[]> {
  const path = join(temp.path, 'file.jsonl');
  await writeFile(path, content);
  const lines: string[] = [];
  for await (const line of readTextLines(path)) lines.push(line);
  return lines;
}

describe('readTextLines', () => {
  it('keeps U+2028 and U+2029 inside the line that holds them', async () => {
    const records = [{ text: 'one\u2028two' }, { text: '\u2029' }, { text: 'plain' }];
    const lines = await linesOf(records.map((record) => `${JSON.stringify(record)}\n`).join(''));
    expect(lines.map((line) => JSON.parse(line) as unknown)).toEqual(records);
  });

  it('drops the BOM and the \\r of \\r\\n, keeps blank lines and a last line without newline', async () => {
    expect(await linesOf('\uFEFF{"a":1}\r\n\n  \n{"b":2}')).toEqual(['{"a":1}', '', '  ', '{"b":2}']);
  });

  it('throws when the file cannot be read', async () => {
    await expect(linesOf('').then(() => readTextLines(join(temp.path, 'missing.jsonl')).next())).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
