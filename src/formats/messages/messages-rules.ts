/**
 * What a JSON Schema cannot say of a messages row, as chat templates and trainers need it:
 * every tool message's `tool_call_id` names a tool call of an earlier assistant message,
 * and a call id is used once in the row. Checked on a row the schema accepted; each
 * problem is located by its JSON path.
 */
import type { MessagesRow } from '../../trajectory/messages-schema.js';

export type MessagesRuleViolation = { path: string; message: string };

export function checkMessagesRules(row: MessagesRow): MessagesRuleViolation[] {
  const found: MessagesRuleViolation[] = [];
  const calls = new Set<string>();
  row.messages.forEach((message, index) => {
    const at = `$.messages[${index}]`;
    if (message.role === 'assistant') {
      message.tool_calls?.forEach((call, callIndex) => {
        if (calls.has(call.id)) found.push({ path: `${at}.tool_calls[${callIndex}].id`, message: `duplicate tool call id "${call.id}" in the row` });
        calls.add(call.id);
      });
    } else if (message.role === 'tool' && !calls.has(message.tool_call_id)) {
      found.push({ path: `${at}.tool_call_id`, message: `"${message.tool_call_id}" is not the id of a tool call of an earlier assistant message` });
    }
  });
  return found;
}
