/**
 * The RL record as one chat-messages row: a pure function, record in, row out. The
 * messages come from messages-from-steps.ts; the tools are the record's tool definitions
 * in the OpenAI tools shape; the rest is the record's metadata.
 */
import type { ChatTool, MessagesRow, MessagesRowEnd } from '../../trajectory/messages-schema.js';
import type { SessionSummary, ToolDefinition, TrajectoryRecord } from '../../trajectory/rl-schema.js';
import { messagesFromSteps } from './messages-from-steps.js';

export function recordToMessages(record: TrajectoryRecord): MessagesRow {
  return { messages: messagesFromSteps(record.system_instructions, record.trajectory), ...messagesRowEnd(record) };
}

/** The row's fields besides `messages`, from the record's summary. */
export function messagesRowEnd(summary: SessionSummary): MessagesRowEnd {
  return {
    session_id: summary.session_id,
    tools: summary.tools === null ? null : summary.tools.map(toChatTool),
    model: summary.model,
    outcome: summary.outcome,
    success: summary.success,
    usage: summary.usage,
    turn_count: summary.turn_count,
    cli_version: summary.cli_version,
    started_at: summary.started_at,
    parent_session_id: summary.parent_session_id,
  };
}

/**
 * `{type, function: {name, description, parameters}, namespace}`: the parameters stay the
 * record's JSON text (one type in every row; a chat template wants `json.loads` of it).
 */
function toChatTool(tool: ToolDefinition): ChatTool {
  return { type: tool.type, function: { name: tool.name, description: tool.description, parameters: tool.parameters }, namespace: tool.namespace };
}
