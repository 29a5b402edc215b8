/**
 * The tool_output step of an output the decoder kept raw (rollout/tool-output-line.ts):
 * the text is written to the record as it is, and only its first lines are decoded, to
 * read the exit code.
 */
import {
  decodeRawJsonString,
  defineRawStringField,
  firstRawByte,
  mayHoldOutputKey,
  readRawHeader,
  readRawHeaderParts,
  type RawJsonString,
} from '../rollout/raw-json-string.js';
import { readJsonFormExitCode } from '../rollout/raw-json-form-exit-code.js';
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
  if (firstRawByte(output) !== OPEN_BRACE) return isExec ? parseExecOutput(readRawHeader(output)).exitCode : null;
  // The JSON form: its metadata, after a check that the output string is valid (no decode).
  const jsonFormExitCode = readJsonFormExitCode(output);
  if (jsonFormExitCode !== undefined) return jsonFormExitCode;
  // Anything unusual is read whole, as readToolOutput's callers do (`{` cannot be escaped canonically).
  if (mayHoldOutputKey(output)) {
    const text = decodeRawJsonString(output);
    return isExec ? parseExecOutput(text).exitCode : unwrapStructuredOutput(text).exitCode;
  }
  // Other JSON (an MCP result, a listing) is not the JSON form: only an exec header can say more.
  if (!isExec) return null;
  const { header } = readRawHeaderParts(output);
  // A leading newline keeps parseExecOutput off the JSON form without changing the header's lines.
  return parseExecOutput(`\n${header}\nOutput:\n`).exitCode;
}

const OPEN_BRACE = 0x7b;
