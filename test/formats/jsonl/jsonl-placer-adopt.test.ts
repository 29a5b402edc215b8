/**
 * The JSONL placer taking records of an old shard (an `--incremental` rebuild): its last
 * records go on the shard being written only where placing them would put them; where
 * one of them would start a new shard now, the placer declines and writes nothing, so
 * the run replays those sessions instead.
 */
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createJsonlPlacer } from '../../../src/formats/jsonl/jsonl-sink.js';
import type { ReferenceFile } from '../../../src/write/reference-file.js';
import { createTempDir } from '../../read/temp-dir.js';

const LINE = `${'x'.repeat(99)}\n`;

let remove: (() => Promise<void>) | undefined;
afterEach(async () => remove?.());

async function oldShard(lines: number): Promise<{ dir: string; reference: ReferenceFile; text: string }> {
  const temp = await createTempDir('jsonl-adopt');
  remove = temp.remove;
  const text = LINE.repeat(lines);
  const file = path.join(temp.path, 'old.jsonl');
  writeFileSync(file, text);
  return { dir: temp.path, reference: { path: file, bytes: text.length, sha256: createHash('sha256').update(text).digest('hex') }, text };
}

describe('the JSONL placer taking an old shard\'s last records', () => {
  it('appends them where they fit: the shard comes out as the old file', async () => {
    const { dir, reference, text } = await oldShard(4);
    const placer = createJsonlPlacer(dir, { maxBytes: 1_000_000 });
    expect(await placer.adopt!({ reference, from: 0, rows: 2, fileRows: 4, sessions: [] })).toBe(true);
    expect(await placer.adopt!({ reference, from: 2, rows: 2, fileRows: 4, sessions: [] })).toBe(true);
    const [file] = await placer.finish();
    expect(file).toMatchObject({ rows: 4, bytes: text.length, sha256: reference.sha256 });
    expect(readFileSync(path.join(dir, file!.path), 'utf8')).toBe(text);
  });

  it('declines them when the first would start a new shard, and takes nothing', async () => {
    const { dir, reference } = await oldShard(4);
    // Two 100-byte records fill 200 of 250 bytes: a third would pass the limit.
    const placer = createJsonlPlacer(dir, { maxBytes: 250 });
    expect(await placer.adopt!({ reference, from: 0, rows: 2, fileRows: 4, sessions: [] })).toBe(true);
    expect(await placer.adopt!({ reference, from: 2, rows: 2, fileRows: 4, sessions: [] })).toBe(false);
    const files = await placer.finish();
    expect(files.map((file) => file.rows)).toEqual([2]);
  });

  it('declines them when the file holds another count of records than the plan says', async () => {
    const { dir, reference } = await oldShard(4);
    const placer = createJsonlPlacer(dir, { maxBytes: 1_000_000 });
    expect(await placer.adopt!({ reference, from: 0, rows: 1, fileRows: 4, sessions: [] })).toBe(true);
    expect(await placer.adopt!({ reference, from: 1, rows: 2, fileRows: 4, sessions: [] })).toBe(false);
  });
});
