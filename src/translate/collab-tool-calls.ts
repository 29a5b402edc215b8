/**
 * Multi-agent tool calls as exec prints them: `collab_tool_call` items started at begin
 * (in progress, no agent states yet) and completed at end under the same id, by call id.
 * An end without a begin gets an item of its own, as exec does ("synthesizing new item").
 */
import type { CollabToolCallBegin, CollabToolCallEnd } from '../codex/event-msg.js';
import type { CollabToolCallItem, ThreadEvent } from './thread-events.js';
import { completed, started } from './thread-item-events.js';

export class CollabToolCalls {
  /** Item ids of calls begun and not yet ended, by call id. */
  private readonly running = new Map<string, string>();

  constructor(private readonly newItemId: () => string) {}

  begin(msg: CollabToolCallBegin): ThreadEvent[] {
    const id = this.newItemId();
    this.running.set(msg.call_id, id);
    return [started(this.item(id, msg, {}, 'in_progress'))];
  }

  end(msg: CollabToolCallEnd): ThreadEvent[] {
    const id = this.running.get(msg.call_id) ?? this.newItemId();
    this.running.delete(msg.call_id);
    return [completed(this.item(id, msg, msg.agents_states, msg.status))];
  }

  private item(
    id: string,
    msg: CollabToolCallBegin | CollabToolCallEnd,
    agentsStates: CollabToolCallItem['agents_states'],
    status: CollabToolCallItem['status'],
  ): CollabToolCallItem {
    return {
      id,
      type: 'collab_tool_call',
      tool: msg.tool,
      sender_thread_id: msg.sender_thread_id,
      receiver_thread_ids: msg.receiver_thread_ids,
      prompt: msg.prompt,
      agents_states: agentsStates,
      status,
    };
  }
}
