/**
 * `--format atif`'s projection: the session is built as the RL record (the same builder,
 * the same rollback handling), held until it ends, then mapped whole to ATIF
 * (record-to-atif.ts): a turn's metrics go on its last agent step and an output's
 * observation on the step of its call, which only the whole session tells. The ATIF
 * steps then go to the writer one by one, the rest of the document at the end.
 */
import { decodeRawJsonString } from '../../bytes/raw-json-string.js';
import { RlProjection } from '../../projection/rl-projection.js';
import type { ProjectionKind, SessionProjection, StepWriter } from '../../projection/session-projection.js';
import type { AtifStep, AtifTrajectory } from '../../trajectory/atif-schema.js';
import { isRawOutputStep, type BuiltStep } from '../../trajectory/built-step.js';
import { assembleRecord, type SessionSummary, type TrajectoryStep } from '../../trajectory/rl-schema.js';
import { recordToAtif } from './record-to-atif.js';

/** The document without its steps, and the session id its file is named after. */
export type AtifSessionEnd = { session_id: string; document: Omit<AtifTrajectory, 'steps'> };

function createAtifProjection(writer: StepWriter<AtifStep, AtifSessionEnd>, options: ConstructorParameters<typeof RlProjection>[1]): SessionProjection {
  const steps: TrajectoryStep[] = [];
  const collector: StepWriter<BuiltStep, SessionSummary> = {
    writeStep(step) {
      steps.push(isRawOutputStep(step) ? { ...step, output: decodeRawJsonString(step.output) } : step);
    },
    async end(summary) {
      const { steps: atifSteps, ...document } = recordToAtif(assembleRecord(summary, steps));
      steps.length = 0;
      for (const step of atifSteps) await writer.writeStep(step);
      await writer.end({ session_id: summary.session_id, document });
    },
  };
  return new RlProjection(collector, options);
}

export const atifProjection: ProjectionKind<AtifStep, AtifSessionEnd> = {
  name: 'atif',
  open: (start, writer) =>
    createAtifProjection(writer, { sourcePath: start.sourcePath, fallbackSessionId: start.fallbackSessionId, keepRolledBack: start.options?.keepRolledBack, keepCopied: start.options?.keepCopied }),
};
