/**
 * ATIF, the Agent Trajectory Interchange Format v1.7 (Harbor RFC 0001), as zod schemas:
 * the shape `--format atif` writes and `validate` checks (schemas/atif.schema.json is
 * generated from these; the RFC publishes no JSON Schema of its own). They follow the
 * RFC's tables: every object is closed (Harbor's models forbid unknown fields, custom
 * data goes in `extra`), optional fields may also be null (Harbor reads null as absent).
 * What a JSON Schema cannot say (sequential step ids, ISO 8601 timestamps, agent-only
 * fields, observations pointing at a call of their step, subagent references that
 * resolve) is checked by the format's rules (formats/atif/atif-rules.ts).
 */
import { z } from 'zod';

export const ATIF_SCHEMA_VERSION = 'ATIF-v1.7';

/** Every version a v1.7 reader accepts (later versions only added optional fields). */
const ATIF_VERSIONS = ['ATIF-v1.0', 'ATIF-v1.1', 'ATIF-v1.2', 'ATIF-v1.3', 'ATIF-v1.4', 'ATIF-v1.5', 'ATIF-v1.6', ATIF_SCHEMA_VERSION] as const;

/** Custom metadata, allowed at every level. */
const extra = z.record(z.string(), z.unknown()).nullable().optional();
const count = z.number().int().nonnegative().nullable().optional();

/** v1.6 multimodal content: text, or an image stored beside the trajectory (by path or URL). */
const contentPartSchema = z.union([
  z.strictObject({ type: z.literal('text'), text: z.string() }),
  z.strictObject({
    type: z.literal('image'),
    source: z.strictObject({ media_type: z.enum(['image/jpeg', 'image/png', 'image/gif', 'image/webp']), path: z.string() }),
  }),
]);
const contentSchema = z.union([z.string(), z.array(contentPartSchema)]);

export const atifToolCallSchema = z.strictObject({
  /** Unique in its step: observation results name it in `source_call_id`. */
  tool_call_id: z.string(),
  function_name: z.string(),
  /** A JSON object (possibly empty). */
  arguments: z.record(z.string(), z.unknown()),
  extra,
});
export type AtifToolCall = z.infer<typeof atifToolCallSchema>;

/** A delegated subagent's trajectory: embedded (`trajectory_id`) or in another file (`trajectory_path`). */
export const atifSubagentRefSchema = z.strictObject({
  trajectory_id: z.string().nullable().optional(),
  trajectory_path: z.string().nullable().optional(),
  /** Informational only: never a resolution key. */
  session_id: z.string().nullable().optional(),
  extra,
});
export type AtifSubagentRef = z.infer<typeof atifSubagentRefSchema>;

export const atifObservationResultSchema = z.strictObject({
  /** The `tool_call_id` of a call in the same step; absent for results of no call. */
  source_call_id: z.string().nullable().optional(),
  content: contentSchema.nullable().optional(),
  subagent_trajectory_ref: z.array(atifSubagentRefSchema).nullable().optional(),
  extra,
});
export type AtifObservationResult = z.infer<typeof atifObservationResultSchema>;

const atifObservationSchema = z.strictObject({ results: z.array(atifObservationResultSchema) });

export const atifMetricsSchema = z.strictObject({
  /** Every input token, cached ones included. */
  prompt_tokens: count,
  /** Every generated token, reasoning included. */
  completion_tokens: count,
  /** The cached subset of `prompt_tokens`. */
  cached_tokens: count,
  cost_usd: z.number().nullable().optional(),
  prompt_token_ids: z.array(z.number().int()).nullable().optional(),
  completion_token_ids: z.array(z.number().int()).nullable().optional(),
  logprobs: z.array(z.number()).nullable().optional(),
  extra,
});
export type AtifMetrics = z.infer<typeof atifMetricsSchema>;

export const atifStepSchema = z.strictObject({
  /** 1, 2, 3 ... in order. */
  step_id: z.number().int().min(1),
  /** ISO 8601. */
  timestamp: z.string().nullable().optional(),
  source: z.enum(['system', 'user', 'agent']),
  /** Agent steps only (like reasoning_effort, reasoning_content, tool_calls and metrics). */
  model_name: z.string().nullable().optional(),
  reasoning_effort: z.union([z.string(), z.number()]).nullable().optional(),
  /** The system prompt, the user's words, or the agent's reply; may be empty. */
  message: contentSchema,
  reasoning_content: z.string().nullable().optional(),
  tool_calls: z.array(atifToolCallSchema).nullable().optional(),
  observation: atifObservationSchema.nullable().optional(),
  metrics: atifMetricsSchema.nullable().optional(),
  /** Copied from a prior trajectory for context (a fork's prefix): not for SFT. */
  is_copied_context: z.boolean().nullable().optional(),
  llm_call_count: z.number().int().nonnegative().nullable().optional(),
  extra,
});
export type AtifStep = z.infer<typeof atifStepSchema>;

export const atifAgentSchema = z.strictObject({
  name: z.string(),
  version: z.string(),
  model_name: z.string().nullable().optional(),
  /** OpenAI function-calling definitions (`{type, function: {name, description, parameters}}`). */
  tool_definitions: z.array(z.record(z.string(), z.unknown())).nullable().optional(),
  extra,
});

export const atifFinalMetricsSchema = z.strictObject({
  total_prompt_tokens: count,
  total_completion_tokens: count,
  total_cached_tokens: count,
  total_cost_usd: z.number().nullable().optional(),
  total_steps: count,
  extra,
});

export const atifTrajectorySchema = z.strictObject({
  schema_version: z.enum(ATIF_VERSIONS),
  /** The run this trajectory belongs to (may be shared with its subagents). */
  session_id: z.string().nullable().optional(),
  /** This document's own id; required on embedded subagent trajectories. */
  trajectory_id: z.string().nullable().optional(),
  agent: atifAgentSchema,
  steps: z.array(atifStepSchema).min(1),
  notes: z.string().nullable().optional(),
  final_metrics: atifFinalMetricsSchema.nullable().optional(),
  continued_trajectory_ref: z.string().nullable().optional(),
  extra,
  get subagent_trajectories() {
    return z.array(atifTrajectorySchema).nullable().optional();
  },
});
export type AtifTrajectory = z.infer<typeof atifTrajectorySchema>;
