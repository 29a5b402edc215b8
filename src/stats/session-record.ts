/**
 * One session converted in memory for `inspect`: the RL record as `convert` builds it
 * (redacted unless told otherwise), the rollout generation it was read as, and the issues
 * its file raised. Tool outputs are decoded (not kept raw): they are shown.
 */
import { convertToRecordInMemory } from './in-memory-record.js';
import type { InputIssue } from '../issues.js';
import { redactText } from '../redact/redact.js';
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
  const redact = options.redact !== false;
  await convertToRecordInMemory(file, {
    redact,
    decodeToolOutputs: true,
    onSessionStart: (start) => {
      session.generation = start.generation;
    },
    // Tool outputs are decoded: every step is a record's step.
    onStep: (step) => session.steps.push(step as TrajectoryStep),
    onSummary: (summary) => {
      session.summary = summary;
    },
    // An issue's message can quote the rollout (an unknown type's name): redacted as convert's are.
    reportIssue: (issue) => session.issues.push(redact ? { ...issue, message: redactText(issue.message) } : issue),
  });
  return session;
}
