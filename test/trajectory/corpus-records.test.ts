/**
 * Every rollout of the oracle corpus (13 Codex setups x 16 scenarios) converts to a
 * schema-valid rl record whose prompt is the scenario's real prompt, whose outcome
 * is the one the scenario provoked (modulo what each version could record, see
 * expectations.ts), and whose steps hang together.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { IssueCode } from '../../src/issues.js';
import { isContextualText } from '../../src/codex/user-input.js';
import { isCodexVersionIn } from '../../src/codex/codex-version.js';
import { trajectoryRecordSchema, type TrajectoryRecord } from '../../src/trajectory/rl-schema.js';
import {
  bySourcePath,
  convertToRecords,
  listOracleCases,
  listRolloutFiles,
  ORACLE_DIR,
  readOracleMeta,
  REPO_ROOT,
  type ConvertedRecords,
} from './convert-records.js';
import { expectedCwd, expectedModel, expectedOutcome } from './expectations.js';

/** Issues that mean a file could not be read as a session at all. */
const FATAL_CODES: ReadonlySet<IssueCode> = new Set(['empty_file', 'unsupported_format', 'no_session', 'read_error']);
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/;

let corpus: ConvertedRecords;
let records: Map<string, TrajectoryRecord>;

/** The 0.29 resume: the second process's file repeats the first file's items, then goes on. */
const RESUMED = `${ORACLE_DIR}/0.29.0/multi-turn/rollout-2026-11-21T06-23-37-b022a10d-e68b-44e5-9217-11887e5af1c4.jsonl`;
const RESUMED_FROM = `${ORACLE_DIR}/0.29.0/multi-turn/rollout-2026-11-21T06-23-37-d052d7f7-b986-4d63-85d4-0e868f68bda9.jsonl`;

beforeAll(async () => {
  corpus = await convertToRecords([ORACLE_DIR]);
  records = bySourcePath(corpus.records);
  // A file left out as a duplicate of another is still checked, converted on its own.
  for (const { skipped } of corpus.report.duplicates) {
    for (const [file, record] of bySourcePath((await convertToRecords(skipped)).records)) records.set(file, record);
  }
});

const cases = listOracleCases();

describe('the whole oracle corpus converts', () => {
  it('holds 13 setups x 16 scenarios', () => {
    expect(new Set(cases.map((c) => c.label)).size).toBe(13);
    expect(new Set(cases.map((c) => c.scenario)).size).toBe(16);
    expect(cases).toHaveLength(13 * 16);
  });

  it('one record per session, no file failed, no fatal issue; the 0.29 resume is converted once', () => {
    const files = cases.flatMap((c) => listRolloutFiles(c.dir));
    expect(corpus.report.failedFiles).toEqual([]);
    expect(corpus.report.duplicates).toEqual([{ session_id: 'b022a10d-e68b-44e5-9217-11887e5af1c4', used: RESUMED, skipped: [RESUMED_FROM], reason: 'resumed_copy' }]);
    expect(corpus.report.inputs.files).toBe(files.length - 1);
    expect(corpus.records.map((record) => record.source_path).sort()).toEqual(files.filter((file) => file !== RESUMED_FROM).sort());
    expect([...records.keys()].sort()).toEqual([...files].sort());
    expect(corpus.issues.filter((issue) => FATAL_CODES.has(issue.code))).toEqual([]);
    // Only 0.8's damaged tails may cost anything, and never a whole file.
    expect(corpus.issues.filter((issue) => !issue.file.includes('/0.8.0/'))).toEqual([]);
  });
});

describe.each(cases)('$label/$scenario', ({ label, scenario, dir }) => {
  const meta = readOracleMeta(dir);
  const rollouts = listRolloutFiles(dir);
  const prompts = meta.runs.map((run) => run.argv[run.argv.length - 1]);

  it.each(rollouts.map((file, index) => ({ file, index, name: path.basename(file).slice(0, 40) })))('$name', ({ file, index }) => {
    const record = records.get(file);
    expect(record, file).toBeDefined();
    if (!record) return;

    expect(trajectoryRecordSchema.safeParse(record).success).toBe(true);
    expect(record.session_id).toBe(UUID.exec(path.basename(file))?.[0]);
    expect(record.source_path).toBe(file);
    // Legacy headers (0.8-0.29) name no Codex version.
    expect(record.cli_version).toBe(isCodexVersionIn(label, '0.0.0', '0.34.0') ? null : meta.version);
    expect(record.model).toBe(expectedModel(label, meta.model));
    expect(record.cwd).toBe(expectedCwd(label, meta.cwd));

    // The prompt is the first thing the user typed, never injected context.
    expect(record.prompt).toBe(prompts[0]);
    const userSteps = record.trajectory.filter((step) => step.type === 'user_message');
    expect(userSteps[0]?.content).toBe(prompts[0]);
    for (const step of userSteps) expect(isContextualText(step.content), step.content).toBe(false);

    // How the last turn ended; success is exactly "completed".
    expect(expectedOutcome(label, scenario, index)).toContain(record.outcome);
    expect(record.success).toBe(record.outcome === 'completed');
    if (record.outcome === 'completed') expect(record.error).toBeNull();
    else if (record.outcome !== 'incomplete') expect(record.error).toEqual(expect.any(String));

    // The final response is the last assistant message, and a completed session has one.
    const assistant = record.trajectory.filter((step) => step.type === 'assistant_message');
    expect(record.final_response).toBe(assistant.at(-1)?.content ?? null);
    if (record.success) expect(record.final_response).not.toBeNull();

    // Every tool output answers a call that came before it, and carries its call id.
    const calls = new Set<string>();
    for (const step of record.trajectory) {
      if ((step.type === 'tool_call' || step.type === 'shell_command') && step.call_id) calls.add(step.call_id);
      if (step.type === 'tool_output') expect(calls, `${step.call_id} answered before it was called`).toContain(step.call_id);
      if (step.type === 'shell_command') expect(step.command.length).toBeGreaterThan(0);
    }

    // raw_item_count counts the JSON objects read; a clean file has one per line.
    const lines = readFileSync(path.join(REPO_ROOT, file), 'utf8').split('\n').filter((line) => line.trim() !== '');
    if (label === '0.8.0') expect(record.raw_item_count).toBeGreaterThanOrEqual(lines.length);
    else expect(record.raw_item_count).toBe(lines.length);
  });
});
