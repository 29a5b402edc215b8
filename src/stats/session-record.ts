/**
 * One session converted in memory for `inspect`: the RL record as `convert` builds it
 * (redacted unless told otherwise), the rollout generation it was read as, and the issues
 * its file raised. Tool outputs are decoded (not kept raw): they are shown.
 */
import { convertToRecordInMemory } from './in-memory-record.js';
import type { InputIssue } from '../issues.js';
import type { InputFile } from '../read/input-file.js';
import type { RolloutGeneration } from '../rollout/detect.js';
import type { SessionSummary, TrajectoryStep } from '../trajectory/rl-schema.js';

export type InspectedSession = {
  summary: SessionSummary | null;
  steps: TrajectoryStep[];
  generation: RolloutGeneration | null;
  issues: InputIssue[];
};

export async function readSessionRecord(file: InputFile, options: { redact?: boolean | undefined } = {}): Promise<InspectedSession> {
  const session: InspectedSession = { summary: null, steps: [], generation: null, issues: [] };
  await convertToRecordInMemory(file, {
    redact: options.redact !== false,
    decodeToolOutputs: true,
    onSessionStart: (start) => {
      session.generation = start.generation;
    },
    // Tool outputs are decoded: every step is a record's step.
    onStep: (step) => session.steps.push(step as TrajectoryStep),
    onSummary: (summary) => {
      session.summary = summary;
    },
    reportIssue: (issue) => session.issues.push(issue),
  });
  return session;
}
