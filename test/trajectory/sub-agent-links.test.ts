/**
 * Multi-agent calls stay tool calls, linked to the sessions of the sub-agents they concern
 * (`agent_session_ids`). Fixtures: the oracle's real 0.169 / 0.171 code-mode sub-agent
 * recordings (`SubAgentActivity` items naming the spawn call) and
 * `fixtures/graph/desktop-subagent-calls` (Desktop's `sub_agent_activity` notes, which name
 * no call, and targets by relative and absolute path).
 */
import { describe, expect, it } from 'vitest';
import type { TrajectoryRecord, TrajectoryStep } from '../../src/trajectory/rl-schema.js';
import { convertToRecords } from './convert-records.js';

type ToolCall = Extract<TrajectoryStep, { type: 'tool_call' }>;

function toolCalls(record: TrajectoryRecord): ToolCall[] {
  return record.trajectory.filter((step): step is ToolCall => step.type === 'tool_call');
}

describe('oracle code-mode sub-agent recordings', () => {
  it.each(['0.169.0', '0.171.0'])("%s: the spawn call names the child's session id, the bare wait names none", async (label) => {
    const { records, issues } = await convertToRecords([`fixtures/oracle-extra/${label}/subagent`]);
    expect(issues).toEqual([]);
    const root = records.find((record) => record.agent.role === 'main')!;
    const child = records.find((record) => record.agent.role === 'subagent')!;
    const [spawn, wait] = toolCalls(root);
    expect(spawn).toMatchObject({ name: 'spawn_agent', namespace: 'collaboration', call_id: 'call_subagent_1', agent_session_ids: [child.session_id] });
    // wait_agent takes no target, and its output ("Wait completed.") names no child.
    expect(wait).toMatchObject({ name: 'wait_agent', call_id: 'call_subagent_2' });
    expect(wait).not.toHaveProperty('agent_session_ids');
    // The child's own calls are not multi-agent calls.
    expect(toolCalls(child).every((call) => call.agent_session_ids === undefined)).toBe(true);
  });
});

describe('Desktop sub_agent_activity notes', () => {
  const PARENT = '019e1b20-3333-7c00-8000-00000000a003';
  const CHILD = '019e1b20-4444-7d00-8000-00000000c004';

  it('links spawn, follow-up, send and close to the child; the bare wait stays unlinked', async () => {
    const { records, issues } = await convertToRecords(['fixtures/graph/desktop-subagent-calls']);
    expect(issues).toEqual([]);
    const parent = records.find((record) => record.session_id === PARENT)!;
    const child = records.find((record) => record.session_id === CHILD)!;
    expect(child).toMatchObject({ parent_session_id: PARENT, agent: { role: 'subagent', path: '/root/reviewer' } });
    const links = toolCalls(parent).map((call) => [call.name, call.agent_session_ids ?? null]);
    expect(links).toEqual([
      ['spawn_agent', [CHILD]],
      ['followup_task', [CHILD]],
      ['send_message', [CHILD]],
      ['wait_agent', null],
      ['close_agent', [CHILD]],
    ]);
  });
});
