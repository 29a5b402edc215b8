/**
 * The `partition` block a part of a partitioned run writes into its manifest: where each
 * of its records and issues stands among the whole split's inputs, and the figures of
 * its dataset card, so that `merge` can rebuild exactly what one run over every input
 * would have written (merge-parts.ts).
 */
import { createHash } from 'node:crypto';
import { describeCardStats, type CardStats } from '../formats/dataset-card/card-stats.js';
import type { InputFile } from '../read/input-file.js';
import type { ManifestPartition } from '../schema/manifest-schema.js';
import { PARTITION_SPLIT, type Partition } from './partition.js';
import type { RunLedger } from './run-ledger.js';

/** SHA-256 of the paths, one per line: parts made from different inputs do not merge. */
function hashInputPaths(paths: readonly string[]): string {
  const hash = createHash('sha256');
  for (const path of paths) hash.update(`${path}\n`);
  return hash.digest('hex');
}

type PartitionManifestInput = {
  partition: Partition;
  /** Every input the split covers (all parts), in discovery order. */
  allFiles: readonly InputFile[];
  /** This part's inputs (files of allFiles, by path, in the same order): the ledger's indexes point here. */
  files: readonly InputFile[];
  ledger: RunLedger;
  options: { shardBytes?: number | undefined; shardRows?: number | undefined; keepRolledBack?: boolean | undefined };
  cardStats: CardStats | null;
};

export function describePartitionForManifest(input: PartitionManifestInput): ManifestPartition {
  const position = new Map(input.allFiles.map((file, index) => [file.path, index]));
  const inputPosition = (index: number): number => position.get(input.files[index]!.path)!;
  const issues = [...input.ledger.issuesByInput].sort(([a], [b]) => a - b).map(([index, n]) => [inputPosition(index), n] as [number, number]);
  return {
    index: input.partition.index,
    count: input.partition.count,
    split: PARTITION_SPLIT,
    inputs: { count: input.allFiles.length, paths_sha256: hashInputPaths(input.allFiles.map((file) => file.path)) },
    options: {
      shard_bytes: input.options.shardBytes ?? null,
      shard_rows: input.options.shardRows ?? null,
      keep_rolled_back: input.options.keepRolledBack === true,
    },
    discovery_issues: input.ledger.discoveryIssues,
    records: input.ledger.recordInputs.map(inputPosition),
    issues,
    card: input.cardStats ? describeCardStats(input.cardStats) : null,
  };
}
