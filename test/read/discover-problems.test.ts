/**
 * Discovery never refuses the other inputs and never skips silently: every path it cannot
 * read, or passes over on purpose, becomes an issue record (issue 13).
 */
import { execFileSync } from 'node:child_process';
import { chmod, mkdir, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { discoverInputs } from '../../src/read/discover.js';
import { readLines } from '../../src/read/lines.js';
import { listDirectory, type ListDirectory } from '../../src/read/walk-rollouts.js';
import { createTempDir } from './temp-dir.js';

let temp: { path: string; remove: () => Promise<void> };
let root: string;

async function put(path: string | Buffer, content = '{"a":1}\n'): Promise<void> {
  const full = typeof path === 'string' ? join(root, path) : Buffer.concat([Buffer.from(`${root}/`), path]);
  await writeFile(full, content);
}

async function dir(path: string | Buffer): Promise<void> {
  const full = typeof path === 'string' ? join(root, path) : Buffer.concat([Buffer.from(`${root}/`), path]);
  await mkdir(full, { recursive: true });
}

beforeAll(async () => {
  temp = await createTempDir('discover-problems');
  root = temp.path;
  await dir('good');
  await put('good/rollout-1.jsonl');
});
afterAll(async () => {
  await temp.remove();
});

describe('names that are not UTF-8', () => {
  beforeAll(async () => {
    await dir('latin1');
    await put('latin1/rollout-a.jsonl');
    // "café" in Latin-1: 0xE9 alone is not UTF-8
    await put(Buffer.from('latin1/rollout-caf\xe9.jsonl', 'latin1'), '{"cafe":1}\n');
    await put(Buffer.from('latin1/notes-\xff.txt', 'latin1'));
    await dir(Buffer.from('latin1/day-\xff', 'latin1'));
    await put(Buffer.from('latin1/day-\xff/rollout-b.jsonl', 'latin1'), '{"b":1}\n');
  });

  it('are found, shown with \\xHH escapes, and opened by their bytes', async () => {
    const result = await discoverInputs(['latin1', 'good'], { cwd: root });
    expect(result.files.map((file) => file.path)).toEqual([
      'good/rollout-1.jsonl',
      'latin1/day-\\xff/rollout-b.jsonl',
      'latin1/rollout-a.jsonl',
      'latin1/rollout-caf\\xe9.jsonl',
    ]);
    expect(result.unmatched).toEqual([]);
    expect(result.skipped).toEqual([]);
    expect(result.issues).toEqual([
      { file: 'latin1/day-\\xff/rollout-b.jsonl', line: null, code: 'invalid_file_name', message: expect.stringContaining('not valid UTF-8') },
      { file: 'latin1/rollout-caf\\xe9.jsonl', line: null, code: 'invalid_file_name', message: expect.stringContaining('not valid UTF-8') },
    ]);
    const cafe = result.files[3]!;
    expect(Buffer.from(cafe.rawPath!).toString('latin1')).toBe(`${root}/latin1/rollout-caf\xe9.jsonl`);
    const lines = [];
    for await (const line of readLines(cafe)) lines.push(line.text);
    expect(lines).toEqual(['{"cafe":1}']);
    const nested = [];
    for await (const line of readLines(result.files[1]!)) nested.push(line.text);
    expect(nested).toEqual(['{"b":1}']);
  });

  it('give the same answer on every run and for every input order', async () => {
    const first = await discoverInputs(['latin1', 'good'], { cwd: root });
    const second = await discoverInputs(['good', 'latin1'], { cwd: root });
    expect(second).toEqual(first);
  });

  it('reached through a glob are reported, not lost silently', async () => {
    const result = await discoverInputs(['latin1/*/rollout-*.jsonl', 'good'], { cwd: root });
    expect(result.files.map((file) => file.path)).toEqual(['good/rollout-1.jsonl']);
    expect(result.issues.map((issue) => [issue.file, issue.code])).toEqual([
      ['latin1/*/rollout-*.jsonl', 'unmatched_input'],
      ['latin1/day-\uFFFD', 'read_error'],
    ]);
    expect(result.issues[1]?.message).toMatch(/not valid UTF-8.*pass its parent directory/);
    // A bad name no longer hides its neighbours from a glob either.
    const files = await discoverInputs(['latin1/rollout-*.jsonl'], { cwd: root });
    expect(files.files.map((file) => file.path)).toEqual(['latin1/rollout-a.jsonl']);
    expect(files.issues).toEqual([
      { file: 'latin1/rollout-caf\uFFFD.jsonl', line: null, code: 'read_error', message: 'the name is not valid UTF-8 and a glob cannot reach it; pass its directory instead' },
    ]);
  });
});

describe('inputs that cannot be searched', () => {
  it('a missing input among several becomes an issue; the others are still found', async () => {
    const result = await discoverInputs(['missing.jsonl', 'good', 'nothing/**/*.zst'], { cwd: root });
    expect(result.files.map((file) => file.path)).toEqual(['good/rollout-1.jsonl']);
    expect(result.unmatched).toEqual(['missing.jsonl', 'nothing/**/*.zst']);
    expect(result.skipped).toEqual(['missing.jsonl', 'nothing/**/*.zst']);
    expect(result.issues).toEqual([
      { file: 'missing.jsonl', line: null, code: 'unmatched_input', message: 'no such file or directory' },
      { file: 'nothing/**/*.zst', line: null, code: 'unmatched_input', message: 'the glob pattern matched no file' },
    ]);
  });

  it('a symbolic link cycle named as an input becomes an issue; the others are still found', async () => {
    await symlink('loop-b', join(root, 'loop-a'));
    await symlink('loop-a', join(root, 'loop-b'));
    const result = await discoverInputs(['loop-a', 'good'], { cwd: root });
    expect(result.files.map((file) => file.path)).toEqual(['good/rollout-1.jsonl']);
    expect(result.issues).toEqual([
      { file: 'loop-a', line: null, code: 'read_error', message: 'cannot examine the input: too many levels of symbolic links (a link cycle?) (ELOOP)' },
    ]);
    expect(result.skipped).toEqual(['loop-a']);
  });

  it('an input path longer than the system allows becomes an issue', async () => {
    const long = `${'x'.repeat(200)}/`.repeat(25);
    const result = await discoverInputs([long, 'good'], { cwd: root });
    expect(result.files).toHaveLength(1);
    expect(result.issues).toEqual([{ file: long, line: null, code: 'read_error', message: expect.stringContaining('(ENAMETOOLONG)') }]);
  });
});

describe('paths inside a directory search', () => {
  /** Fails the listing of directories whose path ends with `suffix`, as permissions would for another user. */
  function failListing(suffix: string, code: string): ListDirectory {
    return (path, bytes) => {
      if (path.toString().endsWith(suffix)) return Promise.reject(Object.assign(new Error(`${code}: listing refused`), { code }));
      return listDirectory(path, bytes);
    };
  }

  beforeAll(async () => {
    await dir('tree/2025/01/01');
    await dir('tree/2025/01/02');
    await put('tree/2025/01/01/rollout-x.jsonl');
    await put('tree/2025/01/02/rollout-y.jsonl');
  });

  it('a directory that cannot be listed becomes an issue naming it; the rest is still found', async () => {
    const result = await discoverInputs(['tree'], { cwd: root, listDirectory: failListing('/01/02', 'EACCES') });
    expect(result.files.map((file) => file.path)).toEqual(['tree/2025/01/01/rollout-x.jsonl']);
    expect(result.issues).toEqual([
      { file: 'tree/2025/01/02', line: null, code: 'read_error', message: 'cannot list the directory: permission denied (EACCES)' },
    ]);
    expect(result.skipped).toEqual(['tree/2025/01/02']);
  });

  it('so does a directory of the CODEX_HOME search, whose missing stores stay silent', async () => {
    await dir('home/sessions/2025');
    await put('home/sessions/rollout-top.jsonl');
    const result = await discoverInputs([], { codexHome: join(root, 'home'), listDirectory: failListing('/2025', 'EIO') });
    expect(result.files.map((file) => file.path)).toEqual([join(root, 'home/sessions/rollout-top.jsonl')]);
    expect(result.issues).toEqual([
      { file: join(root, 'home/sessions/2025'), line: null, code: 'read_error', message: 'cannot list the directory: input/output error (EIO)' },
    ]);
  });

  it('a directory input that cannot be listed at all is reported once, not also as unmatched', async () => {
    const result = await discoverInputs(['tree', 'good'], { cwd: root, listDirectory: failListing('/tree', 'EACCES') });
    expect(result.files.map((file) => file.path)).toEqual(['good/rollout-1.jsonl']);
    expect(result.unmatched).toEqual(['tree']);
    expect(result.issues.map((issue) => [issue.file, issue.code])).toEqual([['tree', 'read_error']]);
  });

  it.skipIf(process.getuid?.() === 0)('a directory without read permission becomes an issue (not as root)', async () => {
    await dir('locked/inner');
    await put('locked/inner/rollout-z.jsonl');
    await chmod(join(root, 'locked/inner'), 0);
    try {
      const result = await discoverInputs(['locked', 'good'], { cwd: root });
      expect(result.issues).toContainEqual(expect.objectContaining({ file: 'locked/inner', code: 'read_error', message: expect.stringContaining('EACCES') }));
    } finally {
      await chmod(join(root, 'locked/inner'), 0o755);
    }
  });

  it('a FIFO named like a rollout is skipped with an issue, without waiting for a writer', async () => {
    await dir('fifos');
    await put('fifos/rollout-real.jsonl');
    execFileSync('mkfifo', [join(root, 'fifos/rollout-pipe.jsonl'), join(root, 'fifos/other-pipe')]);
    const result = await discoverInputs(['fifos'], { cwd: root });
    expect(result.files.map((file) => file.path)).toEqual(['fifos/rollout-real.jsonl']);
    expect(result.issues).toEqual([{ file: 'fifos/rollout-pipe.jsonl', line: null, code: 'skipped_path', message: expect.stringMatching(/^a FIFO \(named pipe\), not a regular file/) }]);
    expect(result.skipped).toEqual(['fifos/rollout-pipe.jsonl']);
    const globbed = await discoverInputs(['fifos/*.jsonl'], { cwd: root });
    expect(globbed.issues.map((issue) => [issue.file, issue.code])).toEqual([['fifos/rollout-pipe.jsonl', 'skipped_path']]);
    // Named on its own, a FIFO is an input like any other (`<(zstdcat x.zst)`).
    const named = await discoverInputs(['fifos/rollout-pipe.jsonl'], { cwd: root });
    expect(named.files).toMatchObject([{ path: 'fifos/rollout-pipe.jsonl', size: 0 }]);
    expect(named.issues).toEqual([]);
  });

  it('links to nothing and links to directories are reported; a link cycle cannot loop', async () => {
    await dir('links/real');
    await dir('elsewhere');
    await put('links/real/rollout-r.jsonl');
    await put('elsewhere/rollout-e.jsonl');
    await symlink('..', join(root, 'links/real/loop'));
    await symlink('real', join(root, 'links/rollout-dir.jsonl'));
    await symlink('../elsewhere', join(root, 'links/out'));
    await symlink('gone.jsonl', join(root, 'links/rollout-dangling.jsonl'));
    await symlink('gone', join(root, 'links/dangling-dir'));
    const result = await discoverInputs(['links'], { cwd: root });
    expect(result.files.map((file) => file.path)).toEqual(['links/real/rollout-r.jsonl']);
    const inside = 'a symbolic link to a directory inside this search, not followed: its files are found by their own path';
    const outside = 'a symbolic link to a directory, not followed (a link cycle would never end); pass the directory itself to search it';
    expect(result.issues.map((issue) => [issue.file, issue.code, issue.message])).toEqual([
      ['links/out', 'skipped_path', outside],
      ['links/real/loop', 'skipped_path', inside],
      ['links/rollout-dangling.jsonl', 'read_error', 'no such file: a symbolic link to nothing, or removed during the search'],
      ['links/rollout-dir.jsonl', 'skipped_path', inside],
    ]);
    // Only what may hide sessions counts as not read.
    expect(result.skipped).toEqual(['links/out', 'links/rollout-dangling.jsonl']);
  });

  it('a directory deeper than the system path limit becomes an issue naming it', async () => {
    // Created step by step with relative paths: no single call sees the whole path.
    await dir('deep');
    await put('deep/rollout-shallow.jsonl');
    const script = `const fs = require('fs'); for (let i = 0; i < 20; i++) { fs.mkdirSync('${'d'.repeat(250)}'); process.chdir('${'d'.repeat(250)}'); } fs.writeFileSync('rollout-deep.jsonl', '{}\\n');`;
    execFileSync(process.execPath, ['-e', script], { cwd: join(root, 'deep') });
    try {
      const result = await discoverInputs(['deep'], { cwd: root });
      expect(result.files.map((file) => file.path)).toEqual(['deep/rollout-shallow.jsonl']);
      expect(result.issues).toHaveLength(1);
      expect(result.issues[0]).toMatchObject({ code: 'read_error', message: 'cannot list the directory: the path is too long for the system (over 4,096 bytes, or a name over 255) (ENAMETOOLONG)' });
      expect(Buffer.byteLength(join(root, result.issues[0]!.file))).toBeGreaterThanOrEqual(4096);
      // A glob meets the same limit, and says so too.
      const globbed = await discoverInputs(['deep/**/rollout-*.jsonl'], { cwd: root });
      expect(globbed.files.map((file) => file.path)).toEqual(['deep/rollout-shallow.jsonl']);
      expect(globbed.issues).toEqual([{ ...result.issues[0], message: expect.stringContaining('(ENAMETOOLONG)') }]);
    } finally {
      // fs.rm cannot remove a tree deeper than the path limit; rm -r can.
      execFileSync('rm', ['-rf', 'deep'], { cwd: root });
    }
  });
});
