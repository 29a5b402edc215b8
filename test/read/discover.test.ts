import { copyFile, link, mkdir, readdir, symlink, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { discoverInputs, type DiscoveryResult } from '../../src/read/discover.js';
import { createTempDir } from './temp-dir.js';

const fixtures = fileURLToPath(new URL('../../fixtures/read/', import.meta.url));

let temp: { path: string; remove: () => Promise<void> };
let root: string;

async function put(path: string, content = '{}\n'): Promise<void> {
  await mkdir(join(root, path, '..'), { recursive: true });
  await writeFile(join(root, path), content);
}

/**
 * A home directory shaped like a real Codex one:
 *   home/.codex/sessions/2025/01/02/  two rollouts, one also as .zst (plain wins), one only as .zst
 *   home/.codex/sessions/2025/01/03/  a .gz with a .zst sibling (.zst wins), a .gz alone
 *   home/.codex/archived_sessions/    flat, one rollout
 *   home/.codex/history.jsonl etc.   not rollouts
 */
beforeAll(async () => {
  temp = await createTempDir('discover');
  root = temp.path;
  const day = 'home/.codex/sessions/2025/01/02';
  await put(`${day}/rollout-2025-01-02T10-00-00-a.jsonl`, '{"a":1}\n');
  await put(`${day}/rollout-2025-01-02T10-00-00-a.jsonl.zst`, 'compressed');
  await put(`${day}/rollout-2025-01-02T11-00-00-b.jsonl.zst`, 'compressed b');
  await put(`${day}/notes.txt`);
  await put(`${day}/.hidden/rollout-2025-01-02T12-00-00-h.jsonl`);
  await put('home/.codex/sessions/2025/01/03/rollout-2025-01-03T09-00-00-c.jsonl.gz');
  await put('home/.codex/sessions/2025/01/03/rollout-2025-01-03T09-00-00-c.jsonl.zst');
  await put('home/.codex/sessions/2025/01/03/rollout-2025-01-03T10-00-00-d.jsonl.gz');
  await put('home/.codex/archived_sessions/rollout-2024-12-31T23-59-59-z.jsonl');
  await put('home/.codex/history.jsonl');
  await put('home/.codex/session_index.jsonl');
  await put('other/my session.log', '{"named":"explicitly"}\n');
  await put('other/run[1]/rollout-x.jsonl');
  await put('empty-dir/readme.md');
  await put('custom-home/sessions/rollout-2026-01-01T00-00-00-e.jsonl');
});
afterAll(async () => {
  await temp.remove();
});

function paths(result: DiscoveryResult): string[] {
  return result.files.map((file) => file.path);
}

describe('discoverInputs without inputs', () => {
  it('searches $CODEX_HOME/sessions and archived_sessions under ~/.codex by default', async () => {
    const result = await discoverInputs([], { homeDir: join(root, 'home'), env: {} });
    const codexHome = join(root, 'home/.codex');
    expect(result.searchedDefaults).toEqual([join(codexHome, 'sessions'), join(codexHome, 'archived_sessions')]);
    expect(result.unmatched).toEqual([]);
    expect(result.files.map((file) => relative(codexHome, file.path))).toEqual([
      'archived_sessions/rollout-2024-12-31T23-59-59-z.jsonl',
      'sessions/2025/01/02/rollout-2025-01-02T10-00-00-a.jsonl',
      'sessions/2025/01/02/rollout-2025-01-02T11-00-00-b.jsonl.zst',
      'sessions/2025/01/03/rollout-2025-01-03T09-00-00-c.jsonl.zst',
      'sessions/2025/01/03/rollout-2025-01-03T10-00-00-d.jsonl.gz',
    ]);
    expect(result.files.map((file) => file.compression)).toEqual(['none', 'none', 'zstd', 'zstd', 'gzip']);
    expect(result.files[1]).toMatchObject({ size: 8, absolutePath: result.files[1]?.path });
  });

  it('takes CODEX_HOME from the environment, and the codexHome option over both', async () => {
    const fromEnv = await discoverInputs([], { env: { CODEX_HOME: 'custom-home' }, cwd: root, homeDir: '/nonexistent' });
    expect(fromEnv.searchedDefaults[0]).toBe(join(root, 'custom-home/sessions'));
    expect(paths(fromEnv)).toEqual([join(root, 'custom-home/sessions/rollout-2026-01-01T00-00-00-e.jsonl')]);
    const fromOption = await discoverInputs([], { codexHome: join(root, 'home/.codex'), env: { CODEX_HOME: 'custom-home' }, cwd: root });
    expect(fromOption.files).toHaveLength(5);
    const missing = await discoverInputs([], { codexHome: join(root, 'nowhere') });
    expect(missing).toEqual({
      files: [],
      unmatched: [],
      searchedDefaults: [join(root, 'nowhere/sessions'), join(root, 'nowhere/archived_sessions')],
      issues: [],
      skipped: [],
    });
  });
});

describe('discoverInputs with inputs', () => {
  it('keeps relative inputs relative and absolute ones absolute', async () => {
    const result = await discoverInputs(['./home/.codex/archived_sessions', join(root, 'other/my session.log')], { cwd: root });
    expect(paths(result)).toEqual([
      join(root, 'other/my session.log'),
      'home/.codex/archived_sessions/rollout-2024-12-31T23-59-59-z.jsonl',
    ]);
    expect(result.files[1]?.absolutePath).toBe(join(root, 'home/.codex/archived_sessions/rollout-2024-12-31T23-59-59-z.jsonl'));
  });

  it('takes an explicitly named file whatever its name, and a glob-looking path literally', async () => {
    const result = await discoverInputs(['other/my session.log', 'home/.codex/history.jsonl', 'other/run[1]'], { cwd: root });
    expect(paths(result)).toEqual(['home/.codex/history.jsonl', 'other/my session.log', 'other/run[1]/rollout-x.jsonl']);
    expect(result.unmatched).toEqual([]);
  });

  it('expands glob patterns to every file they match', async () => {
    const result = await discoverInputs(['home/.codex/sessions/**/*.gz', 'other/*.log'], { cwd: root });
    expect(paths(result)).toEqual([
      'home/.codex/sessions/2025/01/03/rollout-2025-01-03T09-00-00-c.jsonl.gz',
      'home/.codex/sessions/2025/01/03/rollout-2025-01-03T10-00-00-d.jsonl.gz',
      'other/my session.log',
    ]);
  });

  it('reports inputs that match nothing, in the order given', async () => {
    const result = await discoverInputs(['missing.jsonl', 'home/.codex/archived_sessions', 'empty-dir', 'nothing/**/*.zst', ''], { cwd: root });
    expect(result.unmatched).toEqual(['missing.jsonl', 'empty-dir', 'nothing/**/*.zst', '']);
    expect(result.files).toHaveLength(1);
  });

  it('lists one entry per real file, whatever the names it was reached by', async () => {
    await put('dups/rollout-2025-02-02T00-00-00-x.jsonl');
    await link(join(root, 'dups/rollout-2025-02-02T00-00-00-x.jsonl'), join(root, 'dups/rollout-hardlink.jsonl'));
    await symlink('rollout-2025-02-02T00-00-00-x.jsonl', join(root, 'dups/rollout-symlink.jsonl'));
    const file = 'dups/rollout-2025-02-02T00-00-00-x.jsonl';
    const result = await discoverInputs([file, `./${file}`, join(root, file), 'dups', 'dups/*.jsonl'], { cwd: root });
    // of the names, the one first in code point order is kept: here the absolute one
    expect(paths(result)).toEqual([join(root, file)]);
    expect(result.unmatched).toEqual([]);
    const relativeOnly = await discoverInputs(['dups/rollout-symlink.jsonl', 'dups/rollout-hardlink.jsonl', file], { cwd: root });
    expect(paths(relativeOnly)).toEqual([file]);
  });

  it('follows symlinked files but not symlinked directories, so a link cycle cannot loop', async () => {
    await put('linked/real/rollout-2025-03-03T00-00-00-r.jsonl');
    await symlink('..', join(root, 'linked/real/loop'));
    await mkdir(join(root, 'outside'), { recursive: true });
    await copyFile(join(root, 'linked/real/rollout-2025-03-03T00-00-00-r.jsonl'), join(root, 'outside/rollout-2025-03-03T00-00-00-s.jsonl'));
    await symlink(join(root, 'outside/rollout-2025-03-03T00-00-00-s.jsonl'), join(root, 'linked/rollout-2025-03-03T00-00-00-s.jsonl'));
    const result = await discoverInputs(['linked'], { cwd: root });
    expect(paths(result)).toEqual([
      'linked/real/rollout-2025-03-03T00-00-00-r.jsonl',
      'linked/rollout-2025-03-03T00-00-00-s.jsonl',
    ]);
  });

  it('lets a plain sibling win over its compressed copies, but keeps a compressed file named on its own', async () => {
    const real = await discoverInputs([join(fixtures, '0.100.0-message')]);
    expect(real.files).toHaveLength(1);
    expect(real.files[0]?.compression).toBe('none');
    expect(real.files[0]?.path.endsWith('.jsonl')).toBe(true);
    const zst = (await readdir(join(fixtures, '0.100.0-message'))).find((name) => name.endsWith('.zst'));
    const alone = await discoverInputs([join(fixtures, '0.100.0-message', zst ?? '')]);
    expect(alone.files.map((file) => file.compression)).toEqual(['zstd']);
  });

  it('places stdin once, in sorted order, and never reports it unmatched', async () => {
    const result = await discoverInputs(['-', 'other/my session.log', '-', 'home/.codex/archived_sessions'], { cwd: root });
    expect(paths(result)).toEqual(['-', 'home/.codex/archived_sessions/rollout-2024-12-31T23-59-59-z.jsonl', 'other/my session.log']);
    expect(result.files[0]).toEqual({ path: '-', size: 0, compression: 'none' });
    expect(result.unmatched).toEqual([]);
  });

  it('sorts by code point and gives the same answer whatever the input order', async () => {
    await put('sorted/rollout-\uFF5E.jsonl');
    await put('sorted/rollout-😀.jsonl');
    await put('sorted/rollout-a.jsonl');
    await put('sorted/rollout-B.jsonl');
    const inputs = ['sorted', 'other/my session.log', 'home/.codex/archived_sessions'];
    const forward = await discoverInputs(inputs, { cwd: root });
    const backward = await discoverInputs([...inputs].reverse(), { cwd: root });
    expect(backward).toEqual(forward);
    expect(paths(forward).slice(-4)).toEqual([
      'sorted/rollout-B.jsonl',
      'sorted/rollout-a.jsonl',
      'sorted/rollout-\uFF5E.jsonl',
      'sorted/rollout-😀.jsonl',
    ]);
  });
});
