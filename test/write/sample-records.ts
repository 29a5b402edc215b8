/**
 * Hand-built trajectory records for the sink tests: every step type, every
 * extension field, and strings that stress JSON escaping.
 */
import {
  assembleRecord,
  type SessionSummary,
  type TrajectoryRecord,
  type TrajectoryStep,
} from '../../src/trajectory/rl-schema.js';
import type { RecordSink } from '../../src/write/sink.js';

export type SampleSession = { summary: SessionSummary; steps: TrajectoryStep[] };

export function makeSummary(sessionId: string, overrides: Partial<SessionSummary> = {}): SessionSummary {
  return {
    session_id: sessionId,
    model: 'gpt-5-codex',
    cwd: '/home/dev/project',
    prompt: 'List the files',
    system_instructions: 'You are Codex.',
    final_response: 'Done.',
    success: true,
    source_path: `sessions/rollout-${sessionId}.jsonl`,
    raw_item_count: 12,
    outcome: 'completed',
    error: null,
    cli_version: '0.169.0',
    originator: 'codex_exec',
    started_at: '2026-01-02T03:04:05.000Z',
    turn_count: 1,
    usage: { input_tokens: 1200, cached_input_tokens: 800, output_tokens: 90, reasoning_output_tokens: 40, total_tokens: 1290 },
    turns: [
      {
        index: 0,
        turn_id: 'turn-1',
        started_at: '2026-01-02T03:04:05.500Z',
        ended_at: '2026-01-02T03:04:09.000Z',
        outcome: 'completed',
        error: null,
        usage: { input_tokens: 1200, cached_input_tokens: 800, output_tokens: 90, reasoning_output_tokens: 40, total_tokens: 1290 },
      },
    ],
    tools: null,
    forked_from: null,
    parent_session_id: null,
    agent: { role: 'main' },
    imported_from: null,
    ...overrides,
  };
}

/** One of each step type, with optional extensions both present and absent. */
export function makeSteps(tag = ''): TrajectoryStep[] {
  const ts = '2026-01-02T03:04:06.000Z';
  return [
    { type: 'user_message', content: `List the files${tag}`, timestamp: ts, turn: 0 },
    { type: 'user_message', content: 'and this picture', timestamp: ts, images: ['data:image/png;base64,AAAA'], turn: 0 },
    { type: 'reasoning', content: 'I should run ls.\nThen answer.', timestamp: null, turn: 0 },
    { type: 'assistant_message', content: 'Running ls', timestamp: ts, phase: 'commentary', turn: 0 },
    {
      type: 'shell_command',
      command: ['bash', '-lc', 'ls -la'],
      call_id: 'call_1',
      timestamp: ts,
      name: 'shell',
      arguments: JSON.stringify({ command: ['bash', '-lc', 'ls -la'], workdir: '/tmp' }),
      workdir: '/tmp',
      turn: 0,
    },
    { type: 'tool_output', call_id: 'call_1', output: 'a.txt\nb.txt\n', timestamp: ts, exit_code: 0, turn: 0 },
    { type: 'tool_call', name: 'view_image', arguments: 'not json {', call_id: null, timestamp: ts, turn: 0 },
    { type: 'tool_call', name: 'search', arguments: '{"q": "x", "n": 3, "deep": [1, {"a": null}]}', call_id: 'call_2', timestamp: ts, namespace: 'mcp__tiny__', turn: 0 },
    { type: 'tool_output', call_id: 'call_2', output: 'üñí "quoted" \u2028 \t 😀', timestamp: null, exit_code: null, images: ['https://x/y.png'], turn: 0 },
    { type: 'assistant_message', content: `Done.${tag}`, timestamp: ts, turn: 0 },
  ];
}

export function makeSession(sessionId: string, tag = '', overrides: Partial<SessionSummary> = {}): SampleSession {
  return { summary: makeSummary(sessionId, overrides), steps: makeSteps(tag) };
}

export function toRecord(session: SampleSession): TrajectoryRecord {
  return assembleRecord(session.summary, session.steps);
}

/** Streams sessions through a sink one after another, as the pipeline does. */
export async function writeSessions(sink: RecordSink, sessions: SampleSession[]): Promise<void> {
  for (const session of sessions) {
    const writer = sink.beginSession();
    for (const step of session.steps) await writer.writeStep(step);
    await writer.end(session.summary);
  }
}
