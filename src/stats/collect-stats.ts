/**
 * `stats` over its inputs: rollout-kit datasets (a directory holding a manifest) are read
 * back, anything else is rollouts, converted in memory. One run takes one kind.
 */
import path from 'node:path';
import type { DiscoverOptions } from '../read/discover.js';
import { StatsCollector, type DatasetStats, type SessionFacts, type StepFacts } from './dataset-stats.js';
import { readDatasetIssues, readDatasetManifest, readDatasetRecords, type DatasetManifest } from './dataset-records.js';
import { collectRolloutStats } from './stats-from-rollouts.js';
import { StatsUsageError } from './stats-errors.js';

export type StatsOptions = { discover?: DiscoverOptions | undefined; redact?: boolean | undefined };

const PLACEHOLDER = /\[REDACTED:([a-z0-9_]+)\]/g;

export async function collectStats(inputs: string[], options: StatsOptions = {}): Promise<DatasetStats> {
  const cwd = options.discover?.cwd ?? process.cwd();
  const manifests = await Promise.all(inputs.map((input) => readDatasetManifest(path.resolve(cwd, input))));
  const datasets = manifests.filter((manifest) => manifest !== null).length;
  if (datasets === 0) return collectRolloutStats(inputs, options);
  if (datasets < inputs.length) {
    const other = inputs[manifests.findIndex((manifest) => manifest === null)]!;
    throw new StatsUsageError(`${other} is not a rollout-kit dataset, and the other inputs are: give datasets or rollouts, not both`);
  }
  const formats = [...new Set(manifests.map((manifest) => manifest!.format))];
  const stats = new StatsCollector(formats.join('+'));
  // A dataset named twice is counted once, as rollouts named twice are.
  const seen = new Set<string>();
  for (const [index, input] of inputs.entries()) {
    const dir = path.resolve(cwd, input);
    if (seen.has(dir)) continue;
    seen.add(dir);
    await addDataset(stats, dir, manifests[index]!);
  }
  return stats.result();
}

async function addDataset(stats: StatsCollector, dir: string, manifest: DatasetManifest): Promise<void> {
  const redactions: Record<string, number> = {};
  for await (const { record, text } of readDatasetRecords(dir, manifest)) {
    for (const step of (record.trajectory as StepFacts[] | undefined) ?? []) stats.addStep(step);
    stats.addSession(record as unknown as SessionFacts);
    // A placeholder is all that is left of a secret: counting them counts the redactions.
    countPlaceholders(text, redactions);
  }
  // Issue messages are redacted too (they quote the lines they are about).
  for await (const issue of readDatasetIssues(dir, manifest)) {
    stats.addIssue(issue.code);
    countPlaceholders(issue.text, redactions);
  }
  stats.addRedactions(redactions);
  stats.files += manifest.files.filter((file) => file.kind === 'records').length;
}

function countPlaceholders(text: string, counts: Record<string, number>): void {
  if (!text.includes('[REDACTED:')) return;
  for (const match of text.matchAll(PLACEHOLDER)) counts[match[1]!] = (counts[match[1]!] ?? 0) + 1;
}
