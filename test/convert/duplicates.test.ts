/**
 * One session, one record (issue 11, item 4): a session found in several input files (the
 * same rollout in `sessions/` and `archived_sessions/`, a copy that stopped growing, a
 * compressed copy, a legacy resume that repeats the file it resumed) is converted once,
 * from a file chosen the same way whatever the input order, and the run says which files
 * it left out and why.
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { convert } from '../../src/convert/convert.js';
import { summarize } from '../../src/cli/convert-command.js';
import { isResumedCopy, readItemPrints } from '../../src/convert/resumed-copies.js';
import { describeInputPath } from '../../src/read/input-file.js';
import { convertToRecords, REPO_ROOT } from '../trajectory/convert-records.js';

const MULTI_TURN = 'rollout-2026-11-21T06-24-13-01a1fcc6-dd90-7b31-a9ee-73000a6da431.jsonl';
const MULTI_TURN_ID = '01a1fcc6-dd90-7b31-a9ee-73000a6da431';
const LEGACY_DIR = path.join(REPO_ROOT, 'fixtures/oracle/0.29.0/multi-turn');
const RESUMED = 'rollout-2026-11-21T06-23-37-b022a10d-e68b-44e5-9217-11887e5af1c4.jsonl';
const RESUMED_FROM = 'rollout-2026-11-21T06-23-37-d052d7f7-b986-4d63-85d4-0e868f68bda9.jsonl';

let work: string;
let home: string;

beforeAll(() => {
  work = mkdtempSync(path.join(tmpdir(), 'rk-duplicates-'));
  home = path.join(work, 'codex');
  const lines = readFileSync(path.join(REPO_ROOT, 'fixtures/oracle/0.169.0/multi-turn', MULTI_TURN), 'utf8').split('\n');
  // The live file went on after the archive was made: it holds turn two too.
  const endOfTurnOne = lines.findIndex((line) => line.includes('"task_complete"'));
  mkdirSync(path.join(home, 'sessions/2026/11/21'), { recursive: true });
  mkdirSync(path.join(home, 'archived_sessions'), { recursive: true });
  writeFileSync(path.join(home, 'sessions/2026/11/21', MULTI_TURN), lines.join('\n'));
  writeFileSync(path.join(home, 'archived_sessions', MULTI_TURN), `${lines.slice(0, endOfTurnOne + 1).join('\n')}\n`);
  // A compressed copy made by hand (discovery itself prefers a plain file beside its compressed copy).
  mkdirSync(path.join(home, 'archived_sessions/2026'));
  writeFileSync(path.join(home, 'archived_sessions/2026', `${MULTI_TURN}.gz`), gzipSync(lines.join('\n')));
  // A 0.29 resume chain: two files, two ids, one session.
  mkdirSync(path.join(home, 'sessions/2025/07/01'), { recursive: true });
  cpSync(path.join(LEGACY_DIR, RESUMED), path.join(home, 'sessions/2025/07/01', RESUMED));
  cpSync(path.join(LEGACY_DIR, RESUMED_FROM), path.join(home, 'sessions/2025/07/01', RESUMED_FROM));
});

afterAll(() => rmSync(work, { recursive: true, force: true }));


describe('duplicate sessions', () => {
  it('converts a session kept in sessions/ and archived_sessions/ (plain and .gz) once, from the file with the most lines', async () => {
    const { records, report } = await convertToRecords([home]);
    const copies = records.filter((record) => record.session_id === MULTI_TURN_ID);
    expect(copies).toHaveLength(1);
    expect(copies[0]!.turn_count).toBe(2);
    // The complete copies tie on lines: the first in path order (archived_sessions/2026/…gz) is used.
    expect(report.duplicates).toContainEqual({
      session_id: MULTI_TURN_ID,
      used: path.join(home, 'archived_sessions/2026', `${MULTI_TURN}.gz`),
      skipped: [path.join(home, 'archived_sessions', MULTI_TURN), path.join(home, 'sessions/2026/11/21', MULTI_TURN)],
      reason: 'same_session',
    });
    expect(report.inputs.files).toBe(2);
    expect(records).toHaveLength(2);
  });

  it('makes the same choice whatever the input order and --jobs', async () => {
    const files = [
      path.join(home, 'sessions/2026/11/21', MULTI_TURN),
      path.join(home, 'archived_sessions', MULTI_TURN),
      path.join(home, 'sessions/2025/07/01', RESUMED),
      path.join(home, 'sessions/2025/07/01', RESUMED_FROM),
    ];
    const forward = await convertToRecords(files);
    const backward = await convertToRecords([...files].reverse(), { jobs: 2 });
    expect(backward.report.duplicates).toEqual(forward.report.duplicates);
    expect(forward.report.duplicates.map((duplicate) => duplicate.used)).toEqual([path.join(home, 'sessions/2025/07/01', RESUMED), path.join(home, 'sessions/2026/11/21', MULTI_TURN)]);
    expect(forward.records.map((record) => record.source_path).sort()).toEqual(backward.records.map((record) => record.source_path).sort());
  });

  it('a 0.29 resume file stands for the file it resumed: turn one is converted once', async () => {
    const { records, report } = await convertToRecords([path.join(home, 'sessions/2025/07/01')]);
    expect(records).toHaveLength(1);
    const record = records[0]!;
    expect(record.session_id).toBe('b022a10d-e68b-44e5-9217-11887e5af1c4');
    expect(record.turn_count).toBe(2);
    expect(record.trajectory.filter((step) => step.type === 'user_message').map((step) => step.content)).toEqual(['First: run `echo turn-one`.', 'Second: now say goodbye.']);
    expect(record.trajectory.filter((step) => step.type === 'shell_command')).toHaveLength(1);
    expect(report.duplicates).toEqual([
      { session_id: 'b022a10d-e68b-44e5-9217-11887e5af1c4', used: path.join(home, 'sessions/2025/07/01', RESUMED), skipped: [path.join(home, 'sessions/2025/07/01', RESUMED_FROM)], reason: 'resumed_copy' },
    ]);
  });

  it('never takes two legacy sessions that only share their first prompt for a resume', async () => {
    const original = await readItemPrints(describeInputPath(path.join(LEGACY_DIR, RESUMED_FROM)));
    const resumed = await readItemPrints(describeInputPath(path.join(LEGACY_DIR, RESUMED)));
    expect(isResumedCopy(original, resumed)).toBe(true);
    expect(isResumedCopy(resumed, original)).toBe(false);
    // The same user input, but the model's answer (its reasoning id) differs: another session.
    const other = path.join(work, 'other.jsonl');
    writeFileSync(other, readFileSync(path.join(LEGACY_DIR, RESUMED_FROM), 'utf8').replace('rs_mwq0v4bl3q', 'rs_another0000'));
    expect(isResumedCopy(await readItemPrints(describeInputPath(other)), resumed)).toBe(false);
    // Only user input in common (no item the model gave an id): never a copy.
    const userOnly = { prints: original.prints.slice(0, 2), ownIds: [] };
    expect(isResumedCopy(userOnly, resumed)).toBe(false);
  });

  it('lists every duplicate in the manifest and the summary', async () => {
    const outDir = path.join(work, 'out');
    const report = await convert({ inputs: [home], format: 'jsonl', outDir });
    const manifest = JSON.parse(readFileSync(path.join(outDir, 'manifest.json'), 'utf8')) as { duplicates: unknown };
    expect(manifest.duplicates).toEqual(report.duplicates);
    const summary = summarize(report, 'out');
    expect(summary).toContain('duplicates: 3 files left out, 2 sessions converted once');
    expect(summary).toContain(`${path.join(home, 'sessions/2025/07/01', RESUMED)} (resumed from ${path.join(home, 'sessions/2025/07/01', RESUMED_FROM)})`);
  });
});
