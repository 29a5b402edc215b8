/**
 * Token usage in ATIF terms. Codex's usage maps one to one: `input_tokens` counts every
 * prompt token, cached ones included (ATIF's `prompt_tokens`), `cached_input_tokens` is
 * their cached subset (`cached_tokens`), `output_tokens` includes the reasoning tokens
 * (`completion_tokens`). What the record does not have is usage per response: it holds
 * each turn's usage (every completed response of the turn counted once). So the turn's
 * usage goes, exactly, on the last agent step of the turn, and `metrics.extra` says it
 * covers the turn (`usage_of: "turn"`, `agent_steps`: how many agent steps the turn has);
 * when the turn has one agent step that is that step's own usage. A turn with usage but
 * no agent step (a failed request) counts only in `final_metrics`. `final_metrics` is the
 * session's exact usage, which also counts turns a rollback removed (their tokens were
 * spent), so without `--keep-rolled-back` it can exceed the sum of the step metrics.
 */
import type { AtifMetrics, AtifTrajectory } from '../../trajectory/atif-schema.js';
import type { RecordTokenUsage, Turn } from '../../trajectory/rl-schema.js';
import type { DraftStep } from './atif-steps.js';

export function attachTurnMetrics(drafts: readonly DraftStep[], turns: readonly Turn[]): void {
  const agentSteps = new Map<number, DraftStep[]>();
  for (const draft of drafts) {
    if (draft.step.source !== 'agent' || draft.turn === null) continue;
    const list = agentSteps.get(draft.turn) ?? [];
    list.push(draft);
    agentSteps.set(draft.turn, list);
  }
  for (const turn of turns) {
    const steps = agentSteps.get(turn.index);
    if (!turn.usage || !steps) continue;
    const last = steps.at(-1)!;
    last.step = withMetrics(last.step, { ...stepMetrics(turn.usage), extra: { reasoning_tokens: turn.usage.reasoning_output_tokens, usage_of: 'turn', turn: turn.index, agent_steps: steps.length } });
  }
}

function stepMetrics(usage: RecordTokenUsage): AtifMetrics {
  return { prompt_tokens: usage.input_tokens, completion_tokens: usage.output_tokens, cached_tokens: usage.cached_input_tokens };
}

/** `metrics` in the RFC's place: after the observation, before the marks. */
function withMetrics(step: DraftStep['step'], metrics: AtifMetrics): DraftStep['step'] {
  const { is_copied_context, extra, ...rest } = step;
  return { ...rest, metrics, ...(is_copied_context !== undefined ? { is_copied_context } : {}), ...(extra !== undefined ? { extra } : {}) };
}

export function finalMetrics(usage: RecordTokenUsage | null, totalSteps: number): NonNullable<AtifTrajectory['final_metrics']> {
  if (!usage) return { total_steps: totalSteps };
  return {
    total_prompt_tokens: usage.input_tokens,
    total_completion_tokens: usage.output_tokens,
    total_cached_tokens: usage.cached_input_tokens,
    total_steps: totalSteps,
    extra: { total_reasoning_tokens: usage.reasoning_output_tokens, total_tokens: usage.total_tokens },
  };
}
