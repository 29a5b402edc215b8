/**
 * What the model saw besides the user's words: developer messages and injected
 * user-role context as `context` steps, compactions as `compaction` steps, on real
 * oracle recordings (research note Q3).
 */
import { describe, expect, it } from 'vitest';
import type { TrajectoryRecord } from '../../src/trajectory/rl-schema.js';
import { convertToRecords, listRolloutFiles } from './convert-records.js';

async function record(dir: string): Promise<TrajectoryRecord> {
  const { records, issues } = await convertToRecords(listRolloutFiles(dir));
  expect(issues).toEqual([]);
  return records[0]!;
}

const kinds = (r: TrajectoryRecord) => r.trajectory.flatMap((step) => (step.type === 'context' ? [`${step.role}:${step.kind}@${step.turn}`] : []));

describe('context steps', () => {
  it('0.169 code mode: the base instructions repeated as a developer message, each bundled block, the environment', async () => {
    const r = await record('fixtures/oracle/0.169.0/message');
    expect(kinds(r)).toEqual([
      'developer:base_instructions@0',
      'developer:skills_instructions@0',
      'developer:permissions_instructions@0',
      'developer:collaboration_mode@0',
      'developer:multi_agent_role@0',
      'developer:multi_agent_mode@0',
      'user:environment_context@0',
    ]);
    const base = r.trajectory.find((step) => step.type === 'context' && step.kind === 'base_instructions');
    expect(base).toMatchObject({ content: r.system_instructions });
  });

  it('0.169 direct tools: skills, permissions and the deferred tools note, then the environment', async () => {
    expect(kinds(await record('fixtures/oracle/0.169.0+gpt-5.5/message'))).toEqual([
      'developer:skills_instructions@0',
      'developer:permissions_instructions@0',
      'developer:tools@0',
      'user:environment_context@0',
    ]);
  });

  it('0.100: AGENTS.md and the environment are re-sent before each turn, and belong to it', async () => {
    expect(kinds(await record('fixtures/oracle/0.100.0/multi-turn'))).toEqual([
      'developer:permissions_instructions@0',
      'user:agents_md@0',
      'user:environment_context@0',
      'developer:permissions_instructions@1',
      'user:agents_md@1',
      'user:environment_context@1',
    ]);
  });

  it('context is never a prompt or a user message', async () => {
    const r = await record('fixtures/oracle/0.100.0/message');
    expect(r.prompt).not.toMatch(/^(# AGENTS\.md|<)/);
    expect(r.trajectory.filter((step) => step.type === 'user_message')).toHaveLength(1);
  });
});

describe('compaction steps', () => {
  const summary = 'Summary: the user asked to run `echo compact-me`; it printed compact-me. Next: finish.';

  it('0.169 code mode: one compaction step with the summary where it happened; the summary is not an assistant message', async () => {
    const r = await record('fixtures/oracle/0.169.0/compact');
    const types = r.trajectory.map((step) => step.type).filter((type) => type !== 'context');
    // The exec call, the shell command run inside it (shell_command + tool_output), the exec output.
    expect(types).toEqual(['user_message', 'reasoning', 'tool_call', 'shell_command', 'tool_output', 'tool_output', 'compaction', 'assistant_message']);
    const step = r.trajectory.find((s) => s.type === 'compaction');
    // 0.66+ keep Codex's preamble ("Another language model started to solve this problem ...") before the summary: the model saw both.
    expect(step?.type === 'compaction' && step.summary?.endsWith(summary)).toBe(true);
    expect(step).toMatchObject({ replacement_item_count: 8, turn: 0 });
    expect(r.final_response).toBe('Finished after compaction.');
    expect(r.trajectory.some((step) => step.type === 'assistant_message' && step.content === summary)).toBe(false);
  });

  it.each([
    ['0.40.0', undefined],
    ['0.100.0', undefined],
    ['0.130.0', 4],
  ])('%s: the compacted summary, replacement history size %s', async (label, count) => {
    const r = await record(`fixtures/oracle/${label}/compact`);
    const steps = r.trajectory.filter((step) => step.type === 'compaction');
    expect(steps).toHaveLength(1);
    expect(steps[0]?.type === 'compaction' && steps[0].summary?.endsWith(summary)).toBe(true);
    expect(steps[0]?.type === 'compaction' ? steps[0].replacement_item_count : null).toBe(count);
  });
});

describe('tool definitions', () => {
  it('0.169 code mode: the additional_tools namespaces, flattened (functions 4, clock 1, collaboration 6)', async () => {
    const r = await record('fixtures/oracle/0.169.0/message');
    const byNamespace = new Map<string, number>();
    for (const tool of r.tools ?? []) byNamespace.set(tool.namespace ?? '', (byNamespace.get(tool.namespace ?? '') ?? 0) + 1);
    expect(Object.fromEntries(byNamespace)).toEqual({ functions: 4, clock: 1, collaboration: 6 });
    // parameters: the schema (or grammar) as JSON text, one type in every row.
    expect(r.tools?.[0]).toMatchObject({ namespace: 'functions', name: 'exec', type: 'custom' });
    expect(JSON.parse(r.tools?.[0]?.parameters ?? 'null')).toMatchObject({ type: 'grammar' });
    expect(JSON.parse(r.tools?.find((tool) => tool.name === 'wait_agent')?.parameters ?? 'null')).toMatchObject({ type: 'object' });
  });

  it('direct tools and older versions persist no definitions: null', async () => {
    expect((await record('fixtures/oracle/0.169.0+gpt-5.5/message')).tools).toBeNull();
    expect((await record('fixtures/oracle/0.130.0/message')).tools).toBeNull();
  });
});
