/**
 * Removing the dataset a switch set aside is cleanup, not part of the switch: a set-aside
 * dataset that cannot be removed (files of another user, in a directory this one may not
 * change) neither fails the run that switched nor the runs after it. It used to: the run
 * said "could not write the output" (exit 1) with its dataset already in place, and every
 * later run into that --out failed on the leftover.
 */
import { readdirSync } from 'node:fs';
import type * as FsPromises from 'node:fs/promises';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { convert } from '../../src/convert/convert.js';

const denied = vi.hoisted(() => ({ on: false }));
vi.mock('node:fs/promises', async (importOriginal) => {
  const real = await importOriginal<typeof FsPromises>();
  const guarded: typeof real.rm = async (target, options) => {
    if (denied.on && String(target).includes('.replaced-')) throw Object.assign(new Error(`EACCES: permission denied, rmdir '${String(target)}'`), { code: 'EACCES' });
    return real.rm(target, options);
  };
  return { ...real, rm: guarded, default: { ...real, rm: guarded } };
});

const SAMPLES = fileURLToPath(new URL('../../fixtures/samples', import.meta.url));
const ONE_SAMPLE = path.join(SAMPLES, readdirSync(SAMPLES).find((name) => name.endsWith('.jsonl'))!);

let parent: string;
beforeEach(async () => {
  parent = await mkdtemp(path.join(tmpdir(), 'rk-dataset-cleanup-'));
});
afterEach(async () => {
  denied.on = false;
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
