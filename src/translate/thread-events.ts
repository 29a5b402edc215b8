/**
 * The `codex exec --json` wire vocabulary (ThreadEvent / ThreadItem, `exec_events.rs`), as the
 * translator emits it. One line of exec output is one ThreadEvent. Items are `{id, type,
 * ...details}` with the details flattened next to the id; all names are snake_case.
 *
 * The schemas cover every exec dialect from 0.47 on (see exec-dialect.ts). A field that only
 * some dialects print is optional and says which ones in its description.
 */
import { z } from 'zod';

const itemId = z.string().meta({ description: 'Exec item id, "item_N" from a per-process counter that never resets.' });

const agentMessageItemSchema = z.strictObject({
  id: itemId,
  type: z.literal('agent_message'),
  /** The message text, or a JSON string when exec ran with --output-schema. */
  text: z.string(),
});

export const reasoningItemSchema = z.strictObject({
  id: itemId,
  type: z.literal('reasoning'),
  text: z.string(),
});
export type ReasoningItem = z.infer<typeof reasoningItemSchema>;

const commandExecutionStatusSchema = z.enum(['in_progress', 'completed', 'failed', 'declined']);

const commandExecutionItemSchema = z.strictObject({
  id: itemId,
  type: z.literal('command_execution'),
  /** The argv joined the way Rust's `shlex::try_join` does. */
  command: z.string(),
  aggregated_output: z.string(),
  exit_code: z
    .int()
    .nullable()
    .optional()
    .meta({ description: 'null while running; exec 0.47 leaves the key out instead of printing null.' }),
  status: commandExecutionStatusSchema,
});
export type CommandExecutionItem = z.infer<typeof commandExecutionItemSchema>;

const patchChangeKindSchema = z.enum(['add', 'delete', 'update']);

const fileUpdateChangeSchema = z.strictObject({ path: z.string(), kind: patchChangeKindSchema });
export type FileUpdateChange = z.infer<typeof fileUpdateChangeSchema>;

const patchApplyStatusSchema = z
  .enum(['in_progress', 'completed', 'failed'])
  .meta({ description: 'in_progress only on item.started, which exec prints from 0.130 on.' });
export type PatchApplyStatus = z.infer<typeof patchApplyStatusSchema>;

const fileChangeItemSchema = z.strictObject({
  id: itemId,
  type: z.literal('file_change'),
  changes: z.array(fileUpdateChangeSchema),
  status: patchApplyStatusSchema,
});
export type FileChangeItem = z.infer<typeof fileChangeItemSchema>;

const mcpToolCallStatusSchema = z.enum(['in_progress', 'completed', 'failed']);

const mcpToolCallResultSchema = z.strictObject({
  /** MCP content blocks, passed through as the server returned them. */
  content: z.array(z.unknown()),
  structured_content: z.unknown().nullable(),
});

const mcpToolCallErrorSchema = z.strictObject({ message: z.string() });

const onlyFrom058 = 'Printed from exec 0.58 on (0.47 items carry only server, tool and status).';

const mcpToolCallItemSchema = z.strictObject({
  id: itemId,
  type: z.literal('mcp_tool_call'),
  server: z.string(),
  tool: z.string(),
  arguments: z.unknown().optional().meta({ description: `The call arguments, null when absent. ${onlyFrom058}` }),
  result: mcpToolCallResultSchema.nullable().optional().meta({ description: onlyFrom058 }),
  error: mcpToolCallErrorSchema.nullable().optional().meta({ description: onlyFrom058 }),
  status: mcpToolCallStatusSchema,
});
export type McpToolCallItem = z.infer<typeof mcpToolCallItemSchema>;

/** The model's web_search_call action (`codex_protocol::models::WebSearchAction`). */
const webSearchActionSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('search'), query: z.string().optional(), queries: z.array(z.string()).optional() }),
  z.strictObject({ type: z.literal('open_page'), url: z.string().optional() }),
  z.strictObject({ type: z.literal('find_in_page'), url: z.string().optional(), pattern: z.string().optional() }),
  z.strictObject({ type: z.literal('other') }),
]);
export type WebSearchAction = z.infer<typeof webSearchActionSchema>;

const webSearchItemSchema = z.strictObject({
  id: itemId,
  type: z.literal('web_search'),
  raw_id: z.string().optional().meta({
    description:
      'From exec 0.100 on: the search call id ("ws_..."). Exec prints it as a SECOND "id" key right ' +
      'after "type" (serde flatten), so a JSON parser of exec output sees it as `id`; ' +
      'serializeThreadEvent reproduces that line byte for byte.',
  }),
  query: z.string(),
  action: webSearchActionSchema.optional().meta({ description: 'From exec 0.100 on.' }),
});
export type WebSearchItem = z.infer<typeof webSearchItemSchema>;

const todoEntrySchema = z.strictObject({ text: z.string(), completed: z.boolean() });
export type TodoEntry = z.infer<typeof todoEntrySchema>;

const todoListItemSchema = z.strictObject({
  id: itemId,
  type: z.literal('todo_list'),
  items: z.array(todoEntrySchema),
});

/** A non-fatal error surfaced as an item (warnings). */
const errorItemSchema = z.strictObject({
  id: itemId,
  type: z.literal('error'),
  message: z.string(),
});

/** A multi-agent tool call (code mode's `collaboration` tools), exec 0.169+. */
const collabToolCallItemSchema = z.strictObject({
  id: itemId,
  type: z.literal('collab_tool_call'),
  /** `spawn_agent`, `send_input`, `wait`, `close_agent`, ... */
  tool: z.string(),
  sender_thread_id: z.string(),
  receiver_thread_ids: z.array(z.string()),
  prompt: z.string().nullable(),
  /** The receiving agents' states by thread id: `{status, message?}`. */
  agents_states: z.record(z.string(), z.strictObject({ status: z.string(), message: z.string().nullable().optional() })),
  status: z.enum(['in_progress', 'completed', 'failed']),
});
export type CollabToolCallItem = z.infer<typeof collabToolCallItemSchema>;

const threadItemSchema = z.discriminatedUnion('type', [
  agentMessageItemSchema,
  reasoningItemSchema,
  commandExecutionItemSchema,
  fileChangeItemSchema,
  mcpToolCallItemSchema,
  webSearchItemSchema,
  todoListItemSchema,
  errorItemSchema,
  collabToolCallItemSchema,
]);
export type ThreadItem = z.infer<typeof threadItemSchema>;

/**
 * Token usage reported by turn.completed: the thread's cumulative total (the last
 * `token_count.info.total_token_usage`), not the turn's own usage.
 */
const usageSchema = z.strictObject({
  input_tokens: z.int(),
  cached_input_tokens: z.int(),
  cache_write_input_tokens: z.int().optional().meta({ description: 'Printed from exec 0.169 on.' }),
  output_tokens: z.int(),
  reasoning_output_tokens: z.int().optional().meta({ description: 'Printed from exec 0.130 on.' }),
});
export type Usage = z.infer<typeof usageSchema>;

const threadErrorSchema = z.strictObject({ message: z.string() });

const threadStartedEventSchema = z.strictObject({ type: z.literal('thread.started'), thread_id: z.string() });
const turnStartedEventSchema = z.strictObject({ type: z.literal('turn.started') });
const turnCompletedEventSchema = z.strictObject({ type: z.literal('turn.completed'), usage: usageSchema });
const turnFailedEventSchema = z.strictObject({ type: z.literal('turn.failed'), error: threadErrorSchema });
const itemStartedEventSchema = z.strictObject({ type: z.literal('item.started'), item: threadItemSchema });
const itemUpdatedEventSchema = z.strictObject({ type: z.literal('item.updated'), item: threadItemSchema });
const itemCompletedEventSchema = z.strictObject({ type: z.literal('item.completed'), item: threadItemSchema });
/** A stream-level error: fatal ones are remembered and fail the turn, retry notices are not. */
const threadErrorEventSchema = z.strictObject({ type: z.literal('error'), message: z.string() });

export const threadEventSchema = z.discriminatedUnion('type', [
  threadStartedEventSchema,
  turnStartedEventSchema,
  turnCompletedEventSchema,
  turnFailedEventSchema,
  itemStartedEventSchema,
  itemUpdatedEventSchema,
  itemCompletedEventSchema,
  threadErrorEventSchema,
]);
export type ThreadEvent = z.infer<typeof threadEventSchema>;
