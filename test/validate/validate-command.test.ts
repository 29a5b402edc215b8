import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { runCommand } from 'citty';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CliIo } from '../../src/cli/io.js';
import { validateCommand } from '../../src/cli/validate-command.js';
import { writeDataset } from './datasets.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'rk-validate-cli-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function collect(stream: PassThrough): () => string {
  const chunks: Buffer[] = [];
  stream.on('data', (c: Buffer) => chunks.push(c));
  return () => Buffer.concat(chunks).toString('utf8');
}

async function run(rawArgs: string[]): Promise<{ code: unknown; stdout: string; stderr: string }> {
  const [stdout, stderr] = [new PassThrough(), new PassThrough()];
  const [out, err] = [collect(stdout), collect(stderr)];
  const io: CliIo = { stdout, stderr, isTTY: false, env: {}, cwd: process.cwd() };
  const { result } = await runCommand(validateCommand, { rawArgs, data: { io } });
  return { code: result, stdout: out(), stderr: err() };
}

describe('rollout-kit validate', () => {
  it('exits 0 with a one-line summary for a valid output directory', async () => {
    await writeDataset(dir, 'arrow-file');
    const { code, stdout } = await run([dir]);
    expect(code).toBe(0);
    expect(stdout).toBe('valid: 4 files, 4 records\n');
  });

  it('exits 1, prints every located violation, then the summary', async () => {
    await writeDataset(dir, 'jsonl');
    const file = path.join(dir, 'trajectories.jsonl');
    const text = await readFile(file, 'utf8');
    await writeFile(file, text.replace('"success":true', '"success":"true"'));
    const { code, stdout } = await run([dir]);
    expect(code).toBe(1);
    const lines = stdout.trim().split('\n');
    expect(lines[0]).toMatch(new RegExp(`^${file}: is \\d+ bytes, manifest.json says \\d+`));
    expect(lines).toContain(`${file}:1: $.success must be boolean`);
    expect(lines.at(-1)).toBe('invalid: 3 violations in 1 file (checked 3 files, 4 records)');
  });

  it('prints only the summary with --quiet', async () => {
    const file = path.join(dir, 'x.json');
    await writeFile(file, '{}');
    const { code, stdout } = await run(['--quiet', file]);
    expect(code).toBe(1);
    expect(stdout.trim().split('\n')).toHaveLength(1);
  });

  it('exits 1 with one line when the paths hold no output file (an empty directory, or only other files)', async () => {
    expect(await run([dir])).toEqual({ code: 1, stdout: '', stderr: `error: nothing to validate: no output file in ${dir}\n` });
    await writeFile(path.join(dir, 'notes.txt'), 'not a dataset');
    expect(await run(['--quiet', dir])).toEqual({ code: 1, stdout: '', stderr: `error: nothing to validate: no output file in ${dir}\n` });
  });

  it('is a usage error without paths, with an unknown schema or flag', async () => {
    await expect(run([])).rejects.toThrow(/give the files or directories to validate/);
    await expect(run(['--schema', 'nope', dir])).rejects.toThrow(/unknown schema "nope"/);
    await expect(run(['--strict', dir])).rejects.toThrow(/unknown option --strict/);
  });
});
