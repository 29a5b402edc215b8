/**
 * A rollout Codex is still writing grows while it is read (issue 13). Every input is read
 * to its end of file as it is when the reader gets there: lines appended meanwhile are
 * read, and a line caught half written is the unterminated last line, which the decoder
 * reports as `truncated_line`.
 */
import { appendFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { convert } from '../../src/convert/convert.js';
import { readLines } from '../../src/read/lines.js';
import type { RawLine } from '../../src/read/raw-line.js';
import { createTempDir } from './temp-dir.js';

let temp: { path: string; remove: () => Promise<void> };
beforeAll(async () => {
  temp = await createTempDir('growing');
});
afterAll(async () => {
  await temp.remove();
});

/** Reads `path` in 16-byte chunks, appending `more` after the first chunk was read. */
async function readWhileAppending(path: string, more: string): Promise<RawLine[]> {
  const lines: RawLine[] = [];
  let appended = false;
  const onChunk = (): void => {
    if (appended) return;
    appended = true;
    appendFileSync(path, more);
  };
  for await (const line of readLines(path, { bufferSize: 16, onChunk })) lines.push(line);
  return lines;
}

describe('a file that grows while it is read', () => {
  it('is read to its end as found by the reader, appended lines included', async () => {
    const path = join(temp.path, 'rollout-growing.jsonl');
    await writeFile(path, '{"n":1}\n{"n":2}\n');
    const lines = await readWhileAppending(path, '{"n":3}\n{"n":4}\n');
    expect(lines).toEqual([1, 2, 3, 4].map((n) => ({ text: `{"n":${n}}`, line: n, terminated: true })));
  });

  it('ends with an unterminated last line when a line was caught half written', async () => {
    const path = join(temp.path, 'rollout-half-written.jsonl');
    await writeFile(path, '{"n":1}\n{"n":2}\n');
    const lines = await readWhileAppending(path, '{"n":3}\n{"n":');
    expect(lines.at(-1)).toEqual({ text: '{"n":', line: 4, terminated: false });
  });

  it('whose last line is half written converts, with a truncated_line issue at that line', async () => {
    const source = join(temp.path, 'rollout-2026-01-01T00-00-00-00000000-0000-7000-8000-000000000001.jsonl');
    const meta = { timestamp: '2026-01-01T00:00:00.000Z', type: 'session_meta', payload: { id: '00000000-0000-7000-8000-000000000001', timestamp: '2026-01-01T00:00:00.000Z', cwd: '/w', originator: 'codex_cli_rs', cli_version: '0.47.0' } };
    const message = { timestamp: '2026-01-01T00:00:01.000Z', type: 'response_item', payload: { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'hi' }] } };
    await writeFile(source, `${JSON.stringify(meta)}\n${JSON.stringify(message)}\n${JSON.stringify(message).slice(0, 40)}`);
    const report = await convert({ inputs: [source], format: 'jsonl', outDir: join(temp.path, 'out') });
    expect(report.sessions).toBe(1);
    expect(report.issues.byCode).toEqual({ truncated_line: 1 });
  });
});
