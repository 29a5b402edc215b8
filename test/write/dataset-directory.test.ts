/**
 * The output directory changes as a whole: a run stages its dataset beside --out and
 * switches it in; stale files of an earlier run never survive, and what a killed run left
 * behind is put right by the next run.
 */
import { lstatSync, mkdirSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { convert, ConvertUsageError } from '../../src/convert/convert.js';
import { validatePaths } from '../../src/validate/validate-paths.js';

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SAMPLES = path.join(REPO_ROOT, 'fixtures/samples');
const ONE_SAMPLE = path.join(SAMPLES, readdirSync(SAMPLES).find((name) => name.endsWith('.jsonl'))!);

let parent: string;
beforeEach(async () => {
  parent = await mkdtemp(path.join(tmpdir(), 'rk-dataset-'));
});
afterEach(async () => {
  await rm(parent, { recursive: true, force: true });
});

describe('the dataset directory', () => {
  it('replaces an earlier json dataset whole: no stale session file, and validate accepts it', async () => {
    const out = path.join(parent, 'out');
    await convert({ inputs: [SAMPLES], format: 'json', outDir: out });
    expect(readdirSync(out).filter((name) => name.endsWith('.json') && name !== 'manifest.json')).toHaveLength(5);
    await convert({ inputs: [ONE_SAMPLE], format: 'json', outDir: out });
    expect(readdirSync(out).filter((name) => name.endsWith('.json') && name !== 'manifest.json')).toHaveLength(1);
    expect((await validatePaths([out])).valid).toBe(true);
    expect(readdirSync(parent)).toEqual(['out']);
  });

  it('puts back a dataset a killed run had set aside, and removes staging leftovers', async () => {
    const out = path.join(parent, 'out');
    await convert({ inputs: [SAMPLES], format: 'jsonl', outDir: out });
    const before = await readFile(path.join(out, 'manifest.json'), 'utf8');
    // A run killed between its two renames: the old dataset aside, a staging directory, no out.
    const { renameSync } = await import('node:fs');
    renameSync(out, path.join(parent, '.out.replaced-0a1b2c'));
    mkdirSync(path.join(parent, '.out.staging-3d4e5f'));
    writeFileSync(path.join(parent, '.out.staging-3d4e5f', 'trajectories.jsonl'), '{"partial":');
    await expect(convert({ inputs: [path.join(parent, 'missing.jsonl')], format: 'jsonl', outDir: out })).rejects.toBeInstanceOf(ConvertUsageError);
    // Nothing found: the run stopped before touching the output, which the next run repairs.
    await convert({ inputs: [SAMPLES], format: 'jsonl', outDir: out });
    expect(readdirSync(parent)).toEqual(['out']);
    expect(await readFile(path.join(out, 'manifest.json'), 'utf8')).toBe(before);
  });

  it('replaces the dataset a symbolic link --out points to, and keeps the link', async () => {
    // The link itself was renamed away: the new dataset became a directory in its place and
    // the dataset it pointed to stayed as it was.
    const real = path.join(parent, 'disk', 'dataset');
    await convert({ inputs: [SAMPLES], format: 'jsonl', outDir: real });
    const link = path.join(parent, 'out');
    symlinkSync(real, link);
    await convert({ inputs: [ONE_SAMPLE], format: 'jsonl', outDir: link });
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    const manifest = JSON.parse(await readFile(path.join(real, 'manifest.json'), 'utf8')) as { totals: { sessions: number } };
    expect(manifest.totals.sessions).toBe(1);
    expect(readdirSync(parent).sort()).toEqual(['disk', 'out']);
    expect(readdirSync(path.join(parent, 'disk'))).toEqual(['dataset']);
  });

  it('refuses a directory that holds something else, and leaves it as it was', async () => {
    const foreign = path.join(parent, 'photos');
    mkdirSync(foreign);
    writeFileSync(path.join(foreign, 'cat.jpg'), 'meow');
    await expect(convert({ inputs: [SAMPLES], format: 'jsonl', outDir: foreign })).rejects.toThrow(/not a rollout-kit dataset/);
    expect(readdirSync(foreign)).toEqual(['cat.jpg']);

    const out = path.join(parent, 'out');
    await convert({ inputs: [SAMPLES], format: 'jsonl', outDir: out });
    writeFileSync(path.join(out, 'notes.txt'), 'mine');
    await expect(convert({ inputs: [SAMPLES], format: 'jsonl', outDir: out })).rejects.toThrow(/holds notes\.txt, which its manifest\.json does not list/);
    expect(readdirSync(out)).toContain('notes.txt');
    expect(readdirSync(parent).sort()).toEqual(['out', 'photos']);
  });

  it('refuses a file as --out', async () => {
    const file = path.join(parent, 'file');
    writeFileSync(file, 'x');
    await expect(convert({ inputs: [SAMPLES], format: 'jsonl', outDir: file })).rejects.toThrow(/is not a directory/);
  });
});
