/**
 * The translator's input vocabulary: the subset of Codex's `EventMsg` that
 * `codex exec --json` (EventProcessorWithJsonOutput) reacts to, with Codex's own
 * snake_case field names. The replay stage rebuilds these from rollout records;
 * most of them (exec/patch/mcp begin+end, plan_update, error) are never persisted
 * by Codex before 2026 and have to be reconstructed from response items.
 */

export type TokenUsage = {
  input_tokens: number;
  cached_input_tokens: number;
  output_tokens: number;
  reasoning_output_tokens?: number;
  total_tokens?: number;
  /** Late 2026 only. */
  cache_write_input_tokens?: number;
};

type TokenUsageInfo = {
  /** Cumulative for the whole thread, not per turn. */
  total_token_usage: TokenUsage;
  last_token_usage?: TokenUsage;
  model_context_window?: number | null;
};

export type FileChange =
  | { add: { content: string } }
  | { delete: { content: string } }
  | { update: { unified_diff: string; move_path: string | null } };

type McpInvocation = { server: string; tool: string; arguments?: unknown };

export type CallToolResult = {
  content: unknown[];
  is_error?: boolean | null;
  structured_content?: unknown;
};

/**
 * The model's web_search_call action, as in the rollout (`{type: "search", query}` ...).
 * Exec keeps the known fields of the known variants and prints anything else as `{type: "other"}`.
 */
export type WebSearchAction = {
  type: string;
  query?: string | null;
  queries?: string[] | null;
  url?: string | null;
  pattern?: string | null;
};

/** A persisted web search action Codex can re-read (any object with a `type`). */
export function isWebSearchAction(action: unknown): action is WebSearchAction {
  return typeof action === 'object' && action !== null && typeof (action as { type?: unknown }).type === 'string';
}

export type PlanStep = { step: string; status: 'pending' | 'in_progress' | 'completed' };

export type EventMsg =
  | { type: 'session_configured'; session_id: string; model?: string | null }
  | { type: 'task_started'; model_context_window?: number | null }
  | { type: 'task_complete'; last_agent_message: string | null }
  | { type: 'agent_message'; message: string }
  | { type: 'agent_reasoning'; text: string }
  | { type: 'user_message'; message: string; images?: string[] }
  | { type: 'exec_command_begin'; call_id: string; command: string[]; cwd: string }
  | {
      type: 'exec_command_end';
      call_id: string;
      stdout: string;
      stderr: string;
      aggregated_output: string;
      exit_code: number;
      formatted_output?: string;
      /** Newer Codex reports declined/failed explicitly; absent means "derive from exit_code". */
      status?: 'completed' | 'failed' | 'declined';
    }
  | { type: 'patch_apply_begin'; call_id: string; auto_approved?: boolean; changes: Record<string, FileChange> }
  | {
      type: 'patch_apply_end';
      call_id: string;
      stdout: string;
      stderr: string;
      success: boolean;
      /** 0.130+ persists the changes on the end event too; used when no begin was seen. */
      changes?: Record<string, FileChange>;
      /** 0.130+: explicit outcome (a declined patch prints as failed); absent means "derive from success". */
      status?: 'completed' | 'failed' | 'declined';
    }
  | { type: 'mcp_tool_call_begin'; call_id: string; invocation: McpInvocation }
  | {
      type: 'mcp_tool_call_end';
      call_id: string;
      invocation: McpInvocation;
      result: { Ok: CallToolResult } | { Err: string };
    }
  | {
      type: 'web_search_begin';
      call_id: string;
      /**
       * Exec 0.130+ prints item.started with the search's query and action, so give them here
       * when known (Codex emits the started item once the search call is complete). Ignored by
       * older dialects (0.100 prints query "" and action other at begin).
       */
      query?: string;
      action?: WebSearchAction;
    }
  | {
      type: 'web_search_end';
      call_id: string;
      query: string;
      /** The web_search_call action (0.100+ exec prints it); absent means `{type: "other"}`. */
      action?: WebSearchAction;
    }
  | { type: 'plan_update'; explanation?: string | null; plan: PlanStep[] }
  | { type: 'token_count'; info: TokenUsageInfo | null }
  | {
      type: 'error';
      message: string;
      /** Exec 0.130+ prints `message (additional_details)`. */
      additional_details?: string | null;
    }
  | { type: 'warning'; message: string }
  | {
      type: 'stream_error';
      message: string;
      /** Exec 0.80+ prints `message (additional_details)`, e.g. "Reconnecting... 1/1 (<cause>)". */
      additional_details?: string | null;
    }
  | { type: 'turn_aborted'; reason: string }
  | CollabToolCallBegin
  | CollabToolCallEnd;

/**
 * A call of a multi-agent tool (spawn, send, wait, close) as exec's collab events describe it
 * (`CollabAgentSpawnBegin`/`End`, `CollabWaitingBegin`/`End`, ...): `tool` is exec's name for it
 * (`spawn_agent`, `send_input`, `wait`, `close_agent`, ...).
 */
export type CollabToolCallBegin = {
  type: 'collab_tool_call_begin';
  call_id: string;
  tool: string;
  sender_thread_id: string;
  receiver_thread_ids: string[];
  prompt: string | null;
};
export type CollabAgentState = { status: string; message?: string | null };
export type CollabToolCallEnd = Omit<CollabToolCallBegin, 'type'> & {
  type: 'collab_tool_call_end';
  agents_states: Record<string, CollabAgentState>;
  status: 'completed' | 'failed';
};

