/**
 * Removing the dataset a switch set aside is cleanup, not part of the switch: a set-aside
 * dataset that cannot be removed (files of another user, in a directory this one may not
 * change) neither fails the run that switched nor the runs after it. It used to: the run
 * said "could not write the output" (exit 1) with its dataset already in place, and every
 * later run into that --out failed on the leftover. With such a leftover beside it, a run
 * killed mid-switch is recovered with the dataset that was in place, the newest set aside.
 */
import { readdirSync } from 'node:fs';
import type * as Crypto from 'node:crypto';
import type * as FsPromises from 'node:fs/promises';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { convert } from '../../src/convert/convert.js';
import { openDatasetDirectory } from '../../src/write/dataset-directory.js';

const denied = vi.hoisted(() => ({ on: false, switchIn: false }));
vi.mock('node:fs/promises', async (importOriginal) => {
  const real = await importOriginal<typeof FsPromises>();
  const guarded: typeof real.rm = async (target, options) => {
    if (denied.on && String(target).includes('.replaced-')) throw Object.assign(new Error(`EACCES: permission denied, rmdir '${String(target)}'`), { code: 'EACCES' });
    return real.rm(target, options);
  };
  // The second rename of a switch (staging in place) failing stands for a run killed between the two.
  const renaming: typeof real.rename = async (from, to) => {
    if (denied.switchIn && /^\.[^/]*\.staging-[0-9a-f]+$/.test(path.basename(String(from)))) throw Object.assign(new Error('killed'), { code: 'EIO' });
    return real.rename(from, to);
  };
  return { ...real, rm: guarded, rename: renaming, default: { ...real, rm: guarded, rename: renaming } };
});
// Random parts that fall run after run: names made of them alone would sort newest first.
vi.mock('node:crypto', async (importOriginal) => {
  const real = await importOriginal<typeof Crypto>();
  let next = 0xffffffff;
  const falling = (size: number): Buffer => Buffer.from((next--).toString(16).padStart(size * 2, '0').slice(-size * 2), 'hex');
  return { ...real, randomBytes: falling, default: { ...real, randomBytes: falling } };
});

const SAMPLES = fileURLToPath(new URL('../../fixtures/samples', import.meta.url));
const ONE_SAMPLE = path.join(SAMPLES, readdirSync(SAMPLES).find((name) => name.endsWith('.jsonl'))!);

let parent: string;
beforeEach(async () => {
  parent = await mkdtemp(path.join(tmpdir(), 'rk-dataset-cleanup-'));
});
afterEach(async () => {
  denied.on = false;
  denied.switchIn = false;
  await rm(parent, { recursive: true, force: true });
});

const sessionsIn = async (out: string) => (JSON.parse(await readFile(path.join(out, 'manifest.json'), 'utf8')) as { totals: { sessions: number } }).totals.sessions;

it('a set-aside dataset that cannot be removed fails neither the switch nor the next runs', async () => {
  const out = path.join(parent, 'out');
  await convert({ inputs: [SAMPLES], format: 'jsonl', outDir: out });
  denied.on = true;
  await convert({ inputs: [ONE_SAMPLE], format: 'jsonl', outDir: out });
  expect(await sessionsIn(out)).toBe(1);
  await convert({ inputs: [SAMPLES], format: 'jsonl', outDir: out });
  expect(await sessionsIn(out)).toBe(5);
  // Once it can, a run removes what the others left.
  denied.on = false;
  await convert({ inputs: [ONE_SAMPLE], format: 'jsonl', outDir: out });
  expect(readdirSync(parent)).toEqual(['out']);
});

it('after a run killed mid-switch, the dataset that was in place comes back, not an older one left aside', async () => {
  const out = path.join(parent, 'out');
  await convert({ inputs: [SAMPLES], format: 'jsonl', outDir: out });
  denied.on = true;
  // The 5-session dataset is set aside and cannot be removed; the 1-session one is in place.
  await convert({ inputs: [ONE_SAMPLE], format: 'jsonl', outDir: out });
  denied.switchIn = true;
  await expect(convert({ inputs: [SAMPLES], format: 'jsonl', outDir: out })).rejects.toThrow();
  denied.switchIn = false;
  expect(readdirSync(parent).filter((name) => name.includes('.replaced-'))).toHaveLength(2);
  // The next run puts back what it finds before writing anything; it stops there.
  await (await openDatasetDirectory(out)).abort();
  expect(await sessionsIn(out)).toBe(1);
});
