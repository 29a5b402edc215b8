/**
 * Issue 13, the smaller defects, each against the run as a user sees it:
 * - a legacy header whose `id` is a number no longer drops the session;
 * - two JSON objects run together on one line are recovered and reported at that line;
 * - an empty rollout is an issue, not a failed file (exit 0; 1 with --strict);
 * - `--quiet` hides warnings and the summary, never that a file failed.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTempDir } from '../read/temp-dir.js';
import { runCliCollecting } from '../cli/cli-io.js';
import { convertToRecords, REPO_ROOT } from '../trajectory/convert-records.js';

/** Real Codex 0.8.0 rollout; line 9 holds two state objects run together. */
const LEGACY = 'fixtures/oracle/0.8.0/multi-turn/rollout-2026-11-21T06-24-28-16568759-9c0c-4269-b52e-0e8cf0db5f6e.jsonl';
const LEGACY_ID = '16568759-9c0c-4269-b52e-0e8cf0db5f6e';
const NUMERIC_ID_FILE_ID = 'e0000000-0000-4000-8000-000000000001';

let dir: { path: string; remove: () => Promise<void> };
let numericId: string;
let empty: string;
let blank: string;

beforeAll(async () => {
  dir = await createTempDir('small-defects');
  const text = readFileSync(path.join(REPO_ROOT, LEGACY), 'utf8');
  numericId = path.join(dir.path, `rollout-2026-11-21T06-24-28-${NUMERIC_ID_FILE_ID}.jsonl`);
  writeFileSync(numericId, text.replace(`{"id":"${LEGACY_ID}"`, '{"id":12345'));
  empty = path.join(dir.path, 'rollout-2026-11-21T06-24-28-e0000000-0000-4000-8000-000000000002.jsonl');
  writeFileSync(empty, '');
  blank = path.join(dir.path, 'rollout-2026-11-21T06-24-28-e0000000-0000-4000-8000-000000000003.jsonl');
  writeFileSync(blank, '\n\n');
});

afterAll(async () => {
  await dir.remove();
});

describe('a legacy header whose id is a number', () => {
  it('converts: the id comes from the file name, the header field is one issue at line 1', async () => {
    const original = (await convertToRecords([LEGACY])).records[0]!;
    const run = await convertToRecords([numericId]);
    expect(run.report.failedFiles).toEqual([]);
    expect(run.issues.map(({ line, code, message }) => ({ line, code, message }))).toEqual([
      { line: 1, code: 'invalid_shape', message: 'legacy session header: id: Invalid input: expected string, received number (field ignored)' },
      { line: 9, code: 'invalid_json', message: '2 JSON objects run together on one line (a damaged Codex 0.8 write): all of them were recovered' },
    ]);
    expect(run.records).toHaveLength(1);
    // Everything but the id (and the path) is the original record, the header's timestamp included.
    expect(run.records[0]).toEqual({ ...original, session_id: NUMERIC_ID_FILE_ID, source_path: numericId });
  });
});

describe('an empty rollout', () => {
  it.each([
    ['0 bytes', () => empty, 'the file holds no line'],
    ['only blank lines', () => blank, 'the file holds no line'],
  ])('%s: an empty_file issue, no record, not a failed file: exit 0; exit 1 with --strict', async (_what, file, message) => {
    const out = path.join(dir.path, 'out');
    const run = await runCliCollecting(['convert', file(), 'fixtures/samples', '--out', out]);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe(`warning: ${file()}: empty_file: ${message}\n`);
    expect(run.stdout).toMatch(/^converted 5 sessions from 6 files .*\n.*\n {2}issues: 1 empty_file\n$/);
    expect(run.stdout).not.toMatch(/not converted/);
    const strict = await runCliCollecting(['convert', file(), 'fixtures/samples', '--out', out, '--strict', '--quiet']);
    expect(strict.code).toBe(1);
    expect(strict.stderr).toBe(`error: 1 input issue recorded (--strict); see ${path.join(out, 'issues.jsonl')}\n`);
  });
});

describe('--quiet', () => {
  it('still prints each file that could not be converted, one line with its first issue, and exits 1', async () => {
    const run = await runCliCollecting(['convert', 'fixtures/broken', 'fixtures/samples', '--stdout', '--quiet']);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      'error: fixtures/broken/rollout-garbage.jsonl: not converted (line 1: invalid_json: not valid JSON at character 1: expected a value, found \'t\')\n' +
        'error: fixtures/broken/rollout-not-a-rollout.jsonl: not converted (line 1: unsupported_format: first JSON object is neither a rollout envelope {timestamp, type, payload} nor a legacy session header)\n',
    );
  });

  it('prints nothing when every file converted', async () => {
    const run = await runCliCollecting(['convert', 'fixtures/samples', '--stdout', '--quiet']);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
  });
});
