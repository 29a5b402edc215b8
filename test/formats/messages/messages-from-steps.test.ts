import { describe, expect, it } from 'vitest';
import { messagesFromSteps } from '../../../src/formats/messages/messages-from-steps.js';
import { checkMessagesRules } from '../../../src/formats/messages/messages-rules.js';
import type { MessagesRow } from '../../../src/trajectory/messages-schema.js';
import type { TrajectoryStep } from '../../../src/trajectory/rl-schema.js';

const at = { timestamp: null, turn: 0 };

describe('messagesFromSteps', () => {
  it('makes one assistant message of a response: reasoning, then text, then calls; outputs answer them by id and name', () => {
    const steps: TrajectoryStep[] = [
      { type: 'user_message', content: 'list files', ...at },
      { type: 'reasoning', content: 'I should run ls.', ...at },
      { type: 'reasoning', content: 'In the repo root.', ...at },
      { type: 'assistant_message', content: 'Listing.', ...at },
      { type: 'shell_command', command: ['ls'], call_id: 'c1', name: 'shell', arguments: '{"command":["ls"]}', ...at },
      { type: 'tool_call', name: 'read', arguments: '{"path":"a"}', call_id: 'c2', namespace: 'mcp__fs__', ...at },
      { type: 'tool_output', call_id: 'c1', output: 'a\nb', exit_code: 0, ...at },
      { type: 'tool_output', call_id: 'c2', output: 'A', ...at },
      { type: 'assistant_message', content: 'Two files.', ...at },
    ];
    expect(messagesFromSteps('You are Codex.', steps)).toEqual([
      { role: 'system', content: 'You are Codex.', kind: 'system_instructions' },
      { role: 'user', content: 'list files' },
      {
        role: 'assistant',
        content: 'Listing.',
        reasoning_content: 'I should run ls.\n\nIn the repo root.',
        tool_calls: [
          { id: 'c1', type: 'function', function: { name: 'shell', arguments: '{"command":["ls"]}' } },
          { id: 'c2', type: 'function', function: { name: 'read', arguments: '{"path":"a"}' }, namespace: 'mcp__fs__' },
        ],
      },
      { role: 'tool', tool_call_id: 'c1', name: 'shell', content: 'a\nb' },
      { role: 'tool', tool_call_id: 'c2', name: 'read', content: 'A' },
      { role: 'assistant', content: 'Two files.' },
    ]);
  });

  it('starts a new assistant message when reasoning or text follows what the message already said, a call id repeats, or the turn changes', () => {
    const steps: TrajectoryStep[] = [
      { type: 'tool_call', name: 'f', arguments: '{}', call_id: 'c1', ...at },
      { type: 'reasoning', content: 'then think', ...at },
      { type: 'assistant_message', content: 'one', ...at },
      { type: 'assistant_message', content: 'two', ...at },
      { type: 'tool_call', name: 'f', arguments: '{}', call_id: 'c1', ...at },
      { type: 'tool_call', name: 'f', arguments: '{}', call_id: 'c1', ...at },
      { type: 'assistant_message', content: 'next turn', timestamp: null, turn: 1 },
    ];
    const messages = messagesFromSteps(null, steps);
    expect(messages.map((m) => (m.role === 'assistant' ? [m.reasoning_content ?? null, m.content, (m.tool_calls ?? []).length] : m.role))).toEqual([
      [null, '', 1],
      ['then think', 'one', 0],
      [null, 'two', 1],
      [null, '', 1],
      [null, 'next turn', 0],
    ]);
  });

  it('uses a call id once in the row: a repeated call gets an id of its own, and outputs answer the calls in order', () => {
    // A function_call line written twice gave two tool calls "c1", which validate refuses.
    const steps: TrajectoryStep[] = [
      { type: 'tool_call', name: 'f', arguments: '{}', call_id: 'c1', ...at },
      { type: 'tool_call', name: 'g', arguments: '{}', call_id: 'c1', ...at },
      { type: 'tool_output', call_id: 'c1', output: 'first', ...at },
      { type: 'tool_output', call_id: 'c1', output: 'second', ...at },
      { type: 'tool_output', call_id: 'c1', output: 'again', ...at },
      { type: 'tool_call', name: 'h', arguments: '{}', call_id: 'c1', ...at },
    ];
    const messages = messagesFromSteps(null, steps);
    expect(messages.map((m) => (m.role === 'assistant' ? m.tool_calls!.map((c) => [c.id, c.function.name]) : m.role === 'tool' ? [m.tool_call_id, m.name, m.content] : m.role))).toEqual([
      [['c1', 'f']],
      [['c1-rollout-kit-repeat-2', 'g']],
      ['c1', 'f', 'first'],
      ['c1-rollout-kit-repeat-2', 'g', 'second'],
      ['c1-rollout-kit-repeat-2', 'g', 'again'],
      [['c1-rollout-kit-repeat-3', 'h']],
    ]);
    expect(checkMessagesRules({ messages } as MessagesRow)).toEqual([]);
  });

  it('leaves out code mode nested actions and async messages the model said as a call, keeps orphan outputs as marked user messages', () => {
    const steps: TrajectoryStep[] = [
      { type: 'tool_call', name: 'exec', arguments: 'await tools.exec_command({cmd:"ls"})', call_id: 'exec1', ...at },
      { type: 'shell_command', command: ['ls'], call_id: 'exec-1', name: 'exec_command', arguments: null, parent_call_id: 'exec1', ...at },
      { type: 'tool_output', call_id: 'exec-1', output: 'a', exit_code: 0, parent_call_id: 'exec1', ...at },
      { type: 'tool_output', call_id: 'exec1', output: 'Script completed\na', ...at },
      { type: 'tool_call', name: 'send_message_to_user_async', arguments: '{"message":"working"}', call_id: 'm1', ...at },
      { type: 'assistant_message', content: 'working', delivery: 'async', call_id: 'm1', ...at },
      { type: 'tool_output', call_id: 'gone', output: 'from a dropped call', ...at },
    ];
    expect(messagesFromSteps(null, steps)).toEqual([
      { role: 'assistant', content: '', tool_calls: [{ id: 'exec1', type: 'function', function: { name: 'exec', arguments: 'await tools.exec_command({cmd:"ls"})' } }] },
      { role: 'tool', tool_call_id: 'exec1', name: 'exec', content: 'Script completed\na' },
      { role: 'assistant', content: '', tool_calls: [{ id: 'm1', type: 'function', function: { name: 'send_message_to_user_async', arguments: '{"message":"working"}' } }] },
      { role: 'user', content: 'from a dropped call', kind: 'tool_output_without_call' },
    ]);
  });

  it('maps context by its role and kind, compactions, inter-agent messages, images, rolled-back and copied marks', () => {
    const steps: TrajectoryStep[] = [
      { type: 'context', role: 'developer', kind: 'permissions_instructions', content: '<permissions>', ...at },
      { type: 'context', role: 'user', kind: 'environment_context', content: '<environment_context>', ...at },
      { type: 'user_message', content: 'see', images: ['data:image/png;base64,AA'], ...at },
      { type: 'compaction', summary: null, encrypted: true, ...at },
      { type: 'inter_agent_message', author: '/root/helper', recipient: '/root', content: 'done', ...at },
      { type: 'assistant_message', content: 'undone', timestamp: null, turn: 1, rolled_back: true },
      { type: 'tool_call', name: 'f', arguments: null, call_id: null, timestamp: null, turn: 1, rolled_back: true },
      { type: 'assistant_message', content: 'copied', timestamp: null, turn: 2, is_copied_context: true },
      { type: 'tool_call', name: 'g', arguments: '{}', call_id: 'own', timestamp: null, turn: 2 },
      { type: 'tool_output', call_id: 'own', output: 'ok', timestamp: null, turn: 2, is_copied_context: true },
    ];
    expect(messagesFromSteps(null, steps)).toEqual([
      { role: 'developer', content: '<permissions>', kind: 'permissions_instructions' },
      { role: 'user', content: '<environment_context>', kind: 'environment_context' },
      { role: 'user', content: 'see', images: ['data:image/png;base64,AA'] },
      { role: 'user', content: '', kind: 'compaction' },
      { role: 'user', content: 'done', name: '/root/helper', kind: 'inter_agent_message' },
      { role: 'assistant', content: 'undone', rolled_back: true, tool_calls: [{ id: 'rollout-kit-call-1', type: 'function', function: { name: 'f', arguments: '' } }] },
      { role: 'assistant', content: 'copied', is_copied_context: true },
      { role: 'assistant', content: '', tool_calls: [{ id: 'own', type: 'function', function: { name: 'g', arguments: '{}' } }] },
      { role: 'tool', tool_call_id: 'own', name: 'g', content: 'ok', is_copied_context: true },
    ]);
  });
});
