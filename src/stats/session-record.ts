/**
 * One session converted in memory for `inspect`: the RL record as `convert` builds it
 * (redacted unless told otherwise), the rollout generation it was read as, and the issues
 * its file raised. Tool outputs are decoded (not kept raw): they are shown.
 */
import { convertFile } from '../convert/convert-file.js';
import { createProjectionOpener } from '../convert/project-file.js';
import { jsonlFormat } from '../formats/jsonl/jsonl-format.js';
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
  const writer = () => ({
    writeStep: (step: unknown) => {
      session.steps.push(step as TrajectoryStep);
    },
    end: async (summary: unknown) => {
      session.summary = summary as SessionSummary;
    },
  });
  const open = createProjectionOpener(jsonlFormat, writer, options.redact === false ? null : {});
  await convertFile(file, {
    openProjection: (start, gate) => {
      session.generation = start.generation;
      return open(start, gate);
    },
    reportIssue: (issue) => session.issues.push(issue),
  });
  return session;
}
