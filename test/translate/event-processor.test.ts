// The 20 upstream tests of EventProcessorWithJsonOutput (codex-rs/exec/tests), one `it` per
// Rust #[test] with the same name, inputs and expectations. Expectations are written as the
// JSON lines `codex exec --json` prints, and every output is also checked against the schema.
import { describe, expect, it } from 'vitest';
import type { EventMsg } from '../../src/codex/event-msg.js';
import { EventProcessor } from '../../src/translate/event-processor.js';
import { serializeThreadEvent } from '../../src/translate/thread-event-json.js';
import { threadEventSchema, type ThreadEvent } from '../../src/translate/thread-events.js';

/** Process one event and return the exec lines it prints (schema-checked). */
function linesFor(ep: EventProcessor, msg: EventMsg): string[] {
  const events = ep.process(msg);
  for (const event of events) expect(threadEventSchema.parse(event)).toEqual(event);
  return events.map(serializeThreadEvent);
}

function onlyEvent(events: ThreadEvent[]): ThreadEvent {
  expect(events).toHaveLength(1);
  const [event] = events;
  if (!event) throw new Error('no event');
  return event;
}

const taskComplete = (last: string | null = null): EventMsg => ({ type: 'task_complete', last_agent_message: last });

describe('EventProcessor (upstream exec tests)', () => {
  it('session_configured_produces_thread_started_event', () => {
    const ep = new EventProcessor();
    const out = linesFor(ep, {
      type: 'session_configured',
      session_id: '67e55044-10b1-426f-9247-bb680e5fe0c8',
      model: 'codex-mini-latest',
    });
    expect(out).toEqual(['{"type":"thread.started","thread_id":"67e55044-10b1-426f-9247-bb680e5fe0c8"}']);
  });

  it('task_started_produces_turn_started_event', () => {
    const ep = new EventProcessor();
    expect(linesFor(ep, { type: 'task_started', model_context_window: 32_000 })).toEqual(['{"type":"turn.started"}']);
  });

  it('web_search_end_emits_item_completed', () => {
    const ep = new EventProcessor();
    const out = linesFor(ep, { type: 'web_search_end', call_id: 'call-123', query: 'rust async await' });
    expect(out).toEqual(['{"type":"item.completed","item":{"id":"item_0","type":"web_search","query":"rust async await"}}']);
  });

  it('plan_update_emits_todo_list_started_updated_and_completed', () => {
    const ep = new EventProcessor();
    const first = linesFor(ep, {
      type: 'plan_update',
      explanation: null,
      plan: [
        { step: 'step one', status: 'pending' },
        { step: 'step two', status: 'in_progress' },
      ],
    });
    expect(first).toEqual([
      '{"type":"item.started","item":{"id":"item_0","type":"todo_list","items":[{"text":"step one","completed":false},{"text":"step two","completed":false}]}}',
    ]);
    const second = linesFor(ep, {
      type: 'plan_update',
      explanation: null,
      plan: [
        { step: 'step one', status: 'completed' },
        { step: 'step two', status: 'in_progress' },
      ],
    });
    expect(second).toEqual([
      '{"type":"item.updated","item":{"id":"item_0","type":"todo_list","items":[{"text":"step one","completed":true},{"text":"step two","completed":false}]}}',
    ]);
    expect(linesFor(ep, taskComplete())).toEqual([
      '{"type":"item.completed","item":{"id":"item_0","type":"todo_list","items":[{"text":"step one","completed":true},{"text":"step two","completed":false}]}}',
      '{"type":"turn.completed","usage":{"input_tokens":0,"cached_input_tokens":0,"output_tokens":0}}',
    ]);
  });

  it('mcp_tool_call_begin_and_end_emit_item_events', () => {
    const ep = new EventProcessor();
    const invocation = { server: 'server_a', tool: 'tool_x', arguments: { key: 'value' } };
    expect(linesFor(ep, { type: 'mcp_tool_call_begin', call_id: 'call-1', invocation })).toEqual([
      '{"type":"item.started","item":{"id":"item_0","type":"mcp_tool_call","server":"server_a","tool":"tool_x","arguments":{"key":"value"},"result":null,"error":null,"status":"in_progress"}}',
    ]);
    const end = linesFor(ep, {
      type: 'mcp_tool_call_end',
      call_id: 'call-1',
      invocation,
      result: { Ok: { content: [], is_error: null, structured_content: null } },
    });
    expect(end).toEqual([
      '{"type":"item.completed","item":{"id":"item_0","type":"mcp_tool_call","server":"server_a","tool":"tool_x","arguments":{"key":"value"},"result":{"content":[],"structured_content":null},"error":null,"status":"completed"}}',
    ]);
  });

  it('mcp_tool_call_failure_sets_failed_status', () => {
    const ep = new EventProcessor();
    const invocation = { server: 'server_b', tool: 'tool_y', arguments: { param: 42 } };
    linesFor(ep, { type: 'mcp_tool_call_begin', call_id: 'call-2', invocation });
    const end = linesFor(ep, { type: 'mcp_tool_call_end', call_id: 'call-2', invocation, result: { Err: 'tool exploded' } });
    expect(end).toEqual([
      '{"type":"item.completed","item":{"id":"item_0","type":"mcp_tool_call","server":"server_b","tool":"tool_y","arguments":{"param":42},"result":null,"error":{"message":"tool exploded"},"status":"failed"}}',
    ]);
  });

  it('mcp_tool_call_defaults_arguments_and_preserves_structured_content', () => {
    const ep = new EventProcessor();
    const invocation = { server: 'server_c', tool: 'tool_z' };
    expect(linesFor(ep, { type: 'mcp_tool_call_begin', call_id: 'call-3', invocation })).toEqual([
      '{"type":"item.started","item":{"id":"item_0","type":"mcp_tool_call","server":"server_c","tool":"tool_z","arguments":null,"result":null,"error":null,"status":"in_progress"}}',
    ]);
    const end = linesFor(ep, {
      type: 'mcp_tool_call_end',
      call_id: 'call-3',
      invocation,
      result: { Ok: { content: [{ text: 'done', type: 'text' }], is_error: null, structured_content: { status: 'ok' } } },
    });
    expect(end).toEqual([
      '{"type":"item.completed","item":{"id":"item_0","type":"mcp_tool_call","server":"server_c","tool":"tool_z","arguments":null,"result":{"content":[{"text":"done","type":"text"}],"structured_content":{"status":"ok"}},"error":null,"status":"completed"}}',
    ]);
  });

  it('plan_update_after_complete_starts_new_todo_list_with_new_id', () => {
    const ep = new EventProcessor();
    ep.process({ type: 'plan_update', explanation: null, plan: [{ step: 'only', status: 'pending' }] });
    ep.process(taskComplete());
    const out = ep.process({ type: 'plan_update', explanation: null, plan: [{ step: 'again', status: 'pending' }] });
    const first = out[0];
    expect(first?.type).toBe('item.started');
    if (first?.type !== 'item.started') throw new Error(`unexpected event: ${JSON.stringify(first)}`);
    expect(first.item.id).toBe('item_1');
  });

  it('agent_reasoning_produces_item_completed_reasoning', () => {
    const ep = new EventProcessor();
    expect(linesFor(ep, { type: 'agent_reasoning', text: 'thinking...' })).toEqual([
      '{"type":"item.completed","item":{"id":"item_0","type":"reasoning","text":"thinking..."}}',
    ]);
  });

  it('agent_message_produces_item_completed_agent_message', () => {
    const ep = new EventProcessor();
    expect(linesFor(ep, { type: 'agent_message', message: 'hello' })).toEqual([
      '{"type":"item.completed","item":{"id":"item_0","type":"agent_message","text":"hello"}}',
    ]);
  });

  it('error_event_produces_error', () => {
    const ep = new EventProcessor();
    expect(linesFor(ep, { type: 'error', message: 'boom' })).toEqual(['{"type":"error","message":"boom"}']);
  });

  it('warning_event_produces_error_item', () => {
    const ep = new EventProcessor();
    const message =
      'Heads up: Long conversations and multiple compactions can cause the model to be less accurate. Start a new conversation when possible to keep conversations small and targeted.';
    expect(linesFor(ep, { type: 'warning', message })).toEqual([
      `{"type":"item.completed","item":{"id":"item_0","type":"error","message":${JSON.stringify(message)}}}`,
    ]);
  });

  it('stream_error_event_produces_error', () => {
    const ep = new EventProcessor();
    expect(linesFor(ep, { type: 'stream_error', message: 'retrying' })).toEqual(['{"type":"error","message":"retrying"}']);
  });

  it('error_followed_by_task_complete_produces_turn_failed', () => {
    const ep = new EventProcessor();
    expect(linesFor(ep, { type: 'error', message: 'boom' })).toEqual(['{"type":"error","message":"boom"}']);
    expect(linesFor(ep, taskComplete())).toEqual(['{"type":"turn.failed","error":{"message":"boom"}}']);
  });

  it('exec_command_end_success_produces_completed_command_item', () => {
    const ep = new EventProcessor();
    const begin = linesFor(ep, { type: 'exec_command_begin', call_id: '1', command: ['bash', '-lc', 'echo hi'], cwd: '/tmp' });
    expect(begin).toEqual([
      `{"type":"item.started","item":{"id":"item_0","type":"command_execution","command":"bash -lc 'echo hi'","aggregated_output":"","exit_code":null,"status":"in_progress"}}`,
    ]);
    const end = linesFor(ep, {
      type: 'exec_command_end',
      call_id: '1',
      stdout: '',
      stderr: '',
      aggregated_output: 'hi\n',
      exit_code: 0,
      formatted_output: '',
    });
    expect(end).toEqual([
      `{"type":"item.completed","item":{"id":"item_0","type":"command_execution","command":"bash -lc 'echo hi'","aggregated_output":"hi\\n","exit_code":0,"status":"completed"}}`,
    ]);
  });

  it('exec_command_end_failure_produces_failed_command_item', () => {
    const ep = new EventProcessor();
    const begin = linesFor(ep, { type: 'exec_command_begin', call_id: '2', command: ['sh', '-c', 'exit 1'], cwd: '/tmp' });
    expect(begin).toEqual([
      `{"type":"item.started","item":{"id":"item_0","type":"command_execution","command":"sh -c 'exit 1'","aggregated_output":"","exit_code":null,"status":"in_progress"}}`,
    ]);
    const end = linesFor(ep, {
      type: 'exec_command_end',
      call_id: '2',
      stdout: '',
      stderr: '',
      aggregated_output: '',
      exit_code: 1,
      formatted_output: '',
    });
    expect(end).toEqual([
      `{"type":"item.completed","item":{"id":"item_0","type":"command_execution","command":"sh -c 'exit 1'","aggregated_output":"","exit_code":1,"status":"failed"}}`,
    ]);
  });

  it('exec_command_end_without_begin_is_ignored', () => {
    const ep = new EventProcessor();
    const out = ep.process({
      type: 'exec_command_end',
      call_id: 'no-begin',
      stdout: '',
      stderr: '',
      aggregated_output: '',
      exit_code: 0,
      formatted_output: '',
    });
    expect(out).toEqual([]);
  });

  it('patch_apply_success_produces_item_completed_patchapply', () => {
    const ep = new EventProcessor();
    const begin = ep.process({
      type: 'patch_apply_begin',
      call_id: 'call-1',
      auto_approved: true,
      changes: {
        'a/added.txt': { add: { content: '+hello' } },
        'b/deleted.txt': { delete: { content: '-goodbye' } },
        'c/modified.txt': {
          update: { unified_diff: '--- c/modified.txt\n+++ c/modified.txt\n@@\n-old\n+new\n', move_path: 'c/renamed.txt' },
        },
      },
    });
    expect(begin).toEqual([]);
    const event = onlyEvent(
      ep.process({ type: 'patch_apply_end', call_id: 'call-1', stdout: 'applied 3 changes', stderr: '', success: true }),
    );
    expect(threadEventSchema.parse(event)).toEqual(event);
    if (event.type !== 'item.completed' || event.item.type !== 'file_change') throw new Error(JSON.stringify(event));
    expect(event.item.id).toBe('item_0');
    expect(event.item.status).toBe('completed');
    // Upstream keeps the changes in a HashMap, so only the set of (path, kind) is asserted.
    const actual = [...event.item.changes].sort((a, b) => a.path.localeCompare(b.path));
    expect(actual).toEqual([
      { path: 'a/added.txt', kind: 'add' },
      { path: 'b/deleted.txt', kind: 'delete' },
      { path: 'c/modified.txt', kind: 'update' },
    ]);
  });

  it('patch_apply_failure_produces_item_completed_patchapply_failed', () => {
    const ep = new EventProcessor();
    const begin = ep.process({
      type: 'patch_apply_begin',
      call_id: 'call-2',
      auto_approved: false,
      changes: { 'file.txt': { update: { unified_diff: '--- file.txt\n+++ file.txt\n@@\n-old\n+new\n', move_path: null } } },
    });
    expect(begin).toEqual([]);
    const out = linesFor(ep, { type: 'patch_apply_end', call_id: 'call-2', stdout: '', stderr: 'failed to apply', success: false });
    expect(out).toEqual([
      '{"type":"item.completed","item":{"id":"item_0","type":"file_change","changes":[{"path":"file.txt","kind":"update"}],"status":"failed"}}',
    ]);
  });

  it('task_complete_produces_turn_completed_with_usage', () => {
    const ep = new EventProcessor();
    const usage = { input_tokens: 1200, cached_input_tokens: 200, output_tokens: 345, reasoning_output_tokens: 0, total_tokens: 0 };
    const tokenCount = ep.process({
      type: 'token_count',
      info: { total_token_usage: usage, last_token_usage: usage, model_context_window: null },
    });
    expect(tokenCount).toEqual([]);
    expect(linesFor(ep, taskComplete('done'))).toEqual([
      '{"type":"turn.completed","usage":{"input_tokens":1200,"cached_input_tokens":200,"output_tokens":345}}',
    ]);
  });
});
