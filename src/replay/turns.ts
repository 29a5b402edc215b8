/**
 * Turn tracking: where user turns start and end, and how each ended.
 *
 * 2026 rollouts mark turns with `task_started` / `task_complete` (a failed turn's
 * `task_complete` carries its error from 0.169) and `turn_aborted`. Older files
 * have no such events: a turn starts at real user input and ends at the next one
 * or at the end of the file, and how it ended is read from what it produced.
 */
import type { Outcome } from '../codex/outcome.js';
import type { ResponseItem } from '../rollout/response-item.js';

export type TurnState = {
  /** The model produced something (a message, reasoning, or a tool call). */
  hasOutput: boolean;
  /** The last thing the model produced was an assistant message. */
  endsWithMessage: boolean;
  /** Tool calls still waiting for their output. */
  openCalls: Set<string>;
  aborted: boolean;
  /** The turn's error, when the rollout records one. */
  error: string | null;
  /** An `error` event was already replayed for this turn. */
  errorEmitted: boolean;
  /** The latest response item was a tool output the model has not answered yet. */
  awaitingAnswer: boolean;
};

export function newTurnState(): TurnState {
  return { hasOutput: false, endsWithMessage: false, openCalls: new Set(), aborted: false, error: null, errorEmitted: false, awaitingAnswer: false };
}

/** The error text exec printed is not in rollouts before 0.169: say so rather than invent one. */
export const UNRECORDED_ERROR = 'turn failed: the model request errored (the error text is not recorded in this rollout)';

/**
 * How a turn ended. `explicitEnd` is true when a `task_complete` closed it.
 * A completed turn that produced no model output at all can only be a failed
 * request (Codex 0.100-0.130 write a bare `task_complete` for it).
 */
export function decideOutcome(turn: TurnState, explicitEnd: boolean): Outcome {
  if (turn.aborted) return 'aborted';
  if (turn.error !== null) return 'failed';
  if (!turn.hasOutput) return 'failed';
  if (explicitEnd) return 'completed';
  if (turn.openCalls.size > 0 || !turn.endsWithMessage) return 'incomplete';
  return 'completed';
}

/**
 * Whether, after this response item, the turn waits for the model to answer a tool
 * output: a tool output sets it, anything the model produced clears it.
 */
export function awaitsAnswer(item: ResponseItem, awaiting: boolean): boolean {
  switch (item.type) {
    case 'function_call_output':
    case 'custom_tool_call_output':
    case 'tool_search_output':
      return true;
    case 'message':
      return item.role === 'assistant' ? false : awaiting;
    default:
      return false;
  }
}
