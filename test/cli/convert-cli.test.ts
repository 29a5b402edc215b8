/**
 * `rollout-kit convert`, run in-process through runCli with collecting streams:
 * output files and names, --stdout, determinism, atomic writes, the run report,
 * and the exit codes (0 every file produced its session, 1 a file could not be
 * converted or --strict with issues, 2 usage errors with a one-line message).
 */
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { inputIssueSchema } from '../../src/issues.js';
import { trajectoryRecordSchema, type TrajectoryRecord } from '../../src/trajectory/rl-schema.js';
import { tempDirsRemovedAfterEach } from '../read/temp-dir.js';
import { runCliCollecting } from './cli-io.js';

const SAMPLES = 'fixtures/samples';
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/;

function sampleSessionIds(): string[] {
  return readdirSync(SAMPLES)
    .filter((name) => name.startsWith('rollout-') && name.endsWith('.jsonl'))
    .map((name) => UUID.exec(name)?.[0] ?? name)
    .sort();
}

/** Files a run left in `dir`, with their bytes, recursively. */
function snapshot(dir: string): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  for (const name of readdirSync(dir, { recursive: true, encoding: 'utf8' }).sort()) {
    const full = path.join(dir, name);
    if (statSync(full).isFile()) files.set(name, readFileSync(full));
  }
  return files;
}

function parseJsonl(text: string): TrajectoryRecord[] {
  return text
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => trajectoryRecordSchema.parse(JSON.parse(line)));
}

const tempDir = tempDirsRemovedAfterEach('cli');

describe('convert --format json', () => {
  it('writes one pretty <session_id>.json per session, issues.jsonl and manifest.json, nothing else', async () => {
    const out = await tempDir();
    const run = await runCliCollecting(['convert', SAMPLES, '--out', out, '--format', 'json']);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(/^converted 5 sessions from 5 files \(.+\) to json in .+\/\n {2}steps: .+\n {2}issues: none\n$/);

    const names = readdirSync(out).sort();
    expect(names).toEqual([...sampleSessionIds().map((id) => `${id}.json`), 'issues.jsonl', 'manifest.json'].sort());
    for (const id of sampleSessionIds()) {
      const text = readFileSync(path.join(out, `${id}.json`), 'utf8');
      expect(text.startsWith('{\n  "session_id": ')).toBe(true);
      const record = trajectoryRecordSchema.parse(JSON.parse(text));
      expect(record.session_id).toBe(id);
      expect(record.source_path.startsWith(`${SAMPLES}/rollout-`)).toBe(true);
    }
    expect(readFileSync(path.join(out, 'issues.jsonl'), 'utf8')).toBe('');
  });

  it('is deterministic: two runs write identical bytes', async () => {
    const first = await tempDir();
    const second = await tempDir();
    expect((await runCliCollecting(['convert', SAMPLES, '--out', first, '--format', 'json', '--quiet'])).code).toBe(0);
    expect((await runCliCollecting(['convert', SAMPLES, '--out', second, '--format', 'json', '--quiet'])).code).toBe(0);
    const a = snapshot(first);
    const b = snapshot(second);
    expect([...a.keys()]).toEqual([...b.keys()]);
    for (const [name, bytes] of a) expect(bytes.equals(b.get(name) ?? Buffer.alloc(0)), name).toBe(true);
  });

  it('leaves no temp file behind', async () => {
    const out = await tempDir();
    expect((await runCliCollecting(['convert', SAMPLES, '--out', out, '--format', 'json', '--quiet'])).code).toBe(0);
    const expected = new Set([...sampleSessionIds().map((id) => `${id}.json`), 'issues.jsonl', 'manifest.json']);
    expect(readdirSync(out).filter((name) => !expected.has(name))).toEqual([]);
  });

  it('refuses an output directory that holds what is not its dataset, and writes nothing', async () => {
    // The dataset replaces --out whole: a directory squatting on a session's file name (not a
    // dataset of ours) would be deleted by the switch, so the run refuses before any work.
    const blocked = await tempDir();
    const [firstId] = sampleSessionIds();
    mkdirSync(path.join(blocked, `${firstId}.json`));
    const run = await runCliCollecting(['convert', SAMPLES, '--out', blocked, '--format', 'json', '--quiet']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/holds files that are not a rollout-kit dataset/m);
    expect(readdirSync(blocked)).toEqual([`${firstId}.json`]);
    expect(readdirSync(path.join(blocked, `${firstId}.json`))).toEqual([]);
  });
});

describe('convert --no-redact', () => {
  it('keeps secrets verbatim, says so in the summary and the manifest', async () => {
    const out = path.join(await tempDir(), 'kept');
    const run = await runCliCollecting(['convert', SAMPLES, '--out', out, '--no-redact']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/\n {2}redactions: off \(--no-redact\)\n$/);
    const manifest = JSON.parse(readFileSync(path.join(out, 'manifest.json'), 'utf8')) as { redaction: unknown };
    expect(manifest.redaction).toEqual({ enabled: false, pattern_set: null });
  });
});

describe('convert --stdout', () => {
  it('streams the JSONL records to stdout, the summary to stderr, and writes no file', async () => {
    const run = await runCliCollecting(['convert', SAMPLES, '--stdout']);
    expect(run.code).toBe(0);
    const records = parseJsonl(run.stdout);
    expect(records.map((record) => record.session_id).sort()).toEqual(sampleSessionIds());
    expect(run.stdout.endsWith('\n')).toBe(true);
    expect(run.stderr).toMatch(/^converted 5 sessions from 5 files/);
    expect(run.stderr).not.toMatch(/ in .*\//);
  });

  it('gives the same records as --format jsonl files, in the same order', async () => {
    const out = await tempDir();
    const streamed = await runCliCollecting(['convert', SAMPLES, '--stdout', '--quiet']);
    expect((await runCliCollecting(['convert', SAMPLES, '--out', out, '--format', 'jsonl', '--quiet'])).code).toBe(0);
    const shards = readdirSync(out).filter((name) => name.endsWith('.jsonl') && name !== 'issues.jsonl').sort();
    const written = shards.map((name) => readFileSync(path.join(out, name), 'utf8')).join('');
    expect(written).toBe(streamed.stdout);
  });

  it('--format thread-events --stdout prints the exec --json events of every session', async () => {
    const run = await runCliCollecting(['convert', SAMPLES, '--stdout', '--format', 'thread-events', '--quiet']);
    expect(run.code).toBe(0);
    const events = run.stdout
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as { type: string; thread_id?: string });
    const started = events.filter((event) => event.type === 'thread.started').map((event) => event.thread_id);
    expect(started.sort()).toEqual(sampleSessionIds());
    expect(events.filter((event) => event.type === 'turn.completed').length).toBeGreaterThanOrEqual(5);
  });
});

describe('convert --json', () => {
  it('prints the run report as JSON', async () => {
    const out = await tempDir();
    const run = await runCliCollecting(['convert', SAMPLES, '--out', out, '--json']);
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as { format: string; sessions: number; failedFiles: string[]; issues: { total: number; file: string } };
    expect(report).toMatchObject({ format: 'jsonl', sessions: 5, failedFiles: [], issues: { total: 0, file: 'issues.jsonl' } });
  });
});

describe('exit codes', () => {
  const RECOVERABLE = ['unparseable-line', 'truncated-last-line', 'wrong-shape', 'unknown-types', 'invalid-utf8', 'bom-crlf', 'legacy-0.8-damaged'].map(
    (name) => `fixtures/broken/rollout-${name}.jsonl`,
  );

  it('0 when every file produced its session, even with issues', async () => {
    const out = await tempDir();
    const run = await runCliCollecting(['convert', SAMPLES, ...RECOVERABLE, '--out', out]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/converted 12 sessions from 12 files/);
    expect(run.stderr).toMatch(/^warning: fixtures\/broken\/rollout-invalid-utf8\.jsonl:16: invalid_utf8: /m);
    const issues = readFileSync(path.join(out, 'issues.jsonl'), 'utf8').split('\n').filter(Boolean);
    expect(issues.length).toBeGreaterThan(0);
    for (const line of issues) inputIssueSchema.parse(JSON.parse(line));
  });

  it('1 with --strict when any issue was recorded; 0 with --strict on clean input', async () => {
    expect((await runCliCollecting(['convert', ...RECOVERABLE, '--out', await tempDir(), '--strict', '--quiet'])).code).toBe(1);
    expect((await runCliCollecting(['convert', SAMPLES, '--out', await tempDir(), '--strict', '--quiet'])).code).toBe(0);
  });

  it('1 when a file could not be converted at all; the other files are still written', async () => {
    const out = await tempDir();
    const run = await runCliCollecting(['convert', SAMPLES, 'fixtures/broken/rollout-empty.jsonl', 'fixtures/broken/rollout-garbage.jsonl', '--out', out, '--format', 'json']);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/converted 5 sessions from 7 files/);
    // The empty file is an issue, not a file that failed.
    expect(run.stdout).toMatch(/\n {2}not converted: fixtures\/broken\/rollout-garbage\.jsonl\n/);
    expect(readdirSync(out).filter((name) => UUID.test(name)).sort()).toEqual(sampleSessionIds().map((id) => `${id}.json`));
  });

  const usageErrors: [string, string[], RegExp][] = [
    ['an unknown flag', ['convert', SAMPLES, '--bogus'], /unknown option --bogus/],
    ['an unknown format', ['convert', SAMPLES, '--format', 'yaml'], /unknown format "yaml"; use one of json, jsonl, arrow, parquet, thread-events/],
    ['an input that matches nothing', ['convert', 'fixtures/no-such-dir/*.jsonl'], /no rollout file matched "fixtures\/no-such-dir\/\*\.jsonl"/],
    ['an unknown command', ['transmogrify'], /unknown command "transmogrify"/],
  ];

  it.each(usageErrors)('2 for %s, with a one-line message and no output', async (_what, argv, message) => {
    const out = path.join(await tempDir(), 'out');
    const run = await runCliCollecting([...argv, '--out', out]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(message);
    expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(run.stderr.startsWith('error: ')).toBe(true);
    expect(existsSync(out)).toBe(false);
  });

  it('2 when no input is given and $CODEX_HOME holds no sessions', async () => {
    const home = await tempDir();
    const run = await runCliCollecting(['convert', '--out', path.join(home, 'out')], { CODEX_HOME: home });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^error: no rollout files found in .+; pass files, directories or globs to convert\n$/);
  });

  it('reads $CODEX_HOME/sessions when no input is given', async () => {
    const home = await tempDir();
    const day = path.join(home, 'sessions', '2026', '11', '21');
    mkdirSync(day, { recursive: true });
    const [sample] = readdirSync(SAMPLES).filter((name) => name.startsWith('rollout-'));
    if (!sample) throw new Error('no sample rollout');
    copyFileSync(path.join(SAMPLES, sample), path.join(day, sample));
    const run = await runCliCollecting(['convert', '--stdout', '--quiet'], { CODEX_HOME: home });
    expect(run.code).toBe(0);
    expect(parseJsonl(run.stdout).map((record) => record.session_id)).toEqual([UUID.exec(sample)?.[0]]);
  });
});
