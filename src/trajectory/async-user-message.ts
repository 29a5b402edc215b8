/**
 * 0.171 code mode's async messages to the user: the tool call that carries one, and
 * Codex's answer accepting it (see RlTrajectoryBuilder.deliveredAsyncMessage).
 */
import type { ToolCall } from '../codex/tool-call.js';

/** 0.171 code mode: `send_message_to_user_async {message}` tells the user something while the turn goes on. */
const ASYNC_USER_MESSAGE_TOOL = 'send_message_to_user_async';

/** The text of an async message to the user, else null. */
export function asyncUserMessage(call: ToolCall): string | null {
  if (call.name !== ASYNC_USER_MESSAGE_TOOL) return null;
  const args = call.arguments;
  if (typeof args !== 'object' || args === null) return null;
  const message = (args as { message?: unknown }).message;
  return typeof message === 'string' ? message : null;
}

export function isAcceptedOutput(output: string): boolean {
  try {
    return (JSON.parse(output) as { accepted?: unknown } | null)?.accepted === true;
  } catch {
    return false;
  }
}
