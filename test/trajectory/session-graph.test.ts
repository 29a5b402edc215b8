/**
 * The session graph: forks and sub-agents link to their parent, and a fork's copy of its
 * parent's history stays in the parent's record only. Fixtures: the oracle's real 0.169 /
 * 0.171 fork and sub-agent recordings, and `fixtures/graph/desktop-forked-subagent` (a
 * Desktop 0.144 forked sub-agent whose file copies the parent's three turns, a rollback
 * included, and ends inside the parent's open turn; see fixtures/graph/README.md).
 */
import { describe, expect, it } from 'vitest';
import type { TrajectoryRecord } from '../../src/trajectory/rl-schema.js';
import { convert } from '../../src/convert/convert.js';
import { trajectoryRecordSchema } from '../../src/trajectory/rl-schema.js';
import { convertToRecords, createCollector, REPO_ROOT } from './convert-records.js';
import { findRepeatedSteps } from './step-identity.js';

/** Records of a run with --keep-copied. */
async function convertKeepingCopies(inputs: string[]): Promise<TrajectoryRecord[]> {
  const out = createCollector();
  await convert({ inputs, format: 'jsonl', outDir: 'unused', stdout: out.stream, discover: { cwd: REPO_ROOT }, keepCopied: true });
  return out
    .text()
    .split('\n')
    .filter(Boolean)
    .map((line) => trajectoryRecordSchema.parse(JSON.parse(line)));
}

const DESKTOP = 'fixtures/graph/desktop-forked-subagent';
const PARENT = '019e0a10-1111-7a00-8000-00000000a001';
const CHILD = '019e0a10-2222-7b00-8000-00000000c002';

function byId(records: TrajectoryRecord[], id: string): TrajectoryRecord {
  const record = records.find((candidate) => candidate.session_id === id);
  if (!record) throw new Error(`no record ${id}`);
  return record;
}

describe('Desktop forked sub-agent (copied parent history)', () => {
  it('links the child to its parent and gives it its own task as prompt', async () => {
    const { records, issues } = await convertToRecords([DESKTOP]);
    expect(issues).toEqual([]);
    const parent = byId(records, PARENT);
    const child = byId(records, CHILD);
    expect(parent).toMatchObject({ agent: { role: 'main' }, forked_from: null, parent_session_id: null });
    expect(child).toMatchObject({
      agent: { role: 'subagent', nickname: 'Noether', path: null, depth: 1 },
      forked_from: { session_id: PARENT, turn_index: null },
      parent_session_id: PARENT,
      prompt: 'Audit health.py read-only and report any problem. Do not edit files.',
      final_response: 'health.py returns "ok" and has no problem.',
    });
  });

  it('leaves the copied turns, their steps and their tokens out of the child', async () => {
    const { records } = await convertToRecords([DESKTOP]);
    const child = byId(records, CHILD);
    expect(child.turns.map((turn) => turn.turn_id)).toEqual(['019e0a10-2222-7b01-8000-0000000000c1']);
    expect(child.trajectory.map((step) => step.type)).toEqual(['user_message', 'reasoning', 'shell_command', 'tool_output', 'assistant_message']);
    // Its own two responses of 600 input tokens each; the copy repeated the parent's 4000.
    expect(child.usage).toEqual({ input_tokens: 1200, cached_input_tokens: 0, output_tokens: 120, reasoning_output_tokens: 0, total_tokens: 1320 });
    // The parent keeps its history once: turn 2 was rolled back.
    const parent = byId(records, PARENT);
    expect(parent.prompt).toBe('List the files of the shop service.');
    expect(parent.turn_count).toBe(2);
    expect(findRepeatedSteps(records)).toEqual([]);
  });
});

describe('--keep-copied', () => {
  it("keeps the child's copy of its parent's history, every copied step and turn marked", async () => {
    const kept = byId(await convertKeepingCopies([DESKTOP]), CHILD);
    const plain = byId((await convertToRecords([DESKTOP])).records, CHILD);
    const copied = kept.trajectory.filter((step) => step.is_copied_context === true);
    const own = kept.trajectory.filter((step) => step.is_copied_context === undefined);
    expect(copied.length).toBeGreaterThan(0);
    // The copy comes first, then the child's own steps, exactly those of a run without the flag.
    expect(kept.trajectory.slice(0, copied.length)).toEqual(copied);
    expect(own.map(({ turn: _turn, ...step }) => step)).toEqual(plain.trajectory.map(({ turn: _turn, ...step }) => step));
    // The parent's first prompt is among the copied steps; the child's prompt is still its own task.
    expect(copied).toContainEqual(expect.objectContaining({ type: 'user_message', content: 'List the files of the shop service.' }));
    expect(kept.prompt).toBe(plain.prompt);
    expect(kept.final_response).toBe(plain.final_response);
    // The copied turns stand (the rolled-back one still left out), marked, their tokens the parent's.
    const copiedTurns = kept.turns.filter((turn) => turn.is_copied_context === true);
    expect(copiedTurns.length).toBeGreaterThan(0);
    for (const turn of copiedTurns) expect(turn.usage).toBeNull();
    expect(kept.turns.filter((turn) => turn.is_copied_context === undefined).map((turn) => turn.turn_id)).toEqual(plain.turns.map((turn) => turn.turn_id));
    expect(kept.usage).toEqual(plain.usage);
    for (const step of kept.trajectory) expect(kept.turns[step.turn], JSON.stringify(step)).toBeDefined();
  });

  it('changes nothing where nothing was copied', async () => {
    const inputs = ['fixtures/oracle-extra/0.169.0/fork', 'fixtures/oracle/0.130.0/multi-turn'];
    expect(await convertKeepingCopies(inputs)).toEqual((await convertToRecords(inputs)).records);
  });
});

describe('oracle fork and sub-agent recordings', () => {
  it.each(['0.169.0', '0.171.0'])('%s exec fork: forked_from names the parent, nothing is copied', async (label) => {
    const { records } = await convertToRecords([`fixtures/oracle-extra/${label}/fork`]);
    expect(records).toHaveLength(2);
    const [root, fork] = [...records].sort((a, b) => Number(a.forked_from !== null) - Number(b.forked_from !== null));
    expect(root!.forked_from).toBeNull();
    expect(fork!.forked_from).toEqual({ session_id: root!.session_id, turn_index: null });
    expect(fork!.prompt).toBe('Forked: say that you are the fork, nothing else.');
    expect(findRepeatedSteps(records)).toEqual([]);
  });

  it.each(['0.169.0', '0.171.0'])('%s code-mode sub-agent: agent and parent_session_id from thread_spawn', async (label) => {
    const { records } = await convertToRecords([`fixtures/oracle-extra/${label}/subagent`]);
    expect(records).toHaveLength(2);
    const root = records.find((record) => record.agent.role === 'main')!;
    const child = records.find((record) => record.agent.role === 'subagent')!;
    expect(root.parent_session_id).toBeNull();
    expect(child).toMatchObject({ parent_session_id: root.session_id, agent: { role: 'subagent', nickname: expect.any(String), path: '/root/helper', depth: 1 } });
    // The child's own id, though its header's session_id names the root.
    expect(child.session_id).not.toBe(root.session_id);
    // Its task is an inter-agent message from /root (payload encrypted: the plain header is its prompt);
    // the parent receives the child's answer where Codex put it in the parent's history.
    expect(child.trajectory.find((step) => step.type !== 'context')).toMatchObject({ type: 'inter_agent_message', author: '/root', recipient: '/root/helper', encrypted: true });
    expect(child.prompt).toMatch(/^Message Type: NEW_TASK\n/);
    expect(root.trajectory).toContainEqual(expect.objectContaining({ type: 'inter_agent_message', author: '/root/helper', recipient: '/root', content: expect.stringContaining('child-ran') }));
  });
});

describe('whole tree', () => {
  it('the oracle corpus, its extra cases and the graph fixtures never yield a step twice', async () => {
    const { records, report } = await convertToRecords(['fixtures/oracle', 'fixtures/oracle-extra', 'fixtures/graph']);
    expect(report.failedFiles).toEqual([]);
    expect(records.length).toBeGreaterThan(200);
    expect(findRepeatedSteps(records)).toEqual([]);
  });
});
