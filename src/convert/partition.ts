/**
 * `--partition i/n`: the share of the inputs one machine of n converts. A file goes to
 * the partition a stable hash of its session group picks (see session-groups.ts), so
 * the parts never overlap, their union is every input, related sessions land together,
 * and the split depends neither on the order files were found in nor on the machine.
 */
import { createHash } from 'node:crypto';
import type { InputFile } from '../read/input-file.js';
import { readGroupKeys, type SessionLinks } from './session-groups.js';

/**
 * Names the way files are assigned to parts (the group keys and the hash below): parts
 * record it, and `merge` refuses parts of different splits. Change it with either.
 */
export const PARTITION_SPLIT = 'session-group-sha256-v1';

/** Partition `index` (1-based) of `count`. */
export type Partition = { index: number; count: number };

/** The 1-based partition a group key belongs to among `count`. */
export function partitionOf(groupKey: string, count: number): number {
  const digest = createHash('sha256').update(groupKey).digest();
  // 48 bits keep the modulo's bias far below anything measurable for any real count.
  return (digest.readUIntBE(0, 6) % count) + 1;
}

/** The files of one partition, in their original order (`links`: their headers' links, when already read). */
export async function selectPartition<F extends InputFile>(files: readonly F[], partition: Partition, links?: readonly SessionLinks[]): Promise<F[]> {
  if (partition.count === 1) return [...files];
  const keys = await readGroupKeys(files, links);
  return files.filter((_, index) => partitionOf(keys[index]!, partition.count) === partition.index);
}
