/**
 * ThreadEvent <-> the exact line `codex exec --json` prints for it. Exec serializes with
 * serde_json: struct fields in declaration order, `None` as null (or left out where the struct
 * says so), strings escaped like JSON.stringify does. Key order is rebuilt here, so an event
 * built by hand in any order prints the same bytes as one from the EventProcessor.
 */
import { threadEventSchema, type ThreadEvent, type ThreadItem, type Usage } from './thread-events.js';

function orderUsage(usage: Usage): Usage {
  return {
    input_tokens: usage.input_tokens,
    cached_input_tokens: usage.cached_input_tokens,
    cache_write_input_tokens: usage.cache_write_input_tokens,
    output_tokens: usage.output_tokens,
    reasoning_output_tokens: usage.reasoning_output_tokens,
  };
}

/** Details of an item in exec's field order (undefined members are left out by JSON.stringify). */
function orderItemDetails(item: ThreadItem): Record<string, unknown> {
  switch (item.type) {
    case 'agent_message':
    case 'reasoning':
      return { text: item.text };
    case 'command_execution':
      return {
        command: item.command,
        aggregated_output: item.aggregated_output,
        exit_code: item.exit_code,
        status: item.status,
      };
    case 'file_change':
      return { changes: item.changes.map((c) => ({ path: c.path, kind: c.kind })), status: item.status };
    case 'mcp_tool_call':
      return {
        server: item.server,
        tool: item.tool,
        arguments: item.arguments,
        result:
          item.result === undefined || item.result === null
            ? item.result
            : { content: item.result.content, structured_content: item.result.structured_content ?? null },
        error: item.error === undefined || item.error === null ? item.error : { message: item.error.message },
        status: item.status,
      };
    case 'web_search':
      return { query: item.query, action: item.action };
    case 'todo_list':
      return { items: item.items.map((t) => ({ text: t.text, completed: t.completed })) };
    case 'error':
      return { message: item.message };
    case 'collab_tool_call':
      return {
        tool: item.tool,
        sender_thread_id: item.sender_thread_id,
        receiver_thread_ids: item.receiver_thread_ids,
        prompt: item.prompt,
        agents_states: Object.fromEntries(
          Object.entries(item.agents_states).map(([thread, state]) => [thread, { status: state.status, message: state.message }]),
        ),
        status: item.status,
      };
  }
}

/** One ThreadItem as exec prints it inside `"item":`. */
function serializeThreadItem(item: ThreadItem): string {
  const head = `{"id":${JSON.stringify(item.id)},"type":${JSON.stringify(item.type)}`;
  const details = JSON.stringify(orderItemDetails(item));
  // From 0.100 the web_search details carry their own `id` (the search call id); serde's
  // flatten writes it after the item's `id`, so the object holds the key twice.
  const rawId = item.type === 'web_search' && item.raw_id !== undefined ? `,"id":${JSON.stringify(item.raw_id)}` : '';
  return details === '{}' ? `${head}${rawId}}` : `${head}${rawId},${details.slice(1)}`;
}

/** One ThreadEvent as the JSON line (without the newline) `codex exec --json` prints. */
export function serializeThreadEvent(event: ThreadEvent): string {
  switch (event.type) {
    case 'thread.started':
      return JSON.stringify({ type: event.type, thread_id: event.thread_id });
    case 'turn.started':
      return JSON.stringify({ type: event.type });
    case 'turn.completed':
      return JSON.stringify({ type: event.type, usage: orderUsage(event.usage) });
    case 'turn.failed':
      return JSON.stringify({ type: event.type, error: { message: event.error.message } });
    case 'item.started':
    case 'item.updated':
    case 'item.completed':
      return `{"type":${JSON.stringify(event.type)},"item":${serializeThreadItem(event.item)}}`;
    case 'error':
      return JSON.stringify({ type: event.type, message: event.message });
  }
}

const FIRST_ITEM_ID = /^\{"type":"item\.[a-z]+","item":\{"id":("(?:[^"\\]|\\.)*")/;

/**
 * One line of `codex exec --json` output -> a ThreadEvent (schema-checked; throws on a line
 * that is not one). JSON.parse keeps the last of the two `id` keys of a 0.100+ web_search
 * item; the first one (the exec item id) is recovered here and the search id goes to `raw_id`.
 */
export function parseThreadEventLine(line: string): ThreadEvent {
  const event = threadEventSchema.parse(JSON.parse(line));
  if ('item' in event && event.item.type === 'web_search') {
    const first = FIRST_ITEM_ID.exec(line.trim())?.[1];
    const itemId = first === undefined ? undefined : (JSON.parse(first) as string);
    if (itemId !== undefined && itemId !== event.item.id) {
      return { ...event, item: { ...event.item, id: itemId, raw_id: event.item.id } };
    }
  }
  return event;
}
