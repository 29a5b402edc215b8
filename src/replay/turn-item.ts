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

type TurnItemSink = {
  startTurn(text: string, images: string[]): void;
  output(msg: EventMsg, isMessage: boolean): void;
  calls: CallReplay;
  turn(): TurnState;
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
    case 'Reasoning':
      for (const text of item.summary_text ?? []) if (text) sink.output({ type: 'agent_reasoning', text }, false);
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
