/**
 * Which of the discovered files a run converts: one file per session (duplicates and
 * legacy resume copies left out, see duplicate-sessions.ts), then, with `--partition`,
 * this part's share. Duplicates are resolved over every input first, so each machine of a
 * partitioned run makes the same choice; a part reports the duplicates whose used file it
 * converts.
 */
import type { InputFile } from '../read/input-file.js';
import { resolveDuplicateSessions, type DuplicateSession } from './duplicate-sessions.js';
import { selectPartition, type Partition } from './partition.js';

/**
 * `files`: what this run converts; `everyPart`: what the whole split converts (the same
 * without --partition), for settings every part must share (what --anonymize replaces).
 */
export async function selectInputs<F extends InputFile>(
  discovered: readonly F[],
  partition: Partition | undefined,
): Promise<{ files: F[]; everyPart: F[]; duplicates: DuplicateSession[] }> {
  const unique = await resolveDuplicateSessions(discovered);
  if (!partition) return { files: unique.files, everyPart: unique.files, duplicates: unique.duplicates };
  const files = await selectPartition(unique.files, partition, unique.links);
  const converted = new Set(files.map((file) => file.path));
  return { files, everyPart: unique.files, duplicates: unique.duplicates.filter((duplicate) => converted.has(duplicate.used)) };
}
