/**
 * `stats` on rollouts: each file is converted in memory into the RL record, exactly as
 * `convert` builds it (redaction included, to count what it would replace), and counted as
 * its steps and summary go by; nothing is encoded or written.
 */
import { createProjectionOpener } from '../convert/project-file.js';
import { convertFile } from '../convert/convert-file.js';
import { selectInputs } from '../convert/select-inputs.js';
import { jsonlFormat } from '../formats/jsonl/jsonl-format.js';
import { discoverInputs, type DiscoverOptions } from '../read/discover.js';
import { describeNothingFound } from '../read/nothing-found.js';
import type { RedactionCounts } from '../redact/redact.js';
import type { SessionSummary } from '../trajectory/rl-schema.js';
import { StatsCollector, type DatasetStats, type StepFacts } from './dataset-stats.js';
import { StatsUsageError } from './stats-errors.js';

export type RolloutStatsOptions = {
  discover?: DiscoverOptions | undefined;
  /** Count what redaction would replace (default true); off, it is not run at all. */
  redact?: boolean | undefined;
};

export async function collectRolloutStats(inputs: string[], options: RolloutStatsOptions = {}): Promise<DatasetStats> {
  const discovery = await discoverInputs(inputs, options.discover);
  if (discovery.files.length === 0) throw new StatsUsageError(describeNothingFound(discovery));
  const stats = new StatsCollector('rollouts');
  stats.redactionsCounted = options.redact !== false;
  for (const issue of discovery.issues) stats.addIssue(issue.code);
  const writer = () => ({
    writeStep: (step: unknown) => stats.addStep(step as StepFacts),
    end: async (summary: unknown) => stats.addSession(summary as SessionSummary),
  });
  // One record per session, as convert writes: copies of a session and legacy resume copies are read once.
  const { files } = await selectInputs(discovery.files, undefined);
  for (const file of files) {
    const redactions: RedactionCounts | null = options.redact === false ? null : {};
    await convertFile(file, {
      openProjection: createProjectionOpener(jsonlFormat, writer, redactions),
      rawToolOutputs: jsonlFormat.rawToolOutputs,
      reportIssue: (issue) => stats.addIssue(issue.code),
    });
    stats.files += 1;
    if (redactions) stats.addRedactions(redactions);
  }
  return stats.result();
}
