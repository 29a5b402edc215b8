/**
 * One session, one record: the inputs of a run often hold a session more than once.
 * - The same session id in several files: a rollout kept in both `sessions/` and
 *   `archived_sessions/`, copied by hand, or kept plain and compressed. The file with the
 *   most lines is converted (a live file that kept growing after it was copied holds
 *   everything the copy holds); ties go to the first in path order.
 * - A legacy resume chain (resumed-copies.ts): the file a resume copied is left out for
 *   the file that repeats it and goes on.
 * The choice depends only on the files' names and contents, never on the order they were
 * given in or on `--jobs`, and every file left out is reported with the one used instead.
 */
import { comparePaths } from '../read/compare-paths.js';
import { STDIN_PATH, type InputFile } from '../read/input-file.js';
import { readLines } from '../read/lines.js';
import { findResumedCopies, readItemPrints } from './resumed-copies.js';
import { mapFewAtATime } from '../read/few-at-a-time.js';
import { readAllSessionLinks, type KnownLinks, type SessionLinks } from './session-groups.js';

import type { DuplicateSession } from '../schema/manifest-schema.js';

export type { DuplicateSession };

export type DuplicateResolution<F extends InputFile> = {
  /** The files to convert, in their given order. */
  files: F[];
  /** Header links of `files` (same order), for grouping them further. */
  links: SessionLinks[];
  /** The headers were read: not when there are fewer than two files (no duplicate to find); `links` are then empty. */
  headersRead: boolean;
  duplicates: DuplicateSession[];
};

const NO_LINKS: SessionLinks = { id: null, parents: [] };

/** `known`: header links an earlier run read (an --incremental run's), for files unchanged since. */
export async function resolveDuplicateSessions<F extends InputFile>(files: readonly F[], known?: KnownLinks): Promise<DuplicateResolution<F>> {
  const readable = (file: F) => file.path !== STDIN_PATH;
  const headersRead = files.length >= 2;
  const links = !headersRead ? files.map(() => NO_LINKS) : await readAllSessionLinks(files.filter(readable), known).then((read) => spread(files, readable, read));
  const pathOrder = files.map((_, index) => index).sort((a, b) => comparePaths(files[a]!.path, files[b]!.path));
  const skipped = new Set<number>();
  const duplicates: DuplicateSession[] = [];

  const byId = new Map<string, number[]>();
  for (const index of pathOrder) {
    const id = links[index]!.id;
    if (id === null || !readable(files[index]!)) continue;
    const same = byId.get(id);
    if (same) same.push(index);
    else byId.set(id, [index]);
  }
  for (const [id, indices] of byId) {
    if (indices.length < 2) continue;
    const lineCounts = await mapFewAtATime(indices, (index) => countLines(files[index]!));
    // Most lines first; `indices` is in path order and the sort is stable.
    const ranked = indices.map((index, at) => ({ index, lines: lineCounts[at]! })).sort((a, b) => b.lines - a.lines);
    const [used, ...rest] = ranked.map(({ index }) => index);
    for (const index of rest) skipped.add(index);
    duplicates.push({ session_id: id, used: files[used!]!.path, skipped: sortPaths(rest.map((index) => files[index]!.path)), reason: 'same_session' });
  }

  const legacy = pathOrder.filter((index) => links[index]!.legacy === true && !skipped.has(index));
  if (legacy.length > 1) {
    const prints = await mapFewAtATime(legacy, (index) => readItemPrints(files[index]!));
    const coveredBy = findResumedCopies(prints, legacy.map((_, at) => at));
    const chains = new Map<number, number[]>();
    coveredBy.forEach((cover, at) => {
      if (cover < 0) return;
      const chain = chains.get(legacy[cover]!);
      if (chain) chain.push(legacy[at]!);
      else chains.set(legacy[cover]!, [legacy[at]!]);
    });
    for (const [used, copies] of chains) {
      for (const index of copies) skipped.add(index);
      const file = files[used]!;
      duplicates.push({ session_id: links[used]!.id!, used: file.path, skipped: sortPaths(copies.map((index) => files[index]!.path)), reason: 'resumed_copy' });
    }
  }

  duplicates.sort((a, b) => comparePaths(a.used, b.used));
  const kept = files.map((_, index) => index).filter((index) => !skipped.has(index));
  return { files: kept.map((index) => files[index]!), links: kept.map((index) => links[index]!), headersRead, duplicates };
}

/** Lines in the file (blank ones aside); an unreadable file counts what was read. */
async function countLines(file: InputFile): Promise<number> {
  let count = 0;
  try {
    for await (const line of readLines(file)) if (line.text !== '' || line.oversized) count++;
  } catch {
    // The conversion reports why the file cannot be read.
  }
  return count;
}

function sortPaths(paths: string[]): string[] {
  return paths.sort(comparePaths);
}

/** The links read for the readable files, put back in place among all files. */
function spread<F>(files: readonly F[], readable: (file: F) => boolean, read: readonly SessionLinks[]): SessionLinks[] {
  let next = 0;
  return files.map((file) => (readable(file) ? read[next++]! : NO_LINKS));
}
