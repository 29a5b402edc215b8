/**
 * Problems with the inputs themselves (issue 13): a missing input, a directory that cannot
 * be listed, a name that is not UTF-8, a FIFO. None refuses the other inputs and none is
 * skipped silently: each is an issue record on stderr and in issues.jsonl, and a path that
 * was not read makes the exit code 1. Only a run that found no file at all exits 2.
 */
import { execFileSync, spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { convert, ConvertUsageError } from '../../src/convert/convert.js';
import { inputIssueSchema } from '../../src/issues.js';
import { listDirectory, type ListDirectory } from '../../src/read/walk-rollouts.js';
import { tempDirsRemovedAfterEach } from '../read/temp-dir.js';
import { REPO_ROOT } from '../trajectory/convert-records.js';
import { runCliCollecting } from './cli-io.js';

const SAMPLES = 'fixtures/samples';
const SAMPLE_NAMES = readdirSync(path.join(REPO_ROOT, SAMPLES)).filter((name) => name.startsWith('rollout-') && name.endsWith('.jsonl'));
const FIRST_SAMPLE = path.join(REPO_ROOT, SAMPLES, SAMPLE_NAMES[0]!);

const tempDir = tempDirsRemovedAfterEach('input-problems');

function readIssues(out: string): unknown[] {
  return readFileSync(path.join(out, 'issues.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => inputIssueSchema.parse(JSON.parse(line)));
}

/** Makes the listing of directories whose path ends with `suffix` fail, as permissions would for another user. */
function refuseListing(suffix: string): ListDirectory {
  return (dir, bytes) =>
    dir.toString().endsWith(suffix) ? Promise.reject(Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES' })) : listDirectory(dir, bytes);
}

describe('convert with inputs that cannot all be read', () => {
  it('a missing input among others: the others convert, the missing one is an issue, exit 1', async () => {
    const out = await tempDir();
    const run = await runCliCollecting(['convert', SAMPLES, 'fixtures/no-such-file.jsonl', '--out', out]);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^converted 5 sessions from 5 files/);
    expect(run.stdout).toMatch(/ {2}issues: 1 unmatched_input\n/);
    expect(run.stdout).toMatch(/ {2}not converted: fixtures\/no-such-file\.jsonl\n$/);
    expect(run.stderr).toBe('warning: fixtures/no-such-file.jsonl: unmatched_input: no such file or directory\n');
    expect(readIssues(out)).toEqual([{ file: 'fixtures/no-such-file.jsonl', line: null, code: 'unmatched_input', message: 'no such file or directory' }]);
  });

  it('a directory that cannot be listed: an issue naming it, the rest converts, exit 1 (not "issues: none")', async () => {
    const home = await tempDir();
    for (const [index, day] of ['2026/11/20', '2026/11/21'].entries()) {
      mkdirSync(path.join(home, day), { recursive: true });
      copyFileSync(path.join(REPO_ROOT, SAMPLES, SAMPLE_NAMES[index]!), path.join(home, day, SAMPLE_NAMES[index]!));
    }
    const out = path.join(home, 'out');
    const report = await convert({ inputs: [home], format: 'jsonl', outDir: out, discover: { listDirectory: refuseListing('/11/21') } });
    expect(report.sessions).toBe(1);
    expect(report.failedFiles).toEqual([path.join(home, '2026/11/21')]);
    expect(report.issues.byCode).toEqual({ read_error: 1 });
    expect(readIssues(out)).toEqual([
      { file: path.join(home, '2026/11/21'), line: null, code: 'read_error', message: 'cannot list the directory: permission denied (EACCES)' },
    ]);
  });

  it('nothing found at all: a usage error that says why', async () => {
    const home = await tempDir();
    mkdirSync(path.join(home, 'sessions/2026'), { recursive: true });
    copyFileSync(FIRST_SAMPLE, path.join(home, 'sessions/2026', SAMPLE_NAMES[0]!));
    const run = convert({ inputs: [], format: 'jsonl', outDir: path.join(home, 'out'), discover: { codexHome: home, listDirectory: refuseListing('/2026') } });
    await expect(run).rejects.toThrow(ConvertUsageError);
    await expect(run).rejects.toThrow(
      `no rollout files found in ${home}/sessions or ${home}/archived_sessions (${home}/sessions/2026: read_error: cannot list the directory: permission denied (EACCES)); pass files, directories or globs to convert`,
    );
  });

  it('a directory deeper than the system path limit: an issue, exit 1', async () => {
    const home = await tempDir();
    copyFileSync(FIRST_SAMPLE, path.join(home, SAMPLE_NAMES[0]!));
    const name = 'd'.repeat(250);
    const script = `const fs = require('fs'); for (let i = 0; i < 20; i++) { fs.mkdirSync('${name}'); process.chdir('${name}'); }`;
    execFileSync(process.execPath, ['-e', script], { cwd: home });
    try {
      const out = path.join(home, 'out');
      const run = await runCliCollecting(['convert', home, '--out', out]);
      expect(run.code).toBe(1);
      expect(run.stdout).toMatch(/converted 1 session from 1 file/);
      expect(run.stdout).toMatch(/ {2}issues: 1 read_error\n/);
      expect(run.stderr).toMatch(/^warning: .*\/d{250}: read_error: cannot list the directory: the path is too long .*\(ENAMETOOLONG\)\n$/);
    } finally {
      execFileSync('rm', ['-rf', home]);
    }
  });

  it('a file name that is not UTF-8 converts, its source_path spelled with \\xHH; the same on every run', async () => {
    const home = await tempDir();
    const bad = Buffer.concat([Buffer.from(`${home}/`), Buffer.from('rollout-caf\xe9.jsonl', 'latin1')]);
    copyFileSync(FIRST_SAMPLE, bad);
    copyFileSync(path.join(REPO_ROOT, SAMPLES, SAMPLE_NAMES[1]!), path.join(home, SAMPLE_NAMES[1]!));
    const first = await runCliCollecting(['convert', home, '--stdout']);
    expect(first.code).toBe(0);
    const records = first.stdout
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as { source_path: string });
    expect(records.map((record) => record.source_path)).toEqual([path.join(home, SAMPLE_NAMES[1]!), `${home}/rollout-caf\\xe9.jsonl`]);
    expect(first.stderr.startsWith(`warning: ${home}/rollout-caf\\xe9.jsonl: invalid_file_name: the path is not valid UTF-8`)).toBe(true);
    expect(first.stderr).toMatch(/ {2}issues: 1 invalid_file_name\n$/);
    const second = await runCliCollecting(['convert', home, '--stdout']);
    expect(second.stdout).toBe(first.stdout);
  });

  it('a FIFO named on the command line is read like a file (`<(cat x.jsonl)`)', async () => {
    const home = await tempDir();
    const fifo = path.join(home, 'pipe');
    execFileSync('mkfifo', [fifo]);
    const writer = spawn('sh', ['-c', 'cat "$1" > "$2"', 'sh', FIRST_SAMPLE, fifo], { stdio: 'ignore' });
    const run = await runCliCollecting(['convert', fifo, '--stdout', '--quiet']);
    await new Promise((resolve) => writer.once('exit', resolve));
    expect(run.code).toBe(0);
    expect(run.stdout.split('\n').filter(Boolean)).toHaveLength(1);
  });
});
