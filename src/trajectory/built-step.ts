/**
 * A step as the RL builder makes it. Tool outputs are most of a rollout's bytes, and
 * the record copies them unchanged: when the decoder kept one raw (its escaped JSON
 * text, or its UTF-8 bytes for Arrow), the step holds that raw text in `output`, and
 * the writers copy it as it is instead of decoding and re-encoding it.
 */
import { isRawJsonString, type RawJsonString } from '../bytes/raw-json-string.js';
import type { ToolOutputStep, TrajectoryStep } from './rl-schema.js';

export type RawToolOutputStep = Omit<ToolOutputStep, 'output'> & { output: RawJsonString };

export type BuiltStep = TrajectoryStep | RawToolOutputStep;

/** A type without the turn fields every step ends with (see PendingStep). */
export type WithoutTurn<T> = T extends unknown ? Omit<T, 'turn' | 'rolled_back'> : never;

/**
 * A step as the builder makes it from a record, before the projection knows which
 * turn it belongs to for good (a rollback can still remove it, see rl-projection.ts).
 */
export type PendingStep = WithoutTurn<BuiltStep>;

/** Whether the step is a tool output whose text was kept raw. */
export function isRawOutputStep(step: BuiltStep): step is RawToolOutputStep;
export function isRawOutputStep(step: PendingStep): step is WithoutTurn<RawToolOutputStep>;
export function isRawOutputStep(step: BuiltStep | PendingStep): boolean {
  return step.type === 'tool_output' && isRawJsonString(step.output);
}
