/**
 * The RL trajectory record: one per session. Every field of the seed
 * `--output-rollout` record keeps its name and meaning; the fields marked
 * "extension" are ours and documented in docs/record.md.
 *
 * These zod schemas are the single source of truth: types are inferred from
 * them, the JSON Schemas in schemas/ are generated from them, and every record
 * is validated against them before it is written.
 */
import { z } from 'zod';
import { outcomeSchema } from '../codex/outcome.js';

/** The envelope timestamp of the rollout line the step came from; null where the format has none. */
const timestamp = z.string().nullable();

/**
 * Fields every step ends with: the turn it belongs to (0-based index into the record's
 * `turns`), and, with `--keep-rolled-back` only, the mark of a step of a rolled-back turn.
 */
const stepTurnFields = {
  /** Extension: index of the step's turn in `turns` (0-based). */
  turn: z.number().int(),
  /** Extension (`--keep-rolled-back` only): the step's turn was rolled back; the model no longer saw it. */
  rolled_back: z.literal(true).optional(),
  /** Extension (`--keep-copied` only): the step is part of the parent history a fork copied into its file. */
  is_copied_context: z.literal(true).optional(),
};

export const userMessageStepSchema = z.object({
  type: z.literal('user_message'),
  content: z.string(),
  timestamp,
  /** Extension: image URLs (often data: URLs) attached to the message. */
  images: z.array(z.string()).optional(),
  ...stepTurnFields,
});

const assistantMessageStepSchema = z.object({
  type: z.literal('assistant_message'),
  content: z.string(),
  timestamp,
  /** Extension: Codex's message phase (`commentary` | `final_answer`) when recorded. */
  phase: z.string().optional(),
  /**
   * Extension: `async` for a message the model sent the user while it kept working
   * (0.171 `send_message_to_user_async`, whose tool_call precedes it); such a message
   * is never the final response.
   */
  delivery: z.literal('async').optional(),
  /** Extension: the call that delivered an async message. */
  call_id: z.string().optional(),
  ...stepTurnFields,
});

const reasoningStepSchema = z.object({
  type: z.literal('reasoning'),
  content: z.string(),
  timestamp,
  ...stepTurnFields,
});

const toolCallStepSchema = z.object({
  type: z.literal('tool_call'),
  name: z.string(),
  /**
   * The exact text the model emitted (JSON text for function tools, free text for custom
   * tools such as `apply_patch`); a structured call (web search action, tool search) as its
   * JSON text; null when the call has none. Always a string or null (schema 2.0.0).
   */
  arguments: z.string().nullable(),
  call_id: z.string().nullable(),
  timestamp,
  /** Extension: the tool namespace (2026 namespaced tools, e.g. `mcp__tiny__`). */
  namespace: z.string().optional(),
  /** Extension: the code-mode `exec` call this action ran inside (its own call_id is then Codex's `exec-<uuid>` item id). */
  parent_call_id: z.string().optional(),
  /**
   * Extension: a multi-agent call's sub-agents (spawn_agent, send_message, followup_task,
   * close_agent, ...): the session ids of the children it spawned or named, as their records'
   * `session_id`. Absent when the rollout does not say (a `wait_agent` with no target).
   */
  agent_session_ids: z.array(z.string()).optional(),
  ...stepTurnFields,
});

const toolOutputStepSchema = z.object({
  type: z.literal('tool_output'),
  call_id: z.string(),
  /** The exact text the model saw. */
  output: z.string(),
  timestamp,
  /** Extension: the process exit code, when the output reports one. */
  exit_code: z.number().int().nullable().optional(),
  /** Extension: image URLs the model saw in this output (content-item outputs). */
  images: z.array(z.string()).optional(),
  /** Extension: the code-mode `exec` call this action ran inside (its own call_id is then Codex's `exec-<uuid>` item id). */
  parent_call_id: z.string().optional(),
  ...stepTurnFields,
});

const shellCommandStepSchema = z.object({
  type: z.literal('shell_command'),
  /** The command as an argv. */
  command: z.array(z.string()),
  call_id: z.string().nullable(),
  timestamp,
  /** Extension: the raw tool name the model called (`shell`, `exec_command`, `local_shell`, ...). */
  name: z.string(),
  /**
   * Extension: the exact arguments text the model emitted (a local shell call's action as
   * JSON text); null for a command a code-mode program ran, which has no arguments of its own.
   */
  arguments: z.string().nullable(),
  /** Extension: the working directory the model asked for, when given. */
  workdir: z.string().nullable().optional(),
  /** Extension: the code-mode `exec` call this action ran inside (its own call_id is then Codex's `exec-<uuid>` item id). */
  parent_call_id: z.string().optional(),
  ...stepTurnFields,
});

/**
 * Extension: what Codex put in the model's input besides the user's words: developer
 * messages (permissions, skills, collaboration mode, the base instructions repeated in
 * code mode) and injected user-role context (`<environment_context>`, AGENTS.md,
 * `<turn_aborted>` notes, ...). One step per message part, in file order.
 */
export const contextStepSchema = z.object({
  type: z.literal('context'),
  /** The message's role: `developer` (or `system`) or `user`. */
  role: z.string(),
  /** The part's leading tag (`environment_context`, `permissions_instructions`, ...), `agents_md`, `base_instructions`, else `developer` / `context`. */
  kind: z.string(),
  content: z.string(),
  timestamp,
  ...stepTurnFields,
});

/**
 * Extension: the context was compacted here. `summary` is the summary Codex kept in place
 * of the history (null when the rollout holds it only encrypted); `encrypted` says so.
 */
export const compactionStepSchema = z.object({
  type: z.literal('compaction'),
  summary: z.string().nullable(),
  timestamp,
  /** The summary is only held encrypted (remote compaction): its text is not in the rollout. */
  encrypted: z.boolean().optional(),
  /** 0.130+: the number of items of the history that replaced the old one. */
  replacement_item_count: z.number().int().nullable().optional(),
  ...stepTurnFields,
});

/**
 * Extension: a message between agents of one session tree (a sub-agent's task, its answer),
 * in the record of the agent that received or sent it, where Codex put it in that agent's
 * history. `content` is the plain text (the `Message Type / Task name / Sender / Payload`
 * header and any plain payload); an encrypted payload is not in the rollout: `encrypted` says so.
 */
export const interAgentMessageStepSchema = z.object({
  type: z.literal('inter_agent_message'),
  /** The sending agent's path (`/root`, `/root/helper`), when the rollout names it. */
  author: z.string().nullable(),
  /** The receiving agent's path. */
  recipient: z.string().nullable(),
  content: z.string(),
  encrypted: z.literal(true).optional(),
  timestamp,
  ...stepTurnFields,
});

export const trajectoryStepSchema = z.discriminatedUnion('type', [
  userMessageStepSchema,
  assistantMessageStepSchema,
  reasoningStepSchema,
  toolCallStepSchema,
  toolOutputStepSchema,
  shellCommandStepSchema,
  contextStepSchema,
  compactionStepSchema,
  interAgentMessageStepSchema,
]);

export type ToolCallStep = z.infer<typeof toolCallStepSchema>;
export type AssistantMessageStep = z.infer<typeof assistantMessageStepSchema>;
export type ToolOutputStep = z.infer<typeof toolOutputStepSchema>;
export type ShellCommandStep = z.infer<typeof shellCommandStepSchema>;
export type ContextStep = z.infer<typeof contextStepSchema>;
export type CompactionStep = z.infer<typeof compactionStepSchema>;
export type TrajectoryStep = z.infer<typeof trajectoryStepSchema>;
export type TrajectoryStepType = TrajectoryStep['type'];

export const TRAJECTORY_STEP_TYPES = [
  'user_message',
  'assistant_message',
  'reasoning',
  'tool_call',
  'tool_output',
  'shell_command',
  'context',
  'compaction',
  'inter_agent_message',
] as const satisfies readonly TrajectoryStepType[];

export const tokenUsageSchema = z.object({
  input_tokens: z.number().int(),
  cached_input_tokens: z.number().int(),
  output_tokens: z.number().int(),
  reasoning_output_tokens: z.number().int(),
  total_tokens: z.number().int(),
});
export type RecordTokenUsage = z.infer<typeof tokenUsageSchema>;

/** Extension: one tool the model was offered, as Codex sent it (namespaces flattened). */
export const toolDefinitionSchema = z.object({
  /** The namespace the tool is listed under (`functions`, `clock`, `collaboration`, ...), else null. */
  namespace: z.string().nullable(),
  name: z.string(),
  /** `function`, `custom` (freeform input), ... */
  type: z.string(),
  description: z.string().nullable(),
  /**
   * The JSON Schema of its arguments, or for a custom tool its input format (a grammar),
   * as JSON text (schema 2.0.0: one type in every row); null when the tool has none.
   */
  parameters: z.string().nullable(),
});
export type ToolDefinition = z.infer<typeof toolDefinitionSchema>;

/** One turn of the session: from a user input (or `task_started`) to its end. */
export const turnSchema = z.object({
  /** Position in `turns` (0-based); steps name their turn by it. */
  index: z.number().int().nonnegative(),
  /** Codex's turn id (`task_started.turn_id`, 0.100+); null before. */
  turn_id: z.string().nullable(),
  /** Time of the line that opened the turn. */
  started_at: z.string().nullable(),
  /** Time of its end marker (`task_complete`, `turn_aborted`), else of its last line. */
  ended_at: z.string().nullable(),
  /** How the turn ended (README: "How a turn ends"). */
  outcome: outcomeSchema,
  /** The failure or abort message, when known. */
  error: z.string().nullable(),
  /** Every completed model response of the turn counted once; null when the rollout records none for it. */
  usage: tokenUsageSchema.nullable(),
  /** `--keep-rolled-back` only: the turn was rolled back (`thread_rolled_back`). */
  rolled_back: z.literal(true).optional(),
  /** `--keep-copied` only: a fork's copy of its parent's history opened the turn (its `usage` is then null: the parent's). */
  is_copied_context: z.literal(true).optional(),
});
export type Turn = z.infer<typeof turnSchema>;

/**
 * Every field of the record except `trajectory`. Builders produce it at the end of a
 * session (the model is the latest one seen, the final response the last one), so
 * sinks can stream the steps first and write these fields when the session closes.
 */
export const sessionSummarySchema = z.object({
  session_id: z.string(),
  model: z.string().nullable(),
  cwd: z.string().nullable(),
  prompt: z.string().nullable(),
  system_instructions: z.string().nullable(),
  /**
   * Extension (`--instructions ref` only): the sha256 (lowercase hex) of the system
   * instructions, whose text is then written once to `instructions.jsonl` (keyed by it)
   * and `system_instructions` is null. Absent with the default `--instructions inline`.
   */
  system_instructions_ref: z.string().optional(),
  final_response: z.string().nullable(),
  success: z.boolean(),
  source_path: z.string(),
  raw_item_count: z.number().int().nonnegative(),
  /** Extension: how the session's last turn ended. `success` is `outcome === "completed"`. */
  outcome: outcomeSchema,
  /** Extension: the failure or abort message, when the rollout records one. */
  error: z.string().nullable(),
  /** Extension: the Codex version that wrote the rollout (`session_meta.cli_version`). */
  cli_version: z.string().nullable(),
  /** Extension: who started the session (`codex_cli_rs`, `codex_exec`, `codex_vscode`, ...). */
  originator: z.string().nullable(),
  /** Extension: the session start time from the session header. */
  started_at: z.string().nullable(),
  /** Extension: the number of turns (`turns.length`). */
  turn_count: z.number().int().nonnegative(),
  /**
   * Extension: exact token usage of the session: every completed model response counted
   * once, across resumed processes, rolled-back turns included (the tokens were spent).
   * Null where the rollout records no usage at all.
   */
  usage: tokenUsageSchema.nullable(),
  /** Extension: the session's turns, in order (rolled-back ones only with `--keep-rolled-back`). */
  turns: z.array(turnSchema),
  /**
   * Extension: the tool definitions the model was given, where the rollout stores them (0.169+
   * code mode `additional_tools`, else the Desktop `session_meta.dynamic_tools`); null otherwise.
   */
  tools: z.array(toolDefinitionSchema).nullable(),
  /** Extension: the session this one was forked from (`session_meta.forked_from_id`); its copied history is left out. */
  forked_from: z.object({ session_id: z.string(), turn_index: z.number().int().nonnegative().nullable() }).nullable(),
  /** Extension: the session that spawned this sub-agent; null for a root session. */
  parent_session_id: z.string().nullable(),
  /** Extension: the agent that ran the session: `{role: "main"}` for a root, `{role: "subagent", ...}` for a spawned one. */
  agent: z.object({
    role: z.enum(['main', 'subagent']),
    nickname: z.string().nullable().optional(),
    path: z.string().nullable().optional(),
    depth: z.number().int().nonnegative().nullable().optional(),
  }),
  /**
   * Extension: the agent a session Codex Desktop imported came from (`"claude-code"`: its turns
   * have `external-import-turn-<n>` ids); null for a session Codex ran. An imported record's
   * `model` is null: no Codex model wrote it, and the file does not name the one that did.
   */
  imported_from: z.enum(['claude-code']).nullable(),
});
export type SessionSummary = z.infer<typeof sessionSummarySchema>;

/** The full record, in the seed's field order, extensions last. */
export const trajectoryRecordSchema = z.object({
  session_id: sessionSummarySchema.shape.session_id,
  model: sessionSummarySchema.shape.model,
  cwd: sessionSummarySchema.shape.cwd,
  prompt: sessionSummarySchema.shape.prompt,
  system_instructions: sessionSummarySchema.shape.system_instructions,
  system_instructions_ref: sessionSummarySchema.shape.system_instructions_ref,
  trajectory: z.array(trajectoryStepSchema),
  final_response: sessionSummarySchema.shape.final_response,
  success: sessionSummarySchema.shape.success,
  source_path: sessionSummarySchema.shape.source_path,
  raw_item_count: sessionSummarySchema.shape.raw_item_count,
  outcome: sessionSummarySchema.shape.outcome,
  error: sessionSummarySchema.shape.error,
  cli_version: sessionSummarySchema.shape.cli_version,
  originator: sessionSummarySchema.shape.originator,
  started_at: sessionSummarySchema.shape.started_at,
  turn_count: sessionSummarySchema.shape.turn_count,
  usage: sessionSummarySchema.shape.usage,
  turns: sessionSummarySchema.shape.turns,
  tools: sessionSummarySchema.shape.tools,
  forked_from: sessionSummarySchema.shape.forked_from,
  parent_session_id: sessionSummarySchema.shape.parent_session_id,
  agent: sessionSummarySchema.shape.agent,
  imported_from: sessionSummarySchema.shape.imported_from,
});
export type TrajectoryRecord = z.infer<typeof trajectoryRecordSchema>;

/** Assembles a record in the canonical field order. */
export function assembleRecord(summary: SessionSummary, trajectory: TrajectoryStep[]): TrajectoryRecord {
  const { session_id, model, cwd, prompt, system_instructions, system_instructions_ref, ...rest } = summary;
  const ref = system_instructions_ref !== undefined ? { system_instructions_ref } : {};
  return { session_id, model, cwd, prompt, system_instructions, ...ref, trajectory, ...rest };
}
