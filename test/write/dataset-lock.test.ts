/**
 * One run at a time writes a dataset: a run into an --out another live run is writing
 * stops with one line before touching anything; a lock a killed run left is taken over.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { convert } from '../../src/convert/convert.js';
import { lockDataset } from '../../src/write/dataset-lock.js';
import { tempDirsRemovedAfterEach } from '../read/temp-dir.js';

const SAMPLES = fileURLToPath(new URL('../../fixtures/samples', import.meta.url));
const tempDir = tempDirsRemovedAfterEach('dataset-lock');

/** The id of a process that has ended. */
function endedProcessId(): number {
  const child = spawnSync(process.execPath, ['-e', '']);
  return child.pid!;
}

describe('the dataset lock', () => {
  it('refuses a run while a live process holds the lock, and leaves the dataset as it was', async () => {
    const parent = await tempDir();
    const out = path.join(parent, 'out');
    await convert({ inputs: [SAMPLES], format: 'jsonl', outDir: out });
    const manifest = readFileSync(path.join(out, 'manifest.json'));
    // The test runner's parent process stands for another run still writing.
    writeFileSync(path.join(parent, '.out.lock'), String(process.ppid));
    await expect(convert({ inputs: [SAMPLES], format: 'jsonl', outDir: out })).rejects.toThrow(
      `another run (process ${process.ppid}) is writing --out ${out}; wait for it to end or choose another directory`,
    );
    expect(readFileSync(path.join(out, 'manifest.json'))).toEqual(manifest);
    expect(readdirSync(parent).sort()).toEqual(['.out.lock', 'out']);
  });

  it('takes over a lock whose process has ended, and leaves none after the run', async () => {
    const parent = await tempDir();
    const out = path.join(parent, 'out');
    const ended = endedProcessId();
    writeFileSync(path.join(parent, '.out.lock'), String(ended));
    // What a run killed while taking the lock leaves; another live run's is not touched.
    writeFileSync(path.join(parent, `.out.lock.${ended}.0a1b2c3d`), String(ended));
    writeFileSync(path.join(parent, `.out.lock.${process.ppid}.0a1b2c3d`), String(process.ppid));
    await convert({ inputs: [SAMPLES], format: 'jsonl', outDir: out });
    expect(readdirSync(parent).sort()).toEqual([`.out.lock.${process.ppid}.0a1b2c3d`, 'out']);
  });

  it('is released once: a second release does not remove a lock another run took since', async () => {
    const parent = await tempDir();
    const release = await lockDataset(parent, 'out', 'out');
    expect(readFileSync(path.join(parent, '.out.lock'), 'utf8')).toBe(String(process.pid));
    await release();
    writeFileSync(path.join(parent, '.out.lock'), String(process.ppid));
    await release();
    expect(existsSync(path.join(parent, '.out.lock'))).toBe(true);
  });
});
