/**
 * One smoke test of the built binary, as a user runs it: `node dist/bundle/cli.js
 * convert fixtures/samples`. Everything else about the CLI is tested in-process. dist/
 * is built here when it is missing (it is not part of the repository).
 */
import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { trajectoryRecordSchema } from '../../src/trajectory/rl-schema.js';
import { createTempDir } from '../read/temp-dir.js';
import { REPO_ROOT } from '../trajectory/convert-records.js';
import { CLI, ensureBuiltCli } from './built-cli.js';

const run = promisify(execFile);

let out: { path: string; remove: () => Promise<void> };

beforeAll(async () => {
  await ensureBuiltCli();
  out = await createTempDir('smoke');
}, 180_000);

afterAll(async () => {
  await out.remove();
});

describe('the built binary', () => {
  it('node dist/bundle/cli.js convert fixtures/samples writes the records and exits 0', async () => {
    const { stdout, stderr } = await run(process.execPath, [CLI, 'convert', 'fixtures/samples', '--out', out.path, '--format', 'jsonl'], { cwd: REPO_ROOT });
    expect(stderr).toBe('');
    expect(stdout).toMatch(/^converted 5 sessions from 5 files .* to jsonl in /);
    const shards = readdirSync(out.path).filter((name) => name.endsWith('.jsonl') && name !== 'issues.jsonl');
    const records = shards.flatMap((name) =>
      readFileSync(path.join(out.path, name), 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((line) => trajectoryRecordSchema.parse(JSON.parse(line))),
    );
    expect(records).toHaveLength(5);
    expect(readdirSync(out.path)).toContain('manifest.json');
  });

  it('sets the process exit code: 2 and a one-line message for a usage error', async () => {
    const failure = await run(process.execPath, [CLI, 'convert', 'fixtures/samples', '--bogus'], { cwd: REPO_ROOT }).then(
      () => null,
      (error: { code: number; stdout: string; stderr: string }) => error,
    );
    expect(failure?.code).toBe(2);
    expect(failure?.stderr).toMatch(/^error: unknown option --bogus; run `rollout-kit convert --help` for the options\n$/);
  });

  it('says in one line, exit code 1, that an installation missing a file cannot start', async () => {
    // The bundle without the package.json it reads its version from, its dependencies still found.
    const install = path.join(out.path, 'broken-install');
    mkdirSync(install);
    cpSync(path.dirname(CLI), path.join(install, 'dist/bundle'), { recursive: true });
    symlinkSync(path.join(REPO_ROOT, 'node_modules'), path.join(install, 'node_modules'));
    const failure = await run(process.execPath, [path.join(install, 'dist/bundle/cli.js'), '--version'], { cwd: REPO_ROOT, env: { ...process.env, ROLLOUT_KIT_DEBUG: '' } }).then(
      () => null,
      (error: { code: number; stderr: string }) => error,
    );
    expect(failure?.code).toBe(1);
    expect(failure?.stderr).toMatch(/^error: rollout-kit could not start \(Error: ENOENT[^\n]*package\.json[^\n]*\); reinstall it\n$/);
  });

  it('prints nothing but its own lines with many workers (--jobs 12), to files or to stdout', async () => {
    // Each worker thread pipes its stdio into the process's, one 'error' listener apiece: from
    // 11 workers on, Node warned of a listener leak on stderr at every run (by default on a 12-core machine).
    const files = await run(process.execPath, [CLI, 'convert', 'fixtures/samples', '--out', path.join(out.path, 'many-jobs'), '--jobs', '12', '--quiet'], { cwd: REPO_ROOT });
    expect(files.stderr).toBe('');
    const streamed = await run(process.execPath, [CLI, 'convert', 'fixtures/samples', '--stdout', '--jobs', '12', '--quiet'], { cwd: REPO_ROOT });
    expect(streamed.stderr).toBe('');
    expect(streamed.stdout.split('\n').filter(Boolean)).toHaveLength(5);
  });

  it('prints plain help through a pipe, at most 80 columns wide, whatever the environment says', async () => {
    // citty decided on colour from TEST/CI at load time and padded lines to 170 columns.
    const env = { ...process.env, TEST: '', CI: '', FORCE_COLOR: '1' };
    for (const argv of [['--help'], ['convert', '--help']]) {
      const { stdout } = await run(process.execPath, [CLI, ...argv], { cwd: REPO_ROOT, env });
      expect(stdout).not.toContain('\u001b');
      expect(Math.max(...stdout.split('\n').map((line) => line.length))).toBeLessThanOrEqual(80);
    }
  });

  it.runIf(existsSync('/usr/bin/script'))('colours help on a terminal unless NO_COLOR is set', async () => {
    // script(1) gives the command a pseudo-terminal.
    const onTerminal = (env: Record<string, string>) =>
      run('/usr/bin/script', ['-qec', `"${process.execPath}" "${CLI}" convert --help`, '/dev/null'], { cwd: REPO_ROOT, env: { ...process.env, TEST: '', CI: '', NO_COLOR: '', ...env } });
    expect((await onTerminal({})).stdout).toContain('\u001b[36m');
    expect((await onTerminal({ NO_COLOR: 'yes' })).stdout).not.toContain('\u001b');
  });
});
