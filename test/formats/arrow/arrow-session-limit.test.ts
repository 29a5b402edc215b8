import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { convert, ConvertUsageError } from '../../../src/convert/convert.js';

const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const INPUT = 'fixtures/oracle/0.130.0/multi-shell';

let out: string;
beforeAll(async () => {
  out = await mkdtemp(path.join(tmpdir(), 'rk-arrow-limit-'));
});
afterAll(async () => {
  await rm(out, { recursive: true, force: true });
});

describe('Arrow session size limit', () => {
  it('refuses inputs over the limit before writing anything, naming the limit and the flag', async () => {
    const run = convert({ inputs: [INPUT], format: 'arrow', outDir: path.join(out, 'refused'), discover: { cwd: REPO_ROOT }, arrowMaxSessionBytes: 1000 });
    await expect(run).rejects.toBeInstanceOf(ConvertUsageError);
    await expect(run).rejects.toThrow(/larger than the 0\.0 MB limit: .*rollout-.*\.jsonl .*--arrow-max-session .*--format jsonl/);
  });

  it('converts inputs within the limit, and other formats whatever the size', async () => {
    const arrow = await convert({ inputs: [INPUT], format: 'arrow', outDir: path.join(out, 'arrow'), discover: { cwd: REPO_ROOT }, arrowMaxSessionBytes: 10_000_000 });
    expect(arrow.sessions).toBe(1);
    const jsonl = await convert({ inputs: [INPUT], format: 'jsonl', outDir: path.join(out, 'jsonl'), discover: { cwd: REPO_ROOT }, arrowMaxSessionBytes: 1000 });
    expect(jsonl.sessions).toBe(1);
  });
});
