/**
 * The RL record as one ATIF v1.7 trajectory: a pure function, record in, document out.
 * The agent is Codex (`version`: the Codex version that wrote the rollout), the steps
 * come from atif-steps.ts, the metrics from atif-metrics.ts; what ATIF has no field for
 * (where the rollout came from, how the session ended, its turns) goes in `extra`, so
 * nothing the record says is lost.
 */
import { ATIF_SCHEMA_VERSION, type AtifSubagentRef, type AtifTrajectory } from '../../trajectory/atif-schema.js';
import type { ToolDefinition, TrajectoryRecord, TrajectoryStep } from '../../trajectory/rl-schema.js';
import { atifFileNameOf } from './atif-file-name.js';
import { attachTurnMetrics, finalMetrics } from './atif-metrics.js';
import { buildAtifSteps, type AtifStepOptions } from './atif-steps.js';

export const ATIF_AGENT_NAME = 'codex';

const NOTES =
  'Converted by rollout-kit from a Codex CLI rollout. One agent step per model response; tool outputs are observation results linked by call id. ' +
  "Metrics: each turn's exact token usage sits on the turn's last agent step (metrics.extra.usage_of = \"turn\"); final_metrics is the session's exact usage. " +
  'Arguments that are not a JSON object are kept as {"input": <text>} (tool_calls[].extra.arguments_form = "text").';

export type RecordToAtifOptions = AtifStepOptions;

export function recordToAtif(record: TrajectoryRecord, options: RecordToAtifOptions = {}): AtifTrajectory {
  const subagentRefs = options.subagentRefs ?? spawnedTrajectoryRefs(record.trajectory);
  const drafts = buildAtifSteps(record.system_instructions, record.started_at, record.trajectory, { subagentRefs });
  // ATIF needs a step: a session that holds none (only its header) gets one empty system step.
  if (drafts.length === 0) drafts.push({ step: { step_id: 1, source: 'system', message: '', extra: { empty_session: true } }, turn: null });
  attachTurnMetrics(drafts, record.turns);
  const steps = drafts.map((draft) => draft.step);
  return {
    schema_version: ATIF_SCHEMA_VERSION,
    session_id: record.session_id,
    agent: {
      name: ATIF_AGENT_NAME,
      version: record.cli_version ?? 'unknown',
      ...(record.model !== null ? { model_name: record.model } : {}),
      ...(record.tools !== null ? { tool_definitions: record.tools.map(toToolDefinition) } : {}),
      ...(record.originator !== null ? { extra: { originator: record.originator } } : {}),
    },
    steps,
    notes: NOTES,
    final_metrics: finalMetrics(record.usage, steps.length),
    extra: {
      source_path: record.source_path,
      cwd: record.cwd,
      started_at: record.started_at,
      outcome: record.outcome,
      success: record.success,
      error: record.error,
      final_response: record.final_response,
      raw_item_count: record.raw_item_count,
      // The session graph (README "The session graph"): which session spawned or forked this one.
      ...(record.parent_session_id !== null ? { parent_session_id: record.parent_session_id } : {}),
      ...(record.forked_from !== null ? { forked_from: record.forked_from } : {}),
      agent: record.agent,
      turns: record.turns,
    },
  };
}

/**
 * The default `subagentRefs`: a spawn call's result points at each child it spawned
 * (`agent_session_ids`) by the file `--format atif` writes the child's trajectory to,
 * beside this one; `session_id` names the child, for information.
 */
function spawnedTrajectoryRefs(steps: readonly TrajectoryStep[]): (callId: string) => AtifSubagentRef[] | undefined {
  const refs = new Map<string, AtifSubagentRef[]>();
  for (const step of steps) {
    if (step.type !== 'tool_call' || step.name !== 'spawn_agent' || step.call_id === null || step.agent_session_ids === undefined) continue;
    refs.set(step.call_id, step.agent_session_ids.map((session) => ({ session_id: session, trajectory_path: atifFileNameOf(session) })));
  }
  return (callId) => refs.get(callId);
}

/**
 * A tool the model was offered, in OpenAI's function-calling shape as the RFC asks:
 * `{type: "function", function: {name, description, parameters}}`; a freeform tool is
 * `{type: "custom", custom: {name, description, format}}` (its input grammar); other
 * kinds keep their type, with the body under `function`. `namespace` is kept beside
 * `type` when the rollout lists the tool under one.
 */
function toToolDefinition(tool: ToolDefinition): Record<string, unknown> {
  const body: Record<string, unknown> = { name: tool.name };
  if (tool.description !== null) body.description = tool.description;
  // The record holds the schema (or grammar) as JSON text; ATIF wants the value.
  if (tool.parameters !== null) body[tool.type === 'custom' ? 'format' : 'parameters'] = JSON.parse(tool.parameters) as unknown;
  const key = tool.type === 'function' || tool.type === 'custom' ? tool.type : 'function';
  return { type: tool.type, [key]: body, ...(tool.namespace !== null ? { namespace: tool.namespace } : {}) };
}
