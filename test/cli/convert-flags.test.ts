/**
 * `convert`'s flags: a bad number or size names the flag and what it takes (citty alone
 * said "unknown option -5" for `--shard-rows -5`), and a flag that would do nothing with
 * the others given is refused (`--stdout -f arrow` used to write JSONL while the summary
 * said arrow). Every one is a usage error: exit 2, one line on stderr, nothing written.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDirsRemovedAfterEach } from '../read/temp-dir.js';
import { REPO_ROOT } from '../trajectory/convert-records.js';
import { runCliCollecting } from './cli-io.js';

const SAMPLES = 'fixtures/samples';
const COUNT = 'a whole number of at least 1';
const SIZE = 'a size such as 500000, 256MB or 1GiB';

const tempDir = tempDirsRemovedAfterEach('cli-flags');

async function expectUsageError(argv: string[], message: string): Promise<void> {
  const out = path.join(await tempDir(), 'out');
  const withOut = argv.includes('--stdout') ? argv : [...argv, '--out', out];
  const run = await runCliCollecting(['convert', SAMPLES, ...withOut]);
  expect(run.stderr).toBe(`error: ${message}\n`);
  expect(run.code).toBe(2);
  expect(run.stdout).toBe('');
  expect(existsSync(out)).toBe(false);
}

describe('bad numbers name the flag and what it takes', () => {
  it.each([
    [['--shard-rows', '-5'], `--shard-rows: expected ${COUNT}, got "-5"`],
    [['--shard-rows=-5'], `--shard-rows: expected ${COUNT}, got "-5"`],
    [['--shard-rows', '0'], `--shard-rows: expected ${COUNT}, got "0"`],
    [['--shard-rows', '2.5'], `--shard-rows: expected ${COUNT}, got "2.5"`],
    [['--shard-rows', 'NaN'], `--shard-rows: expected ${COUNT}, got "NaN"`],
    [['--shard-rows', '1e3'], `--shard-rows: expected ${COUNT}, got "1e3"`],
    [['--jobs', '0'], `--jobs: expected ${COUNT}, got "0"`],
    [['-j', '-1'], `--jobs: expected ${COUNT}, got "-1"`],
    [['--jobs', 'many'], `--jobs: expected ${COUNT}, got "many"`],
  ])('%j', async (argv, message) => {
    await expectUsageError(argv, message);
  });

  it.each([
    [['--shard-size', '-5MB'], '--shard-size', '-5MB'],
    [['--shard-size', '0'], '--shard-size', '0'],
    [['--shard-size', '12 parsecs'], '--shard-size', '12 parsecs'],
    [['--format', 'arrow', '--arrow-max-session', '-.5GB'], '--arrow-max-session', '-.5GB'],
    [['--format', 'atif', '--max-session', '0'], '--max-session', '0'],
  ])('%j', async (argv, flag, value) => {
    const run = await runCliCollecting(['convert', SAMPLES, ...argv, '--out', path.join(await tempDir(), 'out')]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(new RegExp(`^error: ${flag}: expected ${SIZE} \\(kB, MB, GB = 10\\^3, 10\\^6, 10\\^9 bytes; KiB, MiB, GiB = 2\\^10, 2\\^20, 2\\^30\\), got "${value.replace('.', '\\.')}"\\n$`));
  });

  it.each([
    [['--shard-rows'], `--shard-rows needs a value: ${COUNT}`],
    [['--shard-rows', '--quiet'], `--shard-rows needs a value: ${COUNT}`],
    [['--shard-rows='], `--shard-rows needs a value: ${COUNT}`],
    [['-j'], `--jobs needs a value: ${COUNT}`],
    [['--format'], '--format needs a value: one of json, jsonl, arrow, parquet, thread-events, atif, messages, messages-parquet'],
    [['--out', '--quiet'], '--out needs a value: a directory'],
  ])('a missing value: %j', async (argv, message) => {
    await expectUsageError(argv, message);
  });

  it('an unknown short option is still one (not a value)', async () => {
    await expectUsageError(['-x'], 'unknown option -x; run `rollout-kit convert --help` for the options');
    await expectUsageError(['--no-format'], 'unknown option --no-format; run `rollout-kit convert --help` for the options');
  });
});

describe('flags that would do nothing are refused', () => {
  it.each([
    [['--stdout', '-f', 'arrow'], '--stdout streams jsonl, thread-events or messages only; use --format jsonl, thread-events or messages with --stdout, or write arrow files with --out'],
    [['--stdout', '--format=json'], '--stdout streams jsonl, thread-events or messages only; use --format jsonl, thread-events or messages with --stdout, or write json files with --out'],
    [['--stdout', '--out', 'somewhere'], '--out is about output files, and --stdout writes none; drop one of the two'],
    [['--stdout', '--shard-rows', '10'], '--shard-rows is about output files, and --stdout writes none; drop one of the two'],
    [['--stdout', '-f', 'thread-events', '--shard-size', '1MB'], '--shard-size is about output files, and --stdout writes none; drop one of the two'],
    [['-f', 'json', '--shard-rows', '10'], '--shard-rows applies to --format jsonl, arrow, parquet, messages or messages-parquet, not json'],
    [['-f', 'thread-events', '--shard-size', '1MB'], '--shard-size applies to --format jsonl, arrow, parquet, messages or messages-parquet, not thread-events'],
    [['--stdout', '-f', 'atif'], '--stdout streams jsonl, thread-events or messages only; use --format jsonl, thread-events or messages with --stdout, or write atif files with --out'],
    [['-f', 'atif', '--shard-rows', '10'], '--shard-rows applies to --format jsonl, arrow, parquet, messages or messages-parquet, not atif'],
    [['--arrow-ipc', 'file'], '--arrow-ipc applies to --format arrow, not jsonl'],
    [['-f', 'json', '--arrow-max-session', '1GB'], '--arrow-max-session applies to the formats that hold whole sessions in memory (arrow, parquet, thread-events, atif, messages, messages-parquet), not json, which streams them'],
    [['-f', 'jsonl', '--max-session', '1GB'], '--max-session applies to the formats that hold whole sessions in memory (arrow, parquet, thread-events, atif, messages, messages-parquet), not jsonl, which streams them'],
    [['-f', 'arrow', '--max-session', '1GB', '--arrow-max-session', '1GB'], '--arrow-max-session is the former name of --max-session; give one of the two'],
    [['-f', 'arrow', '--arrow-ipc', 'random'], '--arrow-ipc: expected stream or file, got "random"'],
    [['-f', 'atif', '--instructions', 'ref'], '--instructions applies to --format json, jsonl, arrow or parquet, not atif'],
    [['-f', 'messages', '--instructions', 'ref'], '--instructions applies to --format json, jsonl, arrow or parquet, not messages'],
    [['--stdout', '--instructions', 'ref'], '--instructions is about output files, and --stdout writes none; drop one of the two'],
    [['--instructions', 'both'], '--instructions: expected inline or ref, got "both"'],
  ])('%j', async (argv, message) => {
    await expectUsageError(argv, message);
  });

  it('accepts the same flags where they apply, in every spelling', async () => {
    const out = await tempDir();
    const run = await runCliCollecting(['convert', SAMPLES, '-o', out, '-f', 'jsonl', '--shard-rows=2', '--shard-size', '1MiB', '-j', '1', '-q']);
    expect(run).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(readdirSync(out).filter((name) => name.startsWith('trajectories-'))).toHaveLength(3);
    const arrow = await tempDir();
    const arrowRun = await runCliCollecting(['convert', SAMPLES, `--out=${arrow}`, '--format=arrow', '--arrow-ipc=file', '--arrow-max-session', '2GB', '--shard-rows', '5', '--quiet']);
    expect(arrowRun.code).toBe(0);
    const parquet = await tempDir();
    const parquetRun = await runCliCollecting(['convert', SAMPLES, `--out=${parquet}`, '-f', 'parquet', '--max-session=2GB', '--shard-rows', '2', '--shard-size', '1MB', '--quiet']);
    expect(parquetRun).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(readdirSync(parquet).filter((name) => name.endsWith('.parquet'))).toEqual(['data-00000-of-00003.parquet', 'data-00001-of-00003.parquet', 'data-00002-of-00003.parquet']);
  });

  it('a value may start with a dash when it is a number or stdin, and -- ends the flags', async () => {
    const run = await runCliCollecting(['convert', '--stdout', '--quiet', '--', '--not-a-flag.jsonl']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^error: no rollout file matched "--not-a-flag\.jsonl"/);
  });
});

describe('sizes: one convention', () => {
  it('the summary prints input bytes in SI units (kB = 10^3 bytes), as --shard-size reads them', async () => {
    const bytes = readdirSync(path.join(REPO_ROOT, SAMPLES))
      .filter((name) => name.startsWith('rollout-'))
      .reduce((sum, name) => sum + statSync(path.join(REPO_ROOT, SAMPLES, name)).size, 0);
    const run = await runCliCollecting(['convert', SAMPLES, '--out', await tempDir()]);
    expect(run.stdout).toContain(`from 5 files (${(bytes / 1e3).toFixed(1)} kB) to jsonl`);
  });
});

describe('malformed filter values are usage errors', () => {
  it.each([
    [['--since', '2025-13-45x'], '--since: expected an ISO date or time such as 2025-06-01 or 2025-06-01T12:00:00Z, got "2025-13-45x"'],
    [['--until', 'yesterday'], '--until: expected an ISO date or time such as 2025-06-01 or 2025-06-01T12:00:00Z, got "yesterday"'],
    [['--since', '2026-02-30'], '--since: expected an ISO date or time such as 2025-06-01 or 2025-06-01T12:00:00Z, got "2026-02-30"'],
    [['--until', '2026-04-31T10:00:00Z'], '--until: expected an ISO date or time such as 2025-06-01 or 2025-06-01T12:00:00Z, got "2026-04-31T10:00:00Z"'],
    [['--outcome', 'completed,done'], '--outcome: unknown outcome "done"; use completed, failed, aborted, incomplete'],
    [['--min-turns', '-1'], '--min-turns: expected a whole number, got "-1"'],
    [['--min-steps', 'many'], '--min-steps: expected a whole number, got "many"'],
    [['--agent', 'child'], '--agent: expected main or subagent, got "child"'],
    [['--success-only', '--outcome', 'failed'], '--success-only keeps completed sessions, and --outcome failed leaves them out; drop one of the two'],
  ])('%j', async (argv, message) => {
    await expectUsageError(argv, message);
  });
});
