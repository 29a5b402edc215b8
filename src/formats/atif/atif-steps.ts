/**
 * The record's steps as ATIF steps, in file order:
 *
 * - one agent step per model response. The record has no response boundaries, but Codex
 *   records what a response said (reasoning, messages, tool calls) before anything the
 *   model reads next (tool outputs, user input, injected context): so a response is a
 *   run of model-output steps between two inputs, within one turn;
 * - tool outputs become observation results of the agent step that made the call,
 *   linked by its call id; an output whose call is not in the trajectory becomes a
 *   system step's result without `source_call_id` (`extra.call_id` keeps the id);
 * - user messages are user steps; injected context (developer messages, environment
 *   context, AGENTS.md) is a system step (developer role) or a user step (user role)
 *   with `extra.context_kind`; a compaction is a system step whose observation holds the
 *   summary, marked with the RFC's `context_management` convention (boundary `replace`:
 *   Codex put the summary in place of the history); a message from another agent is a user
 *   step with `extra.inter_agent {author, recipient}`.
 */
import type { AtifObservationResult, AtifStep, AtifToolCall } from '../../trajectory/atif-schema.js';
import type { TrajectoryStep } from '../../trajectory/rl-schema.js';
import { toAtifArguments } from './atif-arguments.js';
import { isIsoTimestamp } from './iso-timestamp.js';

/** An ATIF step being assembled, with the turn (index in the record's `turns`) it belongs to. */
export type DraftStep = { step: AtifStep; turn: number | null };

type ModelOutput = Extract<TrajectoryStep, { type: 'reasoning' | 'assistant_message' | 'tool_call' | 'shell_command' }>;

/** Marks read loosely: `is_copied_context` is set on a fork's copied prefix by the record builder, when it does. */
type StepMarks = { turn?: number; rolled_back?: true; is_copied_context?: unknown };

class AgentDraft {
  readonly messages: string[] = [];
  readonly reasoning: string[] = [];
  readonly calls: AtifToolCall[] = [];
  readonly results: AtifObservationResult[] = [];
  readonly asyncMessages: string[] = [];
  readonly callIds = new Set<string>();

  constructor(
    readonly draft: DraftStep,
    readonly copied: boolean,
  ) {}
}

export type AtifStepOptions = {
  /** The ATIF subagent references of a call's result (a spawn call's child session), by call id; recordToAtif fills it from the record by default. */
  subagentRefs?: ((callId: string) => AtifObservationResult['subagent_trajectory_ref']) | undefined;
};

export function buildAtifSteps(systemInstructions: string | null, startedAt: string | null, steps: readonly TrajectoryStep[], options: AtifStepOptions = {}): DraftStep[] {
  const out: DraftStep[] = [];
  const agents: AgentDraft[] = [];
  const owners = new Map<string, AgentDraft>();
  let open: AgentDraft | null = null;

  const push = (step: Omit<AtifStep, 'step_id'>, turn: number | null): DraftStep => {
    const draft: DraftStep = { step: { step_id: out.length + 1, ...step } as AtifStep, turn };
    out.push(draft);
    return draft;
  };

  if (systemInstructions !== null) push({ ...timestampOf(startedAt), source: 'system', message: systemInstructions, extra: { context_kind: 'system_instructions' } }, null);

  for (const step of steps) {
    const marks = step as StepMarks;
    const copied = marks.is_copied_context === true;
    if (isModelOutput(step)) {
      if (step.type === 'assistant_message' && step.delivery === 'async' && step.call_id !== undefined && owners.has(step.call_id)) {
        owners.get(step.call_id)!.asyncMessages.push(step.content);
        continue;
      }
      const callId = step.type === 'tool_call' || step.type === 'shell_command' ? step.call_id : null;
      if (!open || open.draft.turn !== step.turn || open.copied !== copied || (callId !== null && open.callIds.has(callId))) {
        open = new AgentDraft(push({ ...timestampOf(step.timestamp), source: 'agent', message: '' }, step.turn), copied);
        agents.push(open);
      }
      addOutput(open, step, owners);
      markStep(open.draft.step, marks);
      continue;
    }
    open = null;
    if (step.type === 'tool_output') {
      const owner = owners.get(step.call_id);
      const result: AtifObservationResult = { source_call_id: step.call_id, content: step.output, ...resultExtra(step) };
      const refs = options.subagentRefs?.(step.call_id);
      if (refs && refs.length > 0) result.subagent_trajectory_ref = refs;
      if (owner) owner.results.push(result);
      else {
        const { source_call_id: _unlinked, ...unlinked } = result;
        const orphan = push({ ...timestampOf(step.timestamp), source: 'system', message: '', observation: { results: [{ ...unlinked, extra: { ...unlinked.extra, call_id: step.call_id } }] }, extra: { rollout_step: 'tool_output_without_call' } }, step.turn);
        markStep(orphan.step, marks);
      }
      continue;
    }
    markStep(push(inputStep(step), step.turn).step, marks);
  }
  for (const agent of agents) finishAgentStep(agent);
  return out;
}

function isModelOutput(step: TrajectoryStep): step is ModelOutput {
  return step.type === 'reasoning' || step.type === 'assistant_message' || step.type === 'tool_call' || step.type === 'shell_command';
}

function addOutput(agent: AgentDraft, step: ModelOutput, owners: Map<string, AgentDraft>): void {
  if (step.type === 'reasoning') {
    agent.reasoning.push(step.content);
    return;
  }
  if (step.type === 'assistant_message') {
    agent.messages.push(step.content);
    if (step.phase !== undefined) (agent.draft.step.extra ??= {}).phase = step.phase;
    return;
  }
  const { arguments: args, form } = toAtifArguments(step.arguments);
  const callId = step.call_id ?? `rollout-kit-call-${agent.draft.step.step_id}-${agent.calls.length + 1}`;
  const extra: Record<string, unknown> = {};
  if (step.type === 'tool_call' && step.namespace !== undefined) extra.namespace = step.namespace;
  if (step.type === 'tool_call' && step.agent_session_ids !== undefined) extra.agent_session_ids = step.agent_session_ids;
  if (step.type === 'shell_command') {
    extra.command = step.command;
    if (step.workdir != null) extra.workdir = step.workdir;
  }
  if (form === 'text') extra.arguments_form = 'text';
  if (step.call_id === null) extra.call_id_synthesized = true;
  agent.calls.push({ tool_call_id: callId, function_name: step.name, arguments: args, ...(Object.keys(extra).length > 0 ? { extra } : {}) });
  agent.callIds.add(callId);
  if (step.call_id !== null) owners.set(step.call_id, agent);
}

/** Fields in the RFC's order: message, reasoning_content, tool_calls, observation, then the marks. */
function finishAgentStep(agent: AgentDraft): void {
  const { step } = agent.draft;
  const { step_id, timestamp, source, extra, is_copied_context } = step;
  const asyncExtra = agent.asyncMessages.length > 0 ? { async_messages: agent.asyncMessages } : {};
  const mergedExtra = { ...extra, ...asyncExtra };
  agent.draft.step = {
    step_id,
    ...(timestamp !== undefined ? { timestamp } : {}),
    source,
    message: agent.messages.join('\n\n'),
    ...(agent.reasoning.length > 0 ? { reasoning_content: agent.reasoning.join('\n\n') } : {}),
    ...(agent.calls.length > 0 ? { tool_calls: agent.calls } : {}),
    ...(agent.results.length > 0 ? { observation: { results: agent.results } } : {}),
    ...(is_copied_context !== undefined ? { is_copied_context } : {}),
    ...(Object.keys(mergedExtra).length > 0 ? { extra: mergedExtra } : {}),
  };
}

type InputStep = Extract<TrajectoryStep, { type: 'user_message' | 'context' | 'compaction' | 'inter_agent_message' }>;

function inputStep(step: InputStep): Omit<AtifStep, 'step_id'> {
  const time = timestampOf(step.timestamp);
  if (step.type === 'user_message') return { ...time, source: 'user', message: step.content, ...(step.images ? { extra: { images: step.images } } : {}) };
  if (step.type === 'inter_agent_message') {
    // Another agent's message is input to this one, like a user's: its sender is kept.
    const extra = { inter_agent: { author: step.author, recipient: step.recipient }, ...(step.encrypted ? { encrypted: true } : {}) };
    return { ...time, source: 'user', message: step.content, extra };
  }
  if (step.type === 'context') {
    const source = step.role === 'user' ? 'user' : 'system';
    return { ...time, source, message: step.content, extra: { context_kind: step.kind, ...(source === 'system' && step.role !== 'developer' ? { role: step.role } : {}) } };
  }
  const extra: Record<string, unknown> = { context_management: { type: 'compaction', boundary: 'replace' } };
  if (step.encrypted) extra.encrypted = true;
  if (step.replacement_item_count != null) extra.replacement_item_count = step.replacement_item_count;
  return { ...time, source: 'system', message: '', observation: { results: [step.summary === null ? {} : { content: step.summary }] }, extra };
}

function resultExtra(step: Extract<TrajectoryStep, { type: 'tool_output' }>): Pick<AtifObservationResult, 'extra'> {
  const extra: Record<string, unknown> = {};
  if (step.exit_code !== undefined) extra.exit_code = step.exit_code;
  if (step.images) extra.images = step.images;
  return Object.keys(extra).length > 0 ? { extra } : {};
}

/** A rolled-back or copied record step marks the ATIF step that holds it. */
function markStep(step: AtifStep, marks: StepMarks): void {
  if (marks.is_copied_context === true) step.is_copied_context = true;
  if (marks.rolled_back) (step.extra ??= {}).rolled_back = true;
}

function timestampOf(value: string | null): { timestamp?: string } {
  return value !== null && isIsoTimestamp(value) ? { timestamp: value } : {};
}
