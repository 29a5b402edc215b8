/**
 * What the oracle scenarios provoked, and what the rl record must say about it.
 * The scenarios are scripted (see the oracle README): each one ends its last turn
 * in a known way, and each Codex version left a known amount of it in the rollout.
 */
import type { Outcome } from '../../src/codex/outcome.js';
import { isCodexVersionIn } from '../../src/codex/codex-version.js';

/** How the last turn of each scenario ended, as Codex ran it. */
export const SCENARIO_OUTCOME: Record<string, Outcome> = {
  message: 'completed',
  'shell-ok': 'completed',
  'shell-fail': 'completed', // the command fails (exit 3); the turn completes and reports it
  'multi-shell': 'completed',
  'parallel-shell': 'completed',
  'apply-patch': 'completed',
  'apply-patch-fail': 'completed', // the patch is rejected; the model answers
  plan: 'completed',
  'view-image': 'completed', // 0.8/0.20 answer "unsupported call", the model still answers
  'web-search': 'completed',
  mcp: 'completed',
  'multi-turn': 'completed',
  compact: 'completed',
  error: 'failed', // HTTP 500 on every request
  'error-failed': 'failed', // response.failed on every attempt
  interrupted: 'aborted', // SIGINT mid-stream
};

/**
 * Where a version's rollout cannot show the outcome above, the outcome it does show.
 * Each entry is a documented version difference, not a tolerance.
 */
export function expectedOutcome(label: string, scenario: string, rolloutIndex: number): Outcome[] {
  const outcome = SCENARIO_OUTCOME[scenario];
  if (outcome === undefined) throw new Error(`no expectation for scenario ${scenario}`);
  // 0.8 loses the tail of its rollouts at exit (the writer panics, or is cut off): the final
  // assistant message is missing, so the last turn looks unfinished. Its state lines still
  // name the response that arrived, so it is incomplete, not a failed request.
  if (label === '0.8.0' && outcome === 'completed' && scenario !== 'message') return ['incomplete'];
  // An interrupt leaves a `turn_aborted` event only in 0.40 and from 0.66 on; elsewhere the
  // rollout simply stops after the last complete item.
  if (scenario === 'interrupted' && !leavesAbortMarker(label)) return ['incomplete'];
  // 0.29 resumes into a second file; the first file holds turn one alone, which completed.
  if (label === '0.29.0' && scenario === 'multi-turn' && rolloutIndex === 1) return ['completed'];
  return [outcome];
}

function leavesAbortMarker(label: string): boolean {
  return isCodexVersionIn(label, '0.40.0', '0.41.0') || isCodexVersionIn(label, '0.66.0', '999.0.0');
}

/** The model a version records (`turn_context.model`, from 0.40), else null. */
export function expectedModel(label: string, metaModel: string): string | null {
  if (isCodexVersionIn(label, '0.0.0', '0.40.0')) return null;
  return /^default \((.+)\)$/.exec(metaModel)?.[1] ?? metaModel;
}

/** 0.8 and 0.20 write neither a cwd in the header nor an environment context. */
export function expectedCwd(label: string, metaCwd: string): string | null {
  return label === '0.8.0' || label === '0.20.0' ? null : metaCwd;
}
