import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBaseline } from '../../bench/baseline.js';
import { generateCorpus } from '../../bench/generate.js';
import { listRolloutsBiggestFirst } from '../../bench/list-rollouts.js';
import { parseEveryLine } from '../../bench/parse-lines.js';

let workDir: string;

beforeAll(() => {
  workDir = mkdtempSync(join(tmpdir(), 'rk-baseline-test-'));
});

afterAll(() => {
  rmSync(workDir, { recursive: true, force: true });
});

describe('parseEveryLine', () => {
  it('parses lines longer than its read buffer, CRLF endings and an unterminated last line', async () => {
    const long = JSON.stringify({ type: 'response_item', payload: { output: 'é✓'.repeat(5000) } });
    const path = join(workDir, 'rollout-lines.jsonl');
    writeFileSync(path, `{"a":1}\r\n${long}\n\n${long}\n{"b":2}`);
    const stats = await parseEveryLine(path, Buffer.alloc(64));
    expect(stats.lines).toBe(4);
    expect(stats.bytes).toBe(Buffer.byteLength(`{"a":1}\r\n${long}\n\n${long}\n{"b":2}`));
  });

  it('throws on a line that is not JSON (the baseline is only meant for valid corpora)', async () => {
    const path = join(workDir, 'rollout-bad.jsonl');
    writeFileSync(path, '{"a":1}\n{"a":\n');
    await expect(parseEveryLine(path, Buffer.alloc(1024))).rejects.toThrow(SyntaxError);
  });
});

describe('runBaseline', () => {
  it('reads every byte and parses every line of a generated corpus', async () => {
    const corpus = generateCorpus({ mode: 'size', bytes: 2 * 1024 * 1024, seed: 5 }, join(workDir, 'corpus'));
    const result = await runBaseline(corpus.dir, 1);
    expect(result.files).toBe(corpus.manifest.files.length);
    expect(result.bytes).toBe(corpus.manifest.totalBytes);
    expect(result.lines).toBe(corpus.manifest.files.reduce((n, f) => n + f.lines, 0));
    expect(result.mbPerSec).toBeGreaterThan(0);
  });

  it('hands files out biggest first and ignores files that are not rollouts', () => {
    const dir = join(workDir, 'listing');
    mkdirSync(join(dir, 'sessions', '2025', '10', '02'), { recursive: true });
    writeFileSync(join(dir, 'sessions', 'rollout-small.jsonl'), '{}\n');
    writeFileSync(join(dir, 'sessions', '2025', '10', '02', 'rollout-big.jsonl'), '{}\n'.repeat(50));
    writeFileSync(join(dir, 'sessions', 'rollout-mid.jsonl'), '{}\n'.repeat(5));
    writeFileSync(join(dir, 'rollout-notes.json'), '{}\n');
    writeFileSync(join(dir, 'notes.jsonl'), '{}\n'.repeat(100));
    const files = listRolloutsBiggestFirst(dir);
    expect(files.map((f) => basename(f.path))).toEqual(['rollout-big.jsonl', 'rollout-mid.jsonl', 'rollout-small.jsonl']);
    expect(files.map((f) => f.bytes)).toEqual([150, 15, 3]);
  });
});
