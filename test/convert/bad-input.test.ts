/**
 * Bad input never crashes a run and never loses a good session (fixtures/broken/,
 * described in its README). Each damaged file becomes issue records
 * `{file, line, code, message}` at the right line; whatever the file still holds
 * converts, and every other file of the run converts as if the damaged ones were
 * not there.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { convert } from '../../src/convert/convert.js';
import { inputIssueSchema, type InputIssue, type IssueCode } from '../../src/issues.js';
import { trajectoryRecordSchema, type TrajectoryRecord } from '../../src/trajectory/rl-schema.js';
import { createTempDir } from '../read/temp-dir.js';
import { convertToRecords, REPO_ROOT } from '../trajectory/convert-records.js';

const BROKEN = 'fixtures/broken';
/** The real rollout the wrapped broken files were made from (Codex 0.47.0, one shell call). */
const ORIGINAL = 'fixtures/oracle/0.47.0/shell-ok/rollout-2026-11-21T06-23-44-01a1fcc6-69f6-7590-8e7f-3e251e19f15b.jsonl';
const LEGACY_ORIGINAL = 'fixtures/oracle/0.8.0/multi-turn/rollout-2026-11-21T06-24-28-16568759-9c0c-4269-b52e-0e8cf0db5f6e.jsonl';

const broken = (name: string) => `${BROKEN}/rollout-${name}.jsonl`;

type Expected = { line: number | null; code: IssueCode; message: RegExp };

/** Every issue each broken file must produce, in order. */
const EXPECTED_ISSUES: Record<string, Expected[]> = {
  'unparseable-line': [{ line: 6, code: 'invalid_json', message: /^not valid JSON at character \d+: expected .+, found .+$/ }],
  'truncated-last-line': [{ line: 16, code: 'truncated_line', message: /last line is cut short \(90 characters, no newline\)/ }],
  'wrong-shape': [
    { line: 7, code: 'invalid_shape', message: /not a rollout line envelope/ },
    { line: 13, code: 'invalid_shape', message: /response item "function_call": arguments/ },
  ],
  'unknown-types': [
    { line: 6, code: 'unknown_type', message: /unknown line type "future_line_type"/ },
    { line: 8, code: 'unknown_type', message: /unknown response item type "hologram"/ },
    { line: 13, code: 'unknown_type', message: /unknown event_msg type "future_event"/ },
  ],
  empty: [{ line: null, code: 'empty_file', message: /holds no line/ }],
  garbage: [
    { line: 1, code: 'invalid_json', message: /^not valid JSON at character \d+: expected .+, found .+$/ },
    { line: 2, code: 'invalid_json', message: /^not valid JSON at character \d+: expected .+, found .+$/ },
    { line: 3, code: 'truncated_line', message: /no newline/ },
  ],
  'not-a-rollout': [{ line: 1, code: 'unsupported_format', message: /neither a rollout envelope .* nor a legacy session header/ }],
  'invalid-utf8': [{ line: 16, code: 'invalid_utf8', message: /not valid UTF-8/ }],
  'bom-crlf': [],
  'legacy-0.8-damaged': [{ line: 9, code: 'invalid_json', message: /^2 JSON objects run together on one line \(a damaged Codex 0\.8 write\): all of them were recovered$/ }],
};

/** Files that hold no session at all: the run reports them as not converted. */
const UNCONVERTIBLE = ['garbage', 'not-a-rollout'];
/** An empty file holds no session either, but is an issue, not a failed file. */
const NO_RECORD = [...UNCONVERTIBLE, 'empty'];

function issuesOf(issues: InputIssue[], name: string): InputIssue[] {
  return issues.filter((issue) => issue.file === broken(name));
}

function recordOf(records: TrajectoryRecord[], file: string): TrajectoryRecord {
  const record = records.find((candidate) => candidate.source_path === file);
  if (!record) throw new Error(`no record for ${file}`);
  return record;
}

let original: TrajectoryRecord;
let legacyOriginal: TrajectoryRecord;
let run: Awaited<ReturnType<typeof convertToRecords>>;

beforeAll(async () => {
  const originals = await convertToRecords([ORIGINAL, LEGACY_ORIGINAL]);
  original = recordOf(originals.records, ORIGINAL);
  legacyOriginal = recordOf(originals.records, LEGACY_ORIGINAL);
  // A mixed run: every broken file among good ones.
  run = await convertToRecords([BROKEN, 'fixtures/samples']);
});

describe('fixtures/broken', () => {
  it('holds exactly the files described here', () => {
    const names = readdirSync(path.join(REPO_ROOT, BROKEN))
      .filter((name) => name.endsWith('.jsonl'))
      .map((name) => name.replace(/^rollout-/, '').replace(/\.jsonl$/, ''))
      .sort();
    expect(names).toEqual(Object.keys(EXPECTED_ISSUES).sort());
  });

  it.each(Object.entries(EXPECTED_ISSUES))('%s: issues {file, line, code, message} at the right lines', (name, expected) => {
    const issues = issuesOf(run.issues, name);
    for (const issue of issues) expect(inputIssueSchema.parse(issue)).toEqual(issue);
    expect(issues.map(({ line, code }) => ({ line, code }))).toEqual(expected.map(({ line, code }) => ({ line, code })));
    issues.forEach((issue, index) => expect(issue.message).toMatch(expected[index]?.message ?? /^$/));
  });

  it('files with no session are reported as not converted (an empty one only as an issue); every other file converts', () => {
    expect(run.report.failedFiles).toEqual(UNCONVERTIBLE.map(broken));
    const sources = run.records.map((record) => record.source_path);
    for (const name of Object.keys(EXPECTED_ISSUES)) {
      if (NO_RECORD.includes(name)) expect(sources).not.toContain(broken(name));
      else expect(sources).toContain(broken(name));
    }
  });

  it('the good files of the mixed run convert exactly as they do alone', async () => {
    const alone = await convertToRecords(['fixtures/samples']);
    expect(alone.issues).toEqual([]);
    const mixed = run.records.filter((record) => record.source_path.startsWith('fixtures/samples/'));
    expect(mixed).toEqual(alone.records);
    expect(mixed.length).toBeGreaterThan(0);
  });

  it('unparseable line: the line is skipped, the session is intact', () => {
    const record = recordOf(run.records, broken('unparseable-line'));
    expect(record.trajectory).toEqual(original.trajectory);
    expect(record.outcome).toBe('completed');
    expect(record.raw_item_count).toBe(original.raw_item_count - 1);
  });

  it('truncated last line: everything before the cut converts', () => {
    const record = recordOf(run.records, broken('truncated-last-line'));
    // The cut line was the final assistant message response item.
    expect(record.trajectory).toEqual(original.trajectory.slice(0, -1));
    expect(record.final_response).toBeNull();
    // The agent_message event of line 14 survived: the turn did finish, its text was lost with line 16.
    expect(record.outcome).toBe('completed');
    expect(record.raw_item_count).toBe(15);
  });

  it('wrong shape and unknown types: the lines are skipped, the session is intact', () => {
    for (const name of ['wrong-shape', 'unknown-types']) {
      const record = recordOf(run.records, broken(name));
      expect(record.trajectory, name).toEqual(original.trajectory);
      expect(record.success, name).toBe(true);
      // Both lines parsed as JSON: they count as read items.
      expect(record.raw_item_count, name).toBe(16);
    }
  });

  it('invalid UTF-8: the line is decoded with replacement characters and kept', () => {
    const record = recordOf(run.records, broken('invalid-utf8'));
    expect(record.final_response).toBe('The command printed `hi`.\uFFFD\uFFFD');
    expect(record.trajectory.slice(0, -1)).toEqual(original.trajectory.slice(0, -1));
  });

  it('BOM and CRLF line ends are normal input: the record is the original one', () => {
    const record = recordOf(run.records, broken('bom-crlf'));
    expect(record).toEqual({ ...original, session_id: 'b0000000-0000-4000-8000-000000000009', source_path: broken('bom-crlf') });
  });

  it('a damaged legacy 0.8 file (two objects on one line, reported; no final newline) converts like the original', () => {
    const record = recordOf(run.records, broken('legacy-0.8-damaged'));
    expect(record).toEqual({ ...legacyOriginal, source_path: broken('legacy-0.8-damaged') });
    expect(record.trajectory.map((step) => step.type)).toEqual(['user_message', 'shell_command', 'tool_output', 'user_message']);
  });
});

describe('issues.jsonl', () => {
  let dir: { path: string; remove: () => Promise<void> } | undefined;
  afterEach(async () => {
    await dir?.remove();
    dir = undefined;
  });

  it('holds every issue of the run, one JSON object per line, in report order', async () => {
    dir = await createTempDir('bad-input');
    const reported: InputIssue[] = [];
    const report = await convert(
      { inputs: [BROKEN, 'fixtures/samples'], format: 'jsonl', outDir: dir.path, discover: { cwd: REPO_ROOT } },
      (issue) => reported.push(issue),
    );
    expect(report.issues.file).toBe('issues.jsonl');
    expect(report.issues.total).toBe(reported.length);
    const lines = readFileSync(path.join(dir.path, 'issues.jsonl'), 'utf8').split('\n');
    expect(lines.pop()).toBe('');
    expect(lines.map((line) => inputIssueSchema.parse(JSON.parse(line)))).toEqual(reported);
    expect(reported).toEqual(run.issues);
    const byCode = Object.entries(report.issues.byCode).sort();
    const counted = Object.entries(
      reported.reduce<Record<string, number>>((counts, issue) => ({ ...counts, [issue.code]: (counts[issue.code] ?? 0) + 1 }), {}),
    ).sort();
    expect(byCode).toEqual(counted);
    // The records of the run are still written and valid.
    const recordFiles = readdirSync(dir.path).filter((name) => name.startsWith('trajectories'));
    const records = recordFiles.flatMap((name) =>
      readFileSync(path.join(dir!.path, name), 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((line) => trajectoryRecordSchema.parse(JSON.parse(line))),
    );
    expect(records).toHaveLength(run.records.length);
  });

  it('is written, empty, when there is no issue', async () => {
    dir = await createTempDir('bad-input');
    const report = await convert({ inputs: ['fixtures/samples'], format: 'json', outDir: dir.path, discover: { cwd: REPO_ROOT } });
    expect(report.issues.total).toBe(0);
    expect(readFileSync(path.join(dir.path, 'issues.jsonl'), 'utf8')).toBe('');
  });
});
