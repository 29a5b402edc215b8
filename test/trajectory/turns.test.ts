/**
 * Turns on the record: segmentation on real oracle recordings of every generation,
 * rollbacks and unanswered tool outputs on hand-written files in the shapes of real
 * Codex Desktop / VS Code sessions (fixtures/turns/README.md).
 */
import { describe, expect, it } from 'vitest';
import { convert } from '../../src/convert/convert.js';
import { trajectoryRecordSchema, type TrajectoryRecord } from '../../src/trajectory/rl-schema.js';
import { createCollector, convertToRecords, listRolloutFiles, REPO_ROOT } from './convert-records.js';

const TURNS = 'fixtures/turns';
const EDIT_RESEND = `${TURNS}/rollout-2026-03-01T10-00-00-0a1b2c3d-0000-4000-8000-000000000001.jsonl`;
const UNDO = `${TURNS}/rollout-2026-03-01T11-00-00-0a1b2c3d-0000-4000-8000-000000000002.jsonl`;
const UNANSWERED = `${TURNS}/rollout-2026-03-01T12-00-00-0a1b2c3d-0000-4000-8000-000000000003.jsonl`;
const DEEP = `${TURNS}/rollout-2026-03-01T13-00-00-0a1b2c3d-0000-4000-8000-000000000004.jsonl`;

async function one(file: string, keepRolledBack = false): Promise<TrajectoryRecord> {
  const out = createCollector();
  await convert({ inputs: [file], format: 'jsonl', outDir: 'unused', stdout: out.stream, discover: { cwd: REPO_ROOT }, keepRolledBack }, () => {});
  const lines = out.text().split('\n').filter(Boolean);
  expect(lines).toHaveLength(1);
  return trajectoryRecordSchema.parse(JSON.parse(lines[0]!));
}

const totals = (record: TrajectoryRecord) => record.turns.map((turn) => turn.usage?.total_tokens ?? null);

/** Every record's invariants: turn_count, indices, steps pointing at a turn, outcome from the last turn. */
function expectConsistent(record: TrajectoryRecord): void {
  expect(record.turn_count).toBe(record.turns.length);
  record.turns.forEach((turn, index) => expect(turn.index).toBe(index));
  for (const step of record.trajectory) expect(step.turn).toBeLessThan(Math.max(1, record.turns.length));
  const steps = record.trajectory.map((step) => step.turn);
  expect(steps).toEqual([...steps].sort((a, b) => a - b));
  const live = record.turns.filter((turn) => !turn.rolled_back);
  if (live.length > 0) expect(record.outcome).toBe(live.at(-1)!.outcome);
  expect(record.success).toBe(record.outcome === 'completed');
}

describe('turns of real recordings', () => {
  it.each(['0.34.0', '0.47.0', '0.66.0', '0.100.0', '0.130.0', '0.169.0', '0.169.0+gpt-5.5'])(
    '%s multi-turn: a resumed session is one record with two turns, 4406 + 2740 tokens',
    async (label) => {
      const { records } = await convertToRecords(listRolloutFiles(`fixtures/oracle/${label}/multi-turn`));
      expect(records).toHaveLength(1);
      const record = records[0]!;
      expectConsistent(record);
      expect(record.turns.map((turn) => turn.outcome)).toEqual(['completed', 'completed']);
      expect(totals(record)).toEqual([4406, 2740]);
      expect(record.usage).toEqual({ input_tokens: 7050, cached_input_tokens: 3900, output_tokens: 96, reasoning_output_tokens: 16, total_tokens: 7146 });
      const users = record.trajectory.filter((step) => step.type === 'user_message');
      expect(users.map((step) => [step.content, step.turn])).toEqual([
        ['First: run `echo turn-one`.', 0],
        ['Second: now say goodbye.', 1],
      ]);
      expect(record.trajectory.at(-1)).toMatchObject({ type: 'assistant_message', turn: 1 });
    },
  );

  it('0.169 turns carry Codex turn ids and their own times', async () => {
    const { records } = await convertToRecords(listRolloutFiles('fixtures/oracle/0.169.0/multi-turn'));
    const [first, second] = records[0]!.turns;
    expect(first?.turn_id).toMatch(/^01a1fcc6-ddba-/);
    expect(second?.turn_id).toMatch(/^01a1fcc6-e19f-/);
    expect(first!.started_at! < first!.ended_at!).toBe(true);
    expect(first!.ended_at! <= second!.started_at!).toBe(true);
  });

  it('every oracle record is consistent (turn_count, indices, steps in turn order, outcome of the last turn)', async () => {
    const { records } = await convertToRecords(['fixtures/oracle']);
    expect(records.length).toBeGreaterThan(200);
    for (const record of records) expectConsistent(record);
  });
});

describe('rollbacks', () => {
  it('edit and resend: the aborted, rolled-back turn leaves the trajectory and the turns; no phantom turn', async () => {
    const record = await one(EDIT_RESEND);
    expectConsistent(record);
    expect(record.turns).toHaveLength(1);
    expect(record.turns[0]).toMatchObject({ index: 0, turn_id: 'turn-b', outcome: 'completed' });
    expect(record.prompt).toBe('Rename the helper to parseCliArgs.');
    expect(record.trajectory.map((step) => (step.type === 'context' ? step.kind : step.type))).toEqual([
      'permissions_instructions',
      'environment_context',
      'user_message',
      'reasoning',
      'assistant_message',
    ]);
    expect(record.final_response).toBe('Renamed it to parseCliArgs.');
    expect(record.outcome).toBe('completed');
    // The rolled-back turn's tokens were spent: the session usage keeps them, the turn has its own.
    expect(record.usage?.total_tokens).toBe(3040 + 3130);
    expect(totals(record)).toEqual([3130]);
  });

  it('edit and resend with keepRolledBack: both turns, the first and its steps marked', async () => {
    const record = await one(EDIT_RESEND, true);
    expectConsistent(record);
    expect(record.turns.map((turn) => [turn.turn_id, turn.outcome, turn.rolled_back ?? false])).toEqual([
      ['turn-a', 'aborted', true],
      ['turn-b', 'completed', false],
    ]);
    expect(record.trajectory.filter((step) => step.rolled_back).map((step) => (step.type === 'context' ? step.kind : step.type))).toEqual([
      'permissions_instructions',
      'environment_context',
      'user_message',
      'reasoning',
      'shell_command',
      'tool_output',
      'turn_aborted',
    ]);
    expect(record.trajectory.filter((step) => !step.rolled_back).every((step) => step.turn === 1)).toBe(true);
    // The prompt and final response are those of the turns that stand.
    expect(record.prompt).toBe('Rename the helper to parseCliArgs.');
    expect(record.outcome).toBe('completed');
  });

  it('undo of a completed turn: turns 1 and 3 remain, numbered 0 and 1', async () => {
    const record = await one(UNDO);
    expectConsistent(record);
    expect(record.turns.map((turn) => [turn.index, turn.turn_id])).toEqual([
      [0, 'turn-1'],
      [1, 'turn-3'],
    ]);
    expect(record.trajectory.filter((step) => step.type === 'user_message').map((step) => [step.content, step.turn])).toEqual([
      ['What does main.ts do?', 0],
      ['Explain main.ts in one line.', 1],
    ]);
    expect(record.final_response).toBe('main.ts boots the HTTP server.');
    expect(record.trajectory.some((step) => step.type === 'assistant_message' && step.content === 'Deleted main.ts.')).toBe(false);
  });

  it('thread events stay balanced: no turn.started without its end for a rollback', async () => {
    const out = createCollector();
    await convert({ inputs: [UNDO], format: 'thread-events', outDir: 'unused', stdout: out.stream, discover: { cwd: REPO_ROOT } }, () => {});
    const types = out.text().split('\n').filter(Boolean).map((line) => (JSON.parse(line) as { type: string }).type);
    expect(types.filter((type) => type === 'turn.started')).toHaveLength(3);
    expect(types.filter((type) => type === 'turn.completed')).toHaveLength(3);
  });

  it('a rollback deeper than the held turns keeps the turns whose steps were already written, marked', async () => {
    const record = await one(DEEP);
    expectConsistent(record);
    const kept = record.turns.map((turn) => [turn.turn_id, turn.rolled_back ?? false]);
    // Turns 1-2 were written before the rollback arrived (the newest 4 are held back).
    expect(kept).toEqual([
      ['turn-1', true],
      ['turn-2', true],
      ['turn-7', false],
    ]);
    expect(record.trajectory.filter((step) => step.type === 'user_message').map((step) => [step.content, step.turn])).toEqual([
      ['Question 1?', 0],
      ['Question 2?', 1],
      ['Question 7?', 2],
    ]);
    expect(record.prompt).toBe('Question 7?');
    expect(record.final_response).toBe('Answer 7.');
  });
});

describe('honest outcomes', () => {
  it('a turn ending on an unanswered tool output is incomplete, whatever task_complete says', async () => {
    const record = await one(UNANSWERED);
    expect(record.turns[0]).toMatchObject({ outcome: 'incomplete', error: null });
    expect(record.outcome).toBe('incomplete');
    expect(record.success).toBe(false);
    expect(record.final_response).toBeNull();
  });

  it('0.169 error: the failed turn carries task_complete.error, no usage', async () => {
    const { records } = await convertToRecords(listRolloutFiles('fixtures/oracle/0.169.0/error'));
    expect(records[0]?.turns).toMatchObject([{ outcome: 'failed', error: 'We’re currently experiencing high demand, which may cause temporary errors.', usage: null }]);
    expect(records[0]?.usage).toBeNull();
  });

  it('0.100 interrupted: aborted, with the usage of the response that completed', async () => {
    const { records } = await convertToRecords(listRolloutFiles('fixtures/oracle/0.100.0/interrupted'));
    expect(records[0]?.turns).toMatchObject([{ outcome: 'aborted', usage: { total_tokens: 2019 } }]);
  });
});

describe('async messages to the user (send_message_to_user_async)', () => {
  it('0.171: an assistant_message with delivery async, after its call, never the final response', async () => {
    const { records } = await convertToRecords(listRolloutFiles('fixtures/oracle-extra/0.171.0/async-user-msg'));
    const record = records[0]!;
    const types = record.trajectory.map((step) => (step.type === 'tool_call' ? `tool_call:${step.name}` : step.type));
    const at = types.indexOf('tool_call:send_message_to_user_async');
    expect(types.slice(at, at + 3)).toEqual(['tool_call:send_message_to_user_async', 'assistant_message', 'tool_output']);
    expect(record.trajectory[at + 1]).toMatchObject({
      content: '**Heads up:** the build script is missing; continuing without it.',
      delivery: 'async',
      call_id: 'call_asyncusermsg_1',
    });
    expect(record.final_response).toBe('Finished; see the note above about the build script.');
    expect(record.outcome).toBe('completed');
  });

  it('0.169 did not deliver it ("unsupported call"): no assistant message for it', async () => {
    const { records } = await convertToRecords(listRolloutFiles('fixtures/oracle-extra/0.169.0/async-user-msg'));
    expect(records[0]!.trajectory.filter((step) => step.type === 'assistant_message').map((step) => step.content)).toEqual([
      'Finished; see the note above about the build script.',
    ]);
  });
});
