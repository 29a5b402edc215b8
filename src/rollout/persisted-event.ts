/**
 * `event_msg` payloads that Codex persists and that rollout-kit reads. Which ones
 * exist depends on the generation (docs/format.md §10): 2025 files
 * hold user/agent messages, reasoning, token counts and aborts; 2026 adds turn
 * start/complete, the "extended" tool end events and, in paginated history,
 * `item_completed` records that replace the message events.
 */
import { z } from 'zod';

export const tokenUsageSchema = z.looseObject({
  input_tokens: z.number().default(0),
  cached_input_tokens: z.number().default(0),
  output_tokens: z.number().default(0),
  reasoning_output_tokens: z.number().default(0),
  total_tokens: z.number().default(0),
  cache_write_input_tokens: z.number().optional(),
});
export type PersistedTokenUsage = z.infer<typeof tokenUsageSchema>;

/** Codex serializes `Duration` as `{secs, nanos}`; some builds wrote a string. */
const durationSchema = z.union([z.looseObject({ secs: z.number(), nanos: z.number() }), z.string(), z.number()]).nullish();

/** A file change as persisted: internally tagged `{type: "add", content}` or externally `{add: {content}}`. */
const fileChangeSchema = z.record(z.string(), z.unknown());

const mcpResultSchema = z.looseObject({
  content: z.array(z.unknown()).default([]),
  isError: z.boolean().nullish(),
  is_error: z.boolean().nullish(),
  structuredContent: z.unknown().optional(),
  structured_content: z.unknown().optional(),
});
export type PersistedMcpResult = z.infer<typeof mcpResultSchema>;

/** `item_completed.item` (2026 paginated history): PascalCase TurnItem variants. */
const turnItemSchema = z.looseObject({
  type: z.string(),
  id: z.string().nullish(),
  // UserMessage / AgentMessage
  content: z.array(z.looseObject({ type: z.string(), text: z.string().optional(), image_url: z.string().optional(), path: z.string().optional() })).optional(),
  phase: z.string().nullish(),
  // Reasoning
  summary_text: z.array(z.string()).optional(),
  raw_content: z.array(z.string()).optional(),
  // CommandExecution
  command: z.union([z.array(z.string()), z.string()]).optional(),
  aggregated_output: z.string().nullish(),
  exit_code: z.number().nullish(),
  status: z.string().nullish(),
  // FileChange
  changes: z.union([fileChangeSchema, z.array(z.unknown())]).optional(),
  // McpToolCall
  server: z.string().optional(),
  tool: z.string().optional(),
  arguments: z.unknown().optional(),
  result: mcpResultSchema.nullish(),
  error: z.unknown().optional(),
  // WebSearch
  query: z.string().nullish(),
  // CollabAgentToolCall (0.169+: spawn, send, wait, close; `tool` and `status` above)
  sender_thread_id: z.string().optional(),
  receiver_thread_ids: z.array(z.string()).optional(),
  prompt: z.string().nullish(),
  agents_states: z.record(z.string(), z.looseObject({ status: z.string().optional(), message: z.string().nullish() })).optional(),
  // SubAgentActivity (0.169+): a sub-agent started (`id`: the spawn call's call_id) or completed
  kind: z.string().nullish(),
  agent_thread_id: z.string().nullish(),
  agent_path: z.string().nullish(),
  // Plan
  text: z.string().optional(),
});
export type TurnItem = z.infer<typeof turnItemSchema>;

export const persistedEventSchema = z.discriminatedUnion('type', [
  z.looseObject({
    type: z.literal('user_message'),
    message: z.string(),
    /** Sep-Oct 2025 only: `user_instructions` / `environment_context` mark injected context. */
    kind: z.string().nullish(),
    images: z.array(z.string()).nullish(),
  }),
  z.looseObject({ type: z.literal('agent_message'), message: z.string(), phase: z.string().nullish() }),
  z.looseObject({ type: z.literal('agent_reasoning'), text: z.string() }),
  z.looseObject({ type: z.literal('agent_reasoning_raw_content'), text: z.string() }),
  z.looseObject({
    type: z.literal('token_count'),
    info: z
      .looseObject({
        /** Cumulative for the thread. */
        total_token_usage: tokenUsageSchema,
        last_token_usage: tokenUsageSchema.nullish(),
        model_context_window: z.number().nullish(),
      })
      .nullish(),
  }),
  z.looseObject({ type: z.literal('task_started'), turn_id: z.string().nullish(), model_context_window: z.number().nullish() }),
  z.looseObject({
    type: z.literal('task_complete'),
    turn_id: z.string().nullish(),
    last_agent_message: z.string().nullish(),
    /** 0.169+: a failed turn carries its error here. */
    error: z.looseObject({ message: z.string().nullish() }).nullish(),
  }),
  z.looseObject({ type: z.literal('turn_aborted'), reason: z.string().nullish(), turn_id: z.string().nullish() }),
  z.looseObject({ type: z.literal('context_compacted') }),
  z.looseObject({ type: z.literal('thread_rolled_back'), num_turns: z.number() }),
  z.looseObject({ type: z.literal('error'), message: z.string() }),
  z.looseObject({
    type: z.literal('exec_command_end'),
    call_id: z.string(),
    command: z.array(z.string()).nullish(),
    aggregated_output: z.string().nullish(),
    exit_code: z.number().nullish(),
    duration: durationSchema,
    status: z.string().nullish(),
  }),
  z.looseObject({
    type: z.literal('patch_apply_end'),
    call_id: z.string(),
    success: z.boolean(),
    stdout: z.string().nullish(),
    stderr: z.string().nullish(),
    changes: fileChangeSchema.nullish(),
    status: z.string().nullish(),
  }),
  z.looseObject({
    type: z.literal('mcp_tool_call_end'),
    call_id: z.string(),
    invocation: z.looseObject({ server: z.string(), tool: z.string(), arguments: z.unknown().optional() }),
    duration: durationSchema,
    result: z.union([z.looseObject({ Ok: mcpResultSchema }), z.looseObject({ Err: z.unknown() })]),
  }),
  z.looseObject({
    type: z.literal('web_search_end'),
    call_id: z.string(),
    query: z.string().nullish(),
    action: z.unknown().optional(),
  }),
  /** Codex Desktop's note of a sub-agent's progress: which session runs under which agent path. */
  z.looseObject({ type: z.literal('sub_agent_activity'), kind: z.string().nullish(), agent_thread_id: z.string().nullish(), agent_path: z.string().nullish() }),
  z.looseObject({
    type: z.literal('item_completed'),
    turn_id: z.string().nullish(),
    item: turnItemSchema,
  }),
]);
export type PersistedEvent = z.infer<typeof persistedEventSchema>;
export type PersistedEventOf<T extends PersistedEvent['type']> = Extract<PersistedEvent, { type: T }>;

export const PERSISTED_EVENT_TYPES: ReadonlySet<string> = new Set(persistedEventSchema.options.map((o) => o.shape.type.value));

/** Event aliases: 2026 renamed task_* to turn_* on the wire; both deserialize to the same event. */
export const EVENT_TYPE_ALIASES: Readonly<Record<string, string>> = {
  turn_started: 'task_started',
  turn_complete: 'task_complete',
};

/** Persisted events that carry nothing rollout-kit uses (review mode, undo, thread naming, settings, ...). */
export const IGNORED_EVENT_TYPES: ReadonlySet<string> = new Set([
  'entered_review_mode',
  'exited_review_mode',
  'undo_completed',
  'thread_name_updated',
  'thread_goal_updated',
  'thread_settings_applied',
  'image_generation_end',
  'view_image_tool_call',
  'guardian_assessment',
  'item_started',
  'warning',
  'stream_error',
  'plan_update',
  'exec_command_begin',
  'patch_apply_begin',
  'mcp_tool_call_begin',
  'web_search_begin',
  'session_configured',
  'dynamic_tool_call_request',
  'dynamic_tool_call_response',
  'collab_agent_spawn_end',
  'collab_agent_interaction_end',
  'collab_waiting_end',
  'collab_close_end',
  'collab_resume_end',
]);
