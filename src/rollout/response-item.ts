/**
 * ResponseItem: what the model saw and emitted, persisted as `response_item`
 * payloads (2025-09+) or as bare lines (legacy 2025 files). Schemas are tolerant:
 * unknown fields pass through, so new Codex fields never break reading.
 */
import { z } from 'zod';

const contentItemSchema = z.looseObject({
  type: z.string(),
  text: z.string().optional(),
  /** Null in some 2026 files where the image bytes were not kept: the message's text still counts. */
  image_url: z.string().nullish(),
});

const messageItemSchema = z.looseObject({
  type: z.literal('message'),
  role: z.string(),
  content: z.array(contentItemSchema),
  /** 2026: `commentary` | `final_answer`. */
  phase: z.string().nullish(),
});

export const reasoningItemSchema = z.looseObject({
  type: z.literal('reasoning'),
  summary: z.array(z.looseObject({ type: z.string(), text: z.string().optional() })).default([]),
  /** Raw chain of thought: only serialized when it holds reasoning_text entries. */
  content: z.array(z.looseObject({ type: z.string(), text: z.string().optional() })).nullish(),
  encrypted_content: z.string().nullish(),
});

const localShellCallItemSchema = z.looseObject({
  type: z.literal('local_shell_call'),
  call_id: z.string().nullish(),
  id: z.string().nullish(),
  status: z.string().nullish(),
  action: z.looseObject({
    type: z.string(),
    command: z.array(z.string()).default([]),
    working_directory: z.string().nullish(),
    timeout_ms: z.number().nullish(),
  }),
});

const functionCallItemSchema = z.looseObject({
  type: z.literal('function_call'),
  name: z.string(),
  /** 2026: tools can be namespaced (`mcp__tiny__` + `echo`). */
  namespace: z.string().nullish(),
  /** JSON text, exactly as the model emitted it; null in some 2026 files (a call without arguments). */
  arguments: z.string().nullable(),
  call_id: z.string(),
});

/** Tool output wire forms: a string, content items, a lone content item (2026), or (forks) `{content, success}`. */
const toolOutputWireSchema = z.union([
  z.string(),
  z.array(contentItemSchema),
  contentItemSchema,
  z.looseObject({ content: z.union([z.string(), z.array(contentItemSchema)]), success: z.boolean().nullish() }),
]);
export type ToolOutputWire = z.infer<typeof toolOutputWireSchema>;

const functionCallOutputItemSchema = z.looseObject({
  type: z.literal('function_call_output'),
  call_id: z.string(),
  output: toolOutputWireSchema,
});

const customToolCallItemSchema = z.looseObject({
  type: z.literal('custom_tool_call'),
  name: z.string(),
  namespace: z.string().nullish(),
  /** Freeform text (e.g. a patch, or a code-mode JavaScript program). */
  input: z.string(),
  call_id: z.string(),
  status: z.string().nullish(),
});

const customToolCallOutputItemSchema = z.looseObject({
  type: z.literal('custom_tool_call_output'),
  call_id: z.string(),
  output: toolOutputWireSchema,
});

const webSearchCallItemSchema = z.looseObject({
  type: z.literal('web_search_call'),
  /** Not serialized in late 2025, so often absent. */
  id: z.string().nullish(),
  status: z.string().nullish(),
  action: z
    .looseObject({
      type: z.string().optional(),
      query: z.string().nullish(),
      queries: z.array(z.string()).nullish(),
      url: z.string().nullish(),
      pattern: z.string().nullish(),
    })
    .nullish(),
});

/** The built-in image generation tool's call and its result (base64 image bytes), 2026. */
const imageGenerationCallItemSchema = z.looseObject({
  type: z.literal('image_generation_call'),
  id: z.string().nullish(),
  status: z.string().nullish(),
  revised_prompt: z.string().nullish(),
  result: z.string().nullish(),
});

/** 2026 deferred tool loading: the model searches the tool catalogue. */
const toolSearchCallItemSchema = z.looseObject({
  type: z.literal('tool_search_call'),
  call_id: z.string().nullish(),
  id: z.string().nullish(),
  arguments: z.unknown(),
});

const toolSearchOutputItemSchema = z.looseObject({
  type: z.literal('tool_search_output'),
  call_id: z.string().nullish(),
  tools: z.array(z.unknown()).default([]),
});

/**
 * Inter-agent traffic (0.169+ code mode, Desktop multi-agent v2): a task sent to a sub-agent
 * (`Message Type: NEW_TASK`) or its answer (`FINAL_ANSWER`), between agent paths (`/root`,
 * `/root/helper`). The plain header is `input_text`; the payload may be an `encrypted_content` part.
 */
const agentMessageItemSchema = z.looseObject({
  type: z.literal('agent_message'),
  author: z.string().nullish(),
  recipient: z.string().nullish(),
  content: z.array(z.looseObject({ type: z.string(), text: z.string().optional() })).default([]),
});

export const responseItemSchema = z.discriminatedUnion('type', [
  messageItemSchema,
  reasoningItemSchema,
  localShellCallItemSchema,
  functionCallItemSchema,
  functionCallOutputItemSchema,
  customToolCallItemSchema,
  customToolCallOutputItemSchema,
  webSearchCallItemSchema,
  imageGenerationCallItemSchema,
  toolSearchCallItemSchema,
  toolSearchOutputItemSchema,
  agentMessageItemSchema,
]);
export type AgentMessageItem = z.infer<typeof agentMessageItemSchema>;
export type ResponseItem = z.infer<typeof responseItemSchema>;
export type MessageItem = z.infer<typeof messageItemSchema>;
export type ReasoningItem = z.infer<typeof reasoningItemSchema>;
export type FunctionCallItem = z.infer<typeof functionCallItemSchema>;
export type CustomToolCallItem = z.infer<typeof customToolCallItemSchema>;
export type ImageGenerationCallItem = z.infer<typeof imageGenerationCallItemSchema>;
export type LocalShellCallItem = z.infer<typeof localShellCallItemSchema>;

export const RESPONSE_ITEM_TYPES: ReadonlySet<string> = new Set(responseItemSchema.options.map((o) => o.shape.type.value));

/**
 * Response item types Codex persists that carry nothing for a transcript:
 * undo snapshots, encrypted compaction blobs (the `compacted` line carries the compaction)
 * and the 2026 tool catalogue (read separately as `tool_definitions`).
 */
export const IGNORED_RESPONSE_ITEM_TYPES: ReadonlySet<string> = new Set([
  'ghost_snapshot',
  'compaction',
  'compaction_summary',
  'context_compaction',
  'additional_tools',
  'other',
]);
