/**
 * A multi-agent tool call (code mode's `collaboration` namespace) from the
 * `CollabAgentToolCall` item Codex 0.169+ persists once the call completed. Exec printed it
 * twice, live: started (in progress, no agent states; a spawn has no receiver yet) when the
 * call began, and completed. The rollout keeps only the completed item, so both are rebuilt
 * from it, at its place. `spawn_agent` itself is persisted as a `SubAgentActivity` item, which
 * exec never printed.
 */
import type { CollabAgentState, EventMsg } from '../codex/event-msg.js';
import type { TurnItem } from '../rollout/persisted-event.js';

/** Exec's tool names are snake_case (`spawn_agent`); the app-server's may be camelCase. */
function execToolName(tool: string): string {
  return tool.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);
}

export function replayCollabToolCall(item: TurnItem): EventMsg[] {
  const callId = item.id ?? '';
  const tool = execToolName(item.tool ?? '');
  const sender = item.sender_thread_id ?? '';
  const receivers = item.receiver_thread_ids ?? [];
  const prompt = item.prompt ?? null;
  const states: Record<string, CollabAgentState> = {};
  for (const [thread, state] of Object.entries(item.agents_states ?? {})) {
    states[thread] = { status: state.status ?? 'not_found', ...(state.message !== undefined ? { message: state.message } : {}) };
  }
  return [
    { type: 'collab_tool_call_begin', call_id: callId, tool, sender_thread_id: sender, receiver_thread_ids: tool === 'spawn_agent' ? [] : receivers, prompt },
    {
      type: 'collab_tool_call_end',
      call_id: callId,
      tool,
      sender_thread_id: sender,
      receiver_thread_ids: receivers,
      prompt,
      agents_states: states,
      status: item.status === 'failed' ? 'failed' : 'completed',
    },
  ];
}
