/**
 * The tool_output step of an output the decoder kept as raw JSON text
 * (rollout/tool-output-line.ts): the text is written to the record as it is, and
 * only its first lines are decoded, to read the exit code.
 */
import { decodeRawJsonString, defineRawStringField, readRawHeader, type RawJsonString } from '../rollout/raw-json-string.js';
import { parseExecOutput, unwrapStructuredOutput } from '../replay/tool-output.js';
import type { ToolOutputStep } from './rl-schema.js';

/**
 * `isExec`: the call was a shell or apply_patch call, whose output reports an exit code
 * (in its header, or in the `{"output":..,"metadata":..}` JSON form of Codex <= 0.58).
 * Other outputs report one only in that JSON form.
 */
export function createRawToolOutputStep(callId: string, output: RawJsonString, timestamp: string | null, isExec: boolean): ToolOutputStep {
  const exitCode = readExitCode(output, isExec);
  const step: ToolOutputStep = { type: 'tool_output', call_id: callId, output: '', timestamp, ...(exitCode !== null ? { exit_code: exitCode } : {}) };
  defineRawStringField(step, 'output', output);
  return step;
}

function readExitCode(output: RawJsonString, isExec: boolean): number | null {
  // A JSON-form output is read whole, as readToolOutput's callers do; `{` cannot be escaped canonically.
  if (output.json[0] === OPEN_BRACE) {
    const text = decodeRawJsonString(output);
    return isExec ? parseExecOutput(text).exitCode : unwrapStructuredOutput(text).exitCode;
  }
  return isExec ? parseExecOutput(readRawHeader(output)).exitCode : null;
}

const OPEN_BRACE = 0x7b;
