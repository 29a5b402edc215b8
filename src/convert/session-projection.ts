/**
 * What a conversion does with one replayed session: the output format's view of
 * it. Both projections see every canonical record and the events replayed from it.
 */
import type { RolloutRecord } from '../rollout/records.js';
import type { ReplayResult } from '../replay/session-replay.js';
import type { EventMsg } from '../codex/event-msg.js';

export interface SessionProjection {
  push(record: RolloutRecord, events: EventMsg[]): void | Promise<void>;
  /** Events replayed at the end of the file (closing the last turn). */
  pushTrailing(events: EventMsg[]): void | Promise<void>;
  finish(replay: ReplayResult, rawItemCount: number): Promise<void>;
  /**
   * False when the projection never reads the replayed tool events (the RL record reads
   * only the replay's outcome): the replay then skips building them. Default: it reads them.
   */
  readonly readsToolEvents?: boolean;
}
