import type { RolloutRecord } from '../rollout/records.js';
import type { ReplayResult } from '../replay/session-replay.js';
import type { BuiltStep } from '../trajectory/built-step.js';
import { RlTrajectoryBuilder, type RlBuilderOptions } from '../trajectory/rl.js';
import type { SessionSummary } from '../trajectory/rl-schema.js';
import type { ProjectionKind, SessionProjection, StepWriter } from './session-projection.js';

/** The RL record: steps streamed to the writer as they are built, summary at the end. */
class RlProjection implements SessionProjection {
  /** Steps come from the records; of the replay only the outcome is read (see finish). */
  readonly toolEvents = false;
  private readonly builder: RlTrajectoryBuilder;

  constructor(
    private readonly writer: StepWriter<BuiltStep, SessionSummary>,
    options: RlBuilderOptions,
  ) {
    this.builder = new RlTrajectoryBuilder(options);
  }

  async push(record: RolloutRecord): Promise<void> {
    for (const step of this.builder.push(record)) await this.writer.writeStep(step);
  }

  pushTrailing(): void {}

  async finish(replay: ReplayResult, rawItemCount: number): Promise<void> {
    for (const step of this.builder.drain()) await this.writer.writeStep(step);
    await this.writer.end(this.builder.finish(replay, rawItemCount));
  }
}

export const rlProjection: ProjectionKind<BuiltStep, SessionSummary> = {
  name: 'rl',
  open: (start, writer) => new RlProjection(writer, { sourcePath: start.sourcePath, fallbackSessionId: start.fallbackSessionId }),
};
