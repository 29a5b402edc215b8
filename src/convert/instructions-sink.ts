/**
 * `--instructions ref`: passes every session of an RL sink through, with its system
 * instructions moved to the run's store: the record keeps their key in
 * `system_instructions_ref` and null in `system_instructions` (one type in every row).
 * Summaries arrive here already redacted, so the stored text is what inline output holds.
 */
import type { SessionSummary } from '../trajectory/rl-schema.js';
import type { InstructionsStore } from '../write/instructions-file.js';
import type { SessionSink } from '../write/sink.js';
import { onSessionEnd } from './session-end-sink.js';

/** What this reads of a summary. */
export const REFERRED_SUMMARY_FIELDS = ['system_instructions'] as const satisfies readonly (keyof SessionSummary)[];

export function referInstructions<Step, Batch, Summary>(sink: SessionSink<Step, Batch, Summary>, store: InstructionsStore): SessionSink<Step, Batch, Summary> {
  return onSessionEnd(sink, (summary) => toReference(summary as SessionSummary, store) as Summary);
}

function toReference(summary: SessionSummary, store: InstructionsStore): SessionSummary {
  if (summary.system_instructions === null) return summary;
  return { ...summary, system_instructions: null, system_instructions_ref: store.add(summary.system_instructions) };
}
