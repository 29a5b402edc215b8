/**
 * `item_completed` records (2026 paginated history): the turn items Codex's
 * app-server reports, which replace the message events and carry tool
 * executions with their real results — also those run inside a code-mode
 * `exec` script, which the rollout's response items only show as JavaScript.
 */
import type { TurnItem } from '../rollout/persisted-event.js';
import type { EventMsg } from '../codex/event-msg.js';
import type { CallReplay } from './call-replay.js';
import type { TurnState } from './turns.js';
import { replayCollabToolCall } from './collab-tool-call.js';

type TurnItemSink = {
  startTurn(text: string, images: string[]): void;
  output(msg: EventMsg, isMessage: boolean): void;
  calls: CallReplay;
  turn(): TurnState;
  /** Summary parts already replayed, by Reasoning item id. */
  reasoningParts: Map<string, number>;
};

export function replayTurnItem(item: TurnItem, out: EventMsg[], sink: TurnItemSink): void {
  switch (item.type) {
    case 'UserMessage': {
      const parts = item.content ?? [];
      const text = parts.flatMap((part) => (part.type === 'text' && part.text !== undefined ? [part.text] : [])).join('\n');
      const images = parts.flatMap((part) => (part.image_url !== undefined ? [part.image_url] : part.path !== undefined ? [part.path] : []));
      sink.startTurn(text, images);
      return;
    }
    case 'AgentMessage': {
      const text = (item.content ?? []).map((part) => part.text ?? '').join('');
      if (text) sink.output({ type: 'agent_message', message: text }, true);
      return;
    }
    case 'Reasoning': {
      // `codex migrate-rollouts` completes one Reasoning item again each time the turn reasons,
      // with every summary part so far: only the parts not replayed yet are new.
      const parts = item.summary_text ?? [];
      const seen = item.id ? (sink.reasoningParts.get(item.id) ?? 0) : 0;
      if (item.id) sink.reasoningParts.set(item.id, Math.max(seen, parts.length));
      for (const text of parts.slice(seen)) if (text) sink.output({ type: 'agent_reasoning', text }, false);
      return;
    }
    case 'CollabAgentToolCall':
      sink.turn();
      out.push(...replayCollabToolCall(item));
      return;
    case 'CommandExecution':
    case 'FileChange':
    case 'McpToolCall':
    case 'WebSearch':
      sink.calls.replayCompletedItem(item, out, sink.turn());
      return;
    default:
      return;
  }
}
