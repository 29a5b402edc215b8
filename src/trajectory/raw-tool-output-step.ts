/**
 * The tool_output step of an output the decoder kept as raw JSON text
 * (rollout/tool-output-line.ts): the text is written to the record as it is, and
 * only its first lines are decoded, to read the exit code.
 */
import { defineRawStringField, readRawHeader, type RawJsonString } from '../rollout/raw-json-string.js';
import { parseExecOutput } from '../replay/tool-output.js';
import type { ToolOutputStep } from './rl-schema.js';

/**
 * `isExec`: the call was a shell or apply_patch call, whose output reports an exit code
 * in its header. Other outputs report one only in the `{"output":..,"metadata":..}` JSON
 * form, which never takes the raw path.
 */
export function createRawToolOutputStep(callId: string, output: RawJsonString, timestamp: string | null, isExec: boolean): ToolOutputStep {
  const exitCode = isExec ? parseExecOutput(readRawHeader(output)).exitCode : null;
  const step: ToolOutputStep = { type: 'tool_output', call_id: callId, output: '', timestamp, ...(exitCode !== null ? { exit_code: exitCode } : {}) };
  defineRawStringField(step, 'output', output);
  return step;
}
