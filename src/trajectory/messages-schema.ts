/**
 * The chat-messages row of `--format messages`: one session in the OpenAI chat format that
 * SFT trainers read (TRL, Unsloth, Axolotl): `messages` with roles system, developer,
 * user, assistant and tool, assistant `tool_calls` as `{id, type: "function", function:
 * {name, arguments}}`, `tool_call_id` on tool messages, reasoning as `reasoning_content`,
 * and the session's `tools` in the OpenAI tools shape. Every field has one JSON type in
 * every row (a string, or absent/null), so columnar readers infer one schema: `content`
 * is always a string, `arguments` the exact text the model emitted, a tool's
 * `parameters` its JSON Schema as JSON text. What a JSON Schema cannot say (every tool
 * message answers an earlier assistant tool call) is checked by `validate`
 * (formats/messages/messages-rules.ts).
 */
import { z } from 'zod';
import { outcomeSchema } from '../codex/outcome.js';
import { tokenUsageSchema } from './rl-schema.js';

/**
 * Extension, on any message: what the message holds when it is not the conversation
 * itself: `system_instructions`, a context kind of the record (`environment_context`,
 * `agents_md`, `permissions_instructions`, ...), `compaction` (the summary that replaced
 * the history), `inter_agent_message` (a message from another agent of the session tree).
 * Absent on the user's own words and on the model's and tools' messages.
 */
const kind = z.string().optional();
/** Extension (`--keep-rolled-back` only): the message belongs to a rolled-back turn; the model no longer saw it. */
const rolledBack = z.literal(true).optional();
/** Extension (`--keep-copied` only): the message belongs to the parent history a fork copied. */
const copied = z.literal(true).optional();
/** Extension: image URLs (often data: URLs) the message carried (user input, tool output). */
const images = z.array(z.string()).optional();

export const messageToolCallSchema = z.object({
  /** The call id the model emitted (a tool message names it in `tool_call_id`). */
  id: z.string(),
  type: z.literal('function'),
  function: z.object({
    name: z.string(),
    /** The exact text the model emitted: JSON text for function tools, free text for freeform tools (`apply_patch`); "" when the call had none. */
    arguments: z.string(),
  }),
  /** Extension: the tool namespace the call named (2026 namespaced tools, e.g. `mcp__tiny__`). */
  namespace: z.string().optional(),
});
export type MessageToolCall = z.infer<typeof messageToolCallSchema>;

const systemMessageSchema = z.object({ role: z.literal('system'), content: z.string(), kind, rolled_back: rolledBack, is_copied_context: copied });
const developerMessageSchema = z.object({ role: z.literal('developer'), content: z.string(), kind, rolled_back: rolledBack, is_copied_context: copied });
const userMessageSchema = z.object({
  role: z.literal('user'),
  content: z.string(),
  /** The sending agent's path, for a message from another agent (OpenAI's participant `name`). */
  name: z.string().optional(),
  images,
  kind,
  rolled_back: rolledBack,
  is_copied_context: copied,
});
const assistantMessageSchema = z.object({
  role: z.literal('assistant'),
  /** The response's text ("" when it only reasoned or called tools). */
  content: z.string(),
  /** The reasoning the model produced before this message's text and calls (summary and raw text, as the rollout holds it). */
  reasoning_content: z.string().optional(),
  tool_calls: z.array(messageToolCallSchema).optional(),
  rolled_back: rolledBack,
  is_copied_context: copied,
});
const toolMessageSchema = z.object({
  role: z.literal('tool'),
  /** The id of the assistant tool call this output answers. */
  tool_call_id: z.string(),
  /** The called tool's name. */
  name: z.string(),
  /** The exact output text the model saw. */
  content: z.string(),
  images,
  rolled_back: rolledBack,
  is_copied_context: copied,
});

export const chatMessageSchema = z.discriminatedUnion('role', [systemMessageSchema, developerMessageSchema, userMessageSchema, assistantMessageSchema, toolMessageSchema]);
export type ChatMessage = z.infer<typeof chatMessageSchema>;
export type AssistantChatMessage = z.infer<typeof assistantMessageSchema>;

/** One tool the model was offered, in the OpenAI tools shape. */
export const chatToolSchema = z.object({
  /** `function`, or the tool's own type (`custom`: a freeform tool whose input is free text). */
  type: z.string(),
  function: z.object({
    name: z.string(),
    description: z.string().nullable(),
    /** The arguments' JSON Schema as JSON text (`json.loads` it for a chat template); a custom tool's input format (grammar) as JSON text; null when none. */
    parameters: z.string().nullable(),
  }),
  /** Extension: the namespace the rollout lists the tool under (`functions`, `collaboration`, ...), else null. */
  namespace: z.string().nullable(),
});
export type ChatTool = z.infer<typeof chatToolSchema>;

/** Every field of the row except `messages`: what a session's end tells. */
export const messagesRowEndSchema = z.object({
  session_id: z.string(),
  /** The tools the model was offered, where the rollout stores them (the record's `tools`); null otherwise. */
  tools: z.array(chatToolSchema).nullable(),
  model: z.string().nullable(),
  /** How the session's last turn ended; `success` is `outcome === "completed"`. */
  outcome: outcomeSchema,
  success: z.boolean(),
  /** Exact token usage of the session (the record's `usage`). */
  usage: tokenUsageSchema.nullable(),
  turn_count: z.number().int().nonnegative(),
  cli_version: z.string().nullable(),
  started_at: z.string().nullable(),
  /** The session that spawned this sub-agent; null for a root session. */
  parent_session_id: z.string().nullable(),
});
export type MessagesRowEnd = z.infer<typeof messagesRowEndSchema>;

/** The row, messages first (the column SFT trainers read), then the session's metadata. */
export const messagesRowSchema = z.object({
  messages: z.array(chatMessageSchema),
  ...messagesRowEndSchema.shape,
});
export type MessagesRow = z.infer<typeof messagesRowSchema>;
