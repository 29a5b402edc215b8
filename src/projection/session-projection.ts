/**
 * What a conversion does with one replayed session: the output's view of it. A
 * projection sees every canonical record and the events replayed from it, and writes
 * its steps (trajectory steps, or thread events) into a StepWriter.
 */
import type { EventMsg } from '../codex/event-msg.js';
import type { RolloutGeneration } from '../rollout/detect.js';
import type { RolloutRecord } from '../rollout/records.js';
import type { ReplayPosition, ReplayResult } from '../replay/replay-result.js';

export type SessionStart = {
  generation: RolloutGeneration;
  /** The first record of the file (normally its session header). */
  firstRecord: RolloutRecord;
  sourcePath: string;
  /** The UUID in the file name, for files whose header names no session. */
  fallbackSessionId: string;
  options?: ProjectionOptions | undefined;
};

/** Options of a conversion that change the projected record. */
export type ProjectionOptions = {
  /** Keep rolled-back turns and their steps, marked `rolled_back: true` (default: remove them). */
  keepRolledBack?: boolean | undefined;
  /** Keep a fork's copy of its parent's history, steps and turns marked `is_copied_context: true` (default: leave it out). */
  keepCopied?: boolean | undefined;
};

export interface SessionProjection {
  /** `position`: where the replay stands after the record (its turns). */
  push(record: RolloutRecord, events: EventMsg[], position: ReplayPosition): void | Promise<void>;
  /** Events replayed at the end of the file (closing the last turn). */
  pushTrailing(events: EventMsg[]): void | Promise<void>;
  finish(replay: ReplayResult, rawItemCount: number): Promise<void>;
  /**
   * False when the projection never reads the replayed tool events (the RL record reads
   * only the replay's outcome): the replay then skips building them. Default: it reads them.
   */
  readonly toolEvents?: boolean;
}

/** Where a projection writes a session: a sink's session slot, or a worker's batches. */
export interface StepWriter<Step, Summary> {
  writeStep(step: Step): void | Promise<void>;
  end(summary: Summary): Promise<void>;
}

/** A kind of projection: how a session of a given output format is projected. */
export interface ProjectionKind<Step, Summary> {
  readonly name: string;
  open(start: SessionStart, writer: StepWriter<Step, Summary>): SessionProjection;
}
