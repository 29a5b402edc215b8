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
import type { KnownLinks, SessionLinks } from './session-groups.js';

export type SelectedInputs<F extends InputFile> = {
  /** What this run converts. */
  files: F[];
  /** What the whole split converts (the same without --partition), for settings every part must share (what --anonymize replaces). */
  everyPart: F[];
  /** The header links of `everyPart` (same order), or null when its headers were not read (fewer than two files). */
  everyPartLinks: SessionLinks[] | null;
  duplicates: DuplicateSession[];
};

/** `known`: header links an earlier run read (an --incremental run's), for files unchanged since. */
export async function selectInputs<F extends InputFile>(discovered: readonly F[], partition: Partition | undefined, known?: KnownLinks): Promise<SelectedInputs<F>> {
  const unique = await resolveDuplicateSessions(discovered, known);
  const everyPartLinks = unique.headersRead ? unique.links : null;
  if (!partition) return { files: unique.files, everyPart: unique.files, everyPartLinks, duplicates: unique.duplicates };
  const files = await selectPartition(unique.files, partition, unique.links);
  const converted = new Set(files.map((file) => file.path));
  return { files, everyPart: unique.files, everyPartLinks, duplicates: unique.duplicates.filter((duplicate) => converted.has(duplicate.used)) };
}
