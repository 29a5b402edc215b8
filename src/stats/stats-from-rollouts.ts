/**
 * `stats` on rollouts: each file is converted in memory into the RL record, exactly as
 * `convert` builds it (redaction included, to count what it would replace), and counted as
 * its steps and summary go by; nothing is encoded or written.
 */
import { selectInputs } from '../convert/select-inputs.js';
import { discoverInputs, type DiscoverOptions } from '../read/discover.js';
import { describeNothingFound } from '../read/nothing-found.js';
import { redactText } from '../redact/redact.js';
import { StatsCollector, type DatasetStats } from './dataset-stats.js';
import { convertToRecordInMemory } from './in-memory-record.js';
import { StatsInputError, StatsUsageError } from './stats-errors.js';

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
  // One record per session, as convert writes: copies of a session and legacy resume copies are read once.
  const { files } = await selectInputs(discovery.files, undefined);
  let firstFailure: { file: string; reason: string } | null = null;
  let readable = 0;
  for (const file of files) {
    let firstIssue: string | null = null;
    const result = await convertToRecordInMemory(file, {
      redact: options.redact !== false,
      onStep: (step) => stats.addStep(step),
      onSummary: (summary) => stats.addSession(summary),
      reportIssue: (issue) => {
        firstIssue ??= issue.message;
        stats.addIssue(issue.code);
      },
    });
    if (result.converted || result.empty) readable += 1;
    else firstFailure ??= { file: file.path, reason: firstIssue ?? 'no session in it' };
    stats.files += 1;
    if (result.redactions) stats.addRedactions(result.redactions);
  }
  // As convert does: inputs of which none holds a session are an error, not a table of zeros.
  if (readable === 0 && firstFailure) {
    // Issue messages quote the start of the bad line: redacted like everything convert prints.
    const reason = options.redact === false ? firstFailure.reason : redactText(firstFailure.reason, {});
    throw new StatsInputError(`no session in the inputs: ${firstFailure.file}: ${reason}`);
  }
  return stats.result();
}
