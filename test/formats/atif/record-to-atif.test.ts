/**
 * The pure mapping on small hand-made records: the cases the corpus does not hold
 * (arguments that are not a JSON object, an output without its call, a call id used
 * twice, copied context, subagent references, a session without steps), and the text
 * the sink writes, which must be exactly `JSON.stringify(document, null, 2)`.
 */
import { describe, expect, it } from 'vitest';
import { createSchemaValidators } from '../../../src/check/schema-validators.js';
import { toAtifArguments } from '../../../src/formats/atif/atif-arguments.js';
import { checkAtifRules } from '../../../src/formats/atif/atif-rules.js';
import { assembleAtifText, encodeAtifStep } from '../../../src/formats/atif/atif-text.js';
import { recordToAtif } from '../../../src/formats/atif/record-to-atif.js';
import type { AtifTrajectory } from '../../../src/trajectory/atif-schema.js';
import type { TrajectoryRecord, TrajectoryStep } from '../../../src/trajectory/rl-schema.js';

const T = '2026-01-02T03:04:05.678Z';
const usage = { input_tokens: 100, cached_input_tokens: 40, output_tokens: 20, reasoning_output_tokens: 5, total_tokens: 120 };

function record(trajectory: TrajectoryStep[], overrides: Partial<TrajectoryRecord> = {}): TrajectoryRecord {
  return {
    session_id: 's-1',
    model: 'gpt-5',
    cwd: '/w',
    prompt: 'do it',
    system_instructions: 'You are Codex.',
    trajectory,
    final_response: 'done',
    success: true,
    source_path: 'rollout.jsonl',
    raw_item_count: 9,
    outcome: 'completed',
    error: null,
    cli_version: '0.130.0',
    originator: 'codex_exec',
    started_at: T,
    turn_count: 1,
    usage,
    turns: [{ index: 0, turn_id: null, started_at: T, ended_at: T, outcome: 'completed', error: null, usage }],
    tools: null,
    forked_from: null,
    parent_session_id: null,
    agent: { role: 'main' },
    imported_from: null,
    ...overrides,
  };
}

const user = (content: string, turn = 0): Extract<TrajectoryStep, { type: 'user_message' }> => ({ type: 'user_message', content, timestamp: T, turn });
const call = (id: string | null, args: string | null, name = 'shell'): TrajectoryStep => ({ type: 'tool_call', name, arguments: args, call_id: id, timestamp: T, turn: 0 });
const output = (id: string, text: string): TrajectoryStep => ({ type: 'tool_output', call_id: id, output: text, timestamp: T, turn: 0 });
const say = (content: string): Extract<TrajectoryStep, { type: 'assistant_message' }> => ({ type: 'assistant_message', content, timestamp: T, turn: 0 });

function valid(trajectory: AtifTrajectory): void {
  expect(createSchemaValidators()('atif')(trajectory)).toEqual([]);
  expect(checkAtifRules(trajectory)).toEqual([]);
}

describe('recordToAtif', () => {
  it('maps a session to system, user and agent steps with linked observations and metrics', () => {
    const atif = recordToAtif(record([user('do it'), { type: 'reasoning', content: 'think', timestamp: T, turn: 0 }, call('c1', '{"cmd":"ls"}'), output('c1', 'a.txt'), say('done')]));
    valid(atif);
    expect(atif.steps).toEqual([
      { step_id: 1, timestamp: T, source: 'system', message: 'You are Codex.', extra: { context_kind: 'system_instructions' } },
      { step_id: 2, timestamp: T, source: 'user', message: 'do it' },
      {
        step_id: 3,
        timestamp: T,
        source: 'agent',
        message: '',
        reasoning_content: 'think',
        tool_calls: [{ tool_call_id: 'c1', function_name: 'shell', arguments: { cmd: 'ls' } }],
        observation: { results: [{ source_call_id: 'c1', content: 'a.txt' }] },
      },
      {
        step_id: 4,
        timestamp: T,
        source: 'agent',
        message: 'done',
        metrics: { prompt_tokens: 100, completion_tokens: 20, cached_tokens: 40, extra: { reasoning_tokens: 5, usage_of: 'turn', turn: 0, agent_steps: 2 } },
      },
    ]);
    expect(atif.agent).toEqual({ name: 'codex', version: '0.130.0', model_name: 'gpt-5', extra: { originator: 'codex_exec' } });
    expect(atif.final_metrics).toEqual({ total_prompt_tokens: 100, total_completion_tokens: 20, total_cached_tokens: 40, total_steps: 4, extra: { total_reasoning_tokens: 5, total_tokens: 120 } });
  });

  it('takes arguments as an object or a JSON string, and keeps anything else whole as {input}', () => {
    expect(toAtifArguments({ a: 1 })).toEqual({ arguments: { a: 1 }, form: 'object' });
    expect(toAtifArguments('{"a":1}')).toEqual({ arguments: { a: 1 }, form: 'object' });
    expect(toAtifArguments('*** Begin Patch')).toEqual({ arguments: { input: '*** Begin Patch' }, form: 'text' });
    expect(toAtifArguments('[1,2]')).toEqual({ arguments: { input: '[1,2]' }, form: 'text' });
    expect(toAtifArguments('{"a":')).toEqual({ arguments: { input: '{"a":' }, form: 'text' });
    expect(toAtifArguments(['x'])).toEqual({ arguments: { input: '["x"]' }, form: 'text' });
    expect(toAtifArguments(null)).toEqual({ arguments: {}, form: 'object' });
    const deep = `${'{"a":'.repeat(1001)}1${'}'.repeat(1001)}`;
    expect(toAtifArguments(deep)).toEqual({ arguments: { input: deep }, form: 'text' });
    const atif = recordToAtif(record([user('x'), call('c1', '*** Begin Patch', 'apply_patch')]));
    expect(atif.steps[2]!.tool_calls).toEqual([{ tool_call_id: 'c1', function_name: 'apply_patch', arguments: { input: '*** Begin Patch' }, extra: { arguments_form: 'text' } }]);
  });

  it('gives an output without its call a system step of its own, unlinked, keeping the call id', () => {
    const atif = recordToAtif(record([user('x'), output('gone', 'late output')]));
    valid(atif);
    expect(atif.steps[2]).toEqual({ step_id: 3, timestamp: T, source: 'system', message: '', observation: { results: [{ content: 'late output', extra: { call_id: 'gone' } }] }, extra: { rollout_step: 'tool_output_without_call' } });
  });

  it('starts a new agent step when a call id repeats, and synthesizes an id for a call without one', () => {
    const atif = recordToAtif(record([user('x'), call('c1', '{}'), call('c1', '{}'), call(null, '{}')], { turns: [] }));
    valid(atif);
    expect(atif.steps.filter((s) => s.source === 'agent').map((s) => s.tool_calls!.map((c) => c.tool_call_id))).toEqual([['c1'], ['c1', 'rollout-kit-call-4-2']]);
    expect(atif.steps[3]!.tool_calls![1]!.extra).toEqual({ call_id_synthesized: true });
  });

  it('marks steps copied from a forked session (is_copied_context) and keeps them apart from new ones', () => {
    const copied: TrajectoryStep = Object.assign(user('old prompt'), { is_copied_context: true });
    const copiedAnswer: TrajectoryStep = Object.assign(say('old answer'), { is_copied_context: true });
    const atif = recordToAtif(record([copied, copiedAnswer, say('new answer')]));
    valid(atif);
    expect(atif.steps.map((s) => [s.source, s.message, s.is_copied_context])).toEqual([
      ['system', 'You are Codex.', undefined],
      ['user', 'old prompt', true],
      ['agent', 'old answer', true],
      ['agent', 'new answer', undefined],
    ]);
  });

  it('references subagent trajectories through the hook, and records a parent session', () => {
    const withParent = { ...record([user('x'), call('spawn-1', '{"task":"y"}', 'spawn_agent'), output('spawn-1', '{"agent_id":"child"}')]), parent_session_id: 'root' } as TrajectoryRecord;
    const atif = recordToAtif(withParent, { subagentRefs: (id) => (id === 'spawn-1' ? [{ trajectory_path: 'child.atif.json', session_id: 'child' }] : undefined) });
    valid(atif);
    expect(atif.steps[2]!.observation!.results[0]!.subagent_trajectory_ref).toEqual([{ trajectory_path: 'child.atif.json', session_id: 'child' }]);
    expect(atif.extra).toMatchObject({ parent_session_id: 'root', agent: { role: 'main' } });
    expect(atif.extra).not.toHaveProperty('forked_from');
  });

  it("by default references a spawn call's children by their ATIF files; other multi-agent calls keep their links in extra", () => {
    const linked = (id: string, name: string, sessions: string[]): TrajectoryStep => ({ ...(call(id, '{"target":"helper"}', name) as Extract<TrajectoryStep, { type: 'tool_call' }>), agent_session_ids: sessions });
    const atif = recordToAtif(record([user('x'), linked('spawn-1', 'spawn_agent', ['child:1']), output('spawn-1', '{"task_name":"/root/helper"}'), linked('send-1', 'send_message', ['child:1']), output('send-1', '{}')]));
    valid(atif);
    const results = atif.steps.flatMap((step) => step.observation?.results ?? []);
    // The file name is made filesystem-safe as --format atif writes it.
    expect(results[0]!.subagent_trajectory_ref).toEqual([{ session_id: 'child:1', trajectory_path: 'child_1.atif.json' }]);
    expect(results[1]).not.toHaveProperty('subagent_trajectory_ref');
    const calls = atif.steps.flatMap((step) => step.tool_calls ?? []);
    expect(calls.map((toolCall) => toolCall.extra?.agent_session_ids)).toEqual([['child:1'], ['child:1']]);
  });

  it('records the session a fork came from, and the sub-agent it is', () => {
    const agent = { role: 'subagent' as const, nickname: 'Meitner', path: '/root/helper', depth: 1 };
    const atif = recordToAtif(record([user('x')], { forked_from: { session_id: 'root', turn_index: 2 }, agent }));
    valid(atif);
    expect(atif.extra).toMatchObject({ forked_from: { session_id: 'root', turn_index: 2 }, agent });
    expect(atif.extra).not.toHaveProperty('parent_session_id');
  });

  it('maps context, compaction and images, and a session without steps to one empty system step', () => {
    const atif = recordToAtif(
      record([
        { type: 'context', role: 'developer', kind: 'permissions_instructions', content: '<p/>', timestamp: T, turn: 0 },
        { type: 'context', role: 'user', kind: 'environment_context', content: '<e/>', timestamp: 'not a time', turn: 0 },
        { ...user('look'), images: ['data:image/png;base64,AA=='] },
        { type: 'compaction', summary: 'short', timestamp: T, turn: 0 },
      ]),
    );
    valid(atif);
    expect(atif.steps.slice(1)).toEqual([
      { step_id: 2, timestamp: T, source: 'system', message: '<p/>', extra: { context_kind: 'permissions_instructions' } },
      { step_id: 3, source: 'user', message: '<e/>', extra: { context_kind: 'environment_context' } },
      { step_id: 4, timestamp: T, source: 'user', message: 'look', extra: { images: ['data:image/png;base64,AA=='] } },
      { step_id: 5, timestamp: T, source: 'system', message: '', observation: { results: [{ content: 'short' }] }, extra: { context_management: { type: 'compaction', boundary: 'replace' } } },
    ]);
    const empty = recordToAtif(record([], { system_instructions: null, usage: null, turns: [] }));
    valid(empty);
    expect(empty.steps).toEqual([{ step_id: 1, source: 'system', message: '', extra: { empty_session: true } }]);
    expect(empty.final_metrics).toEqual({ total_steps: 1 });
  });

  it('maps tool definitions to the OpenAI function-calling shape', () => {
    const atif = recordToAtif(
      record([], {
        tools: [
          { namespace: null, name: 'exec_command', type: 'function', description: 'Run', parameters: '{"type":"object"}' },
          { namespace: 'functions', name: 'apply_patch', type: 'custom', description: null, parameters: '{"type":"grammar"}' },
        ],
      }),
    );
    expect(atif.agent.tool_definitions).toEqual([
      { type: 'function', function: { name: 'exec_command', description: 'Run', parameters: { type: 'object' } } },
      { type: 'custom', custom: { name: 'apply_patch', format: { type: 'grammar' } }, namespace: 'functions' },
    ]);
  });
});

describe('the ATIF text', () => {
  it('is exactly JSON.stringify(document, null, 2) and a newline', () => {
    const atif = recordToAtif(record([user('do "it"\n'), call('c1', '{"cmd":"ls"}'), output('c1', 'ü\u2028'), say('done')]));
    const { steps, ...document } = atif;
    expect(assembleAtifText(document, steps.map(encodeAtifStep)).join('')).toBe(`${JSON.stringify(atif, null, 2)}\n`);
  });

  it('refuses a step that is not ATIF (a mapping bug)', () => {
    expect(() => encodeAtifStep({ step_id: 0, source: 'agent', message: '' })).toThrow(/does not fit/);
  });
});
