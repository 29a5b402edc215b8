/**
 * The ATIF rules a JSON Schema cannot state, as Harbor's validator enforces them (RFC
 * 0001 and its models): step ids are 1, 2, 3 ... in order; timestamps are ISO 8601;
 * model_name, reasoning_effort, reasoning_content, tool_calls and metrics belong to agent
 * steps only; an agent step with `llm_call_count: 0` (no model call) has no metrics or
 * reasoning; tool call ids are unique in their step and every observation result's
 * `source_call_id` names a call of the same step; a subagent reference names
 * `trajectory_id` or `trajectory_path`, and one without a path resolves in
 * `subagent_trajectories`, whose members each have a unique `trajectory_id` and follow
 * these same rules. Checked on a document the schema accepted; each problem is located
 * by its JSON path.
 */
import type { AtifStep, AtifTrajectory } from '../../trajectory/atif-schema.js';
import { isIsoTimestamp } from './iso-timestamp.js';

export type AtifRuleViolation = { path: string; message: string };

const AGENT_ONLY_FIELDS = ['model_name', 'reasoning_effort', 'reasoning_content', 'tool_calls', 'metrics'] as const;

export function checkAtifRules(trajectory: AtifTrajectory, at = '$'): AtifRuleViolation[] {
  const found: AtifRuleViolation[] = [];
  const embedded = checkEmbeddedIds(trajectory, at, found);
  trajectory.steps.forEach((step, index) => checkStep(step, index, `${at}.steps[${index}]`, embedded, found));
  trajectory.subagent_trajectories?.forEach((sub, index) => found.push(...checkAtifRules(sub, `${at}.subagent_trajectories[${index}]`)));
  return found;
}

function checkStep(step: AtifStep, index: number, at: string, embedded: ReadonlySet<string>, found: AtifRuleViolation[]): void {
  if (step.step_id !== index + 1) found.push({ path: `${at}.step_id`, message: `expected ${index + 1} (step ids run 1, 2, 3 ... in order), got ${step.step_id}` });
  if (step.timestamp != null && !isIsoTimestamp(step.timestamp)) found.push({ path: `${at}.timestamp`, message: `not an ISO 8601 timestamp: ${JSON.stringify(step.timestamp)}` });
  if (step.source !== 'agent') {
    for (const field of AGENT_ONLY_FIELDS) {
      if (step[field] != null) found.push({ path: `${at}.${field}`, message: `only agent steps have ${field}; this step's source is "${step.source}"` });
    }
  } else if (step.llm_call_count === 0) {
    for (const field of ['metrics', 'reasoning_content'] as const) {
      if (step[field] != null) found.push({ path: `${at}.${field}`, message: `an agent step with llm_call_count 0 made no model call, so it has no ${field}` });
    }
  }
  const callIds = new Set<string>();
  step.tool_calls?.forEach((call, callIndex) => {
    if (callIds.has(call.tool_call_id)) found.push({ path: `${at}.tool_calls[${callIndex}].tool_call_id`, message: `duplicate tool_call_id "${call.tool_call_id}" in step ${step.step_id}` });
    callIds.add(call.tool_call_id);
  });
  step.observation?.results.forEach((result, resultIndex) => {
    const resultAt = `${at}.observation.results[${resultIndex}]`;
    if (result.source_call_id != null && !callIds.has(result.source_call_id)) {
      found.push({ path: `${resultAt}.source_call_id`, message: `"${result.source_call_id}" is not the tool_call_id of a call in step ${step.step_id}` });
    }
    result.subagent_trajectory_ref?.forEach((ref, refIndex) => {
      const refAt = `${resultAt}.subagent_trajectory_ref[${refIndex}]`;
      if (ref.trajectory_id == null && ref.trajectory_path == null) found.push({ path: refAt, message: 'names neither trajectory_id nor trajectory_path, so it resolves to nothing' });
      else if (ref.trajectory_path == null && !embedded.has(ref.trajectory_id!)) {
        found.push({ path: `${refAt}.trajectory_id`, message: `"${ref.trajectory_id}" is not the trajectory_id of any of subagent_trajectories` });
      }
    });
  });
}

/** The ids of the embedded subagent trajectories; each must have one, unique among them. */
function checkEmbeddedIds(trajectory: AtifTrajectory, at: string, found: AtifRuleViolation[]): Set<string> {
  const ids = new Set<string>();
  trajectory.subagent_trajectories?.forEach((sub, index) => {
    const subAt = `${at}.subagent_trajectories[${index}].trajectory_id`;
    if (sub.trajectory_id == null) found.push({ path: subAt, message: 'an embedded subagent trajectory needs a trajectory_id' });
    else if (ids.has(sub.trajectory_id)) found.push({ path: subAt, message: `duplicate trajectory_id "${sub.trajectory_id}" among subagent_trajectories` });
    else ids.add(sub.trajectory_id);
  });
  return ids;
}
