/**
 * Errors of the output side (issue 13), in-process: a full disk, a read-only file
 * system, a name taken by a file. Each is one line on stderr naming the path and what
 * to do, exit code 1, and leaves the previous dataset in the directory untouched and
 * no temp file behind. The file system failures are injected into node:fs (tests run
 * as root, for whom nothing is read-only).
 */
import { createHash } from 'node:crypto';
import type * as fs from 'node:fs';
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { describeInternalError } from '../../src/cli/main.js';
import { tempDirsRemovedAfterEach } from '../read/temp-dir.js';
import { runCliCollecting } from './cli-io.js';

type Fault = { writeSync?: number | undefined; mkdirSync?: string | undefined };
/** Which fs call fails: the writeSync call number (1-based, counting from when it is set), or mkdirSync of a path. */
const fault = vi.hoisted(() => ({ writes: 0, set: {} as Fault }));

vi.mock('node:fs', async (importOriginal) => {
  const actual = await importOriginal<typeof fs>();
  const systemError = (code: string, errno: number, text: string, syscall: string, file?: string) =>
    Object.assign(new Error(`${code}: ${text}, ${syscall}${file ? ` '${file}'` : ''}`), { code, errno, syscall, ...(file ? { path: file } : {}) });
  const writeSync = ((...args: Parameters<typeof actual.writeSync>) => {
    if (fault.set.writeSync !== undefined && ++fault.writes >= fault.set.writeSync) throw systemError('ENOSPC', -28, 'no space left on device', 'write');
    return actual.writeSync(...args);
  }) as typeof actual.writeSync;
  const mkdirSync = ((dir: string, options?: unknown) => {
    if (fault.set.mkdirSync !== undefined && path.resolve(dir) === path.resolve(fault.set.mkdirSync)) {
      throw systemError('EROFS', -30, 'read-only file system', 'mkdir', dir);
    }
    return actual.mkdirSync(dir, options as never);
  }) as typeof actual.mkdirSync;
  return { ...actual, writeSync, mkdirSync, default: { ...actual, writeSync, mkdirSync } };
});

const SAMPLES = 'fixtures/samples';

const tempDir = tempDirsRemovedAfterEach('output-errors');
afterEach(() => {
  fault.set = {};
  fault.writes = 0;
});

/** Every file in `dir` with the sha256 of its bytes. */
function snapshot(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const name of readdirSync(dir, { recursive: true, encoding: 'utf8' }).sort()) {
    const full = path.join(dir, name);
    if (statSync(full).isFile()) files[name] = createHash('sha256').update(readFileSync(full)).digest('hex');
  }
  return files;
}

function expectOneLineError(stderr: string, message: RegExp): void {
  expect(stderr.split('\n')).toEqual([expect.stringMatching(message), '']);
  expect(stderr).not.toMatch(/\n\s+at /);
}

describe('an output that cannot be written', () => {
  it.each(['jsonl', 'json', 'arrow', 'thread-events'])('--format %s: a full disk mid-run is one line, exit 1, and the previous dataset stays intact', async (format) => {
    const out = await tempDir();
    expect((await runCliCollecting(['convert', SAMPLES, '--out', out, '--format', format, '--quiet'])).code).toBe(0);
    const before = snapshot(out);
    // The disk fills at the first, second, ... write of the run: records, issues, manifest.
    for (let failAt = 1; ; failAt++) {
      fault.writes = 0;
      fault.set = { writeSync: failAt };
      const run = await runCliCollecting(['convert', SAMPLES, 'fixtures/oracle/0.47.0', '--out', out, '--format', format]);
      fault.set = {};
      if (fault.writes < failAt) {
        // Every write of the run came before the failing one: it succeeded.
        expect(run.code, `write ${failAt}`).toBe(0);
        expect(failAt).toBeGreaterThan(2);
        break;
      }
      expect(run.code, `write ${failAt}`).toBe(1);
      expectOneLineError(run.stderr, new RegExp(`^error: could not write the output in ${out} \\(ENOSPC: no space left on device\\); free some space or choose another --out directory$`));
      expect(snapshot(out), `write ${failAt}`).toEqual(before);
    }
  });

  it('a read-only file system: the output directory cannot be created', async () => {
    const out = path.join(await tempDir(), 'data');
    fault.set = { mkdirSync: out };
    const run = await runCliCollecting(['convert', SAMPLES, '--out', out]);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expectOneLineError(run.stderr, /^error: cannot create the output directory .+\/data \(EROFS: read-only file system\); choose a writable --out directory$/);
  });

  it('--out names a file, or a directory under a file: one line, exit 1, the file untouched', async () => {
    const dir = await tempDir();
    const file = path.join(dir, 'taken');
    writeFileSync(file, 'mine');
    for (const out of [file, path.join(file, 'sub', 'dir')]) {
      for (const format of ['jsonl', 'json', 'arrow', 'thread-events']) {
        const run = await runCliCollecting(['convert', SAMPLES, '--out', out, '--format', format]);
        expect(run.code).toBe(1);
        const what = out === file ? 'it exists and is not a directory' : `${file} is not a directory`;
        expectOneLineError(run.stderr, new RegExp(`^error: cannot write the output in ${out}: ${what}; choose another --out directory$`));
      }
    }
    expect(readFileSync(file, 'utf8')).toBe('mine');
    expect(readdirSync(dir)).toEqual(['taken']);
  });

  it('--out under /proc (mkdir fails with ENOENT there, which made a recursive mkdir loop forever)', async () => {
    const run = await runCliCollecting(['convert', SAMPLES, '--out', '/proc/rollout-kit-test/out']);
    expect(run.code).toBe(1);
    expectOneLineError(run.stderr, /^error: cannot create the output directory \/proc\/rollout-kit-test\/out \(ENOENT: no such file or directory\); choose a writable --out directory$/);
  });

  it('schema --out on a file: one line, exit 1', async () => {
    const file = path.join(await tempDir(), 'taken');
    writeFileSync(file, '');
    const run = await runCliCollecting(['schema', '--out', file]);
    expect(run.code).toBe(1);
    expectOneLineError(run.stderr, /^error: cannot write the output in .+\/taken: it exists and is not a directory; choose another --out directory$/);
  });

  it('a directory squatting on the manifest name: not a dataset of ours, refused in one line (exit 2), nothing placed and no temp file left', async () => {
    const out = await tempDir();
    mkdirSync(path.join(out, 'manifest.json'));
    const run = await runCliCollecting(['convert', SAMPLES, '--out', out, '--format', 'jsonl']);
    expect(run.code).toBe(2);
    expectOneLineError(run.stderr, /holds files that are not a rollout-kit dataset/);
    expect(readdirSync(out)).toEqual(['manifest.json']);
  });
});

describe('a bug', () => {
  it('is one line without a stack trace (exit code 1 in runCli), the stack only with ROLLOUT_KIT_DEBUG', () => {
    const error = new TypeError('x is not a function\nsecond line');
    const line = describeInternalError(error, {});
    expect(line).toBe('error: internal error (TypeError: x is not a function); please report it with the command that caused it (ROLLOUT_KIT_DEBUG=1 prints the details)');
    expect(describeInternalError(error, { ROLLOUT_KIT_DEBUG: '1' })).toMatch(/^internal error: TypeError: x is not a function\nsecond line\n\s+at /);
  });
});
