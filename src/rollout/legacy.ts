/**
 * Legacy rollouts (generations G1-G3): Codex 0.8 to 0.29 (May - early September 2025).
 *
 * Lines are bare objects with no envelope and no per-line timestamp:
 * - a header `{id, timestamp, instructions?, git?}` (line 1; `git` from G3 on, flattened next
 *   to the meta fields). It carries no cwd, originator or cli_version;
 * - bare ResponseItems (`message`, `function_call`, `function_call_output`, `local_shell_call`;
 *   `reasoning` from G3; late G3 also `custom_tool_call(_output)` and `web_search_call`);
 * - `{"record_type": "state", "previous_response_id"?}` snapshots (G2+), which only served
 *   Codex's own resume and hold nothing for a transcript;
 * - the unreleased PR #3214 form tags lines with `record_type`: `session_meta` /
 *   `prev_session_meta` (flattened meta), `event` (`{id, msg}`) and `response` (a bare item).
 *
 * Codex 0.29 resumes into a new file with a new session id that repeats the resumed
 * session's items before the new turn; matching such files up is not the decoder's job.
 */
import { isLegacyHeaderShape } from './detect.js';
import type { IssueReporter } from './issue-reporter.js';
import type { RecordPosition, RolloutRecord } from './records.js';
import { sessionMetaSchema } from './session-header.js';
import { decodeResponseItem, decodeWrappedLine, describeZodError } from './wrapped.js';

export class LegacyDecoder {
  private lastResponseId: string | null = null;

  /** Decodes one parsed JSON object of a legacy file into at most one record. */
  decode(value: unknown, line: number, report: IssueReporter): RolloutRecord | null {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      report(line, 'invalid_shape', 'legacy rollout line is not a JSON object');
      return null;
    }
    const object = value as Record<string, unknown>;
    const at: RecordPosition = { line, timestamp: null };
    if (!('record_type' in object)) {
      if (isLegacyHeaderShape(object)) return decodeHeader(object, line, report);
      return decodeResponseItem(object, at, 'session', report);
    }
    const { record_type: recordType, ...rest } = object;
    switch (recordType) {
      case 'state':
        return this.decodeState(rest, at);
      case 'session_meta':
      case 'prev_session_meta':
        return decodeHeader(rest, line, report);
      case 'response':
        return decodeResponseItem(rest, at, 'session', report);
      case 'event':
        // `{id, msg}`: the submission id is of no use once persisted; the msg is an event_msg payload.
        return decodeWrappedLine({ timestamp: null, type: 'event_msg', payload: rest.msg }, line, report);
      default:
        report(line, 'unknown_type', `unknown legacy record_type ${JSON.stringify(recordType)} (line skipped)`);
        return null;
    }
  }

  /** A state snapshot naming a response id not seen before marks a finished model response. */
  private decodeState(state: Record<string, unknown>, at: RecordPosition): RolloutRecord | null {
    const responseId = state.previous_response_id;
    if (typeof responseId !== 'string' || responseId === this.lastResponseId) return null;
    this.lastResponseId = responseId;
    return { kind: 'response_completed', at, responseId };
  }
}

/**
 * The header is the session: a field of the wrong type (an `id` that is a number) is
 * reported and left out, and the rest of the header still counts (the session id then
 * comes from the file name).
 */
function decodeHeader(object: Record<string, unknown>, line: number, report: IssueReporter): RolloutRecord | null {
  let parsed = sessionMetaSchema.safeParse(object);
  const fields = { ...object };
  while (!parsed.success) {
    const field = parsed.error.issues[0]?.path[0];
    report(line, 'invalid_shape', `legacy session header: ${describeZodError(parsed.error)}${typeof field === 'string' ? ' (field ignored)' : ''}`);
    if (typeof field !== 'string' || !(field in fields)) return null;
    delete fields[field];
    parsed = sessionMetaSchema.safeParse(fields);
  }
  const meta = { ...parsed.data, cwd: parsed.data.cwd ?? null, cli_version: parsed.data.cli_version ?? null };
  return { kind: 'session_meta', at: { line, timestamp: meta.timestamp ?? null }, meta };
}
