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

/** Whether the step is a tool output whose text was kept raw. */
export function isRawOutputStep(step: BuiltStep): step is RawToolOutputStep {
  return step.type === 'tool_output' && isRawJsonString(step.output);
}
