/**
 * The tool_output step of an output the decoder kept raw (rollout/tool-output-line.ts):
 * the text goes into the record as it is (see BuiltStep), and only its first lines are
 * decoded, to read the exit code.
 */
import type { RawJsonString } from '../bytes/raw-json-string.js';
import { readRawToolOutputExitCode } from '../codex/raw-tool-output-exit-code.js';
import type { RawToolOutputStep, WithoutTurn } from './built-step.js';

/** `isExec`: the call was a shell or apply_patch call (see readRawToolOutputExitCode). */
export function createRawToolOutputStep(callId: string, output: RawJsonString, timestamp: string | null, isExec: boolean): WithoutTurn<RawToolOutputStep> {
  const exitCode = readRawToolOutputExitCode(output, isExec);
  return { type: 'tool_output', call_id: callId, output, timestamp, ...(exitCode !== null ? { exit_code: exitCode } : {}) };
}
