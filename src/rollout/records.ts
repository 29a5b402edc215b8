/**
 * Canonical rollout records: what every generation's decoder produces, whatever
 * the line envelope looked like. Each carries its position (file, line, the
 * envelope timestamp) so later stages can report and timestamp precisely.
 */
import type { PersistedEvent } from './persisted-event.js';
import type { ResponseItem } from './response-item.js';
import type { SessionMeta, TurnContext } from './session-header.js';

export type RecordPosition = {
  line: number;
  /** The line's write time (G4+), the header time (legacy), or null. */
  timestamp: string | null;
};

export type RolloutRecord = { at: RecordPosition } & (
  | { kind: 'session_meta'; meta: SessionMeta }
  | { kind: 'response_item'; item: ResponseItem; inherited: boolean }
  | { kind: 'event_msg'; event: PersistedEvent }
  | { kind: 'turn_context'; context: TurnContext }
  /** A context compaction: the summary message (and, 2026, the replacement history). */
  | { kind: 'compacted'; message: string }
);

export type RolloutRecordKind = RolloutRecord['kind'];
