// Dialect rules one at a time. The corpus parity test covers what the oracle sessions show;
// these also pin the rules taken from the upstream translator source of each era.
import { describe, expect, it } from 'vitest';
import type { EventMsg } from '../../src/codex/event-msg.js';
import { EventProcessor } from '../../src/translate/event-processor.js';
import { EXEC_DIALECTS, SEED_EXEC_DIALECT, execDialectFor } from '../../src/translate/exec-dialect.js';
import { serializeThreadEvent } from '../../src/translate/thread-event-json.js';
import { threadEventSchema } from '../../src/translate/thread-events.js';

function run(version: string | null, script: EventMsg[]): string[] {
  const ep = new EventProcessor({ dialect: execDialectFor(version) });
  return script.flatMap((msg) => ep.process(msg)).map((event) => serializeThreadEvent(threadEventSchema.parse(event)));
}

const begin = (callId: string, argv: string[]): EventMsg => ({ type: 'exec_command_begin', call_id: callId, command: argv, cwd: '/w' });
const end = (callId: string, exitCode: number, status?: 'completed' | 'failed' | 'declined'): EventMsg => ({
  type: 'exec_command_end',
  call_id: callId,
  stdout: '',
  stderr: '',
  aggregated_output: '',
  exit_code: exitCode,
  ...(status ? { status } : {}),
});
const done: EventMsg = { type: 'task_complete', last_agent_message: null };

describe('execDialectFor', () => {
  it.each([
    ['0.8.0', 'exec-0.47'],
    ['0.47.0', 'exec-0.47'],
    ['0.57.3', 'exec-0.47'],
    ['0.58.0', 'exec-0.58'],
    ['0.66.0', 'exec-0.58'],
    ['0.80.0', 'exec-0.80'],
    ['0.100.0', 'exec-0.100'],
    ['0.129.9', 'exec-0.100'],
    ['0.130.0-alpha.4', 'exec-0.130'],
    ['v0.130.1', 'exec-0.130'],
    ['0.169.0+gpt-5.5', 'exec-0.169'],
    ['1.4.0', 'exec-0.169'],
  ])('%s -> %s', (version, name) => {
    expect(execDialectFor(version).name).toBe(name);
  });

  it('falls back to the seed dialect, which the EventProcessor also defaults to', () => {
    expect(execDialectFor(undefined)).toBe(SEED_EXEC_DIALECT);
    expect(execDialectFor('dev')).toBe(SEED_EXEC_DIALECT);
    expect(SEED_EXEC_DIALECT.name).toBe('exec-0.58');
    expect(EXEC_DIALECTS.map((d) => d.since)).toEqual(['0.47.0', '0.58.0', '0.80.0', '0.100.0', '0.130.0', '0.169.0']);
  });
});

describe('dialect rules', () => {
  it('0.130+ takes a declined or failed status from the command end event', () => {
    const script = [begin('c', ['rm', '-rf', '/']), end('c', -1, 'declined')];
    expect(run('0.130.0', script)[1]).toContain('"exit_code":-1,"status":"declined"');
    expect(run('0.100.0', script)[1]).toContain('"exit_code":-1,"status":"failed"');
  });

  it('0.130+ drops blank reasoning', () => {
    const script: EventMsg[] = [{ type: 'agent_reasoning', text: ' \n' }];
    expect(run('0.130.0', script)).toEqual([]);
    expect(run('0.58.0', script)).toEqual(['{"type":"item.completed","item":{"id":"item_0","type":"reasoning","text":" \\n"}}']);
  });

  it('0.100+ completes commands that never ended when the turn completes', () => {
    const script = [begin('c', ['sleep', '9']), done];
    expect(run('0.100.0', script)).toEqual([
      '{"type":"item.started","item":{"id":"item_0","type":"command_execution","command":"sleep 9","aggregated_output":"","exit_code":null,"status":"in_progress"}}',
      '{"type":"item.completed","item":{"id":"item_0","type":"command_execution","command":"sleep 9","aggregated_output":"","exit_code":null,"status":"completed"}}',
      '{"type":"turn.completed","usage":{"input_tokens":0,"cached_input_tokens":0,"output_tokens":0}}',
    ]);
    expect(run('0.80.0', script)).toHaveLength(2);
    // exec 0.47 prints no exit_code key at all while it is null.
    expect(run('0.47.0', script)[0]).toBe(
      '{"type":"item.started","item":{"id":"item_0","type":"command_execution","command":"sleep 9","aggregated_output":"","status":"in_progress"}}',
    );
  });

  it('0.130+ closes the todo list and running commands when the turn is aborted', () => {
    const script: EventMsg[] = [
      { type: 'plan_update', plan: [{ step: 'a', status: 'in_progress' }] },
      begin('c', ['sleep', '9']),
      { type: 'turn_aborted', reason: 'interrupted' },
    ];
    expect(run('0.130.0', script).slice(2)).toEqual([
      '{"type":"item.completed","item":{"id":"item_0","type":"todo_list","items":[{"text":"a","completed":false}]}}',
      '{"type":"item.completed","item":{"id":"item_1","type":"command_execution","command":"sleep 9","aggregated_output":"","exit_code":null,"status":"completed"}}',
    ]);
    expect(run('0.100.0', script)).toHaveLength(2);
  });

  it('appends error details: stream errors from 0.80 (unless blank), fatal errors from 0.130', () => {
    const script: EventMsg[] = [
      { type: 'stream_error', message: 'Reconnecting... 1/2', additional_details: 'overloaded' },
      { type: 'stream_error', message: 'Reconnecting... 2/2', additional_details: '  ' },
      { type: 'error', message: 'failed', additional_details: 'HTTP 500' },
      done,
    ];
    expect(run('0.80.0', script)).toEqual([
      '{"type":"error","message":"Reconnecting... 1/2 (overloaded)"}',
      '{"type":"error","message":"Reconnecting... 2/2"}',
      '{"type":"error","message":"failed"}',
      '{"type":"turn.failed","error":{"message":"failed"}}',
    ]);
    expect(run('0.130.0', script)).toEqual([
      '{"type":"error","message":"Reconnecting... 1/2 (overloaded)"}',
      '{"type":"error","message":"Reconnecting... 2/2 (  )"}',
      '{"type":"error","message":"failed (HTTP 500)"}',
      '{"type":"turn.failed","error":{"message":"failed (HTTP 500)"}}',
    ]);
    expect(run('0.58.0', script)[0]).toBe('{"type":"error","message":"Reconnecting... 1/2"}');
  });

  it('a stream error alone never fails the turn', () => {
    expect(run('0.169.0', [{ type: 'stream_error', message: 'retry' }, done])[1]).toMatch(/^\{"type":"turn.completed"/);
  });

  it('0.130+ prints a file_change pair from an end that carries the changes, and declined as failed', () => {
    const script: EventMsg[] = [
      {
        type: 'patch_apply_end',
        call_id: 'p',
        stdout: '',
        stderr: 'rejected',
        success: false,
        status: 'declined',
        changes: { 'b.txt': { delete: { content: 'x' } }, 'a.txt': { add: { content: 'y' } } },
      },
    ];
    expect(run('0.130.0', script)).toEqual([
      '{"type":"item.started","item":{"id":"item_0","type":"file_change","changes":[{"path":"a.txt","kind":"add"},{"path":"b.txt","kind":"delete"}],"status":"in_progress"}}',
      '{"type":"item.completed","item":{"id":"item_0","type":"file_change","changes":[{"path":"a.txt","kind":"add"},{"path":"b.txt","kind":"delete"}],"status":"failed"}}',
    ]);
    expect(run('0.100.0', script)).toEqual([]);
  });

  it('0.130+ sorts file changes by UTF-8 bytes, as Rust compares paths', () => {
    const changes = { 'z\u{1F600}': { add: { content: '' } }, 'z\uFFFD': { add: { content: '' } }, a: { add: { content: '' } } };
    const [line] = run('0.130.0', [{ type: 'patch_apply_begin', call_id: 'p', changes }]);
    const paths = (JSON.parse(line ?? '{}') as { item: { changes: { path: string }[] } }).item.changes.map((c) => c.path);
    expect(paths).toEqual(['a', 'z\uFFFD', 'z\u{1F600}']);
  });

  it('the file_change id is taken at end before 0.130 and at begin from 0.130', () => {
    const script: EventMsg[] = [
      { type: 'patch_apply_begin', call_id: 'p', changes: { 'f.txt': { add: { content: '' } } } },
      { type: 'agent_message', message: 'meanwhile' },
      { type: 'patch_apply_end', call_id: 'p', stdout: '', stderr: '', success: true },
    ];
    expect(run('0.100.0', script).map((l) => /"id":"(item_\d+)"/.exec(l)?.[1])).toEqual(['item_0', 'item_1']);
    expect(run('0.130.0', script).map((l) => /"id":"(item_\d+)"/.exec(l)?.[1])).toEqual(['item_0', 'item_1', 'item_0']);
  });

  it('0.100 ignores a repeated web_search_begin; an end without begin is completed-only', () => {
    const action = { type: 'search', query: 'q' };
    expect(
      run('0.100.0', [
        { type: 'web_search_begin', call_id: 'ws_1', query: 'q', action },
        { type: 'web_search_begin', call_id: 'ws_1' },
        { type: 'web_search_end', call_id: 'ws_1', query: 'q', action },
        { type: 'web_search_end', call_id: 'ws_2', query: 'r' },
      ]),
    ).toEqual([
      '{"type":"item.started","item":{"id":"item_0","type":"web_search","id":"ws_1","query":"","action":{"type":"other"}}}',
      '{"type":"item.completed","item":{"id":"item_0","type":"web_search","id":"ws_1","query":"q","action":{"type":"search","query":"q"}}}',
      '{"type":"item.completed","item":{"id":"item_1","type":"web_search","id":"ws_2","query":"r","action":{"type":"other"}}}',
    ]);
  });

  it('0.130+ prints the begin query and action, keeping only the fields exec knows', () => {
    const out = run('0.130.0', [
      { type: 'web_search_begin', call_id: 'ws_1', query: 'q', action: { type: 'open_page', url: 'https://x.test', query: null } },
      { type: 'web_search_end', call_id: 'ws_1', query: 'q', action: { type: 'future_kind', url: 'u' } },
    ]);
    expect(out).toEqual([
      '{"type":"item.started","item":{"id":"item_0","type":"web_search","id":"ws_1","query":"q","action":{"type":"open_page","url":"https://x.test"}}}',
      '{"type":"item.completed","item":{"id":"item_0","type":"web_search","id":"ws_1","query":"q","action":{"type":"other"}}}',
    ]);
  });

  it('an mcp end without begin still prints a completed item with a fresh id', () => {
    const invocation = { server: 's', tool: 't' };
    expect(
      run(null, [{ type: 'mcp_tool_call_end', call_id: 'm', invocation, result: { Ok: { content: [], structured_content: { ok: true } } } }]),
    ).toEqual([
      '{"type":"item.completed","item":{"id":"item_0","type":"mcp_tool_call","server":"s","tool":"t","arguments":null,"result":{"content":[],"structured_content":{"ok":true}},"error":null,"status":"completed"}}',
    ]);
  });

  it('turn.completed reports the last cumulative usage with the dialect keys, zero-filled', () => {
    const usage = { input_tokens: 10, cached_input_tokens: 4, output_tokens: 3, reasoning_output_tokens: 2, total_tokens: 13 };
    const script: EventMsg[] = [
      { type: 'token_count', info: { total_token_usage: usage } },
      { type: 'token_count', info: null },
      done,
    ];
    expect(run('0.169.0', script)).toEqual([
      '{"type":"turn.completed","usage":{"input_tokens":10,"cached_input_tokens":4,"cache_write_input_tokens":0,"output_tokens":3,"reasoning_output_tokens":2}}',
    ]);
    expect(run('0.130.0', script)).toEqual([
      '{"type":"turn.completed","usage":{"input_tokens":10,"cached_input_tokens":4,"output_tokens":3,"reasoning_output_tokens":2}}',
    ]);
  });
});
