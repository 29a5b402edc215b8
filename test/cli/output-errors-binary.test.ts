/**
 * Errors of stdout itself, with the built binary in a real shell pipeline (issue 13):
 * a reader that quits (`| head`) ends the run quietly with exit 0, as `head` users
 * expect; a full disk behind `>` (Linux /dev/full) is one line and exit 1. Never a
 * stack trace, never an exit code other than 0, 1 or 2.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../trajectory/convert-records.js';
import { CLI, ensureBuiltCli } from './built-cli.js';

const exec = promisify(execFile);
/** Enough output (some 3 MB) to fill any pipe buffer before the run ends. */
const INPUTS = 'fixtures/oracle';

/**
 * Runs `script` in bash, the CLI as `$CLI`, a fresh directory as `$TMP` (removed after):
 * the CLI's exit code and its stderr (which the script sends to `$TMP/err`).
 */
async function shell(script: string): Promise<{ code: number; stderr: string }> {
  const wrapped = `TMP=$(mktemp -d); ${script}; code=\${PIPESTATUS[0]}; cat "$TMP/err" >&2; rm -rf "$TMP"; echo "exit=$code"`;
  const { stdout, stderr } = await exec('bash', ['-c', wrapped], {
    cwd: REPO_ROOT,
    env: { ...process.env, CLI },
    timeout: 60_000,
    maxBuffer: 64 * 1024 * 1024,
  });
  const code = /exit=(\d+)\n$/.exec(stdout)?.[1];
  return { code: Number(code), stderr };
}

const hasDevFull = existsSync('/dev/full');

beforeAll(async () => {
  await ensureBuiltCli();
}, 180_000);

describe('stdout that goes away or fills up', () => {
  it.each([
    ['--stdout, jsonl, worker threads', '--stdout --jobs 2'],
    ['--stdout, jsonl, one thread', '--stdout --jobs 1'],
    ['--stdout, thread-events', '--stdout --format thread-events'],
  ])('%s | head -1: exit 0, nothing on stderr', async (_what, flags) => {
    const run = await shell(`node "$CLI" convert ${INPUTS} ${flags} 2>"$TMP/err" | head -1 >/dev/null`);
    expect(run).toEqual({ code: 0, stderr: '' });
  });

  it('the summary into a closed pipe: exit 0, nothing on stderr', async () => {
    const run = await shell(`node "$CLI" convert fixtures/samples --out "$TMP/out" 2>"$TMP/err" | true`);
    expect(run).toEqual({ code: 0, stderr: '' });
  });

  it.skipIf(!hasDevFull).each([
    ['jsonl', '--stdout'],
    ['thread-events', '--stdout --format thread-events'],
  ])('--stdout %s > /dev/full: one line, exit 1', async (_what, flags) => {
    const run = await shell(`node "$CLI" convert ${INPUTS} ${flags} > /dev/full 2>"$TMP/err"`);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe('error: could not write the records to stdout (ENOSPC: no space left on device); write to a file system with free space, or use --out\n');
  });

  it.skipIf(!hasDevFull)('the summary > /dev/full: one line, exit 1', async () => {
    const run = await shell(`node "$CLI" convert fixtures/samples --out "$TMP/out" > /dev/full 2>"$TMP/err"`);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe('error: could not write to stdout (ENOSPC: no space left on device); check where the output goes\n');
  });

  it('--out under /proc: one line, exit 1 (a recursive mkdir there never returned)', async () => {
    const run = await shell(`node "$CLI" convert fixtures/samples --out /proc/rollout-kit-test/out 2>"$TMP/err"`);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^error: cannot create the output directory \/proc\/rollout-kit-test\/out \(ENOENT: no such file or directory\); choose a writable --out directory\n$/);
  });
});
