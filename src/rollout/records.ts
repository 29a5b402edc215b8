/**
 * Canonical rollout records: what every generation's decoder produces, whatever
 * the line envelope looked like. Each carries its position (file, line, the
 * envelope timestamp) so later stages can report and timestamp precisely.
 */
import type { RawJsonString } from '../bytes/raw-json-string.js';
import type { PersistedEvent, PersistedTokenUsage } from './persisted-event.js';
import type { ResponseItem } from './response-item.js';
import type { SessionMeta, TurnContext } from './session-header.js';

/**
 * Where a response item came from (2026 harness metadata):
 * `session` — produced in this session; `inherited` — copied from a parent thread by a
 * fork; `compaction` — the summary Codex wrote as an assistant message when it compacted
 * the context (not something the model said to the user).
 */
export type ResponseItemOrigin = 'session' | 'inherited' | 'compaction';

export type RecordPosition = {
  line: number;
  /** The line's write time (G4+), the header time (legacy), or null. */
  timestamp: string | null;
};

export type RolloutRecord = { at: RecordPosition } & (
  | { kind: 'session_meta'; meta: SessionMeta }
  | {
      kind: 'response_item';
      item: ResponseItem;
      origin: ResponseItemOrigin;
      /**
       * A tool output the decoder kept out of the JS heap (rollout/tool-output-line.ts):
       * the item's own `output` is then "" and this holds its text.
       */
      rawOutput?: RawJsonString;
    }
  | { kind: 'event_msg'; event: PersistedEvent }
  | { kind: 'turn_context'; context: TurnContext }
  /** A context compaction: the summary message (and, 2026, the replacement history). */
  | {
      kind: 'compacted';
      message: string;
      /** 0.130+: how many items replaced the history (`replacement_history`), else null. */
      replacementItemCount: number | null;
      /** No summary text, but an encrypted compaction item in the replacement history (remote compaction). */
      encrypted: boolean;
    }
  /**
   * A model response finished. Legacy files say so only through their state lines
   * (a new `previous_response_id`), which matters when Codex 0.8 lost the response's
   * items: the turn then was cut short, it did not fail.
   */
  | { kind: 'response_completed'; responseId: string }
  /**
   * 0.169+: the usage of one model response (`token_usage_record`), tagged with its
   * turn. `usage` is that response's own usage; the line's `turn_token_usage` and
   * `thread_token_usage` running sums are not kept (a fork child's include its parent).
   */
  /**
   * 0.169+ code mode: the tool definitions the model was given (`response_item additional_tools`,
   * role developer): namespaces of tools, as sent to the model.
   */
  | { kind: 'tool_definitions'; tools: unknown[] }
  | { kind: 'token_usage'; responseId: string | null; turnId: string | null; usage: PersistedTokenUsage }
);

