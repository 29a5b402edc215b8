import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { convert, ConvertUsageError } from '../../src/convert/convert.js';
import { OUTPUT_FORMAT_NAMES, OUTPUT_FORMATS } from '../../src/formats/output-formats.js';

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const INPUT = 'fixtures/oracle/0.130.0/multi-shell';

let out: string;
beforeAll(async () => {
  out = await mkdtemp(path.join(tmpdir(), 'rk-session-limit-'));
});
afterAll(async () => {
  await rm(out, { recursive: true, force: true });
});

const HOLDING = OUTPUT_FORMAT_NAMES.filter((name) => OUTPUT_FORMATS[name].holdsSessions !== undefined);
const STREAMING = OUTPUT_FORMAT_NAMES.filter((name) => OUTPUT_FORMATS[name].holdsSessions === undefined);

describe('the session size limit', () => {
  it('is declared by the formats that hold a whole session in memory, and not by those that stream', () => {
    expect(HOLDING).toEqual(expect.arrayContaining(['arrow', 'parquet', 'atif', 'thread-events']));
    expect(STREAMING).toEqual(expect.arrayContaining(['json', 'jsonl']));
  });

  it.each(HOLDING.map((f) => [f]))('%s refuses inputs over the limit before writing anything, naming the limit, the flag and a streaming format', async (format) => {
    const outDir = path.join(out, `refused-${format}`);
    const run = convert({ inputs: [INPUT], format, outDir, discover: { cwd: REPO_ROOT }, maxSessionBytes: 1000 });
    await expect(run).rejects.toBeInstanceOf(ConvertUsageError);
    await expect(run).rejects.toThrow(/holds each session.* in memory.*larger than the 0\.0 MB limit: .*rollout-.*\.jsonl .*--max-session .*--format jsonl, which streams/);
    await expect(readdir(outDir)).rejects.toThrow(/ENOENT/);
  });

  it('says how much memory an Arrow or Parquet session needs, where that was measured', async () => {
    const run = convert({ inputs: [INPUT], format: 'parquet', outDir: path.join(out, 'refused-estimate'), discover: { cwd: REPO_ROOT }, maxSessionBytes: 1000 });
    await expect(run).rejects.toThrow(/about 1\.4x the rollout's size.*\(about 0\.\d MB of memory\)/);
  });

  it('reads the former --arrow-max-session option when --max-session is not given', async () => {
    const run = convert({ inputs: [INPUT], format: 'arrow', outDir: path.join(out, 'former'), discover: { cwd: REPO_ROOT }, arrowMaxSessionBytes: 1000 });
    await expect(run).rejects.toThrow(/--max-session/);
  });

  it('converts inputs within the limit, and streaming formats whatever the size', async () => {
    const arrow = await convert({ inputs: [INPUT], format: 'atif', outDir: path.join(out, 'atif'), discover: { cwd: REPO_ROOT }, maxSessionBytes: 10_000_000 });
    expect(arrow.sessions).toBe(1);
    const jsonl = await convert({ inputs: [INPUT], format: 'jsonl', outDir: path.join(out, 'jsonl'), discover: { cwd: REPO_ROOT }, maxSessionBytes: 1000 });
    expect(jsonl.sessions).toBe(1);
  });
});
