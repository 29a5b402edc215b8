/**
 * Reads `--partition i/n` and `--partition auto`. `auto` is for a Kubernetes Indexed Job:
 * the pod's 0-based `JOB_COMPLETION_INDEX` plus one is the partition, and the count
 * comes from `--partitions N` or `ROLLOUT_KIT_PARTITIONS` (the Job's `completions`).
 * Every bad value is a usage error naming the flag or variable and what it takes.
 */
import type { Partition } from '../convert/partition.js';
import { UsageError } from './usage-error.js';

const SPEC_EXPECTED = 'i/n with 1 <= i <= n (e.g. 2/7), or auto';

function wholeNumber(text: string): number | null {
  const n = /^\d+$/.test(text.trim()) ? Number(text) : Number.NaN;
  return Number.isSafeInteger(n) ? n : null;
}

export function readPartitionFlag(
  spec: string | undefined,
  partitions: string | undefined,
  env: Readonly<Record<string, string | undefined>>,
): Partition | undefined {
  if (spec === undefined) {
    if (partitions !== undefined) throw new UsageError('--partitions goes with --partition auto');
    return undefined;
  }
  if (spec.trim() !== 'auto') {
    if (partitions !== undefined) throw new UsageError('--partitions goes with --partition auto; --partition i/n already says the count');
    const match = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(spec);
    const index = match ? wholeNumber(match[1]!) : null;
    const count = match ? wholeNumber(match[2]!) : null;
    if (index === null || count === null || count < 1 || index < 1 || index > count) throw new UsageError(`--partition: expected ${SPEC_EXPECTED}, got "${spec}"`);
    return { index, count };
  }
  const countText = partitions ?? env.ROLLOUT_KIT_PARTITIONS;
  const countSource = partitions !== undefined ? '--partitions' : 'ROLLOUT_KIT_PARTITIONS';
  if (countText === undefined) throw new UsageError('--partition auto needs the number of partitions: give --partitions N or set ROLLOUT_KIT_PARTITIONS');
  const count = wholeNumber(countText);
  if (count === null || count < 1) throw new UsageError(`${countSource}: expected a whole number of at least 1, got "${countText}"`);
  const indexText = env.JOB_COMPLETION_INDEX;
  if (indexText === undefined) throw new UsageError('--partition auto reads JOB_COMPLETION_INDEX (set by a Kubernetes Indexed Job), and it is not set');
  const zeroBased = wholeNumber(indexText);
  if (zeroBased === null || zeroBased >= count) throw new UsageError(`JOB_COMPLETION_INDEX: expected 0 to ${count - 1} (${count} partitions), got "${indexText}"`);
  return { index: zeroBased + 1, count };
}
