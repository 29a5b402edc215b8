/**
 * `--incremental` after the oldest sessions grew (issue 15): shards end where the records
 * say (write/shards.ts), so the first shard's sessions growing does not move the later
 * shards' boundaries, and the rebuild takes every later shard whole from the last dataset.
 * With shards cut greedily by size, the first shard's last session was pushed into the
 * second, and every later shard was replayed and written again.
 */
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { convert, type ConvertOptions, type RunReport } from '../../src/convert/convert.js';
import { cacheDirFor } from '../../src/convert/conversion-cache.js';
import { REPO_ROOT } from '../trajectory/convert-records.js';
import { damageStepsFrames } from './damage-cache.js';

let work: string;

beforeAll(() => {
  work = mkdtempSync(path.join(tmpdir(), 'rk-shard-cuts-'));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

/**
 * Where shards end depends on the records' lengths; anonymized, `source_path` is relative to
 * the input root, so the lengths (and this test's shards) do not depend on where the temp dir is.
 */
async function run(inputs: string, outDir: string, options: Partial<ConvertOptions>): Promise<RunReport> {
  const anonymize = { homeDir: '/home/shard-tester', userName: 'shard-tester' };
  return convert({ inputs: [inputs], outDir, format: 'jsonl', anonymize, ...options }, () => undefined);
}

/** Every file under `dir`, by relative path, with its bytes. */
function readTree(dir: string): Map<string, Buffer> {
  const names = readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((name) => statSync(path.join(dir, name)).isFile());
  return new Map(names.sort().map((name) => [name, readFileSync(path.join(dir, name))]));
}

function rolloutsUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((name) => /rollout-.*\.jsonl$/.test(name))
    .map((name) => path.join(dir, name))
    .sort();
}

describe('--incremental after the oldest session grew, shards cut by size', () => {
  it('replays only that session, and takes the rest of its shard and every later shard from the last dataset', async () => {
    const root = path.join(work, 'oldest');
    const inputs = path.join(root, 'inputs');
    cpSync(path.join(REPO_ROOT, 'fixtures/oracle'), inputs, { recursive: true });
    const oldest = rolloutsUnder(inputs)[0]!;
    const whole = readFileSync(oldest, 'utf8');
    writeFileSync(oldest, `${whole.split('\n').slice(0, 4).join('\n')}\n`);
    const total = (await run(inputs, path.join(root, 'probe'), {})).outputs.find((file) => file.kind === 'records')!.bytes;
    // Seven shards. Cut greedily, the first shard had less room left than the oldest session grows by.
    const options = { format: 'jsonl' as const, shardBytes: Math.floor(total / 4) };
    const out = path.join(root, 'out');
    const first = await run(inputs, out, { ...options, incremental: true });
    const shards = first.outputs.filter((file) => file.kind === 'records');
    expect(shards.length).toBeGreaterThanOrEqual(4);
    const inodes = shards.map((shard) => statSync(path.join(out, shard.path)).ino);

    // The oldest session goes on (it was cut short while being written: now whole), and every
    // other session's cache entry has its steps damaged: none of them may be replayed. The
    // first shard's other records are copied from the old file after the grown one.
    const state = JSON.parse(readFileSync(path.join(cacheDirFor(out), 'state.json'), 'utf8')) as { inputs: { path: string; entry: string; placed: boolean }[] };
    expect(state.inputs.find((input) => input.placed)!.path).toBe(oldest);
    writeFileSync(oldest, whole);
    const grown = state.inputs[0]!.entry;
    damageStepsFrames(out, (entry) => entry !== grown);
    const second = await run(inputs, out, { ...options, incremental: true });
    expect(second.incremental).toEqual({ reused: first.inputs.files - 1, converted: 1, dropped: 0, keptOutputs: shards.length - 1 });
    const now = second.outputs.filter((file) => file.kind === 'records');
    expect(now.map((file) => file.path)).toEqual(shards.map((file) => file.path));
    expect(now[0]!.bytes).toBeGreaterThan(shards[0]!.bytes);
    for (const [i, shard] of now.entries()) {
      if (i > 0) expect(statSync(path.join(out, shard.path)).ino, shard.path).toBe(inodes[i]);
    }

    const clean = await run(inputs, path.join(root, 'clean'), options);
    expect(readTree(out)).toEqual(readTree(path.join(root, 'clean')));
    expect(second.sessions).toBe(clean.sessions);
  });
});
